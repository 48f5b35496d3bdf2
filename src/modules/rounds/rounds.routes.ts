import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../plugins/auth.js';
import { errorResponses, idParam, pageOfList } from '../../shared/api.js';
import {
  assignmentSchema,
  assignmentsPutSchema,
  bulkAssignSchema,
  bulkResultSchema,
  myAssignmentPageSchema,
  myAssignmentQuery,
  progressSchema,
  releasePreviewQuery,
  releasePreviewSchema,
  releaseResultSchema,
  releaseSelectionSchema,
  roundCreateSchema,
  roundItemPageSchema,
  roundItemQuery,
  roundListQuery,
  roundPageSchema,
  roundPatchSchema,
  roundSchema,
} from './rounds.schemas.js';

const tags = ['Berichtsrunden'];

export const roundsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.rounds;
  const drafts = app.services.drafts;

  app.get('/rounds', {
    config: { access: 'round' },
    schema: {
      tags,
      operationId: 'listRounds',
      summary: 'Berichtsrunden (Bearbeitende sehen nur Runden mit eigenen Zuweisungen)',
      querystring: roundListQuery,
      response: { 200: roundPageSchema, ...errorResponses() },
    },
    handler: async (req) => pageOfList(service.list(actorOf(req), req.query), req.query, req.url),
  });

  app.get('/me/assignments', {
    config: { access: 'round' },
    schema: {
      tags,
      operationId: 'listMyAssignments',
      summary: 'Meine Zuweisungen: je Runde und Forderung der Stand der eigenen Antwort, mit Frist und Rückgabekommentar',
      description:
        'Die Aufgabenliste der Bearbeitenden: jede Zuweisung an das eigene Land oder die eigene Arbeitsgruppe, mit dem weitesten Entwurf (`none`: noch nichts), ' +
        'dem Kommentar der Geschäftsstelle bei zurückgegebenen Entwürfen und „überfällig“ nach Ablauf der Frist ohne Einreichung. ' +
        'Vorsitz und Geschäftsstelle handeln für alle Stellen und sehen alle Zuweisungen. Neueste Runde zuerst.',
      querystring: myAssignmentQuery,
      response: { 200: myAssignmentPageSchema, ...errorResponses() },
    },
    handler: async (req) => pageOfList(app.services.assignments.mine(actorOf(req), req.query), req.query, req.url),
  });

  app.post('/rounds', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'createRound',
      summary: 'Berichtsrunde für die Erfolgskontrolle einer Konferenz eröffnen',
      description:
        'Im Umfang: die offenen Forderungen der Konferenz N und die offenen Forderungen früherer Konferenzen, die ein Strang weiter verfolgt; ' +
        'wahlweise ohne Aufträge, die erst nach der nächsten Konferenz fällig sind, und ohne Selbstverpflichtungen als Daueraufgabe (ohne Frist). ' +
        'Zugewiesen wird vorab die zuständige Stelle der Forderung (die erste federführend), sonst das koordinierende Land des Beschlusses. Je Konferenz ist nur eine Runde offen (409).',
      body: roundCreateSchema,
      response: { 201: roundSchema, ...errorResponses(409, 415, 422) },
    },
    handler: async (req, reply) => {
      const created = req.audited({ action: 'rounds.create', entity: 'round', entityId: (r) => r.id }, () => service.create(req.body));
      return reply.code(201).header('location', `/api/v1/rounds/${created.id}`).send(created);
    },
  });

  app.get('/rounds/:id', {
    config: { access: 'round', etag: true },
    schema: {
      tags,
      operationId: 'getRound',
      summary: 'Berichtsrunde lesen',
      params: idParam,
      response: { 200: roundSchema, ...errorResponses(404) },
    },
    handler: async (req) => service.get(req.params.id, actorOf(req)),
  });

  app.patch('/rounds/:id', {
    config: { access: 'curate', etag: true },
    schema: {
      tags,
      operationId: 'updateRound',
      summary: 'Stichtag, Frist, Erinnerungen oder Einspruchsfrist ändern',
      params: idParam,
      body: roundPatchSchema,
      response: { 200: roundSchema, ...errorResponses(404, 409, 412, 415, 422, 428) },
    },
    handler: async (req) =>
      req.audited(
        { action: 'rounds.update', entity: 'round', entityId: req.params.id, before: () => service.get(req.params.id, null) },
        () => service.update(req.params.id, req.body),
      ),
  });

  app.get('/rounds/:id/items', {
    config: { access: 'round' },
    schema: {
      tags,
      operationId: 'listRoundItems',
      summary: 'Forderungen der Runde mit Zuweisungen, Entwürfen und „unbeantwortet seit n Runden“',
      params: idParam,
      querystring: roundItemQuery,
      response: { 200: roundItemPageSchema, ...errorResponses(404) },
    },
    handler: async (req) => pageOfList(service.items(req.params.id, actorOf(req), req.query), req.query, req.url),
  });

  app.put('/rounds/:id/items/:demandId/assignments', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'setRoundAssignments',
      summary:
        'Zuständige Länder oder Arbeitsgruppen einer Forderung in der Runde festlegen (eine federführend); eine Forderung außerhalb des Umfangs kommt dazu',
      params: z.object({ id: idParam.shape.id, demandId: z.coerce.number().int().positive() }),
      body: assignmentsPutSchema,
      response: { 200: z.array(assignmentSchema), ...errorResponses(404, 409, 412, 415, 422, 428) },
    },
    handler: async (req) =>
      req.audited(
        {
          action: 'rounds.assign',
          entity: 'round',
          entityId: req.params.id,
          before: () => service.assignmentsOrNone(req.params.id, req.params.demandId),
          after: (r) => ({ demandId: req.params.demandId, assignments: r }),
        },
        () => service.putAssignments(req.params.id, req.params.demandId, req.body.groups),
      ),
  });

  app.post('/rounds/:id/assignments', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'assignRoundInBulk',
      summary: 'Zuweisen im Block: alle Forderungen der Runde unter einem TOP, an einen Adressaten oder zu einem Thema',
      params: idParam,
      body: bulkAssignSchema,
      response: { 200: bulkResultSchema, ...errorResponses(404, 409, 415, 422) },
    },
    handler: async (req) =>
      req.audited({ action: 'rounds.assign_bulk', entity: 'round', entityId: req.params.id, after: (r) => ({ ...req.body, ...r }) }, () =>
        service.bulkAssign(req.params.id, req.body),
      ),
  });

  app.get('/rounds/:id/progress', {
    config: { access: 'round' },
    schema: {
      tags,
      operationId: 'getRoundProgress',
      summary:
        'Fortschritt je Land oder Arbeitsgruppe: zugewiesen, Entwurf, eingereicht, zurückgegeben, angenommen, freigegeben, fehlend, überfällig',
      params: idParam,
      response: { 200: progressSchema, ...errorResponses(404) },
    },
    handler: async (req) => service.progress(req.params.id, actorOf(req)),
  });

  app.get('/rounds/:id/release-preview', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'previewRoundRelease',
      summary: 'Vorschau der Freigabe: genau die Sachstände, die entstehen, und welche davon öffentlich werden',
      params: idParam,
      querystring: releasePreviewQuery,
      response: { 200: releasePreviewSchema, ...errorResponses(404, 409, 422) },
    },
    handler: async (req) => drafts.preview(req.params.id, req.query.drafts),
  });

  app.post('/rounds/:id/release', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'releaseRound',
      summary: 'Angenommene Sachstände freigeben (alle oder eine Auswahl), in einem Schritt',
      description:
        'Jeder freigegebene Entwurf wird ein Sachstand der Historie (mit seiner Sichtbarkeit, Stelle und ggf. Adressat). Ein Protokolleintrag nennt alle entstandenen Sachstände. Ohne Auswahl wird die Runde danach geschlossen.',
      params: idParam,
      body: releaseSelectionSchema,
      response: { 200: releaseResultSchema, ...errorResponses(404, 409, 415, 422) },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      const updates = req.audited(
        {
          action: 'rounds.release',
          entity: 'round',
          entityId: req.params.id,
          after: (r) => ({
            statusUpdates: r.map((u) => u.statusUpdateId),
            drafts: r.map((u) => u.draftId),
            closed: req.body.drafts === undefined,
          }),
        },
        () => drafts.release(req.params.id, req.body.drafts, actor),
      );
      return { round: service.get(req.params.id, null), updates };
    },
  });
};
