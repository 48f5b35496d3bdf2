import { z } from 'zod';
import { ADOPTIONS, LAND_CODES, NOTE_KINDS, VISIBILITIES, VOTES } from '../../domain/vocab.js';
import { csv, pageOf, pageQuery } from '../../shared/api.js';
import { demandSummarySchema } from '../demands/demands.schemas.js';

const land = z.enum(LAND_CODES);
const lands = z.array(land).min(1).max(LAND_CODES.length);
const inputDate = z.iso.date().max(10);

const topId = z
  .string()
  .trim()
  .max(20)
  .regex(/^[A-Z0-9]{1,3}(\.[0-9a-z]{1,3}){0,3}$/, 'TOP wie gedruckt, z. B. 4.5, 2.1.a, A oder A3')
  .describe('Agenda item id as printed, without spaces: `4.5`, `2.1.a`, `A`, `A3` (printed `A 3`)');

export const zifferSchema = z
  .object({
    number: z.string().min(1).max(10),
    heading: z.string().nullable().describe('Heading printed above the Ziffer, if any'),
    text: z.string().min(1).max(50_000),
  })
  .meta({ id: 'Ziffer' });

export const protocolNoteSchema = z
  .object({
    kind: z.enum(NOTE_KINDS),
    lands: z.array(land).min(1),
    ziffer: z.string().max(10).nullable().describe('The Ziffer the note refers to, if any'),
    demandId: z.int().nullable().describe('The demand of this resolution the note is about, if any'),
    budgetReservation: z.boolean().describe('The note is these Länder’s budget reservation (not the resolution’s own)'),
    text: z.string().min(1).max(20_000),
    visibility: z.enum(VISIBILITIES),
  })
  .meta({ id: 'ProtocolNote' });

const voteRecordSchema = z
  .object({
    yes: z.int(),
    no: z.int(),
    abstentions: z.int(),
    label: z.string().describe('z. B. „14 Ja, 1 Nein (BY), 1 Enthaltung (SN)“'),
    byLand: z.array(z.object({ land, vote: z.enum(VOTES), voteLabel: z.string() })),
  })
  .meta({ id: 'VoteRecord', description: 'Abstimmung der Länder laut interner Niederschrift; nie öffentlich' });

const circularSchema = z
  .object({ number: z.string().min(1).max(20).describe('e.g. `01/2023`'), date: z.iso.date() })
  .meta({ id: 'Circular' });

const resolutionBase = {
  id: z.int(),
  conference: z.int().describe('Number of the conference'),
  top: z.string(),
  agendaHeading: z.string().nullable(),
  title: z.string(),
  proposers: z.array(land),
  allLaender: z.boolean().describe('Proposed by all Länder'),
  coordinatingLand: land.nullable(),
  greenList: z.string().nullable(),
  adoption: z.enum(ADOPTIONS),
  adoptionLabel: z.string(),
  mergedIntoTop: z.string().nullable(),
  circular: circularSchema.nullable(),
  budgetReservation: z.string().nullable().describe('The resolution’s own budget reservation; one Land’s is a protocol note'),
  subtitle: z.string().nullable(),
  withdrawnBy: z.array(land).nullable().describe('Who withdrew the item („Rücknahme Berlin“)'),
  visibility: z.enum(VISIBILITIES),
  demandCount: z.int(),
  created: z.iso.datetime(),
  modified: z.iso.datetime(),
};

export const resolutionSummarySchema = z.object(resolutionBase).meta({ id: 'ResolutionSummary' });
export type ResolutionSummaryDto = z.infer<typeof resolutionSummarySchema>;

export const resolutionSchema = z
  .object({
    ...resolutionBase,
    preamble: z.string().nullable(),
    reasoning: z.string().nullable().describe('Begründung (interne Niederschrift); in der öffentlichen Sicht immer null'),
    votes: voteRecordSchema.nullable().describe('Abstimmung der Länder; null, wenn keine erfasst ist, und in der öffentlichen Sicht immer'),
    ziffern: z.array(zifferSchema),
    closingText: z.string().nullable().describe('Text after the last Ziffer'),
    notes: z.array(protocolNoteSchema),
    demands: z.array(demandSummarySchema),
  })
  .meta({ id: 'Resolution' });
