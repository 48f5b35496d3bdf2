import { eq } from 'drizzle-orm';
import { isoToday } from '../../clock.js';
import type { Ctx } from '../../context.js';
import { filter, isoOrUndefined } from '../../db/filter.js';
import { type AddresseeStatusCache, deletions, demandAddressees, demands, resolutions } from '../../db/schema.js';
import { namedList, placeholders, statementCache } from '../../db/statements.js';
import { conferenceDate } from '../../domain/derive.js';
import { closedSql, demandYearsOpen, isClosed, isOverdue } from '../../domain/status.js';
import {
  type BodyKind,
  DEMAND_KIND_LABELS,
  type DemandKind,
  STATUS_LABELS,
  type Status,
  type ThreadRelation,
  type Visibility,
} from '../../domain/vocab.js';
import { conflict, unprocessable } from '../../shared/errors.js';
import { parseTextQuery } from '../../shared/fts.js';
import { perView, publicModifiedTracker, type RecordTables, TABLES, type View } from '../../visibility/index.js';
import type { ConferencesService } from '../conferences/conferences.service.js';
import { resolutionNotFound } from '../resolutions/resolutions.errors.js';
import type { StatusService } from '../status/status.service.js';
import type { VocabService } from '../vocab/vocab.service.js';
import { demandNotFound } from './demands.errors.js';
import type { DemandCreate, DemandDetailDto, DemandDto, DemandListQuery, DemandPatch } from './demands.schemas.js';

