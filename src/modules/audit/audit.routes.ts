import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, nextLink, pageOf, pageQuery } from '../../shared/api.js';
import { unprocessable } from '../../shared/errors.js';
import { formatAnchor, parseAnchor } from './audit.service.js';

const tags = ['Protokoll'];

const entrySchema = z
  .object({
    id: z.int(),
    at: z.iso.datetime(),
    userId: z.int().nullable().describe('Konto, das geschrieben hat; null bei Vorgängen ohne Konto (Einspielen, Kommandozeile)'),
    actor: z.string(),
    requestId: z.string().nullable(),
    action: z.string().describe('z. B. `demands.update`'),
    entity: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown().describe('Darstellung vor der Änderung (null beim Anlegen)'),
    after: z.unknown().describe('Darstellung nach der Änderung (null beim Löschen)'),
    prevHash: z.string(),
    hash: z.string().describe('SHA-256 über prevHash und die Felder dieses Eintrags'),
  })
  .meta({ id: 'AuditEntry' });

const auditQuery = z.strictObject({
  user: z.coerce.number().int().positive().optional().describe('Konto-ID'),
  entity: z.string().max(64).optional().describe('Art des Eintrags, z. B. `demand`'),
  entityId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  requestId: z.string().max(128).optional().describe('Request-ID der schreibenden Anfrage (Kopf `x-request-id` ihrer Antwort)'),
  from: z.iso.datetime({ offset: true }).optional().describe('Ab diesem Zeitpunkt'),
  to: z.iso.datetime({ offset: true }).optional().describe('Bis zu diesem Zeitpunkt'),
  limit: pageQuery.limit,
  offset: pageQuery.offset,
});

const anchorSchema = z
  .object({ id: z.int(), hash: z.string() })
  .meta({ id: 'AuditAnchor', description: 'Ein Eintrag der Kette, benannt durch ID und Hash' });

const verifySchema = z
  .object({
    ok: z.boolean(),
    records: z.int().describe('Geprüfte Einträge'),
    brokenAt: z.int().nullable().describe('Erster Eintrag, der nicht zur Kette passt (oder der fehlende Anker)'),
    reason: z.string().nullable(),
    head: anchorSchema
      .nullable()
      .describe(
        'Letzter Eintrag, der zur Kette passt. Außerhalb der Datenbank aufbewahrt, zeigt er bei einer späteren Prüfung mit `anchor`, ob am Ende Einträge entfernt wurden.',
      ),
    anchor: z.string().nullable().describe('Der geprüfte Anker als `<id>:<hash>`, falls angegeben'),
  })
  .meta({ id: 'AuditVerification' });

const verifyQuery = z.strictObject({
  anchor: z
    .string()
    .max(100)
    .optional()
    .describe('`<id>:<hash>` aus einer früheren Prüfung (`head`): dieser Eintrag muss unverändert in der Kette stehen'),
});

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { audit } = app.services;

  app.get('/audit', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'listAudit',
      summary: 'Änderungsprotokoll lesen (neueste zuerst), gefiltert nach Konto, Eintrag, Aktion und Zeitraum',
      querystring: auditQuery,
      response: { 200: pageOf(entrySchema, 'AuditPage'), ...errorResponses() },
    },
    handler: async (req) => {
      const q = req.query;
      const { items, total } = audit.list(q);
      return { items, total, limit: q.limit, offset: q.offset, next: nextLink(req.url, q.offset, q.limit, total) };
    },
  });

  app.get('/audit/verification', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'verifyAudit',
      summary: 'Hash-Kette des Protokolls prüfen, optional gegen einen früher notierten Anker',
      querystring: verifyQuery,
      response: { 200: verifySchema, ...errorResponses(422) },
    },
    handler: async (req) => {
      const given = req.query.anchor;
      if (given === undefined) return { ...audit.verify(), anchor: null };
      const anchor = parseAnchor(given);
      if (!anchor) {
        throw unprocessable(
          'audit.invalid_anchor',
          'Der Anker hat die Form <id>:<hash> (Hash: 64 Hexadezimalziffern), z. B. aus „head“ einer früheren Prüfung.',
          [{ field: 'querystring.anchor', message: 'keine Form <id>:<hash>' }],
        );
      }
      return { ...audit.verify(anchor), anchor: formatAnchor(anchor) };
    },
  });
};
