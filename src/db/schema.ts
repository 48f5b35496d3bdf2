// The drizzle schema. drizzle-kit generates every migration in `migrations/` from this file;
// the FTS5 search index and the append-only triggers live in custom migrations beside them.
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DRAFT_EVENTS, DRAFT_KINDS, DRAFT_STATES, MAIL_STATES, OBJECTION_STATES, ROUND_STATES } from '../domain/rounds.js';
import {
  ADOPTIONS,
  BODY_KINDS,
  CONFERENCE_KINDS,
  DEMAND_KINDS,
  EVIDENCE_KINDS,
  type LandCode,
  NOTE_KINDS,
  STATUSES,
  THREAD_RELATIONS,
  VISIBILITIES,
  VOTES,
} from '../domain/vocab.js';

/** A demand's cached status per addressee (see src/domain/status.ts, demandStatus). */
export type AddresseeStatusCache = { code: string; status: (typeof STATUSES)[number]; asOf: string | null; updateId: number | null }[];

const timestamps = {
  created: text('created').notNull(),
  modified: text('modified').notNull(),
};
const visibility = text('visibility', { enum: VISIBILITIES }).notNull().default('public');

export const conferences = sqliteTable('conferences', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  number: integer('number').notNull().unique(),
  year: integer('year').notNull(),
  kind: text('kind', { enum: CONFERENCE_KINDS }).notNull(),
  startDate: text('start_date'),
  endDate: text('end_date'),
  place: text('place'),
  chairLand: text('chair_land').$type<LandCode>(),
  note: text('note'),
  ...timestamps,
});

export const bodies = sqliteTable('bodies', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: BODY_KINDS }).notNull(),
  ...timestamps,
});

export const resolutions = sqliteTable(
  'resolutions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conferenceId: integer('conference_id')
      .notNull()
      .references(() => conferences.id),
    top: text('top').notNull(),
    /** Natural sort key of the TOP id (`4.10` after `4.9`), derived on every write. */
    topSort: text('top_sort').notNull(),
    agendaHeading: text('agenda_heading'),
    title: text('title').notNull(),
    /** JSON array of Land codes; `allLaender` is set instead when all Länder proposed. */
    proposers: text('proposers', { mode: 'json' }).$type<LandCode[]>().notNull(),
    allLaender: integer('all_laender', { mode: 'boolean' }).notNull().default(false),
    coordinatingLand: text('coordinating_land').$type<LandCode>(),
    greenList: text('green_list'),
    adoption: text('adoption', { enum: ADOPTIONS }).notNull(),
    mergedIntoTop: text('merged_into_top'),
    circularNumber: text('circular_number'),
    circularDate: text('circular_date'),
    /** The resolution's own budget reservation; one Land's reservation is a protocol note instead. */
    budgetReservation: text('budget_reservation'),
    /** A subtitle printed under the title (2025 TOP 2.1.b „Göttinger Erklärung …“). */
    subtitle: text('subtitle'),
    /** Who withdrew the item (JSON array of Land codes, „Rücknahme Berlin“); null when not withdrawn. */
    withdrawnBy: text('withdrawn_by', { mode: 'json' }).$type<LandCode[]>(),
    preamble: text('preamble'),
    /** Text after the last Ziffer (a closing paragraph), kept apart from the Ziffer it follows. */
    closingText: text('closing_text'),
    /** The reasons given for the motion (Begründung): internal minutes only, never public. */
    reasoning: text('reasoning'),
    visibility,
    /** `modified` as the public may see it: moved only when the public representation changes. */
    publicModified: text('public_modified').notNull().default(''),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('resolutions_conference_top').on(t.conferenceId, t.top),
    index('resolutions_modified').on(t.modified),
    index('resolutions_public_modified').on(t.publicModified),
  ],
);

export const ziffern = sqliteTable(
  'ziffern',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    resolutionId: integer('resolution_id')
      .notNull()
      .references(() => resolutions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    number: text('number').notNull(),
    /** A heading printed above the Ziffer (2025 TOP 5.1), apart from its text. */
    heading: text('heading'),
    text: text('text').notNull(),
  },
  (t) => [uniqueIndex('ziffern_resolution_number').on(t.resolutionId, t.number)],
);

/** Each Land's vote on a resolution (internal minutes only; no public view shows it). */
export const resolutionVotes = sqliteTable(
  'resolution_votes',
  {
    resolutionId: integer('resolution_id')
      .notNull()
      .references(() => resolutions.id, { onDelete: 'cascade' }),
    land: text('land').$type<LandCode>().notNull(),
    vote: text('vote', { enum: VOTES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.resolutionId, t.land] })],
);

