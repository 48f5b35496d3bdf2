// The reads of status updates, in SQL through `TABLES[view]` (docs/decisions/0013): the public
// view holds only public updates of public demands, their public evidence, and retractions as far
// as the public may know them. The status rule itself is src/domain/status.ts; the SQL only orders
// by its constant (updateOrderSql).
import type Database from 'better-sqlite3';
import { filter, isoOrUndefined } from '../../db/filter.js';
import { allRows, placeholders, statementCache } from '../../db/statements.js';
import { updateOrderSql } from '../../domain/status.js';
import type { EvidenceKind, Status, Visibility } from '../../domain/vocab.js';
import { perView, type RecordTables, TABLES, type View } from '../../visibility/index.js';
import type { StatusUpdateListQuery } from './status.schemas.js';

export interface UpdateRow {
  id: number;
  demand_id: number;
  status: Status;
  as_of: string;
  narrative: string;
  reporter: string;
  corrects_id: number | null;
  visibility: Visibility;
  addressee: string | null;
  created: string;
  r_id: number | null;
  r_reason: string | null;
  r_reporter: string | null;
  r_replacement_id: number | null;
  r_created: string | null;
  reporter_name: string | null;
}

export interface EvidenceRow {
  status_update_id: number;
  kind: EvidenceKind;
  citation: string;
  date: string | null;
  url: string | null;
  visibility: Visibility;
}

const selectFrom = (t: RecordTables) => `
  SELECT s.id, s.demand_id, s.status, s.as_of, s.narrative, s.reporter, s.corrects_id, s.visibility, s.addressee, s.created,
         x.id AS r_id, x.reason AS r_reason, x.reporter AS r_reporter, x.replacement_id AS r_replacement_id,
         x.created AS r_created, b.name AS reporter_name
  FROM ${t.statusUpdates} s
  LEFT JOIN ${t.retractions} x ON x.status_update_id = s.id
  LEFT JOIN bodies b ON b.code = s.reporter`;

export interface RuleRow {
  id: number;
  status: Status;
  asOf: string;
  created: string;
  visibility: Visibility;
  addressee: string | null;
  retracted: 0 | 1;
}

export interface FollowRow {
  responsible: string;
  proposers: string;
  all_laender: number;
}

export function statusQueries(sqlite: Database.Database) {
  const historyStmt = perView((t) =>
    sqlite.prepare<[number], UpdateRow>(`${selectFrom(t)} WHERE s.demand_id = ? ORDER BY ${updateOrderSql('s', 'DESC')}`),
  );
  const byIdStmt = perView((t) => sqlite.prepare<[number], UpdateRow>(`${selectFrom(t)} WHERE s.id = ?`));
  const cached = statementCache(sqlite);
  /** Statements of many rows, read with allRows (raw mode): kept apart from `cached`. */
  const many = statementCache(sqlite);
  const demandExists = perView((t) => sqlite.prepare<[number], { id: number }>(`SELECT id FROM ${t.demands} WHERE id = ?`));
  const followStmt = sqlite.prepare<[number], FollowRow>(
    `SELECT d.responsible, r.proposers, r.all_laender FROM demands d JOIN resolutions r ON r.id = d.resolution_id WHERE d.id = ?`,
  );
  // Every update of a demand with what the status rule needs; the rule itself is latestUpdate().
  const updatesOfStmt = sqlite.prepare<[number], RuleRow>(
    `SELECT s.id, s.status, s.as_of AS asOf, s.created, s.visibility, s.addressee,
            EXISTS (SELECT 1 FROM retractions x WHERE x.status_update_id = s.id) AS retracted
     FROM status_updates s WHERE s.demand_id = ?`,
  );
  const addresseesStmt = sqlite.prepare<[number], { body_code: string }>(
    'SELECT body_code FROM demand_addressees WHERE demand_id = ? ORDER BY position',
  );
  const openRoundStmt = sqlite.prepare<[number], { group_code: string | null }>(
    `SELECT a.group_code FROM round_items i JOIN rounds r ON r.id = i.round_id AND r.state = 'open'
     LEFT JOIN round_assignments a ON a.round_id = i.round_id AND a.demand_id = i.demand_id WHERE i.demand_id = ?`,
  );
  const publicStateStmt = sqlite.prepare<[number], { public_status_update_id: number | null }>(
    'SELECT public_status_update_id FROM demands WHERE id = ?',
  );
  const ORDER: Record<StatusUpdateListQuery['sort'], string> = {
    asOf: updateOrderSql('s', 'ASC'),
    '-asOf': updateOrderSql('s', 'DESC'),
    created: 's.created ASC, s.id ASC',
    '-created': 's.created DESC, s.id DESC',
  };

  return {
    history: (demandId: number, view: View) => allRows<UpdateRow>(historyStmt[view], demandId),
    byId: (id: number, view: View) => byIdStmt[view].get(id),
    demandExists: (demandId: number, view: View) => demandExists[view].get(demandId) !== undefined,
    evidenceOf(updateIds: number[], view: View): EvidenceRow[] {
      return allRows<EvidenceRow>(
        many(
          `SELECT status_update_id, kind, citation, date, url, visibility FROM ${TABLES[view].evidence}
         WHERE status_update_id IN (${placeholders(updateIds.length)}) ORDER BY status_update_id, position`,
        ),
        ...updateIds,
      );
    },
    page(q: StatusUpdateListQuery, view: View): { rows: UpdateRow[]; total: number } {
      const t = TABLES[view];
      const f = filter()
        .given(q.since, 's.as_of >= ?')
        .given(q.until, 's.as_of <= ?')
        .in('s.status', q.status)
        .given(q.reporter, 's.reporter = ?')
        .given(q.demand, 's.demand_id = ?')
        .given(
          q.conference,
          `s.demand_id IN (SELECT d.id FROM ${t.demands} d JOIN ${t.resolutions} r ON r.id = d.resolution_id
           JOIN conferences c ON c.id = r.conference_id WHERE c.number = ?)`,
        );
      if (q.retracted !== undefined) f.and(q.retracted ? 'x.id IS NOT NULL' : 'x.id IS NULL');
      f.given(isoOrUndefined(q.modified_since), '(s.created >= ? OR x.created >= ?)');
      const { clause, params } = f;
      const total = cached(`SELECT count(*) FROM ${t.statusUpdates} s LEFT JOIN ${t.retractions} x ON x.status_update_id = s.id ${clause}`)
        .pluck()
        .get(...params) as number;
      const rows = cached(`${selectFrom(t)} ${clause} ORDER BY ${ORDER[q.sort]} LIMIT ? OFFSET ?`).all(
        ...params,
        q.limit,
        q.offset,
      ) as UpdateRow[];
      return { rows, total };
    },
    // What the status rule and the write verbs need (internal: every update counts).
    updatesOf: (demandId: number) => updatesOfStmt.all(demandId),
    addresseesOf: (demandId: number) => addresseesStmt.all(demandId).map((a) => a.body_code),
    follow: (demandId: number) => followStmt.get(demandId),
    openRoundGroups: (demandId: number) => openRoundStmt.all(demandId),
    publicStatusUpdateId: (demandId: number) => publicStateStmt.get(demandId)?.public_status_update_id ?? null,
  };
}
