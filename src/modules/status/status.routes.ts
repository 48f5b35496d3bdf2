import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.js';
import { errorResponses, idParam, nextLink, pageOf, pageOfList, pageOnlyQuery, problemSchema } from '../../shared/api.js';
import {
  retractionCreateSchema,
  statusUpdateCreateSchema,
  statusUpdateListQuery,
  statusUpdatePageSchema,
  statusUpdateSchema,
} from './status.schemas.js';

const tags = ['Sachstände'];

export const statusRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.status;

  app.get('/demands/:id/status-updates', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listDemandStatusUpdates',
      summary: 'Sachstände einer Forderung (neueste zuerst, zurückgezogene eingeschlossen)',
      params: idParam,
      querystring: pageOnlyQuery,
      response: { 200: pageOf(statusUpdateSchema, 'DemandStatusUpdatePage'), ...errorResponses(404) },
    },
    handler: async (req) => pageOfList(service.listForDemand(req.params.id, req.view), req.query, req.url),
  });

  app.post('/demands/:id/status-updates', {
    config: { access: 'status' },
    schema: {
      tags,
      operationId: 'createStatusUpdate',
      summary: 'Sachstand zu einer Forderung erfassen',
      description:
        'Sachstände sind unveränderlich. Eine Korrektur ist ein neuer Sachstand mit `corrects`: der frühere gilt dann als zurückgezogen. Der aktuelle Status der Forderung wird im selben Schritt neu abgeleitet.\n\n' +
        'Bearbeitende erfassen Sachstände nur zu Forderungen, die ihr Land oder ihre Arbeitsgruppe verfolgt (die zuständigen Stellen der Forderung, sonst die Antragsteller des Beschlusses), nur im eigenen Namen (`reporter`) und korrigieren nur eigene Sachstände; sonst 403.',
      params: idParam,
      body: statusUpdateCreateSchema,
      response: { 201: statusUpdateSchema, ...errorResponses(404, 409, 415, 422), 403: problemSchema },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const created = req.audited({ action: 'status_updates.create', entity: 'status_update', entityId: (r) => r.id }, () => {
        // Inside the write's transaction, so what the check read still holds when the row lands.
        service.assertMayLog(actor, req.params.id, req.body.reporter, req.body.corrects);
        return service.create(req.params.id, req.body);
      });
      return reply.code(201).header('location', `/api/v1/status-updates/${created.id}`).send(created);
    },
  });

  app.get('/status-updates', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listStatusUpdates',
      summary: 'Sachstände über alle Forderungen',
      querystring: statusUpdateListQuery,
      response: { 200: statusUpdatePageSchema, ...errorResponses() },
    },
    handler: async (req) => {
      const q = req.query;
      const { items, total } = service.list(q, req.view);
      return { items, total, limit: q.limit, offset: q.offset, next: nextLink(req.url, q.offset, q.limit, total) };
    },
  });

  app.get('/status-updates/:id', {
    config: { access: 'public', etag: true },
    schema: {
      tags,
      operationId: 'getStatusUpdate',
      summary: 'Sachstand lesen',
      params: idParam,
      response: { 200: statusUpdateSchema, ...errorResponses(404) },
    },
    handler: async (req) => service.get(req.params.id, req.view),
  });

  app.post('/status-updates/:id/retraction', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'retractStatusUpdate',
      summary: 'Sachstand zurückziehen',
      description: 'Der Sachstand bleibt in der Historie erhalten, zählt aber nicht mehr für den aktuellen Status.',
      params: idParam,
      body: retractionCreateSchema,
      response: { 201: statusUpdateSchema, ...errorResponses(404, 409, 415, 422) },
    },
    handler: async (req, reply) => {
      const retracted = req.audited(
        {
          action: 'status_updates.retract',
          entity: 'status_update',
          entityId: req.params.id,
          before: () => service.get(req.params.id, 'internal'),
        },
        () => service.retract(req.params.id, req.body),
      );
      return reply.code(201).header('location', `/api/v1/status-updates/${req.params.id}`).send(retracted);
    },
  });
};
