// The change feed and the tombstones (issue #13, item 3): what an integrator needs to mirror the record.
import { z } from 'zod';
import { MAX_PAGE_SIZE, pageOf, pageQuery } from '../../shared/api.js';

export const SYNC_KINDS = ['conference', 'resolution', 'demand', 'status_update', 'thread'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

export const changeSchema = z
  .object({
    seq: z.int().describe('Position in the feed: strictly increasing in commit order; resume with `after` = the last one read'),
    kind: z.enum(SYNC_KINDS),
    id: z.int().describe('The id the API addresses the record by (a conference by its number)'),
    change: z.enum(['changed', 'deleted']).describe('`changed`: read `href` again (404 means it is no longer visible to you)'),
    at: z.iso.datetime().describe('When it happened (for the public: when what the public sees changed)'),
    href: z.string().describe('Absolute URL of the record'),
  })
  .meta({ id: 'Change' });

export const changeFeedSchema = z
  .object({
    items: z.array(changeSchema),
    limit: z.int(),
    after: z.int().describe('The `after` this answer started from'),
    last: z.int().describe("The seq to resume after: the last item's, or `after` when there was none"),
    more: z.boolean().describe('More changes are waiting: follow `next` at once; otherwise poll `next` later'),
    next: z.string().describe('Absolute URL continuing after `last` (also in the `Link` header)'),
  })
  .meta({ id: 'ChangeFeed' });

export const changeFeedQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0).describe('Only changes with a greater seq (0: from the beginning)'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(MAX_PAGE_SIZE)
    .describe(`At most this many changes, at most ${MAX_PAGE_SIZE}`),
  kind: z.enum(SYNC_KINDS).optional(),
});

export const tombstoneSchema = z
  .object({
    kind: z.enum(SYNC_KINDS),
    id: z.int(),
    deleted: z.iso.datetime().describe('When it was deleted'),
    seq: z.int().describe('Its position in the change feed'),
  })
  .meta({ id: 'Tombstone' });

export const tombstonePageSchema = pageOf(tombstoneSchema, 'TombstonePage');

export const tombstoneQuery = z.strictObject({
  limit: pageQuery.limit,
  offset: pageQuery.offset,
  modified_since: pageQuery.modified_since.describe('Only deletions at or after this instant (ISO 8601)'),
  kind: z.enum(SYNC_KINDS).optional(),
});
