import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParam, nextLink } from '../../shared/api.js';
import {
  threadCreateSchema,
  threadListQuery,
  threadMemberCreateSchema,
  threadMemberPatchSchema,
  threadOrderSchema,
  threadPageSchema,
  threadPatchSchema,
  threadSchema,
} from './threads.schemas.js';

const tags = ['Stränge'];
const memberParams = idParam.extend({ demandId: z.coerce.number().int().positive() });

export const threadsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { threads: service } = app.services;
  // Member changes are changes of the thread: their `before` is the thread as read with GET, so
  // PATCH, PUT and DELETE of members check If-Match against the thread's ETag. Adding a member is
  // a POST and, like every append, needs none.
  const threadAsRead = (id: number) => () => service.get(id, 'internal');

  app.get('/threads', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listThreads',
      summary: 'Wiederkehrende Forderungen (Stränge) mit abgeleitetem Status',
      querystring: threadListQuery,
      response: { 200: threadPageSchema, ...errorResponses() },
    },
    handler: async (req) => {
      const q = req.query;
      const { items, total } = service.list(q, req.view);
      return { items, total, limit: q.limit, offset: q.offset, next: nextLink(req.url, q.offset, q.limit, total) };
    },
  });

  app.post('/threads', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'createThread',
      summary: 'Strang anlegen',
      body: threadCreateSchema,
      response: { 201: threadSchema, ...errorResponses(409, 415, 422) },
    },
    handler: async (req, reply) => {
      const created = req.audited({ action: 'threads.create', entity: 'thread', entityId: (r) => r.id }, () => service.create(req.body));
      return reply.code(201).header('location', `/api/v1/threads/${created.id}`).send(created);
    },
  });

  app.get('/threads/:id', {
    config: { access: 'public', etag: true },
    schema: {
      tags,
      operationId: 'getThread',
      summary: 'Strang mit Forderungen über die Konferenzen und Zeitleiste lesen',
      params: idParam,
      response: { 200: threadSchema, ...errorResponses(404) },
    },
    handler: async (req) => service.get(req.params.id, req.view),
  });

  app.patch('/threads/:id', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'updateThread',
      summary: 'Strang ändern',
      params: idParam,
      body: threadPatchSchema,
      response: { 200: threadSchema, ...errorResponses(404, 412, 415, 428) },
    },
    handler: async (req) =>
      req.audited(
        {
          action: 'threads.update',
          entity: 'thread',
          entityId: req.params.id,
          before: threadAsRead(req.params.id),
        },
        () => service.update(req.params.id, req.body),
      ),
  });

  app.delete('/threads/:id', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'deleteThread',
      summary: 'Strang auflösen (die Forderungen bleiben erhalten)',
      params: idParam,
      response: { 204: z.null().describe('Gelöscht'), ...errorResponses(404, 412, 428) },
    },
    handler: async (req, reply) => {
      req.audited(
        {
          action: 'threads.delete',
          entity: 'thread',
          entityId: req.params.id,
          before: threadAsRead(req.params.id),
          after: () => null,
        },
        () => service.remove(req.params.id, String(req.id)),
      );
      return reply.code(204).send(null);
    },
  });

  app.post('/threads/:id/members', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'addThreadMember',
      summary: 'Forderung in den Strang aufnehmen',
      params: idParam,
      body: threadMemberCreateSchema,
      response: { 201: threadSchema, ...errorResponses(404, 409, 415, 422) },
    },
    handler: async (req, reply) =>
      reply
        .code(201)
        .header('location', `/api/v1/threads/${req.params.id}`)
        .send(
          req.audited(
            { action: 'threads.members.add', entity: 'thread', entityId: req.params.id, before: threadAsRead(req.params.id) },
            () => service.addMember(req.params.id, req.body),
          ),
        ),
  });

  app.patch('/threads/:id/members/:demandId', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'updateThreadMember',
      summary: 'Beziehung einer Forderung im Strang ändern',
      params: memberParams,
      body: threadMemberPatchSchema,
      response: { 200: threadSchema, ...errorResponses(404, 412, 415, 428) },
    },
    handler: async (req) =>
      req.audited(
        {
          action: 'threads.members.update',
          entity: 'thread',
          entityId: req.params.id,
          before: threadAsRead(req.params.id),
        },
        () => service.updateMember(req.params.id, req.params.demandId, req.body.relation),
      ),
  });

  app.delete('/threads/:id/members/:demandId', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'removeThreadMember',
      summary: 'Forderung aus dem Strang entfernen',
      params: memberParams,
      response: { 200: threadSchema, ...errorResponses(404, 412, 428) },
    },
    handler: async (req) =>
      req.audited(
        {
          action: 'threads.members.remove',
          entity: 'thread',
          entityId: req.params.id,
          before: threadAsRead(req.params.id),
        },
        () => service.removeMember(req.params.id, req.params.demandId),
      ),
  });

  app.put('/threads/:id/members/order', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'reorderThreadMembers',
      summary: 'Forderungen im Strang neu ordnen',
      params: idParam,
      body: threadOrderSchema,
      response: { 200: threadSchema, ...errorResponses(404, 412, 415, 422, 428) },
    },
    handler: async (req) =>
      req.audited(
        {
          action: 'threads.members.reorder',
          entity: 'thread',
          entityId: req.params.id,
          before: threadAsRead(req.params.id),
        },
        () => service.reorder(req.params.id, req.body.demandIds),
      ),
  });
};
