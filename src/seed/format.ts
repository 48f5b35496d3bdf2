// The format of the files in `seeds/`: plain JSON a reviewer can read and diff.
// Every file is parsed with these schemas before anything is written, so a typo in a
// Land code, an addressee or a demand key fails the seed with a precise message.
import { z } from 'zod';
import {
  ADOPTIONS,
  BODY_KINDS,
  CONFERENCE_KINDS,
  DEMAND_KINDS,
  EVIDENCE_KINDS,
  LAND_CODES,
  NOTE_KINDS,
  STATUSES,
  THREAD_RELATIONS,
  VISIBILITIES,
} from '../domain/vocab.js';

const isoDate = z.iso.date();
const land = z.enum(LAND_CODES);
/** A Land code (BW…TH) or the code of a body (BUND, KMK, LAG-MONITORING, …). */
const actorCode = z.string().min(2);

export const seedConferenceSchema = z.strictObject({
  number: z.int().positive(),
  year: z.int(),
  kind: z.enum(CONFERENCE_KINDS),
  startDate: isoDate.nullable(),
  endDate: isoDate.nullable(),
  place: z.string().nullable(),
  chairLand: land.nullable(),
  /** The file in seeds/sources this conference was transcribed from, if any. */
  source: z.string().nullable(),
  note: z.string().nullable().default(null),
});

export const seedBodySchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9-]+$/),
  name: z.string(),
  kind: z.enum(BODY_KINDS),
});

export const seedDemandSchema = z.strictObject({
  /** Globally unique: `<conference>/<TOP>/<Ziffer or t>` plus `b`, `c`… for further demands of one Ziffer. */
  key: z.string().regex(/^\d+\/[A-Z0-9.a-z]+\/(\d+|t)[b-z]?$/),
  ziffer: z.string().nullable(),
  kind: z.enum(DEMAND_KINDS),
  addressees: z.array(actorCode).min(1),
  wording: z.string().min(1),
  summary: z.string().min(1),
  topics: z.array(z.string()).default([]),
  dueDate: isoDate.nullable().default(null),
  dueConference: z.int().nullable().default(null),
  /** Only a Land (or body) a document names as coordinating; otherwise empty, for the chair to assign. */
  responsible: z.array(actorCode).default([]),
  /** The addressee asked to lead („federführend“), one of `addressees`. */
  leadAddressee: actorCode.nullable().default(null),
  /** „… und die IntMK entsprechend zu informieren“: a duty to report back. */
  reportBack: z.boolean().default(false),
  visibility: z.enum(VISIBILITIES).default('public'),
});

export const seedResolutionSchema = z.strictObject({
  top: z.string().min(1),
  agendaHeading: z.string().nullable(),
  title: z.string().min(1),
  proposers: z.union([z.literal('all'), z.array(land)]),
  coordinatingLand: land.nullable().default(null),
  greenList: z.string().nullable().default(null),
  adoption: z.enum(ADOPTIONS),
  mergedIntoTop: z.string().nullable().default(null),
  circular: z.strictObject({ number: z.string(), date: isoDate }).nullable().default(null),
  /** The resolution's own reservation; one Land's reservation is a note with `budgetReservation`. */
  budgetReservation: z.string().nullable().default(null),
  subtitle: z.string().nullable().default(null),
  /** „Rücknahme Berlin“: who withdrew a withdrawn item. */
  withdrawnBy: z.array(land).nullable().default(null),
  visibility: z.enum(VISIBILITIES).default('public'),
  /** Text before the first numbered Ziffer (or the whole text when there are none). */
  preamble: z.string().nullable().default(null),
  ziffern: z.array(z.strictObject({ number: z.string(), heading: z.string().nullable().default(null), text: z.string() })).default([]),
  /** Text after the last Ziffer. */
  closingText: z.string().nullable().default(null),
  notes: z
    .array(
      z.strictObject({
        kind: z.enum(NOTE_KINDS),
        lands: z.array(land).min(1),
        ziffer: z.string().nullable().default(null),
        /** Key of the demand of this resolution the note is about. */
        demand: z.string().nullable().default(null),
        budgetReservation: z.boolean().default(false),
        text: z.string().min(1),
        visibility: z.enum(VISIBILITIES).default('public'),
      }),
    )
    .default([]),
  demands: z.array(seedDemandSchema).default([]),
});

export const seedConferenceRecordSchema = z.strictObject({
  conference: z.int(),
  source: z.string(),
  bodies: z.array(seedBodySchema).default([]),
  resolutions: z.array(seedResolutionSchema),
});

export const seedThreadSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  description: z.string().nullable().default(null),
  origin: z.strictObject({ text: z.string(), citation: z.string() }).nullable().default(null),
  /** What the documents say about earlier raisings (before the record); first-raised derives from them. */
  mentions: z
    .array(
      z.strictObject({
        year: z.int(),
        conference: z.int().nullable().default(null),
        text: z.string().min(1),
        citation: z.string().min(1),
      }),
    )
    .default([]),
  members: z.array(z.strictObject({ demand: z.string(), relation: z.enum(THREAD_RELATIONS) })).min(1),
});

export const seedStatusUpdateSchema = z.strictObject({
  demand: z.string(),
  status: z.enum(STATUSES),
  asOf: isoDate,
  narrative: z.string().min(1),
  reporter: actorCode,
  evidence: z
    .array(
      z.strictObject({
        kind: z.enum(EVIDENCE_KINDS),
        citation: z.string().min(1),
        date: isoDate.nullable().default(null),
        url: z.url().nullable().default(null),
      }),
    )
    .min(1),
});

export type SeedConference = z.infer<typeof seedConferenceSchema>;
export type SeedConferenceRecord = z.infer<typeof seedConferenceRecordSchema>;
export type SeedThread = z.infer<typeof seedThreadSchema>;
export type SeedStatusUpdate = z.infer<typeof seedStatusUpdateSchema>;
