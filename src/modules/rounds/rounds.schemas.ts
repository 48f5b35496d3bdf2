import { z } from 'zod';
import { DRAFT_KINDS, DRAFT_STATES, MAIL_STATES, OBJECTION_STATES, ROUND_STATES } from '../../domain/rounds.js';
import { EVIDENCE_KINDS, STATUSES, VISIBILITIES } from '../../domain/vocab.js';
import { csv, pageOf, pageQuery, queryBool } from '../../shared/api.js';
import { evidenceInputSchema } from '../status/status.schemas.js';

const isoDate = () => z.iso.date().max(10);
const code = z.string().trim().min(2).max(40);

export const roundSchema = z
  .object({
    id: z.int(),
    conference: z.int().describe('Number of the conference whose Erfolgskontrolle the round prepares'),
    presentedTo: z.int().describe('Number of the conference it is presented to (the next one)'),
    asOf: z.iso.date().describe('Stichtag: the Sachstände speak as of this day'),
    deadline: z.iso.date().describe('Reply deadline for the Länder and working groups'),
    state: z.enum(ROUND_STATES),
    stateLabel: z.string(),
    excludeNotYetDue: z.boolean().describe('Mandates not yet due at the next conference were left out of the scope'),
    excludeStanding: z.boolean().describe('Standing self-commitments (no due date or conference) were left out of the scope'),
    objectionDays: z.int().describe('Days after release in which a Land may object to a released Sachstand'),
    objectionsUntil: z.iso.date().nullable().describe('Last day for objections; null before release'),
    reminderDays: z.array(z.int()).describe('Reminders go out this many days before the deadline, and once when overdue'),
    itemCount: z.int().describe('Demands in scope'),
    released: z.iso.datetime().nullable(),
    closed: z.iso.datetime().nullable(),
    created: z.iso.datetime(),
    modified: z.iso.datetime(),
  })
  .meta({ id: 'Round' });
export type RoundDto = z.infer<typeof roundSchema>;

export const roundCreateSchema = z
  .strictObject({
    conference: z.int().positive().describe('Number of the conference (N) whose demands the round asks about'),
    asOf: isoDate().describe('Stichtag'),
    deadline: isoDate().describe('Reply deadline'),
    excludeNotYetDue: z.boolean().default(true),
    excludeStanding: z.boolean().default(true),
    objectionDays: z.int().min(1).max(365).default(28),
    reminderDays: z.array(z.int().min(0).max(120)).max(10).default([14, 3]),
  })
  .meta({ id: 'RoundCreate' });
export type RoundCreate = z.infer<typeof roundCreateSchema>;

export const roundPatchSchema = z
  .strictObject({
    asOf: isoDate(),
    deadline: isoDate(),
    objectionDays: z.int().min(1).max(365),
    reminderDays: z.array(z.int().min(0).max(120)).max(10),
  })
  .partial()
  .meta({ id: 'RoundPatch' });
export type RoundPatch = z.infer<typeof roundPatchSchema>;

const paging = { limit: pageQuery.limit, offset: pageQuery.offset };
export const roundPageSchema = pageOf(roundSchema, 'RoundPage');
export const roundListQuery = z.strictObject({
  ...paging,
  conference: z.coerce.number().int().positive().optional(),
  state: z.enum(ROUND_STATES).optional(),
});

export const assignmentSchema = z
  .object({ code: z.string(), name: z.string(), lead: z.boolean().describe('federführend') })
  .meta({ id: 'RoundAssignment' });

export const answeredSchema = z
  .object({
    rounds: z.int().describe('Released rounds that asked about the demand'),
    answered: z.int().describe('Of them, rounds in which a Sachstand was released for it'),
    unansweredSince: z.int().describe('„unbeantwortet seit n Runden“: the latest released rounds in a row without a Sachstand'),
  })
  .meta({ id: 'RoundAnswered' });

export const roundItemSchema = z
  .object({
    demand: z.object({
      id: z.int(),
      conference: z.int(),
      top: z.string(),
      ziffer: z.string().nullable(),
      summary: z.string(),
      kind: z.string(),
      addressees: z.array(z.string()),
      topics: z.array(z.string()),
      status: z.enum(STATUSES),
      statusLabel: z.string(),
    }),
    assignments: z.array(assignmentSchema),
    drafts: z.array(z.object({ id: z.int(), group: z.string(), state: z.enum(DRAFT_STATES), addressee: z.string().nullable() })),
    answered: answeredSchema,
  })
  .meta({ id: 'RoundItem' });
