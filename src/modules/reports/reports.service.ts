// The Erfolgskontrolle of one conference: reads in report.queries.ts (through the views of the
// audience), the model in report.model.ts (pure), the documents in ./render.
import { format, parseISO, subDays } from 'date-fns';
import { isoToday } from '../../clock.js';
import type { Ctx } from '../../context.js';
import { conferenceEnd } from '../../domain/derive.js';
import { unprocessable } from '../../shared/errors.js';
import { conferenceNotFound } from '../conferences/conferences.errors.js';
import { reportModel } from './report.model.js';
import { reportQueries } from './report.queries.js';
import type { Report, ReportOptions } from './reports.schemas.js';

export function createReportsService(ctx: Ctx) {
  const { sqlite, clock } = ctx;
  const queries = reportQueries(sqlite);
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  const totalChanges = sqlite.prepare('SELECT total_changes()').pluck();

  return {
    /**
     * What the report of `number` with `options` depends on, known without building it: the
     * request, the day (the default Stichtag and what is overdue follow it) and the version of the
     * database: this connection's writes (total_changes) and other connections' commits
     * (data_version). Any write moves it, also one no report shows: a key that moved too often
     * costs a build, never a stale report.
     */
    versionKey(number: number, options: ReportOptions): string {
      return JSON.stringify([number, options, isoToday(clock), dataVersion.get(), totalChanges.get()]);
    },

    /** The Erfolgskontrolle of conference `number` at the Stichtag, for the given audience. */
    build(number: number, options: ReportOptions): Report {
      const conference = queries.conference(number);
      if (!conference) throw conferenceNotFound(number);
      const asOf = options.asOf ?? defaultAsOf(queries.nextConference(number), isoToday(clock));
      // The last report was presented at the reported conference: what changed counts from its last
      // day on, so the conference's own statements (dated on its days) are not counted as changes.
      const ended = conferenceEnd({ startDate: conference.start_date, endDate: conference.end_date, year: conference.year });
      const since = options.since ?? (ended < asOf ? ended : asOf);
      if (since > asOf) {
        throw unprocessable('reports.since_after_as_of', `„since“ (${since}) liegt nach dem Stichtag (${asOf}).`, [
          { field: 'querystring.since', message: 'liegt nach asOf' },
        ]);
      }
      const rows = queries.read(conference, options.audience, { asOf, since });
      return reportModel(rows, { asOf, since, top: options.top, audience: options.audience, generated: clock.now().toISOString() });
    },
  };
}
/**
 * The default Stichtag: today; but once the conference the annex is presented to has begun, the
 * day before it (its annex was drawn up before it; what came later belongs to the next annex).
 * Without a recorded date, that conference is past only when its year is: then the end of the
 * year before.
 */
export function defaultAsOf(next: { start_date: string | null; year: number } | undefined, today: string): string {
  if (!next) return today;
  if (!next.start_date) return next.year < Number(today.slice(0, 4)) ? `${next.year - 1}-12-31` : today;
  if (next.start_date > today) return today;
  return format(subDays(parseISO(next.start_date), 1), 'yyyy-MM-dd');
}

export type ReportsService = ReturnType<typeof createReportsService>;
