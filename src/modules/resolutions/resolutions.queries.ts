// The reads of resolutions, in SQL through `TABLES[view]` (docs/decisions/0013): every filter runs
// over the view's resolutions, so a filter on `visibility` or `adoption`, or a word that only an
// internal resolution contains, finds nothing for the public.
import type Database from 'better-sqlite3';
import { filter, isoOrUndefined } from '../../db/filter.js';
import { statementCache } from '../../db/statements.js';
import type { Adoption, LandCode, NoteKind, Visibility, Vote } from '../../domain/vocab.js';
import { parseTextQuery } from '../../shared/fts.js';
import { perView, TABLES, type View } from '../../visibility/index.js';
import type { ResolutionListInput } from './resolutions.service.js';

/** A resolution as read by SQL from one view of the record, with its conference and counts. */
export interface SqlRow {
  id: number;
  conference_id: number;
  conference_number: number;
  top: string;
  agenda_heading: string | null;
  title: string;
  proposers: string;
  all_laender: number;
  coordinating_land: string | null;
  green_list: string | null;
  adoption: Adoption;
  merged_into_top: string | null;
  circular_number: string | null;
  circular_date: string | null;
  budget_reservation: string | null;
  subtitle: string | null;
  withdrawn_by: string | null;
  preamble: string | null;
  closing_text: string | null;
  /** Always NULL in the public view. */
  reasoning: string | null;
  visibility: Visibility;
  demand_count: number;
  created: string;
  modified: string;
}

/**
 * The columns of a resolution in one view. In the public view, `merged_into_top` names only a TOP
 * the public can see (public_resolutions in src/visibility/views.ts).
 */
function columns(view: View): string {
  const t = TABLES[view];
  return `r.id, r.conference_id, c.number AS conference_number, r.top, r.agenda_heading, r.title, r.proposers, r.all_laender,
    r.coordinating_land, r.green_list, r.adoption, r.merged_into_top, r.circular_number, r.circular_date,
    r.budget_reservation, r.subtitle, r.withdrawn_by, r.preamble, r.closing_text, r.reasoning, r.visibility, r.created, r.modified,
    (SELECT count(*) FROM ${t.demands} d WHERE d.resolution_id = r.id) AS demand_count`;
}

const _fromIn = (view: View) => `FROM ${TABLES[view].resolutions} r JOIN conferences c ON c.id = r.conference_id`;

const fromIn = (view: View) => `FROM ${TABLES[view].resolutions} r JOIN conferences c ON c.id = r.conference_id`;

export function resolutionQueries(sqlite: Database.Database) {
  const cached = statementCache(sqlite);
  const byIdStmt = perView((_t, v) => sqlite.prepare<[number], SqlRow>(`SELECT ${columns(v)} ${fromIn(v)} WHERE r.id = ?`));
  const idByTopStmt = perView((_t, v) =>
    sqlite.prepare<[number, string], { id: number }>(`SELECT id FROM ${TABLES[v].resolutions} WHERE conference_id = ? AND top = ?`),
  );
  const zifferStmt = perView((_t, v) =>
    sqlite.prepare<[number], { number: string; heading: string | null; text: string }>(
      `SELECT number, heading, text FROM ${TABLES[v].ziffern} WHERE resolution_id = ? ORDER BY position`,
    ),
  );
  const voteStmt = perView((t) =>
    sqlite.prepare<[number], { land: LandCode; vote: Vote }>(`SELECT land, vote FROM ${t.resolutionVotes} WHERE resolution_id = ?`),
  );
  const noteStmt = perView((_t, v) =>
    sqlite.prepare<
      [number],
      {
        kind: NoteKind;
        lands: string;
        ziffer: string | null;
        demand_id: number | null;
        budget_reservation: number;
        text: string;
        visibility: Visibility;
      }
    >(
      `SELECT kind, lands, ziffer, demand_id, budget_reservation, text, visibility FROM ${TABLES[v].protocolNotes} WHERE resolution_id = ? ORDER BY position`,
    ),
  );
  const internalRowStmt = sqlite.prepare<
    [number],
    { id: number; conference_id: number; top: string; adoption: Adoption; merged_into_top: string | null; conference_number: number }
  >(
    `SELECT r.id, r.conference_id, r.top, r.adoption, r.merged_into_top, c.number AS conference_number
     FROM resolutions r JOIN conferences c ON c.id = r.conference_id WHERE r.id = ?`,
  );

  const updateCountStmt = sqlite
    .prepare('SELECT count(*) FROM status_updates s JOIN demands d ON d.id = s.demand_id WHERE d.resolution_id = ?')
    .pluck();
  const draftCountStmt = sqlite
    .prepare('SELECT count(*) FROM round_drafts x JOIN demands d ON d.id = x.demand_id WHERE d.resolution_id = ?')
    .pluck();

  return {
    byId: (id: number, view: View) => byIdStmt[view].get(id),
    idByTop: (conferenceId: number, top: string, view: View) => idByTopStmt[view].get(conferenceId, top)?.id,
    ziffern: (id: number, view: View) => zifferStmt[view].all(id),
    votes: (id: number, view: View) => voteStmt[view].all(id),
    notes: (id: number, view: View) => noteStmt[view].all(id),
    page(input: ResolutionListInput, view: View): { rows: SqlRow[]; total: number } {
      const f = filter()
        .in('c.number', input.conferences)
        .given(input.proposer, '(r.all_laender = 1 OR EXISTS (SELECT 1 FROM json_each(r.proposers) WHERE value = ?))')
        .in('r.adoption', input.adoption)
        .given(input.visibility, 'r.visibility = ?')
        .given(isoOrUndefined(input.modifiedSince), 'r.modified >= ?');
      if (input.q) {
        const tq = parseTextQuery(input.q);
        // A hit in a Ziffer names its resolution as parent; `r` ranges over the view, so a hit
        // in an internal resolution (or its Ziffern) never selects a row for the public.
        f.given(
          tq.match || undefined,
          `r.id IN (SELECT CASE kind WHEN 'resolution' THEN ref_id ELSE parent_id END FROM search_index
           WHERE search_index MATCH ? AND kind IN ('resolution', 'ziffer'))`,
        );
        for (const like of tq.likes) f.given(like, `(r.title LIKE ? ESCAPE '\\' OR r.preamble LIKE ? ESCAPE '\\')`);
      }
      const { clause, params } = f;
      const order = {
        top: 'c.number ASC, r.top_sort ASC',
        '-top': 'c.number DESC, r.top_sort DESC',
        modified: 'r.modified ASC, r.id ASC',
        '-modified': 'r.modified DESC, r.id DESC',
      }[input.sort];
      const from = fromIn(view);
      const total = (cached(`SELECT count(*) AS n ${from} ${clause}`).get(...params) as { n: number }).n;
      const rows = cached(`SELECT ${columns(view)} ${from} ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
        ...params,
        input.limit,
        input.offset,
      ) as SqlRow[];
      return { rows, total };
    },
    // Look-ups of the write verbs (internal: curation sees everything).
    internalRow: (id: number) => internalRowStmt.get(id),
    /** Status updates logged for the resolution's demands. */
    updateCount: (id: number) => updateCountStmt.get(id) as number,
    /** Sachstand drafts of reporting rounds on the resolution's demands (they keep the demands). */
    draftCount: (id: number) => draftCountStmt.get(id) as number,
  };
}
