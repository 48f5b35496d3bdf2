// Schemas and helpers shared by every route module.
import { z } from 'zod';

export const problemSchema = z
  .object({
    type: z.string().describe('URI reference naming the kind of problem'),
    title: z.string().describe('Short German summary of the kind of problem'),
    status: z.int(),
    code: z.string().describe('Stable machine-readable code, e.g. `demands.not_found`'),
    detail: z.string().describe('German explanation for a person'),
    instance: z.string().optional(),
    requestId: z.string().describe("The server's id of the request (also in the X-Request-Id response header, logs and audit trail)"),
    clientRequestId: z.string().optional().describe("The X-Request-Id the client sent, if any (kept apart from the server's id)"),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('For validation problems: the fields at fault'),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

/** The error responses every route may give; routes pick the ones that apply. */
export const errors = {
  400: problemSchema,
  404: problemSchema,
  406: problemSchema,
  409: problemSchema,
  412: problemSchema,
  413: problemSchema,
  415: problemSchema,
  422: problemSchema,
  428: problemSchema,
  500: problemSchema,
  503: problemSchema,
} as const;

export function errorResponses<K extends keyof typeof errors>(...codes: K[]): Pick<typeof errors, K | 400 | 500> {
  const out: Record<number, typeof problemSchema> = { 400: problemSchema, 500: problemSchema };
  for (const c of codes) out[c] = problemSchema;
  return out as Pick<typeof errors, K | 400 | 500>;
}

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE).describe(`Page size, at most ${MAX_PAGE_SIZE}`),
  offset: z.coerce.number().int().min(0).default(0).describe('Number of items to skip'),
  modified_since: z.iso
    .datetime({ offset: true })
    .max(40)
    .optional()
    .describe('Only items created or changed at or after this instant (ISO 8601)'),
};

export const pageMeta = {
  total: z.int().describe('Number of items matching the filters'),
  limit: z.int(),
  offset: z.int(),
  next: z.string().nullable().describe('Absolute URL of the next page (also in the `Link` header with rel="next"), null on the last page'),
};

export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ items: z.array(item), ...pageMeta }).meta({ id });
}

/** Paging alone, for lists too short or too static for filters (vocabulary, a resolution's demands). */
export const pageOnlyQuery = z.strictObject({ limit: pageQuery.limit, offset: pageQuery.offset });

/** One page of a list held in memory, in the shape of every other page. */
export function pageOfList<T>(all: T[], q: { limit: number; offset: number }, url: string) {
  const total = all.length;
  return {
    items: all.slice(q.offset, q.offset + q.limit),
    total,
    limit: q.limit,
    offset: q.offset,
    next: nextLink(url, q.offset, q.limit, total),
  };
}

/**
 * Builds the `next` link from the request URL, keeping every other query parameter. It is a path here;
 * src/plugins/paging.ts makes it absolute and adds the `Link` header when the page is sent.
 */
export function nextLink(url: string, offset: number, limit: number, total: number): string | null {
  if (offset + limit >= total) return null;
  const u = new URL(url, 'http://x');
  u.searchParams.set('offset', String(offset + limit));
  u.searchParams.set('limit', String(limit));
  return `${u.pathname}${u.search}`;
}

/** Boolean query flags: `true`/`false`/`1`/`0`. */
export const queryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** A comma-separated list or repeated parameter, of at most `max` values. */
export function csv<T extends z.ZodType>(item: T, max = 50) {
  return z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item).max(max),
  );
}

export const idParam = z.object({ id: z.coerce.number().int().positive().describe('Numeric id') });
