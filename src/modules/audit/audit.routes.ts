import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, nextLink, pageOf, pageQuery } from '../../shared/api.js';

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
  from: z.iso.datetime({ offset: true }).optional().describe('Ab diesem Zeitpunkt'),
  to: z.iso.datetime({ offset: true }).optional().describe('Bis zu diesem Zeitpunkt'),
  limit: pageQuery.limit,
  offset: pageQuery.offset,
});

const verifySchema = z
  .object({
    ok: z.boolean(),
    records: z.int().describe('Geprüfte Einträge'),
    brokenAt: z.int().nullable().describe('Erster Eintrag, der nicht zur Kette passt'),
    reason: z.string().nullable(),
  })
  .meta({ id: 'AuditVerification' });

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
      summary: 'Hash-Kette des Protokolls prüfen',
      response: { 200: verifySchema, ...errorResponses() },
    },
    handler: async () => audit.verify(),
  });
};
