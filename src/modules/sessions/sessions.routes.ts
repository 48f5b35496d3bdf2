// Sign-in for people (issue #15): sessions in cookies, invitations, password change. Every
// change is audited; the secrets (password, session, CSRF and invitation tokens) never are.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, CSRF_COOKIE, SESSION_COOKIE } from '../../plugins/auth.js';
import { errorResponses, idParam, problemSchema } from '../../shared/api.js';
import { DomainError, unprocessable } from '../../shared/errors.js';
import {
  accountInvitationSchema,
  invitationAcceptSchema,
  invitationInfoSchema,
  invitationTokenSchema,
  invitedAccountSchema,
  issuedInvitationSchema,
  passwordChangeSchema,
  revokedSessionsSchema,
  sessionSchema,
  signInSchema,
} from './sessions.schemas.js';
import { checkPassword, hashPassword, type NewSession, SESSION_MAX_MS, verifyPasswordHash } from './sessions.service.js';

const tags = ['Anmeldung'];

export interface SessionsRoutesOptions {
  /** Failed sign-in attempts per client address and minute before 429. */
  attemptsPerMinute: number;
}

function cookie(req: FastifyRequest, name: string, value: string, options: { httpOnly: boolean; maxAgeSeconds: number }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Strict', `Max-Age=${options.maxAgeSeconds}`];
  if (options.httpOnly) parts.push('HttpOnly');
  if (req.protocol === 'https') parts.push('Secure');
  return parts.join('; ');
}

function setSessionCookies(req: FastifyRequest, reply: FastifyReply, s: NewSession): void {
  const maxAge = Math.floor(SESSION_MAX_MS / 1000);
  reply.header('set-cookie', [
    cookie(req, SESSION_COOKIE, s.cookie, { httpOnly: true, maxAgeSeconds: maxAge }),
    cookie(req, CSRF_COOKIE, s.csrfToken, { httpOnly: false, maxAgeSeconds: maxAge }),
  ]);
  reply.header('cache-control', 'no-store');
}

function clearSessionCookies(req: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', [
    cookie(req, SESSION_COOKIE, '', { httpOnly: true, maxAgeSeconds: 0 }),
    cookie(req, CSRF_COOKIE, '', { httpOnly: false, maxAgeSeconds: 0 }),
  ]);
}