export const protocolNotes = sqliteTable(
  'protocol_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    resolutionId: integer('resolution_id')
      .notNull()
      .references(() => resolutions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind', { enum: NOTE_KINDS }).notNull(),
    lands: text('lands', { mode: 'json' }).$type<LandCode[]>().notNull(),
    ziffer: text('ziffer'),
    /** The demand of this resolution the note is about (a Ziffer may hold several demands). */
    demandId: integer('demand_id').references(() => demands.id, { onDelete: 'set null' }),
    /** The note is one Land's (or some Länder's) budget reservation, not the resolution's own. */
    budgetReservation: integer('budget_reservation', { mode: 'boolean' }).notNull().default(false),
    text: text('text').notNull(),
    visibility,
  },
  (t) => [index('protocol_notes_resolution').on(t.resolutionId)],
);

export const demands = sqliteTable(
  'demands',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    resolutionId: integer('resolution_id')
      .notNull()
      .references(() => resolutions.id, { onDelete: 'cascade' }),
    ziffer: text('ziffer'),
    position: integer('position').notNull(),
    kind: text('kind', { enum: DEMAND_KINDS }).notNull(),
    wording: text('wording').notNull(),
    summary: text('summary').notNull(),
    topics: text('topics', { mode: 'json' }).$type<string[]>().notNull(),
    dueDate: text('due_date'),
    dueConferenceId: integer('due_conference_id').references(() => conferences.id),
    /** JSON array of Land or body codes that follow the demand up. */
    responsible: text('responsible', { mode: 'json' }).$type<string[]>().notNull(),
    /** The addressee asked to lead (federführend), one of the addressees. */
    leadAddressee: text('lead_addressee'),
    /** The addressees are asked to report back to the IntMK („und die IntMK entsprechend zu informieren“). */
    reportBack: integer('report_back', { mode: 'boolean' }).notNull().default(false),
    visibility,
    // Cache of the derived current status; recomputed in the same transaction as every
    // status write (see status.service.ts), never written by clients.
    currentStatus: text('current_status', { enum: STATUSES }).notNull().default('open'),
    currentStatusAsOf: text('current_status_as_of'),
    currentStatusUpdateId: integer('current_status_update_id'),
    // The same, derived from public updates only: what anonymous readers see (migration 0004's
    // views expose these under the names above), so an internal update never shows through.
    publicStatus: text('public_status', { enum: STATUSES }).notNull().default('open'),
    publicStatusAsOf: text('public_status_as_of'),
    publicStatusUpdateId: integer('public_status_update_id'),
    /** Cache of the status per addressee ([{code, status, asOf, updateId}]), derived with the status; public: from public updates. */
    addresseeStatus: text('addressee_status', { mode: 'json' }).$type<AddresseeStatusCache>().notNull().default([]),
    publicAddresseeStatus: text('public_addressee_status', { mode: 'json' }).$type<AddresseeStatusCache>().notNull().default([]),
    /** `modified` as the public may see it: not moved by internal status updates. */
    publicModified: text('public_modified').notNull().default(''),
    ...timestamps,
  },
  (t) => [
    index('demands_resolution').on(t.resolutionId, t.position),
    // The public view's demands by resolution without reading the wide rows (public_demands checks
    // `visibility = 'public'` first, so SQLite takes this index; bench/reads.ts, issue #11).
    index('demands_public').on(t.resolutionId, t.position).where(sql`visibility = 'public'`),
    index('demands_status').on(t.currentStatus),
    index('demands_kind').on(t.kind),
    index('demands_modified').on(t.modified),
  ],
);

export const demandAddressees = sqliteTable(
  'demand_addressees',
  {
    demandId: integer('demand_id')
      .notNull()
      .references(() => demands.id, { onDelete: 'cascade' }),
    bodyCode: text('body_code')
      .notNull()
      .references(() => bodies.code),
    position: integer('position').notNull(),
  },
  (t) => [uniqueIndex('demand_addressees_pk').on(t.demandId, t.bodyCode), index('demand_addressees_body').on(t.bodyCode, t.demandId)],
);

export const threads = sqliteTable('threads', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
  description: text('description'),
  originText: text('origin_text'),
  originCitation: text('origin_citation'),
  /** `modified` as the public may see it: moved only when the public representation changes. */
  publicModified: text('public_modified').notNull().default(''),
  ...timestamps,
});

