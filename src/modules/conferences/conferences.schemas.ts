import { z } from 'zod';
import { CONFERENCE_KINDS, LAND_CODES } from '../../domain/vocab.js';
import { pageOf, pageQuery } from '../../shared/api.js';

const isoDate = z.iso.date();
const inputDate = z.iso.date().max(10);

export const conferenceSchema = z
  .object({
    number: z.int().describe('Ordinal number of the conference, e.g. 20 for the 20. IntMK'),
    year: z.int(),
    kind: z.enum(CONFERENCE_KINDS),
    kindLabel: z.string(),
    title: z.string().describe('German title, e.g. „20. IntMK 2025“'),
    startDate: isoDate.nullable(),
    endDate: isoDate.nullable(),
    place: z.string().nullable(),
    chairLand: z.enum(LAND_CODES).nullable(),
    note: z.string().nullable(),
    resolutionCount: z.int(),
    created: z.iso.datetime(),
    modified: z.iso.datetime(),
  })
  .meta({ id: 'Conference' });
export type ConferenceDto = z.infer<typeof conferenceSchema>;

const conferenceFields = {
  number: z.int().min(1).max(999),
  year: z.int().min(2000).max(2100),
  kind: z.enum(CONFERENCE_KINDS).default('hauptkonferenz'),
  startDate: inputDate.nullable().default(null),
  endDate: inputDate.nullable().default(null),
  place: z.string().trim().min(1).max(200).nullable().default(null),
  chairLand: z.enum(LAND_CODES).nullable().default(null),
  note: z.string().max(2000).nullable().default(null),
};

export const conferenceCreateSchema = z.strictObject(conferenceFields).meta({ id: 'ConferenceCreate' });
export type ConferenceCreate = z.infer<typeof conferenceCreateSchema>;

export const conferencePatchSchema = z
  .strictObject({
    number: conferenceFields.number,
    year: conferenceFields.year,
    kind: z.enum(CONFERENCE_KINDS),
    startDate: inputDate.nullable(),
    endDate: inputDate.nullable(),
    place: conferenceFields.place.unwrap().unwrap().nullable(),
    chairLand: z.enum(LAND_CODES).nullable(),
    note: z.string().max(2000).nullable(),
  })
  .partial()
  .meta({ id: 'ConferencePatch' });
export type ConferencePatch = z.infer<typeof conferencePatchSchema>;

export const conferencePageSchema = pageOf(conferenceSchema, 'ConferencePage');
export const conferenceListQuery = z.strictObject({
  ...pageQuery,
  year: z.coerce.number().int().optional(),
  kind: z.enum(CONFERENCE_KINDS).optional(),
  sort: z.enum(['number', '-number']).default('number'),
});
export const conferenceParams = z.object({
  number: z.coerce.number().int().positive().describe('Ordinal number of the conference'),
});
