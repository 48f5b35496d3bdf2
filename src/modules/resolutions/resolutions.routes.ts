import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParam, nextLink } from '../../shared/api.js';
import { conferenceParams } from '../conferences/conferences.schemas.js';
import {
  conferenceResolutionListQuery,
  resolutionCreateSchema,
  resolutionListQuery,
  resolutionPageSchema,
  resolutionPatchSchema,
  resolutionSchema,
} from './resolutions.schemas.js';

const tags = ['Beschlüsse'];

export const resolutionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.resolutions;

  app.get('/resolutions', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listResolutions',
      summary: 'Beschlüsse über alle Konferenzen',
      querystring: resolutionListQuery,
      response: { 200: resolutionPageSchema, ...errorResponses() },
    },
    handler: async (req) => {
      const q = req.query;
      const { items, total } = service.list({ ...q, conferences: q.conference, modifiedSince: q.modified_since }, req.view);
      return { items, total, limit: q.limit, offset: q.offset, next: nextLink(req.url, q.offset, q.limit, total) };
    },
  });

  app.get('/conferences/:number/resolutions', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listConferenceResolutions',
      summary: 'Beschlüsse einer Konferenz in TOP-Reihenfolge',
      params: conferenceParams,
      querystring: conferenceResolutionListQuery,
      response: { 200: resolutionPageSchema, ...errorResponses(404) },
    },
    handler: async (req) => {
      const q = req.query;
      app.services.conferences.idOf(req.params.number);
      const { items, total } = service.list({ ...q, conferences: [req.params.number], modifiedSince: q.modified_since }, req.view);
      return { items, total, limit: q.limit, offset: q.offset, next: nextLink(req.url, q.offset, q.limit, total) };
    },
  });

  app.post('/conferences/:number/resolutions', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'createResolution',
      summary: 'Beschluss unter einer Konferenz anlegen',
      params: conferenceParams,
      body: resolutionCreateSchema,
      response: { 201: resolutionSchema, ...errorResponses(404, 409, 415, 422) },
    },
    handler: async (req, reply) => {
      const created = req.audited({ action: 'resolutions.create', entity: 'resolution', entityId: (r) => r.id }, () =>
        service.create(req.params.number, req.body),
      );
      return reply.code(201).header('location', `/api/v1/resolutions/${created.id}`).send(created);
    },
  });

  app.get('/conferences/:number/resolutions/:top', {
    config: { access: 'public', etag: true },
    schema: {
      tags,
      operationId: 'getResolutionByTop',
      summary: 'Beschluss einer Konferenz über seinen TOP lesen',
      params: conferenceParams.extend({ top: z.string().min(1).max(20).describe('TOP as printed, e.g. 4.5') }),
      response: { 200: resolutionSchema, ...errorResponses(404) },
    },
    handler: async (req) => service.getByTop(req.params.number, req.params.top, req.view),
  });

  app.get('/resolutions/:id', {
    config: { access: 'public', etag: true },
    schema: {
      tags,
      operationId: 'getResolution',
      summary: 'Beschluss mit Ziffern, Protokollnotizen und Forderungen lesen',
      params: idParam,
      response: { 200: resolutionSchema, ...errorResponses(404) },
    },
    handler: async (req) => service.get(req.params.id, req.view),
  });

  app.patch('/resolutions/:id', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'updateResolution',
      summary: 'Beschluss ändern',
      params: idParam,
      body: resolutionPatchSchema,
      response: { 200: resolutionSchema, ...errorResponses(404, 409, 412, 415, 422, 428) },
    },
    handler: async (req) =>
      req.audited(
        {
          action: 'resolutions.update',
          entity: 'resolution',
          entityId: req.params.id,
          before: () => service.get(req.params.id, 'internal'),
        },
        () => service.update(req.params.id, req.body),
      ),
  });

  app.delete('/resolutions/:id', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'deleteResolution',
      summary: 'Beschluss löschen (nur ohne erfasste Sachstände und Entwürfe)',
      params: idParam,
      response: { 204: z.null().describe('Gelöscht'), ...errorResponses(404, 409, 412, 428) },
    },
    handler: async (req, reply) => {
      req.audited(
        {
          action: 'resolutions.delete',
          entity: 'resolution',
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
