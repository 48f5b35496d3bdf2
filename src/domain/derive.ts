// Derived values, computed from the record and never typed in twice.
// The status rule (latest update, latest member, overdue, years open) is in ./status.ts.

/** The day a conference raised its demands: its first day, or its year when undated. */
export function conferenceDate(c: { startDate: string | null; endDate?: string | null; year: number }): string {
  return c.startDate ?? c.endDate ?? `${c.year}-01-01`;
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