export type RoundItemDto = z.infer<typeof roundItemSchema>;

export const roundItemPageSchema = pageOf(roundItemSchema, 'RoundItemPage');
export const roundItemQuery = z.strictObject({
  ...paging,
  group: z.string().max(40).optional().describe('Only demands assigned to this Land or working group'),
  unassigned: queryBool.optional().describe('Only demands without any assignment (false: only assigned ones)'),
});

export const assignmentsPutSchema = z
  .strictObject({
    groups: z
      .array(z.strictObject({ code, lead: z.boolean().default(false) }))
      .max(20)
      .describe('The responsible Länder or working groups; at most one lead'),
  })
  .meta({ id: 'RoundAssignmentsPut' });

export const bulkAssignSchema = z
  .strictObject({
    conference: z.int().positive().optional().describe("Demands raised by this conference; with `top`, under that conference's TOP"),
    top: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .optional()
      .describe('Demands under this TOP (of any conference in scope, unless `conference` names one)'),
    addressee: code.optional().describe('Demands addressed to this body'),
    topic: z.string().trim().min(1).max(60).optional(),
    groups: z.array(code).min(1).max(20),
    lead: code.nullable().default(null).describe('One of `groups`, marked federführend'),
    mode: z.enum(['add', 'replace']).default('add').describe('Add to the existing assignments or replace them'),
  })
  .meta({ id: 'RoundBulkAssign' });
export type BulkAssign = z.infer<typeof bulkAssignSchema>;

export const bulkResultSchema = z.object({ matched: z.int(), demandIds: z.array(z.int()) }).meta({ id: 'RoundBulkResult' });

const progressCounts = {
  assigned: z.int(),
  notStarted: z.int(),
  drafted: z.int(),
  submitted: z.int(),
  returned: z.int(),
  accepted: z.int(),
  released: z.int(),
  missing: z.int().describe('Assigned and not yet submitted'),
  overdue: z.int().describe('Missing after the deadline'),
};
export const progressSchema = z
  .object({
    round: z.int(),
    deadline: z.iso.date(),
    overdue: z.boolean(),
    totals: z.object({ items: z.int(), unassigned: z.int(), ...progressCounts }),
    groups: z.array(z.object({ code: z.string(), name: z.string(), ...progressCounts })),
  })
  .meta({ id: 'RoundProgress' });
export type ProgressDto = z.infer<typeof progressSchema>;

// My assignments: what an editor is asked to answer, across rounds

/** The state of a group's answer on one demand: its furthest draft, or none yet. */
export const ANSWER_STATES = ['none', ...DRAFT_STATES] as const;

export const myAssignmentSchema = z
  .object({
    round: z.object({
      id: z.int(),
      conference: z.int(),
      presentedTo: z.int(),
      asOf: z.iso.date(),
      deadline: z.iso.date(),
      state: z.enum(ROUND_STATES),
      stateLabel: z.string(),
    }),
    demand: z.object({
      id: z.int(),
      conference: z.int(),
      top: z.string(),
      ziffer: z.string().nullable(),
      summary: z.string(),
      status: z.enum(STATUSES),
      statusLabel: z.string(),
    }),
    group: z.string().describe('The Land or working group the answer comes from'),
    groupName: z.string(),
    lead: z.boolean().describe('federführend'),
    state: z.enum(ANSWER_STATES).describe("The group's furthest draft on the demand (`none`: nothing yet)"),
    stateLabel: z.string(),
    overdue: z.boolean().describe('The round is open, its deadline has passed and nothing has been submitted'),
    drafts: z.array(
      z
        .object({
          id: z.int(),
          state: z.enum(DRAFT_STATES),
          stateLabel: z.string(),
          addressee: z.string().nullable(),
          returnComment: z.string().nullable().describe("The office's comment when the draft was last returned (while it is returned)"),
          modified: z.iso.datetime(),
        })
        .meta({ id: 'MyAssignmentDraft' }),
    ),
  })
  .meta({ id: 'MyAssignment' });
