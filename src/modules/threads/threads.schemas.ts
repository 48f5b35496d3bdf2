import { z } from 'zod';
import { STATUSES, THREAD_RELATIONS } from '../../domain/vocab.js';
import { pageOf, pageQuery, queryBool } from '../../shared/api.js';
import { demandSchema } from '../demands/demands.schemas.js';
import { currentStatusSchema } from '../status/status.schemas.js';

const originSchema = z
  .object({
    text: z.string().describe('e.g. „fast durchgängig seit 2011“'),
    citation: z.string().describe('Where the documents say so'),
  })
  .meta({ id: 'ThreadOrigin' });

export const threadMentionSchema = z
  .object({
    year: z.int().describe('The year the documents say the demand was raised'),
    conference: z.int().nullable().describe('Number of the conference that raised it, when the documents name one'),
    text: z.string().describe('The words of the document, e.g. „fast durchgängig seit 2011“'),
    citation: z.string().describe('Where the documents say so, e.g. „20. IntMK 2025, TOP 2.1.b“'),
  })
  .meta({ id: 'ThreadMention', description: 'What the documents say about the demand before (or outside) the record' });

const threadBase = {
  id: z.int(),
  title: z.string(),
  description: z.string().nullable(),
  origin: originSchema.nullable(),
  mentions: z.array(threadMentionSchema).describe('Earlier raisings the documents mention, oldest first'),
  status: currentStatusSchema.describe('Status of the latest member demand'),
  firstRaised: z.int().describe('Year the demand was first raised: the earliest mention or member conference'),
  openSince: z.int().nullable().describe('Year, null once closed'),
  yearsOpen: z.int().nullable(),
  conferences: z.array(z.int()).describe('Numbers of the conferences with a member demand'),
  memberCount: z.int(),
  created: z.iso.datetime(),
  modified: z.iso.datetime(),
};

export const threadSummarySchema = z.object(threadBase).meta({ id: 'ThreadSummary' });
export type ThreadSummaryDto = z.infer<typeof threadSummarySchema>;

export const threadMemberSchema = z
  .object({
    position: z.int(),
    relation: z.enum(THREAD_RELATIONS),
    relationLabel: z.string(),
    demand: demandSchema,
  })
  .meta({ id: 'ThreadMember' });

export const timelineEntrySchema = z
  .object({
    date: z.iso.date(),
    kind: z.enum(['mention', 'raised', 'status']),
    conference: z.int().nullable(),
    demandId: z.int().nullable(),
    status: z.enum(STATUSES).nullable(),
    text: z.string().describe('German description of the event'),
  })
  .meta({ id: 'TimelineEntry' });

export const threadSchema = z
  .object({ ...threadBase, members: z.array(threadMemberSchema), timeline: z.array(timelineEntrySchema) })
  .meta({ id: 'Thread' });
export type ThreadDto = z.infer<typeof threadSchema>;

const originInput = z.strictObject({ text: z.string().trim().min(1).max(500), citation: z.string().trim().min(1).max(500) });
const mentionInput = z.strictObject({
  year: z.int().min(1949).max(2100),
  conference: z.int().positive().nullable().default(null),
  text: z.string().trim().min(1).max(2000),
  citation: z.string().trim().min(1).max(500),
});
const memberInput = z.strictObject({
  demandId: z.int().positive(),
  relation: z.enum(THREAD_RELATIONS),
});

export const threadCreateSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(500),
    description: z.string().trim().max(10_000).nullable().default(null),
    origin: originInput.nullable().default(null),
    mentions: z.array(mentionInput).max(50).default([]),
    members: z.array(memberInput).max(100).default([]),
  })
  .meta({ id: 'ThreadCreate' });
export type ThreadCreate = z.infer<typeof threadCreateSchema>;

export const threadPatchSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(500),
    description: z.string().trim().max(10_000).nullable(),
    origin: originInput.nullable(),
    mentions: z.array(mentionInput).max(50).describe('Replaces the whole list'),
  })
  .partial()
  .meta({ id: 'ThreadPatch' });
export type ThreadPatch = z.infer<typeof threadPatchSchema>;

export const threadMemberCreateSchema = memberInput
  .extend({ position: z.int().min(0).optional().describe('Where to insert; at the end when omitted') })
  .meta({ id: 'ThreadMemberCreate' });
export const threadMemberPatchSchema = z.strictObject({ relation: z.enum(THREAD_RELATIONS) }).meta({ id: 'ThreadMemberPatch' });
export const threadOrderSchema = z
  .strictObject({ demandIds: z.array(z.int().positive()).min(1).max(100).describe('All member demand ids in the new order') })
  .meta({ id: 'ThreadOrder' });

export const threadPageSchema = pageOf(threadSummarySchema, 'ThreadPage');
export const threadListQuery = z.strictObject({
  ...pageQuery,
  conference: z.coerce.number().int().positive().optional().describe('Threads with a member demand of this conference'),
  status: z.enum(STATUSES).optional(),
  open: queryBool.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(['title', 'firstRaised', '-yearsOpen', '-modified']).default('firstRaised'),
});
export type ThreadListQuery = z.infer<typeof threadListQuery>;
