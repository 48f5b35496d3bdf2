// What the public may see (rules of procedure, 16. IntMK TOP 8.1): only adopted resolutions
// marked public, and below them only what is marked public. Anonymous reads query these views
// instead of the tables, so a visibility filter cannot be forgotten in one query. The views keep
// the tables' column names; `public_demands` shows the status derived from public updates only.
//
// They are TEMP views, made per connection after the migrations: a migration that rebuilds a
// table (create, copy, drop, rename) would fail on a permanent view that names the table.
import type Database from 'better-sqlite3';
import { NOT_PUBLIC_ADOPTIONS } from './rules.js';

// Each view reads one table and checks its parents with EXISTS by primary key, so SQLite flattens
// the view into the query that uses it (also as the right side of a LEFT JOIN) and looks rows up
// by index; a view that joins, or that asks `IN (SELECT … FROM another view)`, would be
// materialised whole on every request.
/** The public rule for a resolution row aliased `r`: released by the minutes, adopted. */
export const PUBLIC_RESOLUTION = (r: string) =>
  `${r}.visibility = 'public' AND ${r}.adoption NOT IN (${NOT_PUBLIC_ADOPTIONS.map((a) => `'${a}'`).join(', ')})`;
/** The resolution with this id (an SQL expression) is public. */
export const publicResolution = (id: string) => `EXISTS (SELECT 1 FROM resolutions pr WHERE pr.id = ${id} AND ${PUBLIC_RESOLUTION('pr')})`;
/** The demand with this id is public: itself, under a public resolution. */
export const publicDemand = (id: string) =>
  `EXISTS (SELECT 1 FROM demands pd JOIN resolutions pr ON pr.id = pd.resolution_id
           WHERE pd.id = ${id} AND pd.visibility = 'public' AND ${PUBLIC_RESOLUTION('pr')})`;
/** The status update with this id is public: itself, of a public demand. */
export const publicUpdate = (id: string) =>
  `EXISTS (SELECT 1 FROM status_updates ps JOIN demands pd ON pd.id = ps.demand_id JOIN resolutions pr ON pr.id = pd.resolution_id
           WHERE ps.id = ${id} AND ps.visibility = 'public' AND pd.visibility = 'public' AND ${PUBLIC_RESOLUTION('pr')})`;
/** The thread with this id exists for the public: it has a public member (its title may describe the others). */
export const publicThread = (id: string) =>
  `EXISTS (SELECT 1 FROM thread_members pm WHERE pm.thread_id = ${id} AND ${publicDemand('pm.demand_id')})`;

export const PUBLIC_VIEWS = [
  // Columns are named, not `*`: a column added later stays out of the public view until it is
  // added here. `modified` is the public one, moved only by changes the public can see.
  `CREATE TEMP VIEW IF NOT EXISTS public_resolutions AS
   SELECT r.id, r.conference_id, r.top, r.top_sort, r.agenda_heading, r.title, r.proposers, r.all_laender,
          r.coordinating_land, r.green_list, r.adoption,
          -- Merging into a rejected or internal item would betray that it exists.
          CASE WHEN r.merged_into_top IS NULL OR EXISTS (SELECT 1 FROM resolutions m
            WHERE m.conference_id = r.conference_id AND m.top = r.merged_into_top AND ${PUBLIC_RESOLUTION('m')})
          THEN r.merged_into_top END AS merged_into_top, r.circular_number, r.circular_date,
          r.budget_reservation, r.subtitle, r.withdrawn_by, r.preamble, r.closing_text, NULL AS reasoning, r.visibility,
          r.created, r.public_modified AS modified
   FROM resolutions r WHERE ${PUBLIC_RESOLUTION('r')}`,
  // Votes and reasons are in the internal minutes only: the public view of them is empty.
  `CREATE TEMP VIEW IF NOT EXISTS public_resolution_votes AS
   SELECT v.* FROM resolution_votes v WHERE 0`,
  `CREATE TEMP VIEW IF NOT EXISTS public_ziffern AS
   SELECT z.* FROM ziffern z WHERE ${publicResolution('z.resolution_id')}`,
  // A note names its demand only when the public may see that demand.
  `CREATE TEMP VIEW IF NOT EXISTS public_protocol_notes AS
   SELECT n.id, n.resolution_id, n.position, n.kind, n.lands, n.ziffer,
          CASE WHEN n.demand_id IS NOT NULL AND ${publicDemand('n.demand_id')} THEN n.demand_id END AS demand_id,
          n.budget_reservation, n.text, n.visibility
   FROM protocol_notes n WHERE n.visibility = 'public' AND ${publicResolution('n.resolution_id')}`,
  // Positions are counted among the public siblings, so a gap cannot show where a hidden one sits.
  `CREATE TEMP VIEW IF NOT EXISTS public_demands AS
   SELECT d.id, d.resolution_id, d.ziffer,
          (SELECT count(*) FROM demands s WHERE s.resolution_id = d.resolution_id AND s.visibility = 'public'
             AND (s.position < d.position OR (s.position = d.position AND s.id < d.id))) AS position,
          d.kind, d.wording, d.summary, d.topics, d.due_date,
          d.due_conference_id, d.responsible, d.lead_addressee, d.report_back, d.visibility,
          d.public_status AS current_status, d.public_status_as_of AS current_status_as_of,
          d.public_status_update_id AS current_status_update_id,
          d.public_status, d.public_status_as_of, d.public_status_update_id, d.public_modified,
          d.public_addressee_status AS addressee_status,
          d.created, d.public_modified AS modified,
          -- For ORDER BY only, never selected: it sorts public siblings as position does, without
          -- counting siblings for every row (its gaps would show where hidden siblings sit).
          d.position AS position_order
   FROM demands d WHERE d.visibility = 'public' AND ${publicResolution('d.resolution_id')}`,
  `CREATE TEMP VIEW IF NOT EXISTS public_demand_addressees AS
   SELECT a.* FROM demand_addressees a WHERE ${publicDemand('a.demand_id')}`,
  `CREATE TEMP VIEW IF NOT EXISTS public_thread_members AS
   SELECT m.thread_id, m.demand_id,
          (SELECT count(*) FROM thread_members s WHERE s.thread_id = m.thread_id AND s.position < m.position
             AND ${publicDemand('s.demand_id')}) AS position,
          m.relation
   FROM thread_members m WHERE ${publicDemand('m.demand_id')}`,
  // A thread exists for the public only through a visible member.
  `CREATE TEMP VIEW IF NOT EXISTS public_threads AS
   SELECT t.id, t.title, t.description, t.origin_text, t.origin_citation, t.created, t.public_modified AS modified
   FROM threads t WHERE ${publicThread('t.id')}`,
  // Mentions come from the published documents; they show with their thread.
  `CREATE TEMP VIEW IF NOT EXISTS public_thread_mentions AS
   SELECT x.* FROM thread_mentions x WHERE EXISTS (SELECT 1 FROM public_threads t WHERE t.id = x.thread_id)`,
  `CREATE TEMP VIEW IF NOT EXISTS public_status_updates AS
   SELECT s.id, s.demand_id, s.status, s.as_of, s.narrative, s.reporter,
          (SELECT c.id FROM status_updates c WHERE c.id = s.corrects_id AND c.visibility = 'public') AS corrects_id,
          s.visibility, s.addressee, s.created
   FROM status_updates s WHERE s.visibility = 'public' AND ${publicDemand('s.demand_id')}`,
  `CREATE TEMP VIEW IF NOT EXISTS public_evidence AS
   SELECT e.* FROM evidence e WHERE e.visibility = 'public' AND ${publicUpdate('e.status_update_id')}`,
  `CREATE TEMP VIEW IF NOT EXISTS public_retractions AS
   SELECT x.id, x.status_update_id, x.reason, x.reporter,
          (SELECT c.id FROM status_updates c WHERE c.id = x.replacement_id AND c.visibility = 'public') AS replacement_id,
          x.created
   FROM retractions x WHERE ${publicUpdate('x.status_update_id')}`,
] as const;

