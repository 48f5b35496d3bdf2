// Objections (Beanstandung): within the round's window after release any Land may object to a
// released Sachstand with a reason; the chair upholds (a new Sachstand replaces the objected one)
// or rejects with a reason. Open objections are the list for the Vorkonferenz.
import { addDays, format } from 'date-fns';
import { isoToday } from '../../clock.js';
import type { Ctx } from '../../context.js';
import { statementCache } from '../../db/statements.js';
import { OBJECTION_STATE_LABELS, type ObjectionState } from '../../domain/rounds.js';
import { LAND_CODES, type LandCode, type Visibility } from '../../domain/vocab.js';
import { conflict, forbidden, notFound, unprocessable } from '../../shared/errors.js';
import { roundGroupsOf, TABLES } from '../../visibility/index.js';
import type { Actor } from '../auth/access.js';
import type { StatusService } from '../status/status.service.js';
import type { ObjectionDecision, ObjectionDto } from './rounds.schemas.js';
import type { RoundsService } from './rounds.service.js';

/** Round data is internal only: every round route needs a token, so reads use the internal tables. */
const I = TABLES.internal;

interface ObjectionRow {
  id: number;
  round_id: number;
  status_update_id: number;
  demand_id: number;
  land: LandCode;
  reason: string;
  state: ObjectionState;
  decision_reason: string | null;
  replacement_id: number | null;
  decided: string | null;
  created: string;
  modified: string;
}

const selectObjection = `SELECT o.*, s.demand_id FROM objections o JOIN ${I.statusUpdates} s ON s.id = o.status_update_id`;
/** An editor sees the objections of its own Länder and those on demands its groups answer for in the round. */
const editorSees = (n: number) => {
  const list = Array.from({ length: n }, () => '?').join(', ');
  return `(o.land IN (${list}) OR EXISTS (SELECT 1 FROM round_assignments a WHERE a.round_id = o.round_id AND a.demand_id = s.demand_id AND a.group_code IN (${list})))`;
};

