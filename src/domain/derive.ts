// Derived values, computed from the record and never typed in twice.
// The status rule (latest update, latest member, overdue, years open, first raised) is in ./status.ts.

/** The last day of a conference: its end date, else its first day, else (undated) the start of its year. */
export function conferenceEnd(c: { startDate: string | null; endDate?: string | null; year: number }): string {
  return c.endDate ?? c.startDate ?? `${c.year}-01-01`;
}

/** The day a conference raised its demands: its first day, or its year when undated. */
export function conferenceDate(c: { startDate: string | null; endDate?: string | null; year: number }): string {
  return c.startDate ?? c.endDate ?? `${c.year}-01-01`;
}
