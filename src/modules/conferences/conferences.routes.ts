import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, nextLink } from '../../shared/api.js';
import {
  conferenceCreateSchema,
  conferenceListQuery,
  conferencePageSchema,
  conferenceParams,
  conferencePatchSchema,
  conferenceSchema,
} from './conferences.schemas.js';

const tags = ['Konferenzen'];

export const conferencesRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.conferences;

  app.get('/conferences', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listConferences',
      summary: 'Konferenzen auflisten',
      querystring: conferenceListQuery,
      response: { 200: conferencePageSchema, ...errorResponses() },
    },
    handler: async (req) => {
      const q = req.query;
      const { items, total } = service.list({ ...q, modifiedSince: q.modified_since }, req.view);
      return { items, total, limit: q.limit, offset: q.offset, next: nextLink(req.url, q.offset, q.limit, total) };
    },
  });

  app.post('/conferences', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'createConference',
      summary: 'Konferenz anlegen',
      body: conferenceCreateSchema,
      response: { 201: conferenceSchema, ...errorResponses(409, 415, 422) },
    },
    handler: async (req, reply) => {
      const created = req.audited({ action: 'conferences.create', entity: 'conference', entityId: (r) => r.number }, () =>
        service.create(req.body),
      );
      return reply.code(201).header('location', `/api/v1/conferences/${created.number}`).send(created);
    },
  });

  app.get('/conferences/:number', {
    config: { access: 'public', etag: true },
    schema: {
      tags,
      operationId: 'getConference',
      summary: 'Konferenz lesen',
      params: conferenceParams,
      response: { 200: conferenceSchema, ...errorResponses(404) },
    },
    handler: async (req) => service.get(req.params.number, req.view),
  });

  app.patch('/conferences/:number', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'updateConference',
      summary: 'Konferenz ändern',
      params: conferenceParams,
      body: conferencePatchSchema,
      response: { 200: conferenceSchema, ...errorResponses(404, 409, 412, 415, 422, 428) },
    },
    handler: async (req) =>
      req.audited(
        {
          action: 'conferences.update',
          entity: 'conference',
          entityId: req.params.number,
          before: () => service.get(req.params.number, 'internal'),
        },
        () => service.update(req.params.number, req.body),
      ),
  });

  app.delete('/conferences/:number', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'deleteConference',
      summary: 'Konferenz löschen (nur ohne Beschlüsse, Fälligkeiten und Berichtsrunden)',
      params: conferenceParams,
      response: { 204: z.null().describe('Gelöscht'), ...errorResponses(404, 409, 412, 428) },
    },
    handler: async (req, reply) => {
      req.audited(
        {
          action: 'conferences.delete',
          entity: 'conference',
          entityId: req.params.number,
          before: () => service.get(req.params.number, 'internal'),
          after: () => null,
        },
        () => service.remove(req.params.number, String(req.id)),
      );
      return reply.code(204).send(null);
    },
  });
};
