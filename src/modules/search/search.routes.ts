import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csv, errorResponses, nextLink, pageOf, pageQuery } from '../../shared/api.js';

const KINDS = ['resolution', 'demand', 'status_update'] as const;

const hitSchema = z
  .object({
    kind: z.enum(KINDS),
    id: z.int(),
    matchedIn: z.enum(['title', 'text', 'ziffer', 'wording', 'summary', 'sachstand']).describe('Which field matched'),
    ziffer: z.string().nullable().describe('The Ziffer that matched, for resolutions'),
    title: z.string(),
    snippet: z.string().describe('Matched passage; matched words stand between « and »'),
    conference: z.int(),
    top: z.string(),
    resolutionId: z.int(),
    demandId: z.int().nullable(),
  })
  .meta({ id: 'SearchHit' });

const { modified_since: _unused, ...paging } = pageQuery;

// Each kind at most once, so the list is short.
const kindList = csv(z.enum(KINDS), KINDS.length);

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/search', {
    config: { access: 'public' },
    schema: {
      tags: ['Suche'],
      operationId: 'search',
      summary: 'Volltextsuche über Beschlüsse, Forderungen und Sachstände',
      description:
        'Alle Wörter (ab drei Zeichen) müssen vorkommen; Umlaute und ß werden wie geschrieben gefunden, auch als Teil längerer Wörter.',
      querystring: z.strictObject({
        q: z.string().trim().min(1).max(200),
        kind: kindList.optional().describe('Kinds of hits, comma-separated'),
        ...paging,
      }),
      response: { 200: pageOf(hitSchema, 'SearchPage'), ...errorResponses() },
    },
    handler: async (req) => {
      const q = req.query;
      const { items, total } = app.services.search.search({ q: q.q, kinds: q.kind, limit: q.limit, offset: q.offset }, req.view);
      return { items, total, limit: q.limit, offset: q.offset, next: nextLink(req.url, q.offset, q.limit, total) };
    },
  });
};