export type MyAssignmentDto = z.infer<typeof myAssignmentSchema>;
export const myAssignmentPageSchema = pageOf(myAssignmentSchema, 'MyAssignmentPage');
export const myAssignmentQuery = z.strictObject({
  ...paging,
  round: z.coerce.number().int().positive().optional(),
  demand: z.coerce.number().int().positive().optional(),
  roundState: z.enum(ROUND_STATES).optional().describe('Only assignments in open (or closed) rounds'),
});

// Drafts

const evidenceOut = z.object({
  kind: z.enum(EVIDENCE_KINDS),
  kindLabel: z.string(),
  citation: z.string(),
  date: z.iso.date().nullable(),
  url: z.string().nullable(),
  visibility: z.enum(VISIBILITIES),
});

export const draftSchema = z
  .object({
    id: z.int(),
    round: z.int(),
    demand: z.object({ id: z.int(), conference: z.int(), top: z.string(), ziffer: z.string().nullable(), summary: z.string() }),
    group: z.string(),
    groupName: z.string(),
    kind: z.enum(DRAFT_KINDS),
    kindLabel: z.string(),
    status: z.enum(STATUSES),
    statusLabel: z.string(),
    narrative: z.string(),
    evidence: z.array(evidenceOut),
    addressee: z.string().nullable().describe('Body code the Sachstand concerns; null: all addressees'),
    expectedDate: z.iso.date().nullable().describe('Zwischenbericht: when the final answer is expected'),
    visibility: z.enum(VISIBILITIES).describe('Visibility of the status update once released'),
    state: z.enum(DRAFT_STATES),
    stateLabel: z.string(),
    statusUpdateId: z.int().nullable().describe('The status update made of it on release'),
    events: z.array(
      z
        .object({ event: z.string(), comment: z.string().nullable(), actor: z.string(), created: z.iso.datetime() })
        .meta({ id: 'DraftEvent' }),
    ),
    created: z.iso.datetime(),
    modified: z.iso.datetime(),
  })
  .meta({ id: 'Draft' });
export type DraftDto = z.infer<typeof draftSchema>;

const draftFields = {
  kind: z.enum(DRAFT_KINDS),
  status: z.enum(STATUSES),
  narrative: z.string().trim().min(1).max(20_000),
  evidence: z.array(evidenceInputSchema).max(50),
  addressee: code.nullable(),
  expectedDate: isoDate().nullable(),
  visibility: z.enum(VISIBILITIES),
};
export const draftCreateSchema = z
  .strictObject({
    demandId: z.int().positive(),
    group: code.describe('The assigned Land or working group the Sachstand comes from'),
    ...draftFields,
    kind: draftFields.kind.default('sachstand'),
    evidence: draftFields.evidence.default([]),
    addressee: draftFields.addressee.default(null),
    expectedDate: draftFields.expectedDate.default(null),
    visibility: draftFields.visibility.default('public'),
  })
  .meta({ id: 'DraftCreate' });
export type DraftCreate = z.infer<typeof draftCreateSchema>;

export const draftPatchSchema = z
  .strictObject({
    ...draftFields,
    note: z.string().trim().min(1).max(2000).describe('Required when the office or chair edits: what was changed and why'),
  })
  .partial()
  .meta({ id: 'DraftPatch' });
export type DraftPatch = z.infer<typeof draftPatchSchema>;

export const draftPageSchema = pageOf(draftSchema, 'DraftPage');
export const draftListQuery = z.strictObject({
  ...paging,
  state: csv(z.enum(DRAFT_STATES), DRAFT_STATES.length).optional(),
  group: z.string().max(40).optional(),
  demand: z.coerce.number().int().positive().optional(),
});

export const commentSchema = z.strictObject({ comment: z.string().trim().min(1).max(5000) }).meta({ id: 'DraftComment' });

export const releaseSelectionSchema = z
  .strictObject({
    drafts: z
      .array(z.int().positive())
      .max(10_000)
      .optional()
      .describe('Only these accepted drafts; without it all accepted drafts are released and the round is closed'),
  })
  .meta({ id: 'RoundReleaseSelection' });

