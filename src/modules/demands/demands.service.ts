import { eq } from 'drizzle-orm';
import { isoToday } from '../../clock.js';
import type { Ctx } from '../../context.js';
import { type AddresseeStatusCache, deletions, demandAddressees, demands, resolutions } from '../../db/schema.js';
import { conferenceDate } from '../../domain/derive.js';
import { demandYearsOpen, isClosed, isOverdue } from '../../domain/status.js';
import { type BodyKind, DEMAND_KIND_LABELS, STATUS_LABELS } from '../../domain/vocab.js';
import { conflict, unprocessable } from '../../shared/errors.js';
import { publicModifiedTracker, type View } from '../../visibility/index.js';
import type { ConferencesService } from '../conferences/conferences.service.js';
import { resolutionNotFound } from '../resolutions/resolutions.errors.js';
import type { StatusService } from '../status/status.service.js';
import type { VocabService } from '../vocab/vocab.service.js';
import { demandNotFound } from './demands.errors.js';
import { type DemandRow, demandQueries } from './demands.queries.js';
import type { DemandCreate, DemandDetailDto, DemandDto, DemandListQuery, DemandPatch } from './demands.schemas.js';

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
  const queries = demandQueries(sqlite);

  function toDtos(rows: DemandRow[], view: View): DemandDto[] {
    if (rows.length === 0) return [];
    const addressees = new Map<number, { code: string; name: string; kind: BodyKind }[]>();
    const ids = rows.map((r) => r.id);
    for (const a of queries.addressees(ids, view)) {
      const list = addressees.get(a.demand_id) ?? [];
      list.push({ code: a.code, name: a.name, kind: a.kind });
      addressees.set(a.demand_id, list);
    }
    const memberships = new Map<number, DemandDto['threads']>();
    for (const m of queries.memberships(ids, view)) {
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
    const row = queries.byId(id, view);
    if (!row) throw demandNotFound(id);
    return toDtos([row], view)[0] as DemandDto;
  }

  function checkReferences(resolutionId: number, input: Partial<DemandCreate>, demandId?: number): number | null | undefined {
    if (input.ziffer) {
      if (!queries.zifferExists(resolutionId, input.ziffer)) {
        throw unprocessable('demands.unknown_ziffer', `Der Beschluss hat keine Ziffer ${input.ziffer}.`, [
          { field: 'body.ziffer', message: 'unbekannte Ziffer' },
        ]);
      }
    }
    if (input.addressees) deps.vocab.assertBodies(input.addressees, 'body.addressees');
    if (input.responsible) deps.vocab.assertActors(input.responsible, 'body.responsible');
    if (input.leadAddressee) {
      const addressees = input.addressees ?? queries.addresseeCodes(demandId ?? -1);
      if (!addressees.includes(input.leadAddressee)) {
        throw unprocessable('demands.lead_not_addressee', `Federführend kann nur ein Adressat sein, ${input.leadAddressee} ist keiner.`, [
          { field: 'body.leadAddressee', message: 'kein Adressat' },
        ]);
      }
    }
    if (input.dueConference === undefined) return undefined;
    if (input.dueConference === null) return null;
    const due = queries.conferenceId(input.dueConference);
    if (due === undefined) {
      throw unprocessable('demands.unknown_due_conference', `Die ${input.dueConference}. IntMK ist nicht erfasst.`, [
        { field: 'body.dueConference', message: 'unbekannte Konferenz' },
      ]);
    }
    return due;
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
      return toDtos(queries.byResolution(resolutionId, view), view);
    },

    /** The demands with these ids that the view shows, in the given order. */
    byIds(ids: number[], view: View): DemandDto[] {
      if (ids.length === 0) return [];
      const rows = queries.byIds(ids, view);
      const byId = new Map(toDtos(rows, view).map((d) => [d.id, d]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    list(q: DemandListQuery, view: View): { items: DemandDto[]; total: number } {
      const { rows, total } = queries.page(q, view, isoToday(clock));
      return { items: toDtos(rows, view), total };
    },

    create(resolutionId: number, input: DemandCreate): DemandDetailDto {
      const id = db.transaction(() => {
        const resolution = db.select({ id: resolutions.id }).from(resolutions).where(eq(resolutions.id, resolutionId)).get();
        if (!resolution) throw resolutionNotFound(resolutionId);
        const dueConferenceId = checkReferences(resolutionId, input) ?? null;
        const now = clock.now().toISOString();
        const position = queries.nextPosition(resolutionId);
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
            `Zur Forderung ${id} ${snapshot.statusHistory.length === 1 ? 'ist ein Sachstand' : `sind ${snapshot.statusHistory.length} Sachstände`} erfasst; sie kann nicht gelöscht werden, damit keine Historie verloren geht.`,
          );
        }
        const drafts = queries.draftCount(id);
        if (drafts > 0) {
          throw conflict(
            'demands.has_drafts',
            `Zur Forderung ${id} gibt es ${drafts === 1 ? 'einen Sachstandsentwurf' : `${drafts} Sachstandsentwürfe`} einer Berichtsrunde; sie kann nicht gelöscht werden.`,
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
