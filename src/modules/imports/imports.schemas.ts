// The import draft: what the parser read from a document, reviewed and corrected by a person
// before it is committed. It is an API response too, so the schema is written for clients.
import { z } from 'zod';
import { ADOPTIONS, CONFERENCE_KINDS, DEMAND_KINDS, LAND_CODES, NOTE_KINDS, THREAD_RELATIONS } from '../../domain/vocab.js';
import { pageOf, pageQuery } from '../../shared/api.js';

const land = z.enum(LAND_CODES);
const isoDate = z.iso.date();
/** Dates in request bodies: bounded like every request string. */
const dateInput = z.iso.date().max(10);
/** Every Land at most once. */
const landList = z.array(land).max(LAND_CODES.length);

export const CUE_KINDS = ['cue_word', 'explicit_reference'] as const;
export const SUGGESTION_DECISIONS = ['pending', 'accepted', 'rejected'] as const;
export const DRAFT_STATUSES = ['draft', 'committed'] as const;
export const REASON_KINDS = ['explicit_reference', 'cue_word', 'text_similarity'] as const;

export const importConferenceSchema = z
  .object({
    number: z.int().min(1).max(999).nullable(),
    year: z.int().min(2000).max(2100).nullable(),
    kind: z.enum(CONFERENCE_KINDS),
    startDate: isoDate.nullable(),
    endDate: isoDate.nullable(),
    place: z.string().nullable(),
    chairLand: land.nullable(),
  })
  .meta({ id: 'ImportConference' });
export type ImportConference = z.infer<typeof importConferenceSchema>;

export const reiterationCueSchema = z
  .object({
    kind: z.enum(CUE_KINDS),
    text: z.string().describe('The words as printed, e.g. „erneut“ or „TOP 6.2 der 14. IntMK 2019“'),
    conference: z.int().nullable().describe('Conference an explicit reference points at'),
    top: z.string().nullable().describe('TOP an explicit reference points at'),
  })
  .meta({ id: 'ReiterationCue' });
export type ReiterationCue = z.infer<typeof reiterationCueSchema>;

export const linkSuggestionSchema = z
  .object({
    id: z.string().describe('Stable within the draft, e.g. `4.5-2:d17`'),
    target: z.object({
      type: z.enum(['demand', 'thread']),
      id: z.int(),
      label: z.string().describe('German description of the target'),
    }),
    score: z.number().min(0).max(1),
    reasons: z.array(z.object({ kind: z.enum(REASON_KINDS), text: z.string().describe('German') })),
    decision: z.enum(SUGGESTION_DECISIONS),
    relation: z
      .enum(THREAD_RELATIONS)
      .describe('How the imported demand joins the thread when the suggestion is accepted (default: reiterated)'),
  })
  .meta({ id: 'ImportLinkSuggestion' });
export type LinkSuggestion = z.infer<typeof linkSuggestionSchema>;

/** An earlier raising the document mentions („seit 2011“), written to the demand's thread(s) at commit. */
export const importMentionSchema = z
  .object({
    year: z.int(),
    conference: z.int().nullable(),
    text: z.string().describe('The words of the document, e.g. „seit 2011“'),
    citation: z.string().describe('Where the document says so, e.g. „20. IntMK 2025, TOP 2.1.b“'),
  })
  .meta({ id: 'ImportMention' });

export const importDemandSchema = z
  .object({
    key: z.string().describe('Stable within the draft: `<TOP>-<Ziffer or t>` plus b, c … , e.g. `4.5-2b`'),
    ziffer: z.string().nullable(),
    kind: z.enum(DEMAND_KINDS),
    addressees: z.array(z.string()).describe('Body codes (BUND, KMK, …) or Land codes'),
    wording: z.string(),
    summary: z.string(),
    dueConference: z.int().nullable(),
    dueDate: isoDate.nullable(),
    topics: z.array(z.string()),
    responsible: z.array(z.string()).describe('Only a Land or body the document names as coordinating; otherwise empty'),
    leadAddressee: z.string().nullable().describe('The addressee asked to lead (federführend), one of the addressees'),
    reportBack: z.boolean().describe('„und die IntMK entsprechend zu informieren“: a duty to report back'),
    mentions: z
      .array(importMentionSchema)
      .describe('Earlier raisings the document mentions; at commit they go to the threads the demand joins, or start one with the demand'),
    cues: z.array(reiterationCueSchema),
    accepted: z.boolean().describe('Committed only when true; a reviewer rejects a false detection by setting it false'),
    suggestions: z.array(linkSuggestionSchema),
  })
  .meta({ id: 'ImportDemand' });