export const threadMembers = sqliteTable(
  'thread_members',
  {
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    demandId: integer('demand_id')
      .notNull()
      .references(() => demands.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    relation: text('relation', { enum: THREAD_RELATIONS }).notNull(),
  },
  // A demand may belong to more than one thread (docs/decisions/0010-demand-in-several-threads.md).
  (t) => [
    uniqueIndex('thread_members_pk').on(t.threadId, t.demandId),
    index('thread_members_demand').on(t.demandId),
    index('thread_members_thread').on(t.threadId, t.position),
  ],
);

/**
 * What the documents say about a thread before (or outside) the record: „fast durchgängig seit
 * 2011“, „Bereits im Jahr 2009 forderte die IntMK …“, „Forderung aus der 17. IntMK“. The thread's
 * first-raised year derives from the earliest mention or member.
 */
export const threadMentions = sqliteTable(
  'thread_mentions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** The year the documents say the demand was raised (or made, for a conference). */
    year: integer('year').notNull(),
    /** The number of the conference that raised it, when the documents name one. */
    conferenceNumber: integer('conference_number'),
    /** The words of the document, verbatim. */
    text: text('text').notNull(),
    /** Where the documents say so: „20. IntMK 2025, TOP 2.1.b“. */
    citation: text('citation').notNull(),
  },
  (t) => [index('thread_mentions_thread').on(t.threadId, t.position)],
);

export const statusUpdates = sqliteTable(
  'status_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    demandId: integer('demand_id')
      .notNull()
      .references(() => demands.id),
    status: text('status', { enum: STATUSES }).notNull(),
    asOf: text('as_of').notNull(),
    narrative: text('narrative').notNull(),
    reporter: text('reporter').notNull(),
    /** The earlier update this one corrects; that one then counts as retracted. */
    correctsId: integer('corrects_id'),
    visibility,
    /** The addressee (body code) the update concerns; null: all addressees of the demand. */
    addressee: text('addressee'),
    /** The reporting round that released it; null for updates logged directly. */
    roundId: integer('round_id'),
    created: text('created').notNull(),
  },
  (t) => [
    index('status_updates_demand').on(t.demandId, t.asOf, t.created),
    index('status_updates_as_of').on(t.asOf),
    index('status_updates_created').on(t.created),
    check('status_updates_not_self', sql`${t.correctsId} IS NULL OR ${t.correctsId} <> ${t.id}`),
  ],
);

export const evidence = sqliteTable(
  'evidence',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    statusUpdateId: integer('status_update_id')
      .notNull()
      .references(() => statusUpdates.id),
    position: integer('position').notNull(),
    kind: text('kind', { enum: EVIDENCE_KINDS }).notNull(),
    citation: text('citation').notNull(),
    date: text('date'),
    url: text('url'),
    visibility,
  },
  (t) => [index('evidence_status_update').on(t.statusUpdateId)],
);

/** A retraction withdraws one status update; like the updates themselves it is never changed. */
export const retractions = sqliteTable('retractions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  statusUpdateId: integer('status_update_id')
    .notNull()
    .unique()
    .references(() => statusUpdates.id),
  reason: text('reason').notNull(),
  reporter: text('reporter').notNull(),
  /** Set when the retraction came with a corrected update. */
  replacementId: integer('replacement_id').references(() => statusUpdates.id),
  created: text('created').notNull(),
});

/** Explicit deletes of curated objects, with what was deleted (nothing is lost silently). */
export const deletions = sqliteTable(
  'deletions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    snapshot: text('snapshot', { mode: 'json' }).notNull(),
    requestId: text('request_id'),
    created: text('created').notNull(),
  },
  (t) => [index('deletions_entity').on(t.entity, t.entityId)],
);

/**
 * The change feed (GET /changes, GET /deletions): one row per write of a conference, resolution, demand,
 * status update or thread, numbered by a monotonic sequence in commit order, so a client that resumes after
 * the last sequence it saw misses nothing. Written by triggers (migration 0008), so no write path can
 * forget it. `public` marks the rows the public may see: a change of what the public sees (the record's
 * public `modified` moved) or the deletion of a record the public could see at the time.
 */
export const changes = sqliteTable(
  'changes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    entity: text('entity', { enum: ['conference', 'resolution', 'demand', 'status_update', 'thread'] }).notNull(),
    /** The id the API addresses the record by (a conference's number). */
    entityId: integer('entity_id').notNull(),
    at: text('at').notNull(),
    deleted: integer('deleted', { mode: 'boolean' }).notNull().default(false),
    public: integer('public', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('changes_entity').on(t.entity, t.entityId), index('changes_public').on(t.public, t.seq)],
);

