import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, nextLink, pageOf } from '../../shared/api.js';
import { unprocessable } from '../../shared/errors.js';
import { auditQuery, entrySchema, verifyQuery, verifySchema } from './audit.schemas.js';
import { formatAnchor, parseAnchor } from './audit.service.js';

const tags = ['Protokoll'];

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