export const sessionsRoutes: FastifyPluginAsyncZod<SessionsRoutesOptions> = async (app, options) => {
  const { sessions, auth, audit } = app.services;

  // Failed sign-in attempts (wrong password, unknown or used invitation) per client address, in
  // fixed one-minute windows with bounded memory. Only failures count: colleagues behind one proxy
  // who sign in correctly never lock each other out, while guessing stops before it reaches argon2.
  const failures = new Map<string, { window: number; count: number }>();
  const windowOf = () => Math.floor(Date.now() / 60_000);
  function refuseIfBlocked(ip: string, reply: FastifyReply): void {
    const f = failures.get(ip);
    if (f === undefined || f.window !== windowOf() || f.count < options.attemptsPerMinute) return;
    reply.header('retry-after', String(Math.max(1, Math.ceil(((f.window + 1) * 60_000 - Date.now()) / 1000))));
    throw new DomainError(
      429,
      'sessions.too_many_attempts',
      'Zu viele fehlgeschlagene Anmeldeversuche von dieser Adresse. Bitte in einer Minute erneut versuchen.',
    );
  }
  function noteFailure(ip: string): void {
    const w = windowOf();
    const f = failures.get(ip);
    if (f && f.window === w) {
      f.count++;
      return;
    }
    failures.delete(ip);
    failures.set(ip, { window: w, count: 1 });
    for (const key of failures.keys()) {
      if (failures.size <= 10_000) break;
      failures.delete(key);
    }
  }
  /** Runs a token lookup; an unknown, used or expired token counts as a failed attempt. */
  function lookUp<T>(ip: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      noteFailure(ip);
      throw e;
    }
  }

  const sessionOut = (userId: number, s: NewSession) => {
    const user = auth.get(userId);
    return { userId, name: user.name, role: user.role, csrfToken: s.csrfToken, expires: s.expires };
  };

  app.post('/session', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'createSession',
      summary: 'Anmelden mit E-Mail und Passwort (Web-Anwendung)',
      description:
        'Setzt das Sitzungs-Cookie `ek_session` (httpOnly, SameSite=Strict, Secure unter HTTPS) und `ek_csrf`. Nach 5 falschen Passwörtern in Folge ist das Konto 15 Minuten gesperrt. Integrationen nutzen weiter Bearer-Token.',
      body: signInSchema,
      response: { 201: sessionSchema, 429: problemSchema, ...errorResponses(422) },
    },
    handler: async (req, reply) => {
      refuseIfBlocked(req.ip, reply);
      const result = await sessions.verifyLogin(req.body.email, req.body.password);
      if ('failure' in result) {
        noteFailure(req.ip);
        if (result.lockedNow && result.userId !== undefined) {
          const userId = result.userId;
          audit.write(
            { actor: null, requestId: String(req.id), system: 'sign-in' },
            { action: 'sessions.lockout', entity: 'user', entityId: userId, after: () => ({ userId, lockedUntil: result.lockedUntil }) },
            () => null,
          );
        }
        if (result.failure === 'locked') {
          const seconds = Math.max(1, Math.ceil((Date.parse(result.lockedUntil ?? '') - Date.now()) / 1000));
          reply.header('retry-after', String(seconds));
          throw new DomainError(
            429,
            'sessions.locked',
            `Nach zu vielen falschen Passwörtern ist die Anmeldung für dieses Konto vorübergehend gesperrt. Bitte in ${Math.ceil(seconds / 60)} Minuten erneut versuchen.`,
          );
        }
        throw new DomainError(401, 'sessions.invalid_credentials', 'E-Mail-Adresse oder Passwort stimmen nicht.');
      }
      const created = audit.write(
        { actor: null, requestId: String(req.id), system: 'sign-in' },
        {
          action: 'sessions.create',
          entity: 'session',
          entityId: (s) => s.sessionId,
          after: (s) => ({ userId: result.userId, sessionId: s.sessionId, expires: s.expires }),
        },
        () => sessions.create(result.userId),
      );
      setSessionCookies(req, reply, created);
      return reply.code(201).send(sessionOut(result.userId, created));
    },
  });

  app.delete('/session', {
    config: { access: 'internal' },
    schema: {
      tags,
      operationId: 'deleteSession',
      summary: 'Abmelden: beendet die Sitzung dieser Anfrage',
      description:
        'Mit einem Token statt einer Sitzung gibt es nichts zu beenden (204); Token widerruft `POST /me/tokens/{tokenId}/revocation`.',
      response: { 204: z.null().describe('Abgemeldet'), ...errorResponses() },
    },
    handler: async (req, reply) => {
      const a = actorOf(req);
      if (!a.sessionId) return reply.code(204).send(null);
      const sessionId = a.sessionId;
      audit.write(
        { actor: a, requestId: String(req.id) },
        { action: 'sessions.revoke', entity: 'session', entityId: sessionId, after: (r) => r },
        () => sessions.revoke(sessionId),
      );
      clearSessionCookies(req, reply);
      return reply.code(204).send(null);
    },
  });

  app.post('/me/sessions/revocation', {
    config: { access: 'internal' },
    schema: {
      tags,
      operationId: 'revokeOwnSessions',
      summary: 'Überall abmelden: beendet alle Sitzungen des eigenen Kontos',
      response: { 200: revokedSessionsSchema, ...errorResponses(422) },
    },
    handler: async (req, reply) => {
      const a = actorOf(req);
      const r = audit.write(
        { actor: a, requestId: String(req.id) },
        { action: 'sessions.revoke_all', entity: 'user', entityId: a.userId, after: (x) => x },
        () => sessions.revokeAll(a.userId),
      );
      if (a.sessionId) clearSessionCookies(req, reply);
      return { revoked: r.revoked };
    },
  });

  app.put('/me/password', {
    config: { access: 'internal' },
    schema: {
      tags,
      operationId: 'changeOwnPassword',
      summary: 'Eigenes Passwort ändern; andere Sitzungen des Kontos enden',
      body: passwordChangeSchema,
      response: { 204: z.null().describe('Geändert'), ...errorResponses(422) },
    },
    handler: async (req, reply) => {
      const a = actorOf(req);
      const current = sessions.passwordHashOf(a.userId);
      const ok = current ? await verifyPasswordHash(current, req.body.currentPassword).catch(() => false) : false;
      if (!ok) {
        throw unprocessable('sessions.wrong_password', 'Das bisherige Passwort stimmt nicht.', [
          { field: 'body.currentPassword', message: 'stimmt nicht' },
        ]);
      }
      checkPassword(req.body.newPassword, 'body.newPassword', sessions.emailOf(a.userId));
      const hash = await hashPassword(req.body.newPassword);
      audit.write(
        { actor: a, requestId: String(req.id) },
        { action: 'sessions.password_change', entity: 'user', entityId: a.userId, after: () => ({ userId: a.userId }) },
        () => {
          sessions.setPassword(a.userId, hash);
          return sessions.revokeAll(a.userId, a.sessionId ?? undefined);
        },
      );
      return reply.code(204).send(null);
    },
  });

  app.post('/users/:id/invitations', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'createInvitation',
      summary: 'Einladung: ein einmaliger Link, mit dem die Person ihr Passwort setzt (7 Tage gültig)',
      description: 'Frühere, noch offene Einladungen des Kontos werden damit ungültig. Der Link wird nur in dieser Antwort gezeigt.',
      params: idParam,
      response: { 201: issuedInvitationSchema, ...errorResponses(404, 409, 422) },
    },
    handler: async (req, reply) => {
      const a = actorOf(req);
      const inv = audit.write(
        { actor: a, requestId: String(req.id) },
        // The token never enters the audit trail.
        {
          action: 'invitations.create',
          entity: 'invitation',
          entityId: (r) => r.id,
          after: (r) => ({ id: r.id, userId: r.userId, expires: r.expires }),
        },
        () => sessions.invite(req.params.id, a.userId),
      );
      return reply.code(201).send({ ...inv, path: `/einladung#${inv.token}` });
    },
  });

  // A person who works in the browser needs an account and a link, not an API token: both in one
  // transaction, so no account is left behind without its invitation.
  app.post('/invitations', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'inviteAccount',
      summary: 'Neues Konto ohne Token anlegen und die Person einladen (einmaliger Link, 7 Tage gültig)',
      description: 'Der Link wird nur in dieser Antwort gezeigt. Token für Fachverfahren stellt `createToken` aus.',
      body: accountInvitationSchema,
      response: { 201: invitedAccountSchema, ...errorResponses(415, 422) },
    },
    handler: async (req, reply) => {
      const a = actorOf(req);
      const origin = { actor: a, requestId: String(req.id) };
      const { user, inv } = audit.write(
        origin,
        { action: 'users.create', entity: 'user', entityId: (r) => r.user.id, after: (r) => r.user },
        () => {
          const user = auth.createAccount(req.body);
          const inv = audit.write(
            origin,
            {
              action: 'invitations.create',
              entity: 'invitation',
              entityId: (r) => r.id,
              after: (r) => ({ id: r.id, userId: r.userId, expires: r.expires }),
            },
            () => sessions.invite(user.id, a.userId),
          );
          return { user, inv };
        },
      );
      return reply
        .code(201)
        .header('location', `/api/v1/users/${user.id}`)
        .send({ user, invitation: { ...inv, path: `/einladung#${inv.token}` } });
    },
  });

  app.post('/invitations/inspection', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'inspectInvitation',
      summary: 'Für wen eine Einladung gilt (Name, E-Mail, Ablauf)',
      body: invitationTokenSchema,
      response: { 200: invitationInfoSchema, 429: problemSchema, ...errorResponses(404, 422) },
    },
    handler: async (req, reply) => {
      refuseIfBlocked(req.ip, reply);
      return lookUp(req.ip, () => sessions.inspectInvitation(req.body.token));
    },
  });

  app.post('/invitations/acceptance', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'acceptInvitation',
      summary: 'Passwort aus der Einladung setzen und anmelden',
      body: invitationAcceptSchema,
      response: { 201: sessionSchema, 429: problemSchema, ...errorResponses(404, 422) },
    },
    handler: async (req, reply) => {
      refuseIfBlocked(req.ip, reply);
      const info = lookUp(req.ip, () => sessions.inspectInvitation(req.body.token));
      checkPassword(req.body.password, 'body.password', info.email);
      const hash = await hashPassword(req.body.password);
      const origin = { actor: null, requestId: String(req.id), system: 'invitation' };
      const accepted = audit.write(
        origin,
        { action: 'invitations.accept', entity: 'invitation', entityId: (r) => r.invitationId, after: (r) => r },
        () => sessions.acceptInvitation(req.body.token, hash),
      );
      const created = audit.write(
        origin,
        {
          action: 'sessions.create',
          entity: 'session',
          entityId: (s) => s.sessionId,
          after: (s) => ({ userId: accepted.userId, sessionId: s.sessionId, expires: s.expires }),
        },
        () => sessions.create(accepted.userId),
      );
      setSessionCookies(req, reply, created);
      return reply.code(201).send(sessionOut(accepted.userId, created));
    },
  });
};
