// Vocabularies of the reporting round (Berichtsrunde), shared by the tables and the API.

export const ROUND_STATES = ['open', 'closed'] as const;
export type RoundState = (typeof ROUND_STATES)[number];
export const ROUND_STATE_LABELS: Record<RoundState, string> = { open: 'offen', closed: 'abgeschlossen' };

/** A Sachstand answers the demand; a Zwischenbericht says it cannot yet be answered and by when it will be. */
export const DRAFT_KINDS = ['sachstand', 'zwischenbericht'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];
export const DRAFT_KIND_LABELS: Record<DraftKind, string> = { sachstand: 'Sachstand', zwischenbericht: 'Zwischenbericht' };

export const DRAFT_STATES = ['draft', 'submitted', 'returned', 'accepted', 'released'] as const;
export type DraftState = (typeof DRAFT_STATES)[number];
export const DRAFT_STATE_LABELS: Record<DraftState, string> = {
  draft: 'Entwurf',
  submitted: 'eingereicht',
  returned: 'zurückgegeben',
  accepted: 'angenommen',
  released: 'freigegeben',
};

/** What happened to a draft, with the comment or note that came with it. */
export const DRAFT_EVENTS = ['created', 'edited', 'submitted', 'returned', 'accepted', 'edited_by_office', 'released'] as const;
export type DraftEvent = (typeof DRAFT_EVENTS)[number];

export const OBJECTION_STATES = ['open', 'upheld', 'rejected'] as const;
export type ObjectionState = (typeof OBJECTION_STATES)[number];
export const OBJECTION_STATE_LABELS: Record<ObjectionState, string> = { open: 'offen', upheld: 'stattgegeben', rejected: 'zurückgewiesen' };

export const MAIL_STATES = ['pending', 'sent', 'outbox', 'failed'] as const;
export type MailState = (typeof MAIL_STATES)[number];

/** Default reminder offsets: days before the reply deadline; overdue reminders follow the deadline. */
export const DEFAULT_REMINDER_DAYS = [14, 3] as const;
export const DEFAULT_OBJECTION_DAYS = 28;
