import { eq } from 'drizzle-orm';
import { isoToday } from '../../clock.js';
import type { Ctx } from '../../context.js';
import { demands, evidence, retractions, statusUpdates } from '../../db/schema.js';
import { demandStatus } from '../../domain/status.js';
import { EVIDENCE_KIND_LABELS, LAENDER, LAND_CODES, STATUS_LABELS } from '../../domain/vocab.js';
import { forbidden, unprocessable } from '../../shared/errors.js';
import { markedPublic, publicModifiedTracker, type View } from '../../visibility/index.js';
import { type Actor, actsFor } from '../auth/access.js';
import { demandNotFound } from '../demands/demands.errors.js';
import type { VocabService } from '../vocab/vocab.service.js';
import { statusUpdateAlreadyRetracted, statusUpdateNotFound } from './status.errors.js';
import { statusQueries, type UpdateRow } from './status.queries.js';
import type { StatusUpdateCreate, StatusUpdateDto, StatusUpdateListQuery } from './status.schemas.js';

const landNames = new Map<string, string>(LAENDER.map((l) => [l.code, l.name]));

export function createStatusService(ctx: Ctx, deps: { vocab: VocabService }) {
  const { db, sqlite, clock } = ctx;
  const queries = statusQueries(sqlite);
  const publicModified = publicModifiedTracker(sqlite, clock);

  function toDtos(rows: UpdateRow[], view: View): StatusUpdateDto[] {
    if (rows.length === 0) return [];
    const ev = new Map<number, StatusUpdateDto['evidence']>();
    const ids = rows.map((r) => r.id);
    for (const e of queries.evidenceOf(ids, view)) {
      const list = ev.get(e.status_update_id) ?? [];
      list.push({
        kind: e.kind,
        kindLabel: EVIDENCE_KIND_LABELS[e.kind],
        citation: e.citation,
        date: e.date,
        url: e.url,
        visibility: e.visibility,
      });
      ev.set(e.status_update_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      demandId: r.demand_id,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status],
      asOf: r.as_of,
      narrative: r.narrative,
      reporter: r.reporter,
      reporterName: landNames.get(r.reporter) ?? r.reporter_name ?? r.reporter,
      evidence: ev.get(r.id) ?? [],
      correctsId: r.corrects_id,
      addressee: r.addressee,
      retracted: r.r_id !== null,
      retraction:
        r.r_id !== null
          ? {
              id: r.r_id,
              reason: r.r_reason ?? '',
              reporter: r.r_reporter ?? '',
              replacementId: r.r_replacement_id,
              created: r.r_created ?? '',
            }
          : null,
      visibility: r.visibility,
      created: r.created,
      modified: r.r_created ?? r.created,
    }));
  }

  /** What the caller may not see is missing to it: the same 404, so existence does not show. */
  function getRow(id: number, view: View): UpdateRow {
    const row = queries.byId(id, view);
    if (!row) throw statusUpdateNotFound(id);
    return row;
  }

  /**
   * Recomputes the cached current status of a demand; called inside every status write.
   * `publicWrite`: the write adds or retracts a public update, which changes the public history
   * even when the current public status stays.
   */
  function refresh(demandId: number, publicWrite: boolean): void {
    const updates = queries.updatesOf(demandId).map((u) => ({ ...u, retracted: u.retracted === 1 }));
    const addressees = queries.addresseesOf(demandId);
    // Per addressee and overall, by the one written rule (src/domain/status.ts).
    const internal = demandStatus(updates, addressees);
    const pub = demandStatus(updates.filter(markedPublic), addressees);
    const current = internal.update;
    const publicCurrent = pub.update;
    const cache = (d: typeof internal) =>
      d.byAddressee.map((a) => ({ code: a.code, status: a.status, asOf: a.update?.asOf ?? null, updateId: a.update?.id ?? null }));
    const now = clock.now().toISOString();
    // The public `modified` moves only when what the public sees moved, so an internal update
    // does not show through the timestamp either.
    const publicChanged = publicWrite || queries.publicStatusUpdateId(demandId) !== (publicCurrent?.id ?? null);
    db.update(demands)
      .set({
        currentStatus: internal.status,
        currentStatusAsOf: current?.asOf ?? null,
        currentStatusUpdateId: current?.id ?? null,
        publicStatus: pub.status,
        publicStatusAsOf: publicCurrent?.asOf ?? null,
        publicStatusUpdateId: publicCurrent?.id ?? null,
        addresseeStatus: cache(internal),
        publicAddresseeStatus: cache(pub),
        modified: now,
      })
      .where(eq(demands.id, demandId))
      .run();
    if (publicChanged) publicModified.moved('demand', demandId, now);
  }

  function retract(updateId: number, reason: string, reporter: string, replacementId: number | null): void {
    db.insert(retractions).values({ statusUpdateId: updateId, reason, reporter, replacementId, created: clock.now().toISOString() }).run();
  }

  const service = {
    refresh,

    /**
     * Whether the actor may log a status update on the demand in the name of `reporter`.
     * Editors log only for demands their Land or working group follows – the demand's
     * `responsible` codes, else the resolution's proposers – and only in their own name; a
     * correction retracts the corrected update, so an editor may correct only its own.
     * Chair and admin log for any demand and reporter. Call it inside the write's transaction.
     */
    assertMayLog(actor: Actor, demandId: number, reporter: string, corrects: number | null = null): void {
      const row = queries.follow(demandId);
      if (!row) throw demandNotFound(demandId);
      if (actor.role === 'chair' || actor.role === 'admin') return;
      const responsible = JSON.parse(row.responsible) as string[];
      // Inside an open reporting round the round's assignments say who answers for the demand.
      const inRound = queries.openRoundGroups(demandId);
      const followers: readonly string[] =
        inRound.length > 0
          ? inRound.flatMap((r) => (r.group_code ? [r.group_code] : []))
          : responsible.length > 0
            ? responsible
            : row.all_laender
              ? LAND_CODES
              : (JSON.parse(row.proposers) as string[]);
      if (!actsFor(actor, followers)) {
        const who =
          followers.length === 0
            ? inRound.length > 0
              ? 'In der laufenden Berichtsrunde ist ihr niemand zugewiesen'
              : 'Für sie ist weder ein zuständiges Land noch eine Arbeitsgruppe eingetragen'
            : `Sie wird verfolgt von: ${followers.map((c) => landNames.get(c) ?? c).join(', ')}`;
        throw forbidden(
          'status_updates.not_followed',
          `Sachstände zur Forderung ${demandId} können nur die Länder oder Arbeitsgruppen erfassen, die sie verfolgen. ${who}.`,
        );
      }
      const own = [...actor.lands, ...actor.bodies] as string[];
      if (!own.includes(reporter)) {
        throw forbidden(
          'status_updates.reporter_not_own',
          `Sachstände können nur im eigenen Namen erfasst werden (${own.join(', ')}), nicht für „${reporter}“.`,
        );
      }
      if (corrects !== null) {
        const earlier = queries.byId(corrects, 'internal');
        if (earlier && earlier.demand_id === demandId && !own.includes(earlier.reporter)) {
          throw forbidden(
            'status_updates.correct_not_own',
            `Der Sachstand ${corrects} wurde von „${earlier.reporter}“ erfasst; korrigieren können ihn nur diese Stelle, der Vorsitz und die Geschäftsstelle.`,
          );
        }
      }
    },

    historyOf(demandId: number, view: View): StatusUpdateDto[] {
      return toDtos(queries.history(demandId, view), view);
    },

    listForDemand(demandId: number, view: View): StatusUpdateDto[] {
      if (!queries.demandExists(demandId, view)) throw demandNotFound(demandId);
      return service.historyOf(demandId, view);
    },

    get(id: number, view: View): StatusUpdateDto {
      return toDtos([getRow(id, view)], view)[0] as StatusUpdateDto;
    },

    list(q: StatusUpdateListQuery, view: View): { items: StatusUpdateDto[]; total: number } {
      const { rows, total } = queries.page(q, view);
      return { items: toDtos(rows, view), total };
    },

    create(demandId: number, given: Omit<StatusUpdateCreate, 'addressee'> & { addressee?: string | null }): StatusUpdateDto {
      const input = { ...given, addressee: given.addressee ?? null };
      if (input.asOf > isoToday(clock)) {
        throw unprocessable(
          'status_updates.future_date',
          `Ein Sachstand kann nicht auf einen künftigen Tag (${input.asOf}) datiert werden.`,
          [{ field: 'body.asOf', message: 'liegt in der Zukunft' }],
        );
      }
      const id = db.transaction(() => {
        if (!queries.demandExists(demandId, 'internal')) throw demandNotFound(demandId);
        deps.vocab.assertActors([input.reporter], 'body.reporter');
        if (input.addressee !== null && !queries.addresseesOf(demandId).includes(input.addressee)) {
          throw unprocessable('status_updates.unknown_addressee', `„${input.addressee}“ ist kein Adressat der Forderung ${demandId}.`, [
            { field: 'body.addressee', message: 'kein Adressat der Forderung' },
          ]);
        }
        if (input.corrects !== null) {
          const earlier = queries.byId(input.corrects, 'internal');
          if (!earlier || earlier.demand_id !== demandId) {
            throw unprocessable(
              'status_updates.corrects_unknown',
              `Der zu korrigierende Sachstand ${input.corrects} gehört nicht zu dieser Forderung.`,
              [{ field: 'body.corrects', message: 'unbekannt' }],
            );
          }
          if (earlier.r_id !== null) {
            throw statusUpdateAlreadyRetracted(input.corrects);
          }
          // An internal correction would withdraw a public update for reasons the public may not
          // read; a public statement is corrected in public (or retracted with a stated reason).
          if (markedPublic(earlier) && !markedPublic(input)) {
            throw unprocessable(
              'status_updates.correction_less_visible',
              `Der Sachstand ${input.corrects} ist öffentlich; seine Korrektur muss ebenfalls öffentlich sein. Einen öffentlichen Sachstand ohne öffentliche Korrektur zurückzuziehen geht über /status-updates/${input.corrects}/retraction mit Begründung.`,
              [{ field: 'body.visibility', message: 'muss public sein' }],
            );
          }
        }
        const row = db
          .insert(statusUpdates)
          .values({
            demandId,
            status: input.status,
            asOf: input.asOf,
            narrative: input.narrative,
            reporter: input.reporter,
            correctsId: input.corrects,
            visibility: input.visibility,
            addressee: input.addressee,
            created: clock.now().toISOString(),
          })
          .returning({ id: statusUpdates.id })
          .get();
        input.evidence.forEach((e, position) => {
          db.insert(evidence)
            .values({ statusUpdateId: row.id, position, ...e })
            .run();
        });
        if (input.corrects !== null) {
          retract(input.corrects, input.correctionReason ?? `Korrigiert durch Sachstand ${row.id}`, input.reporter, row.id);
        }
        refresh(demandId, markedPublic(input));
        return row.id;
      });
      return service.get(id, 'internal');
    },

    retract(updateId: number, input: { reason: string; reporter: string }): StatusUpdateDto {
      db.transaction(() => {
        const row = getRow(updateId, 'internal');
        if (row.r_id !== null) throw statusUpdateAlreadyRetracted(updateId);
        deps.vocab.assertActors([input.reporter], 'body.reporter');
        retract(updateId, input.reason, input.reporter, null);
        refresh(row.demand_id, markedPublic(row));
      });
      return service.get(updateId, 'internal');
    },
  };
  return service;
}
export type StatusService = ReturnType<typeof createStatusService>;