export type ImportDemand = z.infer<typeof importDemandSchema>;

export const importNoteSchema = z
  .object({
    kind: z.enum(NOTE_KINDS),
    lands: z.array(land),
    ziffer: z.string().nullable(),
    demand: z.string().nullable().describe('Key of the demand of this resolution the note is about, if any'),
    budgetReservation: z.boolean().describe('The note is these Länder’s budget reservation (not the resolution’s own)'),
    text: z.string(),
  })
  .meta({ id: 'ImportNote' });

export const importResolutionSchema = z
  .object({
    top: z.string(),
    greenList: z.string().nullable(),
    agendaHeading: z.string().nullable(),
    title: z.string(),
    subtitle: z.string().nullable(),
    proposers: z.union([z.literal('all'), z.array(land)]),
    coordinatingLand: land.nullable(),
    adoption: z.enum(ADOPTIONS),
    mergedIntoTop: z.string().nullable(),
    circular: z.object({ number: z.string(), date: isoDate }).nullable(),
    budgetReservation: z.string().nullable(),
    withdrawnBy: z.array(land).nullable().describe('Who withdrew the item („Rücknahme Berlin“)'),
    preamble: z.string().nullable(),
    ziffern: z.array(z.object({ number: z.string(), heading: z.string().nullable(), text: z.string() })),
    closingText: z.string().nullable().describe('Text after the last Ziffer'),
    notes: z.array(importNoteSchema),
    demands: z.array(importDemandSchema),
    included: z.boolean().describe('Committed only when true'),
  })
  .meta({ id: 'ImportResolution' });
export type ImportResolution = z.infer<typeof importResolutionSchema>;

/** What the parser produces from a text; pure data, no ids from the database. */
export const parsedDocumentSchema = z.object({
  conference: importConferenceSchema,
  resolutions: z.array(importResolutionSchema),
  warnings: z.array(z.string()).describe('German notes on what the parser could not read with certainty'),
});
export type ParsedDocument = z.infer<typeof parsedDocumentSchema>;

