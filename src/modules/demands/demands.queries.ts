// The reads of demands, in SQL through `TABLES[view]` (docs/decisions/0013): in the public view a
// demand's status columns and `modified` are the public derivation, and only public resolutions,
// demands and thread members show. Statements are prepared once per view (or once per text, for
// filters and IN lists).
import type Database from 'better-sqlite3';
import { type Filter, filter, isoOrUndefined } from '../../db/filter.js';
import { allRows, changeStamp, placeholders, statementCache } from '../../db/statements.js';
import { closedSql } from '../../domain/status.js';
import type { BodyKind, DemandKind, Status, ThreadRelation, Visibility } from '../../domain/vocab.js';
import { parseTextQuery } from '../../shared/fts.js';
import { perView, type RecordTables, TABLES, type View } from '../../visibility/index.js';
import type { DemandListQuery } from './demands.schemas.js';

export interface DemandRow {
  id: number;
  resolution_id: number;
  ziffer: string | null;
  position: number;
  kind: DemandKind;
  wording: string;
  summary: string;
  topics: string;
  due_date: string | null;
  responsible: string;
  lead_addressee: string | null;
  report_back: number;
  visibility: Visibility;
  current_status: Status;
  current_status_as_of: string | null;
  current_status_update_id: number | null;
  addressee_status: string;
  created: string;
  modified: string;
  top: string;
  r_title: string;
  c_number: number;
  c_year: number;
  c_start: string | null;
  c_end: string | null;
  due_number: number | null;
  due_start: string | null;
  due_year: number | null;
}

export interface MembershipRow {
  demand_id: number;
  thread_id: number;
  title: string;
  relation: ThreadRelation;
  position: number;
}

export interface AddresseeRow {
  demand_id: number;
  code: string;
  name: string;
  kind: BodyKind;
}

// Only the columns the API shows: the demand rows are wide (wording), so no `d.*`.
const selectFrom = (t: RecordTables) => `
  SELECT d.id, d.resolution_id, d.ziffer, d.position, d.kind, d.wording, d.summary, d.topics, d.due_date,
         d.responsible, d.lead_addressee, d.report_back, d.visibility, d.current_status, d.current_status_as_of,
         d.current_status_update_id, d.addressee_status, d.created, d.modified,
         r.top, r.title AS r_title, c.number AS c_number, c.year AS c_year, c.start_date AS c_start, c.end_date AS c_end,
         dc.number AS due_number, dc.start_date AS due_start, dc.year AS due_year
  FROM ${t.demands} d
  JOIN ${t.resolutions} r ON r.id = d.resolution_id
  JOIN conferences c ON c.id = r.conference_id
  LEFT JOIN conferences dc ON dc.id = d.due_conference_id`;

// isOverdue() of src/domain/status.ts, registered on the connection (src/db/client.ts); 0 or 1, so `NOT` works too.
const OVERDUE_SQL = `is_overdue(d.current_status, d.due_date,
  (SELECT odc.start_date FROM conferences odc WHERE odc.id = d.due_conference_id),
  (SELECT odc.year FROM conferences odc WHERE odc.id = d.due_conference_id), ?)`;

/** The list filters as SQL on `d` (the demand; `r` and `c` only for the conference filter). */
function listFilter(q: DemandListQuery, t: RecordTables, today: string): Filter {
  const f = filter().in('c.number', q.conference).given(q.resolution, 'd.resolution_id = ?');
  if (q.addressee?.length) {
    f.and(
      `EXISTS (SELECT 1 FROM ${t.demandAddressees} fa WHERE fa.demand_id = d.id AND fa.body_code IN (${placeholders(q.addressee.length)}))`,
      ...q.addressee,
    );
  }
  f.in('d.kind', q.kind)
    .given(q.topic, 'EXISTS (SELECT 1 FROM json_each(d.topics) WHERE value = ?)')
    .in('d.current_status', q.status)
    .given(q.responsible, 'EXISTS (SELECT 1 FROM json_each(d.responsible) WHERE value = ?)');
  if (q.open !== undefined) f.and(closedSql('d.current_status', !q.open));
  if (q.overdue !== undefined) f.and(q.overdue ? OVERDUE_SQL : `NOT ${OVERDUE_SQL}`, today);
  f.given(q.thread, `EXISTS (SELECT 1 FROM ${t.threadMembers} tm WHERE tm.demand_id = d.id AND tm.thread_id = ?)`)
    .given(q.visibility, 'd.visibility = ?')
    .given(isoOrUndefined(q.modified_since), 'd.modified >= ?');
  if (q.q) {
    const tq = parseTextQuery(q.q);
    f.given(tq.match || undefined, `d.id IN (SELECT ref_id FROM search_index WHERE search_index MATCH ? AND kind = 'demand')`);
    for (const like of tq.likes) f.given(like, `(d.summary LIKE ? ESCAPE '\\' OR d.wording LIKE ? ESCAPE '\\')`);
  }
  return f;
}

