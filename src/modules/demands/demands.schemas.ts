import { z } from 'zod';
import { BODY_KINDS, DEMAND_KINDS, STATUSES, THREAD_RELATIONS, VISIBILITIES } from '../../domain/vocab.js';
import { csv, pageOf, pageQuery, queryBool } from '../../shared/api.js';
import { currentStatusSchema, statusUpdateSchema } from '../status/status.schemas.js';

const addresseeRef = z.object({ code: z.string(), name: z.string(), kind: z.enum(BODY_KINDS) }).meta({ id: 'AddresseeRef' });

const threadRef = z
  .object({ id: z.int(), title: z.string(), relation: z.enum(THREAD_RELATIONS), position: z.int() })
  .meta({ id: 'ThreadRef' });

export const demandSchema = z
  .object({
    id: z.int(),
    resolution: z.object({ id: z.int(), conference: z.int(), top: z.string(), title: z.string() }).meta({ id: 'ResolutionRef' }),
    ziffer: z.string().nullable(),
    position: z.int(),
    kind: z.enum(DEMAND_KINDS),
    kindLabel: z.string(),
    wording: z.string(),
    summary: z.string(),
    addressees: z.array(addresseeRef),
    topics: z.array(z.string()),
    dueDate: z.iso.date().nullable(),
    dueConference: z.int().nullable(),
    responsible: z.array(z.string()).describe('Land or working-group codes following the demand up'),
    leadAddressee: z.string().nullable().describe('The addressee asked to lead (federführend), one of the addressees'),
    reportBack: z.boolean().describe('The addressees are asked to report back to the IntMK'),
    visibility: z.enum(VISIBILITIES),
    status: currentStatusSchema.describe(
      'Overall status: for several addressees derived from their statuses by one rule (src/domain/status.ts)',
    ),
    statusByAddressee: z
      .array(
        z
          .object({
            code: z.string(),
            key: z.enum(STATUSES),
            label: z.string(),
            asOf: z.iso.date().nullable(),
            updateId: z.int().nullable(),
          })
          .meta({ id: 'AddresseeStatus' }),
      )
      .describe('Status per addressee: the latest update concerning it (its own or one for all addressees)'),
    raisedOn: z.iso.date().describe('Date of the conference that raised the demand'),
    openSince: z.iso.date().nullable().describe('Null once the demand is closed'),
    yearsOpen: z.int().nullable(),
    overdue: z.boolean(),
    thread: threadRef.nullable().describe('The first of its threads (by thread id); see `threads` for all'),
    threads: z.array(threadRef).describe('Every thread the demand belongs to (a demand joining two matters is in both)'),
    created: z.iso.datetime(),
    modified: z.iso.datetime(),
  })
  .meta({ id: 'Demand' });
export type DemandDto = z.infer<typeof demandSchema>;
export const demandSummarySchema = demandSchema;

export const demandDetailSchema = demandSchema
  .extend({ statusHistory: z.array(statusUpdateSchema).describe('All updates, newest first, retracted ones included') })
  .meta({ id: 'DemandDetail' });
export type DemandDetailDto = z.infer<typeof demandDetailSchema>;

const code = z.string().trim().min(2).max(40);
const writable = {
  ziffer: z.string().trim().min(1).max(10).nullable(),
  kind: z.enum(DEMAND_KINDS),
  wording: z.string().trim().min(1).max(20_000),
  summary: z.string().trim().min(1).max(500),
  addressees: z.array(code).min(1).max(30),
  topics: z.array(z.string().trim().min(1).max(60)).max(20),
  dueDate: z.iso.date().max(10).nullable(),
  dueConference: z.int().positive().nullable(),
  responsible: z.array(code).max(20),
  leadAddressee: code.nullable().describe('Federführend: one of the addressees'),
  reportBack: z.boolean().describe('„und die IntMK entsprechend zu informieren“'),
  visibility: z.enum(VISIBILITIES),
};
export const demandCreateSchema = z
  .strictObject({
    ...writable,
    ziffer: writable.ziffer.default(null),
    topics: writable.topics.default([]),
    dueDate: writable.dueDate.default(null),
    dueConference: writable.dueConference.default(null),
    responsible: writable.responsible.default([]),
    leadAddressee: writable.leadAddressee.default(null),
    reportBack: writable.reportBack.default(false),
    visibility: writable.visibility.default('public'),
  })
  .meta({ id: 'DemandCreate' });
export type DemandCreate = z.infer<typeof demandCreateSchema>;
export const demandPatchSchema = z.strictObject(writable).partial().meta({ id: 'DemandPatch' });
export type DemandPatch = z.infer<typeof demandPatchSchema>;

export const demandPageSchema = pageOf(demandSchema, 'DemandPage');
export const demandListQuery = z.strictObject({
  ...pageQuery,
  conference: csv(z.coerce.number().int().positive(), 100).optional().describe('Conference number(s)'),
  resolution: z.coerce.number().int().positive().optional(),
  addressee: csv(z.string().max(40), 50).optional().describe('Addressee code(s); any of them'),
  kind: csv(z.enum(DEMAND_KINDS), DEMAND_KINDS.length).optional(),
  topic: z.string().max(60).optional(),
  status: csv(z.enum(STATUSES), STATUSES.length).optional().describe('Current (derived) status'),
  responsible: z.string().max(40).optional().describe('Land or working-group code'),
  open: queryBool.optional().describe('Only demands not yet closed (fulfilled, rejected, obsolete, report delivered)'),
  overdue: queryBool.optional().describe('Only open demands past their due date or due conference'),
  thread: z.coerce.number().int().positive().optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Words in the wording or summary'),
  visibility: z.enum(VISIBILITIES).optional(),
  sort: z.enum(['position', '-position', 'modified', '-modified', 'status', 'due']).default('position'),
});
export type DemandListQuery = z.infer<typeof demandListQuery>;