export type ResolutionDto = z.infer<typeof resolutionSchema>;

const noteInput = z.strictObject({
  kind: z.enum(NOTE_KINDS).default('protokollnotiz'),
  lands,
  ziffer: z.string().max(10).nullable().default(null),
  demandId: z.int().positive().nullable().default(null).describe('A demand of this resolution'),
  budgetReservation: z.boolean().default(false),
  text: z.string().trim().min(1).max(20_000),
  visibility: z.enum(VISIBILITIES).default('public'),
});

const writable = {
  top: topId,
  agendaHeading: z.string().trim().max(500).nullable(),
  title: z.string().trim().min(1).max(1000),
  proposers: z.union([z.literal('all'), lands]).describe('`"all"` for all Länder, or the Land codes in printed order'),
  coordinatingLand: land.nullable(),
  greenList: z.string().trim().max(20).nullable(),
  adoption: z.enum(ADOPTIONS),
  mergedIntoTop: topId.nullable(),
  circular: z.strictObject({ number: z.string().trim().min(1).max(20), date: inputDate }).nullable(),
  budgetReservation: z.string().trim().max(5000).nullable(),
  subtitle: z.string().trim().max(1000).nullable(),
  withdrawnBy: lands.nullable(),
  preamble: z.string().max(100_000).nullable(),
  ziffern: z
    .array(
      z.strictObject({
        number: z.string().trim().min(1).max(10),
        heading: z.string().trim().min(1).max(1000).nullable().default(null),
        text: z.string().trim().min(1).max(50_000),
      }),
    )
    .max(200),
  closingText: z.string().trim().max(50_000).nullable(),
  notes: z.array(noteInput).max(100),
  reasoning: z.string().trim().min(1).max(50_000).nullable().describe('Begründung; bleibt intern, auch bei einem öffentlichen Beschluss'),
  votes: z
    .array(z.strictObject({ land, vote: z.enum(VOTES) }))
    .max(LAND_CODES.length)
    .describe('Stimme je Land laut interner Niederschrift (leer: keine erfasst); bleibt intern'),
  visibility: z.enum(VISIBILITIES),
};

export const resolutionCreateSchema = z
  .strictObject({
    ...writable,
    agendaHeading: writable.agendaHeading.default(null),
    coordinatingLand: writable.coordinatingLand.default(null),
    greenList: writable.greenList.default(null),
    mergedIntoTop: writable.mergedIntoTop.default(null),
    circular: writable.circular.default(null),
    budgetReservation: writable.budgetReservation.default(null),
    subtitle: writable.subtitle.default(null),
    withdrawnBy: writable.withdrawnBy.default(null),
    closingText: writable.closingText.default(null),
    preamble: writable.preamble.default(null),
    ziffern: writable.ziffern.default([]),
    notes: writable.notes.default([]),
    reasoning: writable.reasoning.default(null),
    votes: writable.votes.default([]),
    visibility: writable.visibility.default('public'),
  })
  .meta({ id: 'ResolutionCreate' });
export type ResolutionCreate = z.infer<typeof resolutionCreateSchema>;

export const resolutionPatchSchema = z
  .strictObject(writable)
  .partial()
  .meta({ id: 'ResolutionPatch', description: 'Fields to change; `ziffern`, `notes` and `votes` replace the whole list when given.' });
export type ResolutionPatch = z.infer<typeof resolutionPatchSchema>;

export const resolutionPageSchema = pageOf(resolutionSummarySchema, 'ResolutionPage');

export const resolutionFilters = {
  proposer: land.optional().describe('Resolutions this Land proposed (also those of all Länder)'),
  adoption: csv(z.enum(ADOPTIONS), ADOPTIONS.length).optional().describe('One or more adoption kinds, comma-separated'),
  q: z.string().trim().min(1).max(200).optional().describe('Words in the title or text'),
  visibility: z.enum(VISIBILITIES).optional(),
  sort: z.enum(['top', '-top', 'modified', '-modified']).default('top'),
};

export const resolutionListQuery = z.strictObject({
  ...pageQuery,
  ...resolutionFilters,
  conference: csv(z.coerce.number().int().positive(), 100).optional().describe('Conference number(s), comma-separated'),
});
export const conferenceResolutionListQuery = z.strictObject({ ...pageQuery, ...resolutionFilters });
