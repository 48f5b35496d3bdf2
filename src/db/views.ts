// What the public may see (rules of procedure, 16. IntMK TOP 8.1): only adopted resolutions
// marked public, and below them only what is marked public. Anonymous reads query these views
// instead of the tables, so a visibility filter cannot be forgotten in one query. The views keep
// the tables' column names; `public_demands` shows the status derived from public updates only.
//
// They are TEMP views, made per connection after the migrations: a migration that rebuilds a
// table (create, copy, drop, rename) would fail on a permanent view that names the table.
import type Database from 'better-sqlite3';

export const PUBLIC_VIEWS = [
  `CREATE TEMP VIEW IF NOT EXISTS public_resolutions AS
  SELECT * FROM resolutions
  WHERE visibility = 'public' AND adoption NOT IN ('abgelehnt', 'zurueckgezogen')`,
  `CREATE TEMP VIEW IF NOT EXISTS public_ziffern AS
  SELECT z.* FROM ziffern z WHERE z.resolution_id IN (SELECT id FROM public_resolutions)`,
  `CREATE TEMP VIEW IF NOT EXISTS public_protocol_notes AS
  SELECT n.* FROM protocol_notes n
  WHERE n.visibility = 'public' AND n.resolution_id IN (SELECT id FROM public_resolutions)`,
  `CREATE TEMP VIEW IF NOT EXISTS public_demands AS
  SELECT d.id, d.resolution_id, d.ziffer, d.position, d.kind, d.wording, d.summary, d.topics, d.due_date,
         d.due_conference_id, d.responsible, d.visibility,
         d.public_status AS current_status, d.public_status_as_of AS current_status_as_of,
         d.public_status_update_id AS current_status_update_id,
         d.public_status, d.public_status_as_of, d.public_status_update_id, d.public_modified,
         d.created, d.public_modified AS modified
  FROM demands d
  WHERE d.visibility = 'public' AND d.resolution_id IN (SELECT id FROM public_resolutions)`,
  `CREATE TEMP VIEW IF NOT EXISTS public_demand_addressees AS
  SELECT a.* FROM demand_addressees a WHERE a.demand_id IN (SELECT id FROM public_demands)`,
  `CREATE TEMP VIEW IF NOT EXISTS public_thread_members AS
  SELECT m.* FROM thread_members m WHERE m.demand_id IN (SELECT id FROM public_demands)`,
  `CREATE TEMP VIEW IF NOT EXISTS public_status_updates AS
  SELECT s.id, s.demand_id, s.status, s.as_of, s.narrative, s.reporter,
         CASE WHEN s.corrects_id IN (SELECT id FROM status_updates WHERE visibility = 'public') THEN s.corrects_id END AS corrects_id,
         s.visibility, s.created
  FROM status_updates s
  WHERE s.visibility = 'public' AND s.demand_id IN (SELECT id FROM public_demands)`,
  `CREATE TEMP VIEW IF NOT EXISTS public_evidence AS
  SELECT e.* FROM evidence e
  WHERE e.visibility = 'public' AND e.status_update_id IN (SELECT id FROM public_status_updates)`,
  `CREATE TEMP VIEW IF NOT EXISTS public_retractions AS
  SELECT x.id, x.status_update_id, x.reason, x.reporter,
         CASE WHEN x.replacement_id IN (SELECT id FROM public_status_updates) THEN x.replacement_id END AS replacement_id,
         x.created
  FROM retractions x WHERE x.status_update_id IN (SELECT id FROM public_status_updates)`,
  // Search entries the public may find: `search_index` rows whose entity is public.
  `CREATE TEMP VIEW IF NOT EXISTS public_search_refs AS
  SELECT 'resolution' AS kind, id AS ref_id FROM public_resolutions
  UNION ALL SELECT 'ziffer', id FROM public_ziffern
  UNION ALL SELECT 'demand', id FROM public_demands
  UNION ALL SELECT 'status_update', id FROM public_status_updates`,
] as const;

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
  ziffern: string;
  protocolNotes: string;
  demands: string;
  demandAddressees: string;
  threadMembers: string;
  statusUpdates: string;
  evidence: string;
  retractions: string;
  searchRefs: string | null;
}

export const TABLES: Record<'internal' | 'public', RecordTables> = {
  internal: {
    resolutions: 'resolutions',
    ziffern: 'ziffern',
    protocolNotes: 'protocol_notes',
    demands: 'demands',
    demandAddressees: 'demand_addressees',
    threadMembers: 'thread_members',
    statusUpdates: 'status_updates',
    evidence: 'evidence',
    retractions: 'retractions',
    searchRefs: null,
  },
  public: {
    resolutions: 'public_resolutions',
    ziffern: 'public_ziffern',
    protocolNotes: 'public_protocol_notes',
    demands: 'public_demands',
    demandAddressees: 'public_demand_addressees',
    threadMembers: 'public_thread_members',
    statusUpdates: 'public_status_updates',
    evidence: 'public_evidence',
    retractions: 'public_retractions',
    searchRefs: 'public_search_refs',
  },
};