interface DemandRow {
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

interface MembershipRow {
  demand_id: number;
  thread_id: number;
  title: string;
  relation: ThreadRelation;
  position: number;
}

interface AddresseeRow {
  demand_id: number;
  code: string;
  name: string;
  kind: BodyKind;
}

// Every read goes through `TABLES[view]`: in the public view the demand's status columns and
// `modified` are the public derivation, and only public resolutions, demands and members show.
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

/**
 * The status per addressee from the cache the status service keeps (src/domain/status.ts): an
 * addressee without an entry (a demand without updates since reporting rounds) has the demand's status.
 */
function byAddressee(r: DemandRow, addressees: { code: string }[]) {
  const cached = JSON.parse(r.addressee_status || '[]') as AddresseeStatusCache;
  return addressees.map(({ code }) => {
    const c = cached.find((x) => x.code === code);
    const status = c?.status ?? r.current_status;
    return {
      code,
      key: status,
      label: STATUS_LABELS[status],
      asOf: c ? c.asOf : r.current_status_as_of,
      updateId: c ? c.updateId : r.current_status_update_id,
    };
  });
}

export function createDemandsService(ctx: Ctx, deps: { vocab: VocabService; conferences: ConferencesService; status: StatusService }) {
  const { db, sqlite, clock } = ctx;
  const publicModified = publicModifiedTracker(sqlite, clock);
  const byIdStmt = perView((t) => sqlite.prepare<[number], DemandRow>(`${selectFrom(t)} WHERE d.id = ?`));
  const byResolutionStmt = perView((t) =>
    sqlite.prepare<[number], DemandRow>(`${selectFrom(t)} WHERE d.resolution_id = ? ORDER BY d.position, d.id`),
  );
  const cached = statementCache(sqlite);
  const addresseesOf = (t: RecordTables, n: number) =>
    `SELECT da.demand_id, b.code, b.name, b.kind FROM ${t.demandAddressees} da JOIN bodies b ON b.code = da.body_code
     WHERE da.demand_id IN (${placeholders(n)}) ORDER BY da.demand_id, da.position`;
  // A demand may be in several threads (docs/decisions/0010): all memberships, in thread order.
  const membershipsOf = (t: RecordTables, n: number) =>
    `SELECT tm.demand_id, tm.thread_id, th.title, tm.relation, tm.position FROM ${t.threadMembers} tm
     JOIN threads th ON th.id = tm.thread_id WHERE tm.demand_id IN (${placeholders(n)}) ORDER BY tm.demand_id, tm.thread_id`;

  function toDtos(rows: DemandRow[], view: View): DemandDto[] {
    if (rows.length === 0) return [];
    const addressees = new Map<number, { code: string; name: string; kind: BodyKind }[]>();
    const ids = rows.map((r) => r.id);
    const found = cached(addresseesOf(TABLES[view], ids.length)).all(...ids) as AddresseeRow[];
    for (const a of found) {
      const list = addressees.get(a.demand_id) ?? [];
      list.push({ code: a.code, name: a.name, kind: a.kind });
      addressees.set(a.demand_id, list);
    }
    const memberships = new Map<number, DemandDto['threads']>();
    for (const m of cached(membershipsOf(TABLES[view], ids.length)).all(...ids) as MembershipRow[]) {
      const list = memberships.get(m.demand_id) ?? [];
      list.push({ id: m.thread_id, title: m.title, relation: m.relation, position: m.position });
      memberships.set(m.demand_id, list);
    }
    const today = isoToday(clock);
    return rows.map((r) => {
      const raisedOn = conferenceDate({ startDate: r.c_start, endDate: r.c_end, year: r.c_year });
      const closed = isClosed(r.current_status);
      return {
        id: r.id,
        resolution: { id: r.resolution_id, conference: r.c_number, top: r.top, title: r.r_title },
        ziffer: r.ziffer,
        position: r.position,
        kind: r.kind,
        kindLabel: DEMAND_KIND_LABELS[r.kind],
        wording: r.wording,
        summary: r.summary,
        addressees: addressees.get(r.id) ?? [],
        topics: JSON.parse(r.topics) as string[],
        dueDate: r.due_date,
        dueConference: r.due_number,
        responsible: JSON.parse(r.responsible) as string[],
        leadAddressee: r.lead_addressee,
        reportBack: r.report_back === 1,
        visibility: r.visibility,
        status: {
          key: r.current_status,
          label: STATUS_LABELS[r.current_status],
          asOf: r.current_status_as_of,
          updateId: r.current_status_update_id,
        },
        statusByAddressee: byAddressee(r, addressees.get(r.id) ?? []),
        raisedOn,
        openSince: closed ? null : raisedOn,
        yearsOpen: demandYearsOpen(r.current_status, raisedOn, today),
        overdue: isOverdue(
          {
            status: r.current_status,
            dueDate: r.due_date,
            dueConference: r.due_year !== null ? { startDate: r.due_start, year: r.due_year } : null,
          },
          today,
        ),
        thread: memberships.get(r.id)?.[0] ?? null,
        threads: memberships.get(r.id) ?? [],
        created: r.created,
        modified: r.modified,
      };
    });
  }

  /** What the caller may not see is missing to it: the same 404, so existence does not show. */
  function one(id: number, view: View): DemandDto {
    const row = byIdStmt[view].get(id);
    if (!row) throw demandNotFound(id);
    return toDtos([row], view)[0] as DemandDto;
  }

  function checkReferences(resolutionId: number, input: Partial<DemandCreate>, demandId?: number): number | null | undefined {
    if (input.ziffer) {
      const z = sqlite.prepare('SELECT 1 FROM ziffern WHERE resolution_id = ? AND number = ?').get(resolutionId, input.ziffer);
      if (!z) {
        throw unprocessable('demands.unknown_ziffer', `Der Beschluss hat keine Ziffer ${input.ziffer}.`, [
          { field: 'body.ziffer', message: 'unbekannte Ziffer' },
        ]);
      }
    }
    if (input.addressees) deps.vocab.assertBodies(input.addressees, 'body.addressees');
    if (input.responsible) deps.vocab.assertActors(input.responsible, 'body.responsible');
    if (input.leadAddressee) {
      const addressees =
        input.addressees ??
        (sqlite
          .prepare('SELECT body_code FROM demand_addressees WHERE demand_id = ?')
          .pluck()
          .all(demandId ?? -1) as string[]);
      if (!addressees.includes(input.leadAddressee)) {
        throw unprocessable('demands.lead_not_addressee', `Federführend kann nur ein Adressat sein, ${input.leadAddressee} ist keiner.`, [
          { field: 'body.leadAddressee', message: 'kein Adressat' },
        ]);
      }
    }
    if (input.dueConference === undefined) return undefined;
    if (input.dueConference === null) return null;
    const due = sqlite.prepare('SELECT id FROM conferences WHERE number = ?').get(input.dueConference) as { id: number } | undefined;
    if (!due) {
      throw unprocessable('demands.unknown_due_conference', `Die ${input.dueConference}. IntMK ist nicht erfasst.`, [
        { field: 'body.dueConference', message: 'unbekannte Konferenz' },
      ]);
    }
    return due.id;
  }

  function writeAddressees(demandId: number, codes: string[]): void {
    db.delete(demandAddressees).where(eq(demandAddressees.demandId, demandId)).run();
    [...new Set(codes)].forEach((bodyCode, position) => {
      db.insert(demandAddressees).values({ demandId, bodyCode, position }).run();
    });
  }

  const service = {
    get(id: number, view: View): DemandDetailDto {
      const demand = one(id, view);
      return { ...demand, statusHistory: deps.status.historyOf(id, view) };
    },

    summariesOf(resolutionId: number, view: View): DemandDto[] {
      return toDtos(byResolutionStmt[view].all(resolutionId), view);
    },

    /** The demands with these ids that the view shows, in the given order. */
    byIds(ids: number[], view: View): DemandDto[] {
      if (ids.length === 0) return [];
      const rows = cached(`${selectFrom(TABLES[view])} WHERE d.id IN (${placeholders(ids.length)})`).all(...ids) as DemandRow[];
      const byId = new Map(toDtos(rows, view).map((d) => [d.id, d]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    list(q: DemandListQuery, view: View): { items: DemandDto[]; total: number } {
      const t = TABLES[view];
      const today = isoToday(clock);
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
      const { clause, params } = f;
      const order = {
        position: `c.number ASC, r.top_sort ASC, d.${t.demandPositionOrder} ASC, d.id ASC`,
        '-position': `c.number DESC, r.top_sort DESC, d.${t.demandPositionOrder} DESC, d.id DESC`,
        modified: 'd.modified ASC, d.id ASC',
        '-modified': 'd.modified DESC, d.id DESC',
        status: 'd.current_status ASC, d.id ASC',
        due: "coalesce(d.due_date, '9999-12-31') ASC, d.id ASC",
      }[q.sort];
      const from = `FROM ${t.demands} d JOIN ${t.resolutions} r ON r.id = d.resolution_id JOIN conferences c ON c.id = r.conference_id`;
      const total = (cached(`SELECT count(*) AS n ${from} ${clause}`).get(...params) as { n: number }).n;
      const ids = cached(`SELECT d.id AS id ${from} ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, q.limit, q.offset) as {
        id: number;
      }[];
      return {
        items: service.byIds(
          ids.map((i) => i.id),
          view,
        ),
        total,
      };
    },

    create(resolutionId: number, input: DemandCreate): DemandDetailDto {
      const id = db.transaction(() => {
        const resolution = db.select({ id: resolutions.id }).from(resolutions).where(eq(resolutions.id, resolutionId)).get();
        if (!resolution) throw resolutionNotFound(resolutionId);
        const dueConferenceId = checkReferences(resolutionId, input) ?? null;
        const now = clock.now().toISOString();
        const position = (
          sqlite.prepare('SELECT coalesce(max(position), -1) + 1 AS p FROM demands WHERE resolution_id = ?').get(resolutionId) as {
            p: number;
          }
        ).p;
        const { addressees, dueConference: _due, ...rest } = input;
        const row = db
          .insert(demands)
          .values({ ...rest, resolutionId, position, dueConferenceId, created: now, modified: now, publicModified: now })
          .returning({ id: demands.id })
          .get();
        writeAddressees(row.id, addressees);
        return row.id;
      });
      return service.get(id, 'internal');
    },

    update(id: number, patch: DemandPatch): DemandDetailDto {
      db.transaction(() => {
        const current = one(id, 'internal');
        const membership = publicModified.watchThreadsOfDemand(id);
        const dueConferenceId = checkReferences(current.resolution.id, patch, id);
        const { addressees, dueConference: _due, ...rest } = patch;
        const now = clock.now().toISOString();
        db.update(demands)
          .set({
            ...rest,
            ...(dueConferenceId !== undefined ? { dueConferenceId } : {}),
            modified: now,
          })
          .where(eq(demands.id, id))
          .run();
        if (addressees) {
          writeAddressees(id, addressees);
          // The status per addressee follows the addressees.
          deps.status.refresh(id, false);
        }
        // A curation of the demand itself is seen by everyone who sees the demand.
        publicModified.moved('demand', id, now);
        membership();
      });
      return service.get(id, 'internal');
    },

    remove(id: number, requestId: string): void {
      db.transaction(() => {
        const snapshot = service.get(id, 'internal');
        if (snapshot.statusHistory.length > 0) {
          throw conflict(
            'demands.has_history',
            `Zur Forderung ${id} sind ${snapshot.statusHistory.length} Sachstände erfasst; sie kann nicht gelöscht werden, damit keine Historie verloren geht.`,
          );
        }
        const drafts = (sqlite.prepare('SELECT count(*) AS n FROM round_drafts WHERE demand_id = ?').get(id) as { n: number }).n;
        if (drafts > 0) {
          throw conflict(
            'demands.has_drafts',
            `Zur Forderung ${id} gibt es ${drafts} Sachstandsentwürfe einer Berichtsrunde; sie kann nicht gelöscht werden.`,
          );
        }
        db.insert(deletions)
          .values({ entity: 'demand', entityId: String(id), snapshot, requestId, created: clock.now().toISOString() })
          .run();
        // The thread lists the demand, so it changed too: its own `modified` moves (`listed`).
        const membership = publicModified.watchThreadsOfDemand(id, { listed: true });
        db.delete(demands).where(eq(demands.id, id)).run();
        membership();
      });
    },
  };
  return service;
}
export type DemandsService = ReturnType<typeof createDemandsService>;
