// Derived values, computed from the record and never typed in twice.
// The status rule (latest update, latest member, overdue, years open, first raised) is in ./status.ts.

/** The day a conference raised its demands: its first day, or its year when undated. */
export function conferenceDate(c: { startDate: string | null; endDate?: string | null; year: number }): string {
  return c.startDate ?? c.endDate ?? `${c.year}-01-01`;
}
