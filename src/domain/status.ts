// The derived status of the record, written once. A demand's status is its latest non-retracted
// update; a thread's status is its latest member's; a demand is overdue when it is still open
// after its due date or due conference. Services, threads and the report call these functions;
// SQL that must order updates the same way takes its ORDER BY from UPDATE_ORDER below.
import { CLOSED_STATUSES, type Status } from './vocab.js';

/** A status update as far as the rule needs it. */
export interface UpdateKey {
  id: number;
  /** The day the update speaks for (ISO date); back-dated updates carry an earlier one. */
  asOf: string;
  /** When it was logged (ISO timestamp). */
  created: string;
  /** Retracted, directly or by a correction: it no longer counts. */
  retracted: boolean;
}

/**
 * The order of updates, oldest first: as-of date, then the time it was logged, then the id.
 * A back-dated update therefore never overrides a later one. The single source of the ordering:
 * `compareUpdates` and `updateOrderSql` are both made from it.
 */
export const UPDATE_ORDER = [
  { field: 'asOf', column: 'as_of' },
  { field: 'created', column: 'created' },
  { field: 'id', column: 'id' },
] as const satisfies readonly { field: keyof UpdateKey; column: string }[];

/** Oldest first (negative when `a` comes before `b`). */
export function compareUpdates(a: Omit<UpdateKey, 'retracted'>, b: Omit<UpdateKey, 'retracted'>): number {
  for (const { field } of UPDATE_ORDER) {
    const x = a[field];
    const y = b[field];
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/** The ORDER BY terms of UPDATE_ORDER for a table alias, e.g. `s.as_of DESC, s.created DESC, s.id DESC`. */
export function updateOrderSql(alias: string, direction: 'ASC' | 'DESC'): string {
  return UPDATE_ORDER.map(({ column }) => `${alias}.${column} ${direction}`).join(', ');
}

/**
 * The update that sets the status: the latest non-retracted one, optionally as known on a day
 * (`asOf`: updates dated later do not count yet). Undefined when none counts: the status is `open`.
 */
export function latestUpdate<T extends UpdateKey>(updates: readonly T[], options: { asOf?: string } = {}): T | undefined {
  let latest: T | undefined;
  for (const u of updates) {
    if (u.retracted) continue;
    if (options.asOf !== undefined && u.asOf > options.asOf) continue;
    if (!latest || compareUpdates(u, latest) > 0) latest = u;
  }
  return latest;
}

/** The status an update list yields: the latest update's, `open` without one. */
export function statusOf(update: { status: Status } | undefined): Status {
  return update?.status ?? 'open';
}

export function isClosed(status: Status): boolean {
  return CLOSED_STATUSES.includes(status);
}

/** SQL condition that a status column holds a closed (or, negated, an open) status. */
export function closedSql(column: string, closed = true): string {
  return `${column} ${closed ? '' : 'NOT '}IN (${CLOSED_STATUSES.map((s) => `'${s}'`).join(', ')})`;
}

/** A thread member as far as the rule needs it. */
export interface MemberKey {
  /** The day its conference raised it (see conferenceDate). */
  raisedOn: string;
  /** Its position in the thread. */
  position: number;
}

/**
 * The member that sets a thread's status: the one raised last; among members raised on the same
 * day (one conference), the later position.
 */
export function latestMember<T>(members: readonly T[], key: (m: T) => MemberKey): T | undefined {
  let latest: T | undefined;
  let latestKey: MemberKey | undefined;
  for (const m of members) {
    const k = key(m);
    if (!latestKey || k.raisedOn > latestKey.raisedOn || (k.raisedOn === latestKey.raisedOn && k.position > latestKey.position)) {
      latest = m;
      latestKey = k;
    }
  }
  return latest;
}

/** When a due conference counts as passed: its first day, or the end of its year when undated. */
export function dueConferenceDate(c: { startDate: string | null; year: number }): string {
  return c.startDate ?? `${c.year}-12-31`;
}

/**
 * Overdue: still open, and its due date or due conference has passed (`today` an ISO date).
 * SQL filters call the same function (registered as `is_overdue` on every connection).
 */
export function isOverdue(
  d: { status: Status; dueDate: string | null; dueConference: { startDate: string | null; year: number } | null },
  today: string,
): boolean {
  if (isClosed(d.status)) return false;
  if (d.dueDate !== null && d.dueDate < today) return true;
  return d.dueConference !== null && dueConferenceDate(d.dueConference) < today;
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

/** Years a demand has been open: whole years since it was raised; null once closed. */
export function demandYearsOpen(status: Status, raisedOn: string, today: string): number | null {
  return isClosed(status) ? null : yearsBetween(raisedOn, today);
}

/**
 * The year a thread was first raised: the earliest of what the documents say about it before the
 * record (its mentions: „seit 2011“, „Bereits im Jahr 2009“, „Forderung aus der 17. IntMK“) and
 * its member demands' conferences; `fallbackYear` when it has neither (docs/decisions/0011).
 */
export function firstRaisedYear(mentionYears: readonly number[], memberYears: readonly number[], fallbackYear: number): number {
  const years = [...mentionYears, ...memberYears];
  return years.length ? Math.min(...years) : fallbackYear;
}

/** Years a thread has been open: calendar years since it was first raised; null once closed. */
export function threadYearsOpen(status: Status, firstRaised: number, today: string): number | null {
  return isClosed(status) ? null : calendarYearsSince(firstRaised, today);
}

/** An update as the per-addressee rule needs it: `addressee` null concerns every addressee. */
export interface AddresseeUpdateKey extends UpdateKey {
  status: Status;
  addressee: string | null;
}

/** Order of the not-closed statuses by progress, for the overall rule. */
const PROGRESS: readonly Status[] = ['open', 'reiterated', 'under_examination', 'in_progress', 'partially_fulfilled', 'largely_fulfilled'];
const FULFILLED: readonly Status[] = ['fulfilled', 'report_delivered'];
const MET_AT_LEAST_PARTLY: readonly Status[] = ['fulfilled', 'report_delivered', 'largely_fulfilled', 'partially_fulfilled'];

/**
 * The overall status of a demand from the statuses of its addressees (Bund and KMK, BMI and BAMF):
 * 1. all addressees alike: that status;
 * 2. all closed: all fulfilled (or report delivered) → fulfilled; none fulfilled → rejected if one
 *    rejected, else obsolete; some fulfilled and some not → partially fulfilled;
 * 3. some still open: if one addressee has met it at least partly → partially fulfilled; otherwise
 *    the furthest progress among the open ones (in progress > under examination > reiterated > open).
 */
export function overallStatus(statuses: readonly Status[]): Status {
  const first = statuses[0];
  if (first === undefined) return 'open';
  if (statuses.every((s) => s === first)) return first;
  if (statuses.every(isClosed)) {
    const fulfilled = statuses.filter((s) => FULFILLED.includes(s)).length;
    if (fulfilled === statuses.length) return 'fulfilled';
    if (fulfilled === 0) return statuses.includes('rejected') ? 'rejected' : 'obsolete';
    return 'partially_fulfilled';
  }
  if (statuses.some((s) => MET_AT_LEAST_PARTLY.includes(s))) return 'partially_fulfilled';
  const open = statuses.filter((s) => !isClosed(s));
  return open.reduce((a, b) => (PROGRESS.indexOf(b) > PROGRESS.indexOf(a) ? b : a));
}

/**
 * A demand's status per addressee and overall. Per addressee: the latest counting update that
 * concerns it (its own or one for all addressees). Overall: by `overallStatus`; when no update
 * names an addressee (every update before reporting rounds), simply the latest update's status.
 * `update` is the latest counting update of all (its date is the status's as-of date).
 */
export function demandStatus<T extends AddresseeUpdateKey>(
  updates: readonly T[],
  addressees: readonly string[],
): { status: Status; update: T | undefined; byAddressee: { code: string; status: Status; update: T | undefined }[] } {
  const update = latestUpdate(updates);
  const byAddressee = addressees.map((code) => {
    const u = latestUpdate(updates.filter((x) => x.addressee === null || x.addressee === code));
    return { code, status: statusOf(u), update: u };
  });
  const specific = updates.some((u) => u.addressee !== null && !u.retracted);
  return {
    status: specific && byAddressee.length > 0 ? overallStatus(byAddressee.map((a) => a.status)) : statusOf(update),
    update,
    byAddressee,
  };
}
