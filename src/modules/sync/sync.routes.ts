import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { absoluteUrl } from '../../plugins/paging.js';
import { errorResponses, nextLink } from '../../shared/api.js';
import { changeFeedQuery, changeFeedSchema, tombstonePageSchema, tombstoneQuery } from './sync.schemas.js';

const tags = ['Abgleich'];

export const syncRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.sync;

  app.get('/changes', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listChanges',
      summary: 'Änderungen seit einer Position (Abgleich ohne Lücken)',
      description:
        'Jede Änderung an Konferenzen, Beschlüssen, Forderungen, Sachständen und Strängen in der Reihenfolge, in der sie gespeichert wurde, mit einer streng steigenden Position `seq`. Ein Client merkt sich `last` und fragt später mit `after` = `last` weiter (`next`): so fehlt keine Änderung. Ohne Anmeldung nur, was die Öffentlichkeit sieht: Änderungen des öffentlich Sichtbaren und Löschungen öffentlich sichtbarer Einträge. Eine Änderung, deren Eintrag 404 liefert, ist für den Aufrufer nicht mehr sichtbar.',
      querystring: changeFeedQuery,
      response: { 200: changeFeedSchema, ...errorResponses() },
    },
    handler: async (req, reply) => {
      const q = req.query;
      const { items, more, last } = service.changes(q, req.view, absoluteUrl(req, '', app.publicUrl));
      const u = new URL(req.url, 'http://x');
      u.searchParams.set('after', String(last));
      u.searchParams.set('limit', String(q.limit));
      const next = absoluteUrl(req, `${u.pathname}${u.search}`, app.publicUrl);
      reply.header('link', `<${next}>; rel="next"`);
      return { items, limit: q.limit, after: q.after, last, more, next };
    },
  });

  app.get('/deletions', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'listDeletions',
      summary: 'Gelöschte Einträge (Grabsteine) für `modified_since`',
      description:
        'Was gelöscht wurde, mit Art, ID und Zeitpunkt; ein gelöschter Beschluss nimmt seine Forderungen mit. Ohne Anmeldung nur Einträge, die die Öffentlichkeit zum Zeitpunkt der Löschung sehen konnte. Zusammen mit `modified_since` der Listen hält ein Client so einen Bestand aktuell.',
      querystring: tombstoneQuery,
      response: { 200: tombstonePageSchema, ...errorResponses() },
    },
    handler: async (req) => {
      const q = req.query;
      const { items, total } = service.tombstones(q, req.view);
      return { items, total, limit: q.limit, offset: q.offset, next: nextLink(req.url, q.offset, q.limit, total) };
    },
  });
};