export const releaseItemSchema = z
  .object({
    draftId: z.int(),
    demandId: z.int(),
    demand: z
      .object({ conference: z.int(), top: z.string(), ziffer: z.string().nullable(), summary: z.string() })
      .describe('Where the demand stands, so the preview reads without a look-up'),
    reporter: z.string(),
    reporterName: z.string(),
    status: z.enum(STATUSES),
    statusLabel: z.string(),
    asOf: z.iso.date(),
    narrative: z.string(),
    evidence: z.array(evidenceOut),
    addressee: z.string().nullable(),
    visibility: z.enum(VISIBILITIES),
    public: z.boolean().describe('Anonymous readers will see it (public update of a public demand)'),
  })
  .meta({ id: 'RoundReleaseItem' });
export type ReleaseItemDto = z.infer<typeof releaseItemSchema>;

export const releasePreviewSchema = z
  .object({
    round: z.int(),
    releases: z.array(releaseItemSchema).describe('One per draft: the status update it becomes'),
    public: z.int().describe('How many of them become public'),
    closesRound: z.boolean(),
  })
  .meta({ id: 'RoundReleasePreview' });

export const releaseResultSchema = z
  .object({
    round: roundSchema,
    updates: z.array(z.object({ draftId: z.int(), demandId: z.int(), statusUpdateId: z.int() })),
  })
  .meta({ id: 'RoundRelease' });

export const releasePreviewQuery = z.strictObject({
  drafts: csv(z.coerce.number().int().positive(), 10_000).optional(),
});

// Objections

export const objectionSchema = z
  .object({
    id: z.int(),
    round: z.int(),
    statusUpdateId: z.int(),
    demandId: z.int(),
    land: z.string(),
    reason: z.string(),
    state: z.enum(OBJECTION_STATES),
    stateLabel: z.string(),
    decisionReason: z.string().nullable(),
    replacementId: z.int().nullable().describe('Upheld: the new Sachstand'),
    decided: z.iso.datetime().nullable(),
    created: z.iso.datetime(),
    modified: z.iso.datetime(),
  })
  .meta({ id: 'Objection' });
export type ObjectionDto = z.infer<typeof objectionSchema>;

export const objectionCreateSchema = z
  .strictObject({
    statusUpdateId: z.int().positive(),
    land: code.describe('The objecting Land'),
    reason: z.string().trim().min(1).max(5000),
  })
  .meta({ id: 'ObjectionCreate' });

export const objectionDecisionSchema = z
  .strictObject({
    decision: z.enum(['upheld', 'rejected']),
    reason: z.string().trim().min(1).max(5000),
    status: z.enum(STATUSES).optional().describe('Upheld: the status of the new Sachstand'),
    narrative: z.string().trim().min(1).max(20_000).optional().describe('Upheld: the new Sachstand'),
  })
  .meta({ id: 'ObjectionDecision' });
export type ObjectionDecision = z.infer<typeof objectionDecisionSchema>;

export const objectionPageSchema = pageOf(objectionSchema, 'ObjectionPage');
export const objectionListQuery = z.strictObject({ ...paging, state: z.enum(OBJECTION_STATES).optional() });

// Mail

export const mailSchema = z
  .object({
    id: z.int(),
    key: z.string(),
    round: z.int().nullable(),
    group: z.string().nullable(),
    recipient: z.string(),
    subject: z.string(),
    body: z.string(),
    state: z.enum(MAIL_STATES),
    attempts: z.int(),
    lastError: z.string().nullable(),
    sent: z.iso.datetime().nullable(),
    created: z.iso.datetime(),
  })
  .meta({ id: 'Mail' });
export type MailDto = z.infer<typeof mailSchema>;
export const mailPageSchema = pageOf(mailSchema, 'MailPage');
export const mailListQuery = z.strictObject({
  limit: pageQuery.limit,
  offset: pageQuery.offset,
  state: z.enum(MAIL_STATES).optional(),
  round: z.coerce.number().int().positive().optional(),
});
export const reminderRunSchema = z
  .object({ queued: z.int().describe('Mails newly queued by this run'), pending: z.int().describe('Mails waiting to be sent over SMTP') })
  .meta({ id: 'ReminderRun' });
