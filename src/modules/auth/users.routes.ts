import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.js';
import { errorResponses, idParam, pageOf, pageOfList, pageOnlyQuery } from '../../shared/api.js';
import { ROLE_LABELS } from './access.js';
import {
  issuedTokenSchema,
  meSchema,
  ownTokenParams,
  tokenCreateSchema,
  tokenParams,
  tokenSchema,
  userCreateSchema,
  userPatchSchema,
  userSchema,
} from './users.schemas.js';

const tags = ['Konten'];

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { auth } = app.services;

  /** Revokes a token of the given account (404 if it has no such token), audited. */
  function revokeOf(req: FastifyRequest, userId: number, tokenId: number) {
    if (!auth.get(userId).tokens.some((t) => t.id === tokenId)) throw auth.tokenNotFound(tokenId);
    const { userId: _u, ...revoked } = req.audited({ action: 'tokens.revoke', entity: 'token', entityId: tokenId }, () =>
      auth.revokeToken(tokenId),
    );
    return revoked;
  }

  app.get('/me', {
    config: { access: 'internal' },
    schema: {
      tags,
      operationId: 'getMe',
      summary: 'Wer bin ich? Konto und Rolle des Tokens',
      response: { 200: meSchema, ...errorResponses() },
    },
    handler: async (req) => {
      const a = actorOf(req);
      return {
        id: a.userId,
        name: a.name,
        role: a.role,
        roleLabel: ROLE_LABELS[a.role],
        lands: a.lands,
        bodies: a.bodies,
        tokenId: a.tokenId,
        sessionId: a.sessionId ?? null,
        hasPassword: app.services.sessions.hasPassword(a.userId),
        tokens: auth.get(a.userId).tokens,
      };
    },
  });

  app.post('/me/tokens/:tokenId/revocation', {
    config: { access: 'internal' },
    schema: {
      tags,
      operationId: 'revokeOwnToken',
      summary: 'Eigenes Token widerrufen (z. B. wenn es in falsche Hände geraten ist)',
      description:
        'Jedes Konto kann seine eigenen Token widerrufen, auch das Token dieser Anfrage; danach wird es mit 401 abgewiesen. ' +
        'Token anderer Konten widerruft die Geschäftsstelle (`revokeToken`).',
      params: ownTokenParams,
      response: { 200: tokenSchema, ...errorResponses(404, 409) },
    },
    // Another account's token is as unknown to this caller as a missing one.
    handler: async (req) => revokeOf(req, actorOf(req).userId, req.params.tokenId),
  });

  app.get('/users', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'listUsers',
      summary: 'Konten auflisten',
      querystring: pageOnlyQuery,
      response: { 200: pageOf(userSchema, 'UserPage'), ...errorResponses() },
    },
    handler: async (req) => pageOfList(auth.list(), req.query, req.url),
  });

  app.post('/users', {
    // The answer holds a secret, not the user's representation: no ETag.
    config: { access: 'admin', etag: false },
    schema: {
      tags,
      operationId: 'createUser',
      summary: 'Konto mit erstem Token anlegen',
      description: 'Das Token steht nur in dieser Antwort; gespeichert wird allein ein gesalzener Hash.',
      body: userCreateSchema,
      response: { 201: issuedTokenSchema, ...errorResponses(415, 422) },
    },
    handler: async (req, reply) => {
      const { tokenLabel, tokenDays, ...input } = req.body;
      const created = req.audited({ action: 'users.create', entity: 'user', entityId: (r) => r.user.id, after: (r) => r.user }, () =>
        auth.create(input, { label: tokenLabel, days: tokenDays }),
      );
      const tokenInfo = created.user.tokens[0];
      return reply
        .code(201)
        .header('location', `/api/v1/users/${created.user.id}`)
        .send({ token: created.token, tokenInfo: tokenInfo as NonNullable<typeof tokenInfo>, user: created.user });
    },
  });

  app.get('/users/:id', {
    config: { access: 'admin', etag: true },
    schema: {
      tags,
      operationId: 'getUser',
      summary: 'Konto lesen',
      params: idParam,
      response: { 200: userSchema, ...errorResponses(404) },
    },
    handler: async (req) => auth.get(req.params.id),
  });

  app.patch('/users/:id', {
    config: { access: 'admin', etag: true },
    schema: {
      tags,
      operationId: 'updateUser',
      summary: 'Konto ändern (Name, Rolle, Länder, Arbeitsgruppen, aktiv)',
      params: idParam,
      body: userPatchSchema,
      response: { 200: userSchema, ...errorResponses(404, 412, 415, 422, 428) },
    },
    handler: async (req) =>
      req.audited(
        {
          action: 'users.update',
          entity: 'user',
          entityId: req.params.id,
          before: () => auth.get(req.params.id),
        },
        () => auth.update(req.params.id, req.body),
      ),
  });

  app.post('/users/:id/tokens', {
    // The answer holds a secret, not the user's representation: no ETag.
    config: { access: 'admin', etag: false },
    schema: {
      tags,
      operationId: 'createToken',
      summary: 'Weiteres Token für ein Konto ausstellen',
      params: idParam,
      body: tokenCreateSchema,
      response: { 201: issuedTokenSchema, ...errorResponses(404, 409, 415, 422) },
    },
    handler: async (req, reply) => {
      const issued = req.audited(
        {
          action: 'tokens.create',
          entity: 'token',
          entityId: (r) => r.tokenDto.id,
          after: (r) => ({ userId: req.params.id, ...r.tokenDto }),
        },
        () => auth.issueToken(req.params.id, { label: req.body.label, days: req.body.days }),
      );
      return reply
        .code(201)
        .header('location', `/api/v1/users/${req.params.id}`)
        .send({ token: issued.token, tokenInfo: issued.tokenDto, user: auth.get(req.params.id) });
    },
  });

  app.post('/users/:id/tokens/:tokenId/revocation', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'revokeToken',
      summary: 'Token widerrufen',
      params: tokenParams,
      response: { 200: tokenSchema, ...errorResponses(404, 409) },
    },
    handler: async (req) => revokeOf(req, req.params.id, req.params.tokenId),
  });
};