export const importDraftSchema = z
  .object({
    id: z.int(),
    status: z.enum(DRAFT_STATUSES),
    fingerprint: z.string().describe('sha256 of the normalized text'),
    source: z.object({
      filename: z.string().nullable(),
      contentType: z.enum(['application/pdf', 'text/plain']),
      pages: z.int().nullable(),
      characters: z.int(),
    }),
    ...parsedDocumentSchema.shape,
    counts: z.object({ resolutions: z.int(), demands: z.int(), suggestions: z.int() }),
    committedConference: z.int().nullable(),
    created: z.iso.datetime(),
    modified: z.iso.datetime(),
    committed: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ImportDraft' });
export type ImportDraftDto = z.infer<typeof importDraftSchema>;

export const importDraftSummarySchema = importDraftSchema.omit({ resolutions: true, warnings: true }).meta({ id: 'ImportDraftSummary' });
export type ImportDraftSummaryDto = z.infer<typeof importDraftSummarySchema>;
export const importDraftPageSchema = pageOf(importDraftSummarySchema, 'ImportDraftPage');
export const importListQuery = z.strictObject({
  limit: pageQuery.limit,
  offset: pageQuery.offset,
  status: z.enum(DRAFT_STATUSES).optional().describe('Only drafts still open for review, or only committed ones'),
});

export const importIdParam = z.object({ id: z.coerce.number().int().positive().describe('Draft id') });
export const importCreateQuery = z.strictObject({
  filename: z.string().trim().min(1).max(255).optional().describe('Original file name, for the record'),
});

// The limits of the corrections are those of the record's own schemas, so whatever a draft
// accepts the commit can write.
export const importConferencePatchSchema = z
  .strictObject({
    number: z.int().min(1).max(999),
    year: z.int().min(2000).max(2100),
    kind: z.enum(CONFERENCE_KINDS),
    startDate: dateInput.nullable(),
    endDate: dateInput.nullable(),
    place: z.string().trim().min(1).max(200).nullable(),
    chairLand: land.nullable(),
  })
  .partial()
  .meta({ id: 'ImportConferencePatch' });

export const importResolutionPatchSchema = z
  .strictObject({
    greenList: z.string().trim().max(20).nullable(),
    agendaHeading: z.string().trim().max(500).nullable(),
    title: z.string().trim().min(1).max(1000),
    proposers: z.union([z.literal('all'), landList]),
    coordinatingLand: land.nullable(),
    adoption: z.enum(ADOPTIONS),
    mergedIntoTop: z.string().trim().max(20).nullable(),
    budgetReservation: z.string().trim().max(5000).nullable(),
    subtitle: z.string().trim().max(1000).nullable(),
    withdrawnBy: landList.min(1).nullable(),
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
    notes: z
      .array(
        z.strictObject({
          kind: z.enum(NOTE_KINDS),
          lands: landList.min(1),
          ziffer: z.string().max(10).nullable(),
          demand: z.string().trim().min(1).max(40).nullable().default(null).describe('Key of a demand of this resolution'),
          budgetReservation: z.boolean().default(false),
          text: z.string().trim().min(1).max(20_000),
        }),
      )
      .max(100),
    included: z.boolean(),
  })
  .partial()
  .meta({ id: 'ImportResolutionPatch', description: 'Fields to correct; `ziffern` and `notes` replace the whole list.' });
export type ImportResolutionPatch = z.infer<typeof importResolutionPatchSchema>;

export const importDemandPatchSchema = z
  .strictObject({
    ziffer: z.string().trim().min(1).max(10).nullable(),
    kind: z.enum(DEMAND_KINDS),
    addressees: z.array(z.string().trim().min(2).max(40)).min(1).max(30),
    wording: z.string().trim().min(1).max(20_000),
    summary: z.string().trim().min(1).max(500),
    dueConference: z.int().positive().nullable(),
    dueDate: dateInput.nullable(),
    topics: z.array(z.string().trim().min(1).max(100)).max(20),
    responsible: z.array(z.string().trim().min(2).max(40)).max(20),
    leadAddressee: z.string().trim().min(2).max(40).nullable().describe('Federführend: one of the addressees'),
    reportBack: z.boolean(),
    mentions: z
      .array(
        z.strictObject({
          year: z.int().min(1949).max(2100),
          conference: z.int().positive().nullable().default(null),
          text: z.string().trim().min(1).max(2000),
          citation: z.string().trim().min(1).max(500),
        }),
      )
      .max(50)
      .describe('Replaces the whole list'),
    accepted: z.boolean(),
  })
  .partial()
  .meta({ id: 'ImportDemandPatch' });
export type ImportDemandPatch = z.infer<typeof importDemandPatchSchema>;

export const importSuggestionDecisionSchema = z
  .strictObject({
    decision: z.enum(SUGGESTION_DECISIONS),
    relation: z
      .enum(THREAD_RELATIONS)
      .exclude(['raised_first'])
      .optional()
      .describe('How the demand joins the thread (default: as before, initially reiterated)'),
  })
  .meta({ id: 'ImportSuggestionDecision' });

export const importCommitResultSchema = z
  .object({
    draft: z.int(),
    conference: z.int(),
    resolutions: z.int(),
    demands: z.int(),
    threadLinks: z.int().describe('Accepted suggestions written as thread memberships'),
    threadMentions: z.int().describe('Earlier raisings the document mentions, written to threads'),
  })
  .meta({ id: 'ImportCommitResult' });
export type ImportCommitResult = z.infer<typeof importCommitResultSchema>;