/** Search entries the public may find: a per-row check by primary key against the views. */
const PUBLIC_SEARCH_FILTER = `CASE kind
  WHEN 'resolution' THEN EXISTS (SELECT 1 FROM public_resolutions p WHERE p.id = ref_id)
  WHEN 'ziffer' THEN EXISTS (SELECT 1 FROM public_ziffern p WHERE p.id = ref_id)
  WHEN 'demand' THEN EXISTS (SELECT 1 FROM public_demands p WHERE p.id = ref_id)
  WHEN 'status_update' THEN EXISTS (SELECT 1 FROM public_status_updates p WHERE p.id = ref_id)
  ELSE 0 END`;

const NAMES = PUBLIC_VIEWS.map((v) => /VIEW IF NOT EXISTS (\w+)/.exec(v)?.[1] as string);

export function createPublicViews(sqlite: Database.Database): void {
  for (const sql of PUBLIC_VIEWS) sqlite.exec(sql);
}

export function dropPublicViews(sqlite: Database.Database): void {
  for (const name of [...NAMES].reverse()) sqlite.exec(`DROP VIEW IF EXISTS temp.${name}`);
}

/** Table names for a view of the record: the tables themselves, or the public views. */
export interface RecordTables {
  resolutions: string;
  resolutionVotes: string;
  ziffern: string;
  protocolNotes: string;
  demands: string;
  demandAddressees: string;
  threads: string;
  threadMembers: string;
  threadMentions: string;
  statusUpdates: string;
  evidence: string;
  retractions: string;
  /** SQL condition on `search_index` rows the view may find; null: all. */
  searchFilter: string | null;
  /** The demands column to sort siblings by (the same order as their `position`). */
  demandPositionOrder: string;
}

export const TABLES: Record<'internal' | 'public', RecordTables> = {
  internal: {
    resolutions: 'resolutions',
    resolutionVotes: 'resolution_votes',
    ziffern: 'ziffern',
    protocolNotes: 'protocol_notes',
    demands: 'demands',
    demandAddressees: 'demand_addressees',
    threads: 'threads',
    threadMembers: 'thread_members',
    threadMentions: 'thread_mentions',
    statusUpdates: 'status_updates',
    evidence: 'evidence',
    retractions: 'retractions',
    searchFilter: null,
    demandPositionOrder: 'position',
  },
  public: {
    resolutions: 'public_resolutions',
    resolutionVotes: 'public_resolution_votes',
    ziffern: 'public_ziffern',
    protocolNotes: 'public_protocol_notes',
    demands: 'public_demands',
    demandAddressees: 'public_demand_addressees',
    threads: 'public_threads',
    threadMembers: 'public_thread_members',
    threadMentions: 'public_thread_mentions',
    statusUpdates: 'public_status_updates',
    evidence: 'public_evidence',
    retractions: 'public_retractions',
    searchFilter: PUBLIC_SEARCH_FILTER,
    demandPositionOrder: 'position_order',
  },
};

/** One value per view, e.g. a statement prepared once against the tables and once against the views. */
export function perView<T>(make: (tables: RecordTables, view: 'internal' | 'public') => T): Record<'internal' | 'public', T> {
  return { internal: make(TABLES.internal, 'internal'), public: make(TABLES.public, 'public') };
}
