import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParam, nextLink, pageOf, pageOfList, pageOnlyQuery } from '../../shared/api.js';
import {
  demandCreateSchema,
  demandDetailSchema,
  demandListQuery,
  demandPageSchema,
  demandPatchSchema,
  demandSchema,
} from './demands.schemas.js';

const tags = ['Forderungen'];

export const demandsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.demands;

  app.get('/demands', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listDemands',
      summary: 'Forderungen über alle Konferenzen, mit Filtern',
      querystring: demandListQuery,
      response: { 200: demandPageSchema, ...errorResponses() },
    },
    handler: async (req) => {
      const q = req.query;
      const { items, total } = service.list(q, req.view);
      return { items, total, limit: q.limit, offset: q.offset, next: nextLink(req.url, q.offset, q.limit, total) };
    },
  });

  app.get('/resolutions/:id/demands', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listResolutionDemands',
      summary: 'Forderungen eines Beschlusses',
      params: idParam,
      querystring: pageOnlyQuery,
      response: { 200: pageOf(demandSchema, 'ResolutionDemandPage'), ...errorResponses(404) },
    },
    handler: async (req) => {
      app.services.resolutions.get(req.params.id, req.view);
      return pageOfList(service.summariesOf(req.params.id, req.view), req.query, req.url);
    },
  });

  app.post('/resolutions/:id/demands', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'createDemand',
      summary: 'Forderung unter einem Beschluss anlegen',
      params: idParam,
      body: demandCreateSchema,
      response: { 201: demandDetailSchema, ...errorResponses(404, 415, 422) },
    },
    handler: async (req, reply) => {
      const created = req.audited({ action: 'demands.create', entity: 'demand', entityId: (r) => r.id }, () =>
        service.create(req.params.id, req.body),
      );
      return reply.code(201).header('location', `/api/v1/demands/${created.id}`).send(created);
    },
  });

  app.get('/demands/:id', {
    config: { access: 'public', etag: true },
    schema: {
      tags,
      operationId: 'getDemand',
      summary: 'Forderung mit Sachstandshistorie und Strang lesen',
      params: idParam,
      response: { 200: demandDetailSchema, ...errorResponses(404) },
    },
    handler: async (req) => service.get(req.params.id, req.view),
  });

  app.patch('/demands/:id', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'updateDemand',
      summary: 'Forderung ändern',
      params: idParam,
      body: demandPatchSchema,
      response: { 200: demandDetailSchema, ...errorResponses(404, 412, 415, 422, 428) },
    },
    handler: async (req) =>
      req.audited(
        {
          action: 'demands.update',
          entity: 'demand',
          entityId: req.params.id,
          before: () => service.get(req.params.id, 'internal'),
        },
        () => service.update(req.params.id, req.body),
      ),
  });

  app.delete('/demands/:id', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'deleteDemand',
      summary: 'Forderung löschen (nur ohne Sachstände und Entwürfe)',
      params: idParam,
      response: { 204: z.null().describe('Gelöscht'), ...errorResponses(404, 409, 412, 428) },
    },
    handler: async (req, reply) => {
      req.audited(
        {
          action: 'demands.delete',
          entity: 'demand',
          entityId: req.params.id,
          before: () => service.get(req.params.id, 'internal'),
          after: () => null,
        },
        () => service.remove(req.params.id, String(req.id)),
      );
      return reply.code(204).send(null);
    },
  });
};
