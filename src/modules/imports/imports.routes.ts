import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendProblem } from '../../plugins/errors.js';
import { errorResponses, nextLink } from '../../shared/api.js';
import { summaryOf } from './imports.dto.js';
import {
  importCommitResultSchema,
  importConferencePatchSchema,
  importCreateQuery,
  importDemandPatchSchema,
  importDraftPageSchema,
  importDraftSchema,
  importIdParam,
  importListQuery,
  importResolutionPatchSchema,
  importSuggestionDecisionSchema,
} from './imports.schemas.js';
import { IMPORT_CONTENT_TYPES, type ImportContentType, MAX_IMPORT_BYTES } from './imports.service.js';

const tags = ['Import'];

export const importsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.imports;
  // Drafts are not part of the record, yet every change of one is audited like a change of the record.
  // The `before` is what GET /imports/{id} returns, so its ETag is the one If-Match names. A new
  // draft is audited by its summary: the whole draft enters the trail as the `before` of whatever
  // changes, commits or discards it next (decision 0038).
  const entity = 'import';
  const current = (id: number) => () => service.get(id);

  // Uploads arrive as raw bytes; these parsers exist only inside this plugin, so every other
  // route keeps answering 415 to anything but JSON.
  app.addContentTypeParser([...IMPORT_CONTENT_TYPES], { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) => {
    done(null, body);
  });

  app.post('/imports', {
    config: { access: 'curate' },
    bodyLimit: MAX_IMPORT_BYTES,
    schema: {
      tags,
      operationId: 'createImport',
      summary: 'Beschlusssammlung (PDF mit Textebene oder Text) hochladen und als Entwurf einlesen',
      description:
        'Body: die Datei selbst, mit `Content-Type: application/pdf` oder `text/plain` (UTF-8). ' +
        'Dasselbe Dokument ein zweites Mal liefert den vorhandenen Entwurf (200) statt eines neuen (201).',
      querystring: importCreateQuery,
      // Documents the raw upload for OpenAPI; the bytes themselves are checked by the service.
      consumes: [...IMPORT_CONTENT_TYPES],
      body: z.any().meta({
        type: 'string',
        format: 'binary',
        maxLength: MAX_IMPORT_BYTES,
        description: 'The file: a PDF with a text layer, or UTF-8 text',
      }),
      response: { 200: importDraftSchema, 201: importDraftSchema, ...errorResponses(413, 415, 422) },
    },
    handler: async (req, reply) => {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const allowed = (IMPORT_CONTENT_TYPES as readonly string[]).includes(type);
      // fastify skips the parser for an empty body; an empty upload is refused by the service.
      const body = allowed && (req.body === undefined || req.body === null) ? Buffer.alloc(0) : req.body;
      if (!Buffer.isBuffer(body) || !allowed) {
        return sendProblem(
          req,
          reply,
          415,
          'imports.unsupported_media_type',
          'Erwartet wird die Datei selbst als application/pdf oder text/plain.',
        );
      }
      const { draft, created } = await service.create(
        { data: body, contentType: type as ImportContentType, filename: req.query.filename ?? null },
        undefined,
        (store) => req.audited({ action: 'imports.create', entity, entityId: (d) => d.id, after: summaryOf }, store),
      );
      return reply
        .code(created ? 201 : 200)
        .header('location', `/api/v1/imports/${draft.id}`)
        .send(draft);
    },
  });

  app.get('/imports', {
    config: { access: 'internal' },
    schema: {
      tags,
      operationId: 'listImports',
      summary: 'Import-Entwürfe auflisten, zuletzt geänderte zuerst',
      querystring: importListQuery,
      response: { 200: importDraftPageSchema, ...errorResponses() },
    },
    handler: async (req) => {
      const q = req.query;
      const { items, total } = service.list(q);
      return { items, total, limit: q.limit, offset: q.offset, next: nextLink(req.url, q.offset, q.limit, total) };
    },
  });

  app.get('/imports/:id', {
    config: { access: 'internal', etag: true },
    schema: {
      tags,
      operationId: 'getImport',
      summary: 'Import-Entwurf lesen: Konferenz, TOPs, Forderungen, Verknüpfungsvorschläge',
      params: importIdParam,
      response: { 200: importDraftSchema, ...errorResponses(404) },
    },
    handler: async (req) => service.get(req.params.id),
  });

  app.patch('/imports/:id/conference', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'updateImportConference',
      summary: 'Konferenzangaben im Entwurf korrigieren',
      params: importIdParam,
      body: importConferencePatchSchema,
      response: { 200: importDraftSchema, ...errorResponses(404, 409, 412, 415, 428) },
    },
    handler: async (req) =>
      req.audited(
        {
          action: 'imports.update_conference',
          entity,
          entityId: req.params.id,
          before: current(req.params.id),
        },
        () => service.patchConference(req.params.id, req.body),
      ),
  });

  app.patch('/imports/:id/resolutions/:top', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'updateImportResolution',
      summary: 'Einen TOP im Entwurf korrigieren oder von der Übernahme ausnehmen',
      params: importIdParam.extend({ top: z.string().min(1).max(20).describe('TOP as printed, e.g. 4.5') }),
      body: importResolutionPatchSchema,
      response: { 200: importDraftSchema, ...errorResponses(404, 409, 412, 415, 428) },
    },
    handler: async (req) =>
      req.audited(
        {
          action: 'imports.update_resolution',
          entity,
          entityId: req.params.id,
          before: current(req.params.id),
        },
        () => service.patchResolution(req.params.id, req.params.top, req.body),
      ),
  });

  app.patch('/imports/:id/demands/:key', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'updateImportDemand',
      summary: 'Eine erkannte Forderung korrigieren, annehmen oder verwerfen',
      params: importIdParam.extend({ key: z.string().min(1).max(40).describe('Key of the demand in the draft, e.g. 4.5-2b') }),
      body: importDemandPatchSchema,
      response: { 200: importDraftSchema, ...errorResponses(404, 409, 412, 415, 428) },
    },
    handler: async (req) =>
      req.audited(
        {
          action: 'imports.update_demand',
          entity,
          entityId: req.params.id,
          before: current(req.params.id),
        },
        () => service.patchDemand(req.params.id, req.params.key, req.body),
      ),
  });

  app.put('/imports/:id/suggestions/:suggestionId', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'decideImportSuggestion',
      summary: 'Verknüpfungsvorschlag annehmen oder ablehnen',
      params: importIdParam.extend({ suggestionId: z.string().min(1).max(80).describe('Id of the suggestion, e.g. 4.5-2:d17') }),
      body: importSuggestionDecisionSchema,
      response: { 200: importDraftSchema, ...errorResponses(404, 409, 412, 415, 428) },
    },
    handler: async (req) =>
      req.audited(
        {
          action: 'imports.decide_suggestion',
          entity,
          entityId: req.params.id,
          before: current(req.params.id),
        },
        () => service.decideSuggestion(req.params.id, req.params.suggestionId, req.body.decision, req.body.relation),
      ),
  });

  app.post('/imports/:id/suggestions/refresh', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'refreshImportSuggestions',
      summary: 'Verknüpfungsvorschläge gegen den aktuellen Bestand neu berechnen (getroffene Entscheidungen bleiben)',
      params: importIdParam,
      response: { 200: importDraftSchema, ...errorResponses(404, 409) },
    },
    handler: async (req) =>
      req.audited({ action: 'imports.refresh_suggestions', entity, entityId: req.params.id, before: current(req.params.id) }, () =>
        service.refreshSuggestions(req.params.id),
      ),
  });

  app.post('/imports/:id/commit', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'commitImport',
      summary: 'Geprüften Entwurf in einer Transaktion übernehmen',
      params: importIdParam,
      response: { 200: importCommitResultSchema, ...errorResponses(404, 409, 422) },
    },
    // One transaction and one audit record for everything the commit writes through the other
    // services: the record of what was taken over is the draft before and the counts after.
    handler: async (req) =>
      req.audited({ action: 'imports.commit', entity, entityId: req.params.id, before: current(req.params.id) }, () =>
        service.commit(req.params.id),
      ),
  });

  app.delete('/imports/:id', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'deleteImport',
      summary: 'Nicht übernommenen Entwurf verwerfen',
      params: importIdParam,
      response: { 204: z.null().describe('Gelöscht'), ...errorResponses(404, 409, 412, 428) },
    },
    handler: async (req, reply) => {
      req.audited(
        {
          action: 'imports.delete',
          entity,
          entityId: req.params.id,
          before: current(req.params.id),
          after: () => null,
        },
        () => service.remove(req.params.id),
      );
      return reply.code(204).send(null);
    },
  });
};