/**
 * Import drafts (see src/modules/imports): what the parser read from a published document, kept
 * for review and correction until it is committed. The draft body is one JSON document because
 * it is read, corrected and committed as a whole; the fingerprint makes a second upload of the
 * same document find the first draft instead of making another.
 */
export const importDrafts = sqliteTable(
  'import_drafts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** sha256 of the normalized text. */
    fingerprint: text('fingerprint').notNull().unique(),
    status: text('status', { enum: ['draft', 'committed'] })
      .notNull()
      .default('draft'),
    filename: text('filename'),
    contentType: text('content_type', { enum: ['application/pdf', 'text/plain'] }).notNull(),
    pages: integer('pages'),
    characters: integer('characters').notNull(),
    conferenceNumber: integer('conference_number'),
    draft: text('draft', { mode: 'json' }).notNull(),
    committedConference: integer('committed_conference'),
    committed: text('committed'),
    ...timestamps,
  },
  (t) => [index('import_drafts_status').on(t.status, t.modified)],
);

export const ROLES = ['admin', 'chair', 'editor', 'reader'] as const;

/** People who act on the record through API tokens (see src/modules/auth). */
export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  email: text('email'),
  role: text('role', { enum: ROLES }).notNull(),
  /** Land codes an editor acts for. */
  lands: text('lands', { mode: 'json' }).$type<LandCode[]>().notNull(),
  /** Working groups (body codes) an editor acts for. */
  bodies: text('bodies', { mode: 'json' }).$type<string[]>().notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  ...timestamps,
});

/**
 * Bearer tokens `ek_<publicId>_<secret>`: the public id finds the row, the secret is stored only
 * as a salted SHA-256 hash (it is 256 random bits, so a slow password hash adds nothing).
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    publicId: text('public_id').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    label: text('label'),
    salt: text('salt').notNull(),
    hash: text('hash').notNull(),
    expires: text('expires').notNull(),
    revoked: text('revoked'),
    lastUsed: text('last_used'),
    created: text('created').notNull(),
  },
  (t) => [index('api_tokens_user').on(t.userId)],
);

/**
 * The audit trail: one record per write, in the write's transaction. Append-only (triggers in
 * migration 0004) and hash-chained: `hash` = SHA-256 over `prevHash` and the record's fields.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    userId: integer('user_id'),
    actor: text('actor').notNull(),
    requestId: text('request_id'),
    /** The client's X-Request-Id, apart from the server's own unique `requestId`. */
    clientRequestId: text('client_request_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: text('before'),
    after: text('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull().unique(),
  },
  (t) => [index('audit_log_entity').on(t.entity, t.entityId), index('audit_log_user').on(t.userId, t.id), index('audit_log_at').on(t.at)],
);

/**
 * Passwords of people who sign in in the browser (issue #15), apart from the accounts: argon2id
 * PHC strings (salt and parameters inside). Failed attempts lock the account for a while.
 */
export const userPasswords = sqliteTable('user_passwords', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id),
  hash: text('hash').notNull(),
  changed: text('changed').notNull(),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: text('locked_until'),
});

/**
 * Browser sessions: the cookie holds `<publicId>.<secret>`; only SHA-256 of the secret and of the
 * CSRF token are stored (both are 256 random bits). Revoked, never deleted (the audit trail names them).
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    publicId: text('public_id').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    hash: text('hash').notNull(),
    csrfHash: text('csrf_hash').notNull(),
    created: text('created').notNull(),
    lastSeen: text('last_seen').notNull(),
    expires: text('expires').notNull(),
    revoked: text('revoked'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** One-time, expiring links to set a password; only SHA-256 of the token is stored. */
export const invitations = sqliteTable(
  'invitations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    hash: text('hash').notNull().unique(),
    expires: text('expires').notNull(),
    used: text('used'),
    revoked: text('revoked'),
    createdBy: integer('created_by').references(() => users.id),
    created: text('created').notNull(),
  },
  (t) => [index('invitations_user').on(t.userId)],
);

/**
 * A reporting round (Berichtsrunde): the chair's office asks for a Sachstand on each demand in
 * scope by a deadline, for the Erfolgskontrolle of one conference (see src/modules/rounds).
 */