const ORDER: Record<DemandListQuery['sort'], (t: RecordTables) => string> = {
  position: (t: RecordTables) => `c.number ASC, r.top_sort ASC, d.${t.demandPositionOrder} ASC, d.id ASC`,
  '-position': (t: RecordTables) => `c.number DESC, r.top_sort DESC, d.${t.demandPositionOrder} DESC, d.id DESC`,
  modified: () => 'd.modified ASC, d.id ASC',
  '-modified': () => 'd.modified DESC, d.id DESC',
  status: () => 'd.current_status ASC, d.id ASC',
  due: () => "coalesce(d.due_date, '9999-12-31') ASC, d.id ASC",
};

export function demandQueries(sqlite: Database.Database) {
  const byIdStmt = perView((t) => sqlite.prepare<[number], DemandRow>(`${selectFrom(t)} WHERE d.id = ?`));
  const byResolutionStmt = perView((t) =>
    sqlite.prepare<[number], DemandRow>(`${selectFrom(t)} WHERE d.resolution_id = ? ORDER BY d.${t.demandPositionOrder}, d.id`),
  );
  const zifferStmt = sqlite.prepare('SELECT 1 FROM ziffern WHERE resolution_id = ? AND number = ?').pluck();
  const addresseeCodesStmt = sqlite.prepare('SELECT body_code FROM demand_addressees WHERE demand_id = ? ORDER BY position').pluck();
  const conferenceIdStmt = sqlite.prepare('SELECT id FROM conferences WHERE number = ?').pluck();
  const nextPositionStmt = sqlite.prepare('SELECT coalesce(max(position), -1) + 1 FROM demands WHERE resolution_id = ?').pluck();
  const draftCountStmt = sqlite.prepare('SELECT count(*) FROM round_drafts WHERE demand_id = ?').pluck();
  const cached = statementCache(sqlite);
  /** Statements of many rows, read with allRows (raw mode): kept apart from `cached`. */
  const many = statementCache(sqlite);
  const stamp = changeStamp(sqlite);
  // The per-resolution counts of a list filter, kept until the database changes: counting every
  // matching demand was half of a page's time (bench/reads.ts), and pages of one filter share them.
  const groupsCache = new Map<string, { stamp: string; groups: [number, number, number, string][] }>();
  const GROUPS_CACHED = 64;

  function groupsOf(sql: string, params: unknown[]): [number, number, number, string][] {
    const now = stamp();
    const key = `${sql}\0${JSON.stringify(params)}`;
    const hit = groupsCache.get(key);
    if (hit && hit.stamp === now) return hit.groups;
    const groups = cached(sql)
      .raw()
      .all(...params) as [number, number, number, string][];
    if (now !== null) {
      if (groupsCache.size >= GROUPS_CACHED) groupsCache.clear();
      groupsCache.set(key, { stamp: now, groups });
    }
    return groups;
  }

  /**
   * A page in the conference order, with its total, in two narrow reads instead of a count and a
   * sort of every matching demand: the matching demands counted per resolution, in resolution
   * order (the total is their sum), then the rows of only the resolutions the page falls into.
   */
  function pageByPosition(q: DemandListQuery, view: View, today: string, descending: boolean): { rows: DemandRow[]; total: number } {
    const t = TABLES[view];
    const f = listFilter(q, t, today);
    const dir = descending ? 'DESC' : 'ASC';
    // The conference filter names `c`; no other filter needs the joins (every demand has its
    // resolution and conference, and a demand in the public view has a public resolution).
    const joins = /\b[rc]\./.test(f.clause)
      ? `JOIN ${t.resolutions} r ON r.id = d.resolution_id JOIN conferences c ON c.id = r.conference_id`
      : '';
    const groups = groupsOf(
      `SELECT g.rid, g.n, c.number, r.top_sort FROM (SELECT d.resolution_id AS rid, count(*) AS n FROM ${t.demands} d ${joins} ${f.clause} GROUP BY d.resolution_id) g
       JOIN ${t.resolutions} r ON r.id = g.rid JOIN conferences c ON c.id = r.conference_id
       ORDER BY c.number ${dir}, r.top_sort ${dir}`,
      f.params,
    );
    let total = 0;
    for (const g of groups) total += g[1];
    // The resolutions the page [offset, offset + limit) falls into, and where it starts in the first.
    // Resolutions with the same sort key are taken together, since their demands interleave.
    const window: number[] = [];
    let before = 0;
    let seen = 0;
    const end = q.offset + q.limit;
    for (let i = 0; i < groups.length && seen < end; ) {
      let j = i;
      let n = 0;
      const [, , number, topSort] = groups[i] as [number, number, number, string];
      while (j < groups.length && (groups[j] as [number, number, number, string])[2] === number && groups[j]?.[3] === topSort) {
        n += (groups[j] as [number, number, number, string])[1];
        j++;
      }
      if (seen + n > q.offset) {
        if (window.length === 0) before = seen;
        for (let k = i; k < j; k++) window.push((groups[k] as [number, number, number, string])[0]);
      }
      seen += n;
      i = j;
    }
    if (window.length === 0) return { rows: [], total };
    f.in('d.resolution_id', window);
    const rows = allRows<DemandRow>(
      many(`${selectFrom(t)} ${f.clause} ORDER BY ${ORDER[descending ? '-position' : 'position'](t)}`),
      ...f.params,
    );
    return { rows: rows.slice(q.offset - before, q.offset - before + q.limit), total };
  }

  return {
    byId: (id: number, view: View) => byIdStmt[view].get(id),
    byResolution: (resolutionId: number, view: View) => allRows<DemandRow>(byResolutionStmt[view], resolutionId),
    byIds(ids: number[], view: View): DemandRow[] {
      if (ids.length === 0) return [];
      return allRows<DemandRow>(many(`${selectFrom(TABLES[view])} WHERE d.id IN (${placeholders(ids.length)})`), ...ids);
    },
    addressees(ids: number[], view: View): AddresseeRow[] {
      return allRows<AddresseeRow>(
        many(
          `SELECT da.demand_id, b.code, b.name, b.kind FROM ${TABLES[view].demandAddressees} da JOIN bodies b ON b.code = da.body_code
         WHERE da.demand_id IN (${placeholders(ids.length)}) ORDER BY da.demand_id, da.position`,
        ),
        ...ids,
      );
    },
    /** A demand may be in several threads (docs/decisions/0010): all memberships, in thread order. */
    memberships(ids: number[], view: View): MembershipRow[] {
      return allRows<MembershipRow>(
        many(
          `SELECT tm.demand_id, tm.thread_id, th.title, tm.relation, tm.position FROM ${TABLES[view].threadMembers} tm
         JOIN threads th ON th.id = tm.thread_id WHERE tm.demand_id IN (${placeholders(ids.length)}) ORDER BY tm.demand_id, tm.thread_id`,
        ),
        ...ids,
      );
    },

    /** One page of the list and the number of all matching demands. */
    page(q: DemandListQuery, view: View, today: string): { rows: DemandRow[]; total: number } {
      if (q.sort === 'position' || q.sort === '-position') return pageByPosition(q, view, today, q.sort === '-position');
      const t = TABLES[view];
      const f = listFilter(q, t, today);
      const from = /\b[rc]\./.test(f.clause)
        ? `FROM ${t.demands} d JOIN ${t.resolutions} r ON r.id = d.resolution_id JOIN conferences c ON c.id = r.conference_id`
        : `FROM ${t.demands} d`;
      const total = cached(`SELECT count(*) ${from} ${f.clause}`)
        .pluck()
        .get(...f.params) as number;
      const rows = allRows<DemandRow>(
        many(`${selectFrom(t)} WHERE d.id IN (SELECT d.id ${from} ${f.clause} ORDER BY ${ORDER[q.sort](t)} LIMIT ? OFFSET ?)
        ORDER BY ${ORDER[q.sort](t)}`),
        ...f.params,
        q.limit,
        q.offset,
      );
      return { rows, total };
    },

    // Look-ups of the write verbs (internal: curation sees everything).
    zifferExists: (resolutionId: number, number: string) => zifferStmt.get(resolutionId, number) !== undefined,
    addresseeCodes: (demandId: number) => addresseeCodesStmt.all(demandId) as string[],
    conferenceId: (number: number) => conferenceIdStmt.get(number) as number | undefined,
    nextPosition: (resolutionId: number) => nextPositionStmt.get(resolutionId) as number,
    draftCount: (demandId: number) => draftCountStmt.get(demandId) as number,
  };
}
export type DemandQueries = ReturnType<typeof demandQueries>;
