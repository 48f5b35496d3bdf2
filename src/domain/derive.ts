// Derived values, computed from the record and never typed in twice.
import { CLOSED_STATUSES, type Status } from './vocab.js';

export function isClosed(status: Status): boolean {
  return CLOSED_STATUSES.includes(status);
}

/** The day a conference raised its demands: its first day, or its year when undated. */
export function conferenceDate(c: { startDate: string | null; endDate?: string | null; year: number }): string {
  return c.startDate ?? c.endDate ?? `${c.year}-01-01`;
}

/** When a due conference counts as passed: its first day, or the end of its year when undated. */
export function dueConferenceDate(c: { startDate: string | null; year: number }): string {
  return c.startDate ?? `${c.year}-12-31`;
}

/** Whole years from one ISO date to another (on the hot path of every demand: string arithmetic). */
export function yearsBetween(fromIso: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(fromIso.slice(0, 4)) - (today.slice(5, 10) < fromIso.slice(5, 10) ? 1 : 0);
  return Math.max(0, years);
}

/** Calendar years spanned, e.g. "seit 2011" to 2025 = 14. */
export function calendarYearsSince(year: number, today: string): number {
  return Math.max(0, Number(today.slice(0, 4)) - year);
}

/** The year a thread was first raised: its first conference, or earlier when its origin says so. */
export function firstRaisedYear(originText: string | null, conferenceYears: number[], fallbackYear: number): number {
  const first = conferenceYears.length ? Math.min(...conferenceYears) : fallbackYear;
  const fromOrigin = originYear(originText);
  return fromOrigin !== null ? Math.min(fromOrigin, first) : first;
}

/** The first four-digit year in an origin text such as "fast durchgängig seit 2011". */
export function originYear(text: string | null): number | null {
  const m = text?.match(/\b(19|20)\d{2}\b/);
  return m ? Number(m[0]) : null;
}