export const rounds = sqliteTable(
  'rounds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The conference whose Erfolgskontrolle the round prepares (presented at the next one). */
    conferenceId: integer('conference_id')
      .notNull()
      .references(() => conferences.id),
    /** Stichtag: the Sachstände speak as of this day. */
    asOf: text('as_of').notNull(),
    deadline: text('deadline').notNull(),
    state: text('state', { enum: ROUND_STATES }).notNull().default('open'),
    excludeNotYetDue: integer('exclude_not_yet_due', { mode: 'boolean' }).notNull(),
    excludeStanding: integer('exclude_standing', { mode: 'boolean' }).notNull(),
    objectionDays: integer('objection_days').notNull(),
    /** JSON array of days before the deadline at which reminders go out. */
    reminderDays: text('reminder_days', { mode: 'json' }).$type<number[]>().notNull(),
    released: text('released'),
    closed: text('closed'),
    ...timestamps,
  },
  (t) => [uniqueIndex('rounds_one_open').on(t.conferenceId).where(sql`${t.state} = 'open'`)],
);

/** The demands in a round's scope. */
export const roundItems = sqliteTable(
  'round_items',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    demandId: integer('demand_id')
      .notNull()
      .references(() => demands.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.demandId] }), index('round_items_demand').on(t.demandId)],
);

/** Who answers for a demand in a round: Länder or working groups, one of them the lead (federführend). */
export const roundAssignments = sqliteTable(
  'round_assignments',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    demandId: integer('demand_id')
      .notNull()
      .references(() => demands.id, { onDelete: 'cascade' }),
    groupCode: text('group_code').notNull(),
    lead: integer('lead', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.demandId, t.groupCode] }), index('round_assignments_group').on(t.roundId, t.groupCode)],
);

/** A Sachstand in the making: never public; released, it becomes a status update. */
export const roundDrafts = sqliteTable(
  'round_drafts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    demandId: integer('demand_id')
      .notNull()
      .references(() => demands.id),
    groupCode: text('group_code').notNull(),
    kind: text('kind', { enum: DRAFT_KINDS }).notNull(),
    status: text('status', { enum: STATUSES }).notNull(),
    narrative: text('narrative').notNull(),
    /** JSON array of evidence as status updates carry it. */
    evidence: text('evidence', { mode: 'json' }).$type<unknown[]>().notNull(),
    /** The addressee (body code) the Sachstand concerns; '' for all addressees. */
    addressee: text('addressee').notNull().default(''),
    /** Zwischenbericht: when the final answer is expected. */
    expectedDate: text('expected_date'),
    visibility,
    state: text('state', { enum: DRAFT_STATES }).notNull().default('draft'),
    statusUpdateId: integer('status_update_id').references(() => statusUpdates.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('round_drafts_one').on(t.roundId, t.demandId, t.groupCode, t.addressee),
    index('round_drafts_state').on(t.roundId, t.state),
  ],
);

/** The history of a draft with the comments of the office (returns) and notes (edits). */
export const roundDraftEvents = sqliteTable(
  'round_draft_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    draftId: integer('draft_id')
      .notNull()
      .references(() => roundDrafts.id),
    event: text('event', { enum: DRAFT_EVENTS }).notNull(),
    comment: text('comment'),
    actor: text('actor').notNull(),
    created: text('created').notNull(),
  },
  (t) => [index('round_draft_events_draft').on(t.draftId, t.id)],
);

/** A Land's objection (Beanstandung) to a released status, within the round's window. */
export const objections = sqliteTable(
  'objections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    statusUpdateId: integer('status_update_id')
      .notNull()
      .references(() => statusUpdates.id),
    land: text('land').$type<LandCode>().notNull(),
    reason: text('reason').notNull(),
    state: text('state', { enum: OBJECTION_STATES }).notNull().default('open'),
    decisionReason: text('decision_reason'),
    /** Upheld: the new Sachstand that replaced the objected one. */
    replacementId: integer('replacement_id').references(() => statusUpdates.id),
    decided: text('decided'),
    ...timestamps,
  },
  (t) => [index('objections_round').on(t.roundId, t.state), index('objections_update').on(t.statusUpdateId)],
);

/**
 * Mails (reminders) with an idempotency key: a key is sent at most once, across restarts. Without
 * SMTP configured they stay here as the outbox admins read.
 */
export const mails = sqliteTable(
  'mails',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull().unique(),
    roundId: integer('round_id').references(() => rounds.id),
    groupCode: text('group_code'),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    state: text('state', { enum: MAIL_STATES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttempt: text('next_attempt'),
    lastError: text('last_error'),
    sent: text('sent'),
    created: text('created').notNull(),
  },
  (t) => [index('mails_state').on(t.state, t.nextAttempt)],
);
