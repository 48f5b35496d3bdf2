// The reads of conferences, in SQL (docs/decisions/0013). Conferences themselves are public; what a
// view changes is the count of their resolutions, read through `TABLES[view]`, so the public count
// never includes a rejected, withdrawn or internal resolution. The look-ups of the write verbs
// read the tables: curation sees everything.
import type Database from 'better-sqlite3';
import { filter, isoOrUndefined } from '../../db/filter.js';
import { statementCache } from '../../db/statements.js';
import type { ConferenceKind } from '../../domain/vocab.js';
import { perView, type RecordTables, TABLES, type View } from '../../visibility/index.js';

/** A conference row as read by SQL. */
export interface ConferenceRow {
  id: number;
  number: number;
  year: number;
  kind: ConferenceKind;
  start_date: string | null;
  end_date: string | null;
  place: string | null;
  chair_land: string | null;
  note: string | null;
  created: string;
  modified: string;
}
/** With its count of resolutions in one view of the record. */
export interface ConferenceViewRow extends ConferenceRow {
  resolution_count: number;
}

export interface ConferenceListQuery {
  limit: number;
  offset: number;
  year?: number;
  kind?: ConferenceKind;
  sort: 'number' | '-number';
  modifiedSince?: string;
}

const selectFrom = (t: RecordTables) =>
  `SELECT c.*, (SELECT count(*) FROM ${t.resolutions} r WHERE r.conference_id = c.id) AS resolution_count
   FROM conferences c`;

export function conferenceQueries(sqlite: Database.Database) {
  const cached = statementCache(sqlite);
  const byNumberStmt = perView((t) => sqlite.prepare<[number], ConferenceViewRow>(`${selectFrom(t)} WHERE c.number = ?`));
  const idStmt = sqlite.prepare<[number], { id: number }>('SELECT id FROM conferences WHERE number = ?');
  const rowStmt = sqlite.prepare<[number], ConferenceRow>('SELECT * FROM conferences WHERE number = ?');
  const resolutionCountStmt = sqlite.prepare<[number], number>('SELECT count(*) FROM resolutions WHERE conference_id = ?').pluck();
  const dueCountStmt = sqlite.prepare<[number], number>('SELECT count(*) FROM demands WHERE due_conference_id = ?').pluck();
  const firstRoundStmt = sqlite.prepare<[number], number>('SELECT id FROM rounds WHERE conference_id = ? ORDER BY id LIMIT 1').pluck();

  return {
    /** The conference with this number, with its count of resolutions in the view. */
    byNumber: (number: number, view: View) => byNumberStmt[view].get(number),
    list(q: ConferenceListQuery, view: View): { rows: ConferenceViewRow[]; total: number } {
      const f = filter().given(q.year, 'c.year = ?').given(q.kind, 'c.kind = ?').given(isoOrUndefined(q.modifiedSince), 'c.modified >= ?');
      const total = (cached(`SELECT count(*) AS n FROM conferences c ${f.clause}`).get(...f.params) as { n: number }).n;
      const order = q.sort === '-number' ? 'c.number DESC' : 'c.number ASC';
      const rows = cached(`${selectFrom(TABLES[view])} ${f.clause} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
        ...f.params,
        q.limit,
        q.offset,
      ) as ConferenceViewRow[];
      return { rows, total };
    },
    // Look-ups of the write verbs (internal: a deletion must never orphan what the public cannot see).
    idOf: (number: number) => idStmt.get(number)?.id,
    row: (number: number) => rowStmt.get(number),
    resolutionCount: (conferenceId: number) => resolutionCountStmt.get(conferenceId) ?? 0,
    dueDemandCount: (conferenceId: number) => dueCountStmt.get(conferenceId) ?? 0,
    firstRound: (conferenceId: number) => firstRoundStmt.get(conferenceId),
  };
}
export type ConferenceQueries = ReturnType<typeof conferenceQueries>;
