// The chair's office in the browser (issue #16) reads a round through these: the scope before
// opening, the review queue, the round's outbox, and a reminder to one group now.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.js';
import { errorResponses, idParam, nextLink, pageOfList } from '../../shared/api.js';
import {
  remindNowResultSchema,
  remindNowSchema,
  reviewQueueQuery,
  reviewQueueSchema,
  scopePreviewSchema,
  scopeQuery,
} from './cockpit.schemas.js';
import { mailListQuery, mailPageSchema } from './rounds.schemas.js';

const tags = ['Berichtsrunden'];

export const cockpitRoutes: FastifyPluginAsyncZod = async (app) => {
  const { rounds, review, reminders } = app.services;

  app.get('/rounds/scope-preview', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'previewRoundScope',
      summary: 'Vorschau des Umfangs: die Forderungen, nach denen eine so eröffnete Runde fragen würde',
      description: 'Dieselbe Regel wie beim Eröffnen (POST /rounds); es wird nichts geschrieben.',
      querystring: scopeQuery,
      response: { 200: scopePreviewSchema, ...errorResponses(404) },
    },
    handler: async (req) => rounds.scopePreview(req.query),
  });

  app.get('/rounds/:id/review-queue', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'listRoundReviewQueue',
      summary: 'Prüfliste: eingereichte Sachstände neben dem bisherigen Status und dem Wortlaut der Forderung',
      description: 'In der Reihenfolge des Eingangs (älteste Änderung zuerst).',
      params: idParam,
      querystring: reviewQueueQuery,
      response: { 200: reviewQueueSchema, ...errorResponses(404) },
    },
    handler: async (req) => pageOfList(review.queue(req.params.id, actorOf(req), req.query.state), req.query, req.url),
  });

  app.get('/rounds/:id/mails', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'listRoundMails',
      summary: 'Erinnerungen und Postausgang dieser Runde (neueste zuerst)',
      params: idParam,
      querystring: mailListQuery.omit({ round: true }),
      response: { 200: mailPageSchema, ...errorResponses(404) },
    },
    handler: async (req) => {
      rounds.get(req.params.id, null);
      const { items, total } = reminders.list({ ...req.query, round: req.params.id });
      const { limit, offset } = req.query;
      return { items, total, limit, offset, next: nextLink(req.url, offset, limit, total) };
    },
  });

  app.post('/rounds/:id/reminders', {
    config: { access: 'curate' },
    schema: {
      tags,
      operationId: 'sendRoundReminder',
      summary: 'Eine Land oder Arbeitsgruppe jetzt erinnern (je aktivem Konto eine Nachricht mit den fehlenden Sachständen)',
      params: idParam,
      body: remindNowSchema,
      response: { 200: remindNowResultSchema, ...errorResponses(404, 409, 415, 422) },
    },
    handler: async (req) => {
      const result = req.audited({ action: 'rounds.remind', entity: 'round', entityId: req.params.id, after: (r) => r }, () =>
        reminders.remindNow(req.params.id, req.body.group),
      );
      // Delivery runs apart from the request: a slow or failing mail server never holds it up.
      void reminders.deliver().catch((e: unknown) => app.log.error(e, 'reminder delivery failed'));
      return { ...result, pending: reminders.pendingCount() };
    },
  });
};
