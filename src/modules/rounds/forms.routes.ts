import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../plugins/auth.js';
import { sendProblem } from '../../plugins/errors.js';
import { errorResponses, idParam, problemSchema } from '../../shared/api.js';
import { MAX_FORM_BYTES, XLSX_TYPE } from './forms.service.js';
import { mailListQuery, mailPageSchema, reminderRunSchema } from './rounds.schemas.js';

const tags = ['Berichtsrunden'];
const formParams = z.object({ id: idParam.shape.id, group: z.string().min(2).max(40).describe('Land or working-group code') });
const uploadResultSchema = z
  .object({ created: z.array(z.int()), updated: z.array(z.int()), unchanged: z.int() })
  .meta({ id: 'RoundFormUpload' });

export const formsRoutes: FastifyPluginAsyncZod = async (app) => {
  const forms = app.services.forms;
  const reminders = app.services.reminders;

  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: MAX_FORM_BYTES }, (_req, body, done) => {
    done(null, body);
  });

  app.get('/rounds/:id/forms/:group', {
    config: { access: 'round', responseCache: false },
    schema: {
      tags,
      operationId: 'getRoundForm',
      summary: 'Antwortformular (XLSX) einer Stelle: ihre Zuweisungen, Status-Auswahlliste, Sachstand und Nachweise',
      params: formParams,
      response: {
        200: z.any().meta({ type: 'string', format: 'binary', description: 'The XLSX workbook' }),
        ...errorResponses(404),
      },
    },
    handler: async (req, reply) => {
      const { data, fileName } = await forms.build(req.params.id, req.params.group, actorOf(req));
      return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${fileName}"`).send(data);
    },
  });

  app.put('/rounds/:id/forms/:group', {
    config: { access: 'round' },
    bodyLimit: MAX_FORM_BYTES,
    schema: {
      tags,
      operationId: 'uploadRoundForm',
      summary: 'Ausgefülltes Antwortformular hochladen: legt Entwürfe an oder ändert sie (alles oder nichts)',
      description:
        'Body: die XLSX-Datei selbst. Ein Fehler in Datei oder Zeile ergibt 422 mit Blatt, Zeile und Spalte; dann wird nichts übernommen. Unveränderte Zeilen bleiben unberührt.',
      params: formParams,
      consumes: [XLSX_TYPE],
      body: z.any().meta({ type: 'string', format: 'binary', maxLength: MAX_FORM_BYTES, description: 'The XLSX workbook' }),
      response: { 200: uploadResultSchema, 413: problemSchema, ...errorResponses(404, 409, 412, 415, 422, 428) },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== XLSX_TYPE || !Buffer.isBuffer(req.body)) {
        return sendProblem(req, reply, 415, 'forms.unsupported_media_type', `Erwartet wird die Excel-Datei selbst als ${XLSX_TYPE}.`);
      }
      const rows = await forms.parse(req.params.id, req.params.group, actor, req.body);
      return req.audited(
        {
          action: 'forms.upload',
          entity: 'round',
          entityId: req.params.id,
          before: () => ({ round: req.params.id, group: req.params.group }),
          after: (r) => ({ group: req.params.group, ...r }),
        },
        () => forms.apply(req.params.id, req.params.group, actor, rows),
      );
    },
  });

  app.get('/mails', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'listMails',
      summary: 'Erinnerungen und Postausgang (ohne SMTP bleiben die Nachrichten hier)',
      querystring: mailListQuery,
      response: { 200: mailPageSchema, ...errorResponses() },
    },
    handler: async (req) => {
      const q = req.query;
      const { items, total } = reminders.list(q);
      return {
        items,
        total,
        limit: q.limit,
        offset: q.offset,
        next: q.offset + q.limit < total ? `/api/v1/mails?offset=${q.offset + q.limit}&limit=${q.limit}` : null,
      };
    },
  });

  app.post('/reminders/run', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'runReminders',
      summary: 'Fällige Erinnerungen jetzt erzeugen (jede nur einmal) und den Versand anstoßen',
      response: { 200: reminderRunSchema, ...errorResponses() },
    },
    handler: async () => {
      const queued = reminders.queue();
      // Delivery runs apart from the request: a slow or failing mail server never holds it up.
      void reminders.deliver().catch((e: unknown) => app.log.error(e, 'reminder delivery failed'));
      return { queued, pending: reminders.pendingCount() };
    },
  });
};
