// Reads the chair's office needs to run a round in one call each (issue #16): the scope before
// a round is opened, the review queue with what a reviewer compares against, the round's outbox,
// and a reminder sent now to one group.
import { z } from 'zod';
import { DRAFT_STATES } from '../../domain/rounds.js';
import { DEMAND_KINDS, STATUSES } from '../../domain/vocab.js';
import { csv, pageOf, pageQuery, queryBool } from '../../shared/api.js';
import { draftSchema } from './rounds.schemas.js';

export const scopeQuery = z.strictObject({
  conference: z.coerce.number().int().positive().describe('Number of the conference (N) whose demands the round would ask about'),
  deadline: z.iso.date().max(10).describe('The reply deadline the round would have (mandates due later may be left out)'),
  excludeNotYetDue: queryBool.default(true),
  excludeStanding: queryBool.default(true),
});
export type ScopeQuery = z.infer<typeof scopeQuery>;

export const scopePreviewSchema = z
  .object({
    conference: z.int(),
    count: z.int().describe('Demands the round would ask about'),
    openRound: z.int().nullable().describe('A round already open for this conference (a second cannot be opened)'),
    demands: z.array(
      z.object({
        id: z.int(),
        conference: z.int(),
        top: z.string(),
        ziffer: z.string().nullable(),
        summary: z.string(),
        kind: z.enum(DEMAND_KINDS),
        kindLabel: z.string(),
        addressees: z.array(z.string()),
        status: z.enum(STATUSES),
        statusLabel: z.string(),
      }),
    ),
  })
  .meta({ id: 'RoundScopePreview' });
export type ScopePreviewDto = z.infer<typeof scopePreviewSchema>;

export const reviewItemSchema = z
  .object({
    draft: draftSchema,
    demand: z.object({
      id: z.int(),
      conference: z.int(),
      top: z.string(),
      ziffer: z.string().nullable(),
      resolutionTitle: z.string(),
      wording: z.string().describe('The demand as the resolution words it'),
      summary: z.string(),
      kindLabel: z.string(),
      addressees: z.array(z.object({ code: z.string(), name: z.string() })),
    }),
    previous: z
      .object({
        status: z.enum(STATUSES),
        statusLabel: z.string(),
        asOf: z.iso.date().nullable(),
        update: z
          .object({ id: z.int(), reporter: z.string(), reporterName: z.string(), narrative: z.string() })
          .nullable()
          .describe('The status update the current status rests on; null while the demand has none'),
      })
      .describe('The demand’s status before this round releases anything'),
  })
  .meta({ id: 'RoundReviewItem' });
export type ReviewItemDto = z.infer<typeof reviewItemSchema>;

export const reviewQueueSchema = pageOf(reviewItemSchema, 'RoundReviewPage');
export const reviewQueueQuery = z.strictObject({
  limit: pageQuery.limit,
  offset: pageQuery.offset,
  state: csv(z.enum(DRAFT_STATES), DRAFT_STATES.length)
    .optional()
    .describe('Draft states in the queue; default: submitted (waiting for review)'),
});

export const remindNowSchema = z
  .strictObject({ group: z.string().trim().min(2).max(40).describe('The Land or working group to remind now') })
  .meta({ id: 'RoundReminderRequest' });
export const remindNowResultSchema = z
  .object({
    group: z.string(),
    missing: z.int().describe('Items the group has not yet submitted'),
    queued: z.int().describe('Mails queued (one per active editor of the group)'),
    pending: z.int().describe('Mails waiting to be sent over SMTP (without SMTP they stay in the outbox)'),
  })
  .meta({ id: 'RoundReminderResult' });