export function createObjectionsService(ctx: Ctx, deps: { rounds: RoundsService; status: StatusService }) {
  const { sqlite, clock } = ctx;
  const cached = statementCache(sqlite);
  const byIdStmt = sqlite.prepare<[number], ObjectionRow>(`${selectObjection} WHERE o.id = ?`);

  const toDto = (r: ObjectionRow): ObjectionDto => ({
    id: r.id,
    round: r.round_id,
    statusUpdateId: r.status_update_id,
    demandId: r.demand_id,
    land: r.land,
    reason: r.reason,
    state: r.state,
    stateLabel: OBJECTION_STATE_LABELS[r.state],
    decisionReason: r.decision_reason,
    replacementId: r.replacement_id,
    decided: r.decided,
    created: r.created,
    modified: r.modified,
  });

  function visible(r: ObjectionRow, actor: Actor): boolean {
    const own = roundGroupsOf(actor);
    if (own === 'all') return true;
    return own.includes(r.land) || own.some((g) => deps.rounds.isAssigned(r.round_id, r.demand_id, g));
  }

  function row(id: number, actor: Actor | null): ObjectionRow {
    const r = byIdStmt.get(id);
    if (!r || (actor && !visible(r, actor))) throw notFound('objections.not_found', `Die Beanstandung ${id} ist nicht vorhanden.`);
    return r;
  }

  const service = {
    get: (id: number, actor: Actor | null) => toDto(row(id, actor)),

    list(roundId: number, actor: Actor, q: { state?: ObjectionState }): ObjectionDto[] {
      deps.rounds.get(roundId, actor);
      const own = roundGroupsOf(actor);
      const where = ['o.round_id = ?'];
      const params: unknown[] = [roundId];
      if (q.state) {
        where.push('o.state = ?');
        params.push(q.state);
      }
      if (own !== 'all') {
        if (own.length === 0) return [];
        where.push(editorSees(own.length));
        params.push(...own, ...own);
      }
      return (cached(`${selectObjection} WHERE ${where.join(' AND ')} ORDER BY o.id`).all(...params) as ObjectionRow[]).map(toDto);
    },

    /** Call inside the audited write's transaction. */
    create(roundId: number, input: { statusUpdateId: number; land: string; reason: string }, actor: Actor): ObjectionDto {
      const round = deps.rounds.row(roundId);
      if (!(LAND_CODES as readonly string[]).includes(input.land)) {
        throw unprocessable('objections.not_a_land', `Beanstanden können nur Länder; „${input.land}“ ist keines.`, [
          { field: 'body.land', message: 'kein Land' },
        ]);
      }
      const own = roundGroupsOf(actor);
      if (own !== 'all' && !own.includes(input.land)) {
        throw forbidden('objections.not_own_land', `Beanstandungen im Namen von ${input.land} kann nur dieses Land einlegen.`);
      }
      const update = sqlite
        .prepare(
          `SELECT s.id, s.round_id, EXISTS (SELECT 1 FROM ${I.retractions} x WHERE x.status_update_id = s.id) AS retracted
           FROM ${I.statusUpdates} s WHERE s.id = ?`,
        )
        .get(input.statusUpdateId) as { id: number; round_id: number | null; retracted: number } | undefined;
      if (!update || update.round_id !== roundId) {
        throw unprocessable(
          'objections.not_released_here',
          `Der Sachstand ${input.statusUpdateId} wurde nicht in der Berichtsrunde ${roundId} freigegeben.`,
          [{ field: 'body.statusUpdateId', message: 'nicht aus dieser Runde' }],
        );
      }
      if (update.retracted) throw conflict('objections.retracted', `Der Sachstand ${input.statusUpdateId} ist zurückgezogen.`);
      if (!round.released) throw conflict('objections.not_released', 'Die Runde ist noch nicht freigegeben.');
      const until = format(addDays(new Date(round.released), round.objection_days), 'yyyy-MM-dd');
      if (isoToday(clock) > until) {
        throw conflict('objections.window_closed', `Die Frist für Beanstandungen endete am ${format(new Date(until), 'dd.MM.yyyy')}.`);
      }
      const dup = sqlite
        .prepare("SELECT id FROM objections WHERE status_update_id = ? AND land = ? AND state = 'open'")
        .get(input.statusUpdateId, input.land) as { id: number } | undefined;
      if (dup) throw conflict('objections.exists', `${input.land} hat diesen Sachstand bereits beanstandet (Beanstandung ${dup.id}).`);
      const now = clock.now().toISOString();
      const r = sqlite
        .prepare(
          `INSERT INTO objections (round_id, status_update_id, land, reason, state, created, modified) VALUES (?, ?, ?, ?, 'open', ?, ?) RETURNING id`,
        )
        .get(roundId, input.statusUpdateId, input.land, input.reason, now, now) as { id: number };
      return service.get(r.id, null);
    },

    /** Upheld: a new Sachstand (in the chair's name) corrects the objected one. Call inside the audited write. */
    decide(id: number, input: ObjectionDecision): ObjectionDto {
      const r = row(id, null);
      if (r.state !== 'open') throw conflict('objections.decided', `Über die Beanstandung ${id} ist bereits entschieden.`);
      let replacement: number | null = null;
      if (input.decision === 'upheld') {
        if (!input.status || !input.narrative) {
          throw unprocessable(
            'objections.upheld_without_sachstand',
            'Wird der Beanstandung stattgegeben, sind Status und Sachstand des neuen Sachstands nötig.',
            [{ field: input.status ? 'body.narrative' : 'body.status', message: 'fehlt' }],
          );
        }
        const objected = sqlite.prepare(`SELECT visibility, addressee FROM ${I.statusUpdates} WHERE id = ?`).get(r.status_update_id) as {
          visibility: Visibility;
          addressee: string | null;
        };
        const created = deps.status.create(r.demand_id, {
          status: input.status,
          asOf: isoToday(clock),
          narrative: input.narrative,
          reporter: 'INTMK-VORSITZ',
          evidence: [],
          visibility: objected.visibility,
          corrects: r.status_update_id,
          correctionReason: `Beanstandung ${id} (${r.land}): ${input.reason}`,
        });
        replacement = created.id;
      }
      const now = clock.now().toISOString();
      sqlite
        .prepare('UPDATE objections SET state = ?, decision_reason = ?, replacement_id = ?, decided = ?, modified = ? WHERE id = ?')
        .run(input.decision, input.reason, replacement, now, now, id);
      return service.get(id, null);
    },
  };
  return service;
}
export type ObjectionsService = ReturnType<typeof createObjectionsService>;
