import { z } from 'zod';
import { EVIDENCE_KINDS, STATUSES, VISIBILITIES } from '../../domain/vocab.js';
import { csv, pageOf, pageQuery, queryBool } from '../../shared/api.js';

/** A calendar date in a request; the format already bounds it, `max` states it for the schema. */
const isoDate = () => z.iso.date().max(10);

export const evidenceSchema = z
  .object({
    kind: z.enum(EVIDENCE_KINDS),
    kindLabel: z.string(),
    citation: z.string(),
    date: z.iso.date().nullable(),
    url: z.string().nullable(),
    visibility: z.enum(VISIBILITIES),
  })
  .meta({ id: 'Evidence' });

export const retractionSchema = z
  .object({
    id: z.int(),
    reason: z.string(),
    reporter: z.string(),
    replacementId: z.int().nullable().describe('The update that corrected the retracted one, if any'),
    created: z.iso.datetime(),
  })
  .meta({ id: 'Retraction' });

export const statusUpdateSchema = z
  .object({
    id: z.int(),
    demandId: z.int(),
    status: z.enum(STATUSES),
    statusLabel: z.string(),
    asOf: z.iso.date().describe('Date the Sachstand refers to'),
    narrative: z.string().describe('Sachstand'),
    reporter: z.string().describe('Code of the reporting Land, body or working group'),
    reporterName: z.string(),
    evidence: z.array(evidenceSchema),
    correctsId: z.int().nullable().describe('The earlier update this one corrects'),
    addressee: z.string().nullable().describe('The addressee (body code) the update concerns; null: all addressees of the demand'),
    retracted: z.boolean(),
    retraction: retractionSchema.nullable(),
    visibility: z.enum(VISIBILITIES),
    created: z.iso.datetime(),
    modified: z.iso.datetime().describe('When it was retracted, else when it was created: updates never change otherwise'),
  })
  .meta({ id: 'StatusUpdate' });
export type StatusUpdateDto = z.infer<typeof statusUpdateSchema>;

export const currentStatusSchema = z
  .object({
    key: z.enum(STATUSES),
    label: z.string(),
    asOf: z.iso.date().nullable(),
    updateId: z.int().nullable().describe('The update the status is derived from; null when there is none (offen)'),
  })
  .meta({ id: 'CurrentStatus' });

const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.domain }).max(2000);

export const evidenceInputSchema = z.strictObject({
  kind: z.enum(EVIDENCE_KINDS),
  citation: z.string().trim().min(1).max(1000),
  date: isoDate().nullable().default(null),
  url: httpUrl.nullable().default(null),
  visibility: z.enum(VISIBILITIES).default('public'),
});

export const statusUpdateCreateSchema = z
  .strictObject({
    status: z.enum(STATUSES),
    asOf: isoDate(),
    narrative: z.string().trim().min(1).max(20_000),
    reporter: z.string().trim().min(2).max(40).describe('Land code (BW…TH) or body code'),
    evidence: z.array(evidenceInputSchema).max(50).default([]),
    visibility: z.enum(VISIBILITIES).default('public'),
    addressee: z
      .string()
      .trim()
      .min(2)
      .max(40)
      .nullable()
      .default(null)
      .describe("The addressee the update concerns (one of the demand's); null: all of them"),
    corrects: z
      .int()
      .positive()
      .nullable()
      .default(null)
      .describe('Id of an earlier update of the same demand that this one corrects (it is then retracted)'),
    correctionReason: z.string().trim().min(1).max(2000).nullable().default(null),
  })
  .meta({ id: 'StatusUpdateCreate' });
export type StatusUpdateCreate = z.infer<typeof statusUpdateCreateSchema>;

export const retractionCreateSchema = z
  .strictObject({
    reason: z.string().trim().min(1).max(2000),
    reporter: z.string().trim().min(2).max(40),
  })
  .meta({ id: 'RetractionCreate' });

export const statusUpdatePageSchema = pageOf(statusUpdateSchema, 'StatusUpdatePage');
export const statusUpdateListQuery = z.strictObject({
  ...pageQuery,
  since: isoDate().optional().describe('as-of date on or after'),
  until: isoDate().optional().describe('as-of date on or before'),
  status: csv(z.enum(STATUSES), STATUSES.length).optional(),
  reporter: z.string().max(40).optional(),
  demand: z.coerce.number().int().positive().optional(),
  conference: z.coerce.number().int().positive().optional(),
  retracted: queryBool.optional(),
  sort: z.enum(['asOf', '-asOf', 'created', '-created']).default('-asOf'),
});
export type StatusUpdateListQuery = z.infer<typeof statusUpdateListQuery>;
