// The Bewertung of the annex: the five-step scale the offices use when they report on resolutions
// (erledigt, teilweise erledigt, offen, Daueraufgabe, überholt), derived from the detailed status
// of a demand by this one mapping, so every format and every count says the same.
import type { DemandKind, Status } from './vocab.js';

export const ASSESSMENTS = ['done', 'partly_done', 'open', 'standing_task', 'overtaken'] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

export const ASSESSMENT_LABELS: Record<Assessment, string> = {
  done: 'erledigt',
  partly_done: 'teilweise erledigt',
  open: 'offen',
  standing_task: 'Daueraufgabe',
  overtaken: 'überholt',
};

/** Colours of the scale, for charts and the square in front of a Bewertung. */
export const ASSESSMENT_COLORS: Record<Assessment, string> = {
  done: '#1b6e3a',
  partly_done: '#8cc084',
  open: '#9e9e9e',
  standing_task: '#2e86c1',
  overtaken: '#5d6d7e',
};

const BY_STATUS: Record<Status, Assessment> = {
  fulfilled: 'done',
  report_delivered: 'done',
  partially_fulfilled: 'partly_done',
  largely_fulfilled: 'partly_done',
  obsolete: 'overtaken',
  // Refused by the addressee: from the conference's side the demand is not met.
  rejected: 'open',
  open: 'open',
  under_examination: 'open',
  in_progress: 'open',
  reiterated: 'open',
};

/**
 * The Bewertung of a demand: by its status, except that a self-commitment of the Länder that is
 * not finished is a Daueraufgabe rather than something owed by someone.
 */
export function assessmentOf(status: Status, kind: DemandKind): Assessment {
  const base = BY_STATUS[status];
  return base === 'open' && kind === 'selbstverpflichtung' && status !== 'rejected' ? 'standing_task' : base;
}

/**
 * Addressees the annex counts as one: the resolutions say "Bund" and "Bundesregierung" for the
 * same federal side, and the Länder read them as one addressee.
 */
const SAME_ADDRESSEE: Record<string, { code: string; name: string }> = {
  BUND: { code: 'BUND', name: 'Bund (auch: Bundesregierung)' },
  BREG: { code: 'BUND', name: 'Bund (auch: Bundesregierung)' },
};

/** The addressee as the annex groups it. */
export function annexAddressee(a: { code: string; name: string }): { code: string; name: string } {
  return SAME_ADDRESSEE[a.code] ?? a;
}
