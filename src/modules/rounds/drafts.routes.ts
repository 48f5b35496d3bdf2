import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.js';
import { errorResponses, idParam, pageOfList } from '../../shared/api.js';
import {
  commentSchema,
  draftCreateSchema,
  draftListQuery,
  draftPageSchema,
  draftPatchSchema,
  draftSchema,
  objectionCreateSchema,
  objectionDecisionSchema,
  objectionListQuery,
  objectionPageSchema,
  objectionSchema,
} from './rounds.schemas.js';

const tags = ['Berichtsrunden'];

export const draftsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.drafts;
  const objections = app.services.objections;

  app.get('/rounds/:id/drafts', {
    config: { access: 'round' },
    schema: {
      tags,
      operationId: 'listRoundDrafts',
      summary: 'Sachstandsentwürfe der Runde (Bearbeitende sehen nur die eigenen)',
      params: idParam,
      querystring: draftListQuery,
      response: { 200: draftPageSchema, ...errorResponses(404) },
    },
    handler: async (req) => pageOfList(service.list(req.params.id, actorOf(req), req.query), req.query, req.url),
  });

  app.post('/rounds/:id/drafts', {
    config: { access: 'round' },
    schema: {
      tags,
      operationId: 'createRoundDraft',
      summary: 'Sachstand (oder Zwischenbericht) entwerfen',
      description:
        'Nur eine der Forderung in dieser Runde zugewiesene Stelle, in deren Namen die Bearbeitenden handeln (Vorsitz und Geschäftsstelle für jede zugewiesene). Entwürfe sind nie öffentlich.',
      params: idParam,
      body: draftCreateSchema,
      response: { 201: draftSchema, ...errorResponses(404, 409, 415, 422) },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const created = req.audited({ action: 'drafts.create', entity: 'draft', entityId: (r) => r.id }, () =>
        service.create(req.params.id, req.body, actor),
      );
      return reply.code(201).header('location', `/api/v1/drafts/${created.id}`).send(created);
    },
  });

  app.get('/drafts/:id', {
    config: { access: 'round', etag: true },
    schema: {
      tags,
      operationId: 'getRoundDraft',
      summary: 'Entwurf mit Verlauf, Rückgabekommentaren und Notizen',
      params: idParam,
      response: { 200: draftSchema, ...errorResponses(404) },
    },
    handler: async (req) => service.get(req.params.id, actorOf(req)),
  });

  app.patch('/drafts/:id', {
    config: { access: 'round', etag: true },
    schema: {
      tags,
      operationId: 'updateRoundDraft',
      summary: 'Entwurf ändern (Bearbeitende: solange Entwurf oder zurückgegeben; Geschäftsstelle und Vorsitz: mit Notiz)',
      params: idParam,
      body: draftPatchSchema,
      response: { 200: draftSchema, ...errorResponses(404, 409, 412, 415, 422, 428) },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      return req.audited(
        { action: 'drafts.update', entity: 'draft', entityId: req.params.id, before: () => service.get(req.params.id, actor) },
        () => service.update(req.params.id, req.body, actor),
      );
    },
  });

  const transition = (path: string, operationId: string, summary: string, to: 'submitted' | 'returned' | 'accepted') => {
    const withComment = to === 'returned';
    app.post(path, {
      config: { access: to === 'submitted' ? 'round' : 'curate' },
      schema: {
        tags,
        operationId,
        summary,
        params: idParam,
        ...(withComment ? { body: commentSchema } : {}),
        response: { 200: draftSchema, ...errorResponses(404, 409, 415, 422) },
      },
      handler: async (req) => {
        const actor = actorOf(req);
        const comment = withComment ? (req.body as { comment: string }).comment : null;
        return req.audited(
          {
            action: `drafts.${to === 'submitted' ? 'submit' : to === 'returned' ? 'return' : 'accept'}`,
            entity: 'draft',
            entityId: req.params.id,
            before: () => service.get(req.params.id, actor),
          },
          () => service.transition(req.params.id, to, actor, comment),
        );
      },
    });
  };
  transition('/drafts/:id/submission', 'submitRoundDraft', 'Entwurf einreichen', 'submitted');
  transition(
    '/drafts/:id/return',
    'returnRoundDraft',
    'Entwurf mit Kommentar zurückgeben (die Stelle sieht ihn und reicht erneut ein)',
    'returned',
  );
  transition('/drafts/:id/acceptance', 'acceptRoundDraft', 'Entwurf annehmen (zur Freigabe)', 'accepted');

  app.get('/rounds/:id/objections', {
    config: { access: 'round' },
    schema: {
      tags,
      operationId: 'listRoundObjections',
      summary: 'Beanstandungen freigegebener Sachstände (offene: die Liste für die Vorkonferenz)',
      params: idParam,
      querystring: objectionListQuery,
      response: { 200: objectionPageSchema, ...errorResponses(404) },
    },
    handler: async (req) => pageOfList(objections.list(req.params.id, actorOf(req), req.query), req.query, req.url),
  });

  app.post('/rounds/:id/objections', {
    config: { access: 'round' },
    schema: {
      tags,
      operationId: 'createObjection',
      summary: 'Freigegebenen Sachstand beanstanden (ein Land, mit Begründung, innerhalb der Frist)',
      params: idParam,
      body: objectionCreateSchema,
      response: { 201: objectionSchema, ...errorResponses(404, 409, 415, 422) },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const created = req.audited({ action: 'objections.create', entity: 'objection', entityId: (r) => r.id }, () =>
        objections.create(req.params.id, req.body, actor),
      );
      return reply.code(201).header('location', `/api/v1/objections/${created.id}`).send(created);
    },
  });

  app.get('/objections/:id', {
    config: { access: 'round', etag: true },
    schema: {
      tags,
      operationId: 'getObjection',
      summary: 'Beanstandung lesen',
      params: idParam,
      response: { 200: objectionSchema, ...errorResponses(404) },
    },
    handler: async (req) => objections.get(req.params.id, actorOf(req)),
  });

  app.post('/objections/:id/decision', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'decideObjection',
      summary: 'Über eine Beanstandung entscheiden: stattgeben (neuer Sachstand) oder zurückweisen, jeweils mit Begründung',
      params: idParam,
      body: objectionDecisionSchema,
      response: { 200: objectionSchema, ...errorResponses(404, 409, 415, 422) },
    },
    handler: async (req) =>
      req.audited(
        { action: 'objections.decide', entity: 'objection', entityId: req.params.id, before: () => objections.get(req.params.id, null) },
        () => objections.decide(req.params.id, req.body),
      ),
  });
};
