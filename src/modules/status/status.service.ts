import { eq } from 'drizzle-orm';
import { isoToday } from '../../clock.js';
import type { Ctx } from '../../context.js';
import { filter, isoOrUndefined } from '../../db/filter.js';
import { demands, evidence, retractions, statusUpdates } from '../../db/schema.js';
import { placeholders, statementCache } from '../../db/statements.js';
import { demandStatus, updateOrderSql } from '../../domain/status.js';
import {
  EVIDENCE_KIND_LABELS,
  type EvidenceKind,
  LAENDER,
  LAND_CODES,
  STATUS_LABELS,
  type Status,
  type Visibility,
} from '../../domain/vocab.js';
import { forbidden, unprocessable } from '../../shared/errors.js';
import { markedPublic, perView, publicModifiedTracker, type RecordTables, TABLES, type View } from '../../visibility/index.js';
import { type Actor, actsFor } from '../auth/access.js';
import { demandNotFound } from '../demands/demands.errors.js';
import type { VocabService } from '../vocab/vocab.service.js';
import { statusUpdateAlreadyRetracted, statusUpdateNotFound } from './status.errors.js';
import type { StatusUpdateCreate, StatusUpdateDto, StatusUpdateListQuery } from './status.schemas.js';

interface UpdateRow {
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

interface EvidenceRow {
  status_update_id: number;
  kind: EvidenceKind;
  citation: string;
  date: string | null;
  url: string | null;
  visibility: Visibility;
}

// Reads go through `TABLES[view]`: the public view holds only public updates of public demands,
// their public evidence, and retractions as far as the public may know them.
const selectFrom = (t: RecordTables) => `
  SELECT s.id, s.demand_id, s.status, s.as_of, s.narrative, s.reporter, s.corrects_id, s.visibility, s.addressee, s.created,
         x.id AS r_id, x.reason AS r_reason, x.reporter AS r_reporter, x.replacement_id AS r_replacement_id,
         x.created AS r_created, b.name AS reporter_name
  FROM ${t.statusUpdates} s
  LEFT JOIN ${t.retractions} x ON x.status_update_id = s.id
  LEFT JOIN bodies b ON b.code = s.reporter`;

interface RuleRow {
  id: number;
  status: Status;
  asOf: string;
  created: string;
  visibility: Visibility;
  addressee: string | null;
  retracted: 0 | 1;
}

interface FollowRow {
  responsible: string;
  proposers: string;
  all_laender: number;
}

const landNames = new Map<string, string>(LAENDER.map((l) => [l.code, l.name]));

export function createStatusService(ctx: Ctx, deps: { vocab: VocabService }) {
  const { db, sqlite, clock } = ctx;
  const historyStmt = perView((t) =>
    sqlite.prepare<[number], UpdateRow>(`${selectFrom(t)} WHERE s.demand_id = ? ORDER BY ${updateOrderSql('s', 'DESC')}`),
  );
  const byIdStmt = perView((t) => sqlite.prepare<[number], UpdateRow>(`${selectFrom(t)} WHERE s.id = ?`));
  const cached = statementCache(sqlite);
  const publicModified = publicModifiedTracker(sqlite, clock);
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

  function toDtos(rows: UpdateRow[], view: View): StatusUpdateDto[] {
    if (rows.length === 0) return [];
    const ev = new Map<number, StatusUpdateDto['evidence']>();
    const ids = rows.map((r) => r.id);
    const found = cached(
      `SELECT status_update_id, kind, citation, date, url, visibility FROM ${TABLES[view].evidence}
       WHERE status_update_id IN (${placeholders(ids.length)}) ORDER BY status_update_id, position`,
    ).all(...ids) as EvidenceRow[];
    for (const e of found) {
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
    const row = byIdStmt[view].get(id);
    if (!row) throw statusUpdateNotFound(id);
    return row;
  }

  /**
   * Recomputes the cached current status of a demand; called inside every status write.
   * `publicWrite`: the write adds or retracts a public update, which changes the public history
   * even when the current public status stays.
   */
  function refresh(demandId: number, publicWrite: boolean): void {
    const updates = updatesOfStmt.all(demandId).map((u) => ({ ...u, retracted: u.retracted === 1 }));
    const addressees = addresseesStmt.all(demandId).map((a) => a.body_code);
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
    const publicChanged = publicWrite || (publicStateStmt.get(demandId)?.public_status_update_id ?? null) !== (publicCurrent?.id ?? null);
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
      const row = followStmt.get(demandId);
      if (!row) throw demandNotFound(demandId);
      if (actor.role === 'chair' || actor.role === 'admin') return;
      const responsible = JSON.parse(row.responsible) as string[];
      // Inside an open reporting round the round's assignments say who answers for the demand.
      const inRound = openRoundStmt.all(demandId);
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
        const earlier = byIdStmt.internal.get(corrects);
        if (earlier && earlier.demand_id === demandId && !own.includes(earlier.reporter)) {
          throw forbidden(
            'status_updates.correct_not_own',
            `Der Sachstand ${corrects} wurde von „${earlier.reporter}“ erfasst; korrigieren können ihn nur diese Stelle, der Vorsitz und die Geschäftsstelle.`,
          );
        }
      }
    },

    historyOf(demandId: number, view: View): StatusUpdateDto[] {
      return toDtos(historyStmt[view].all(demandId), view);
    },

    listForDemand(demandId: number, view: View): StatusUpdateDto[] {
      if (!demandExists[view].get(demandId)) throw demandNotFound(demandId);
      return service.historyOf(demandId, view);
    },

    get(id: number, view: View): StatusUpdateDto {
      return toDtos([getRow(id, view)], view)[0] as StatusUpdateDto;
    },

    list(q: StatusUpdateListQuery, view: View): { items: StatusUpdateDto[]; total: number } {
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
      const order = {
        asOf: updateOrderSql('s', 'ASC'),
        '-asOf': updateOrderSql('s', 'DESC'),
        created: 's.created ASC, s.id ASC',
        '-created': 's.created DESC, s.id DESC',
      }[q.sort];
      const total = (
        cached(`SELECT count(*) AS n FROM ${t.statusUpdates} s LEFT JOIN ${t.retractions} x ON x.status_update_id = s.id ${clause}`).get(
          ...params,
        ) as { n: number }
      ).n;
      const rows = cached(`${selectFrom(t)} ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, q.limit, q.offset) as UpdateRow[];
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
        if (!demandExists.internal.get(demandId)) throw demandNotFound(demandId);
        deps.vocab.assertActors([input.reporter], 'body.reporter');
        if (input.addressee !== null && !addresseesStmt.all(demandId).some((a) => a.body_code === input.addressee)) {
          throw unprocessable('status_updates.unknown_addressee', `„${input.addressee}“ ist kein Adressat der Forderung ${demandId}.`, [
            { field: 'body.addressee', message: 'kein Adressat der Forderung' },
          ]);
        }
        if (input.corrects !== null) {
          const earlier = byIdStmt.internal.get(input.corrects);
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
