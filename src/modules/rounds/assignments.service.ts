// "My assignments": per round, demand and group the actor acts for, how far its answer is. This is
// the editor's task list (the web app's "Meine Aufgaben" reads nothing else); chair and admin act
// for every group and so see every assignment, as everywhere in the round API.
import { isoToday } from '../../clock.js';
import type { Ctx } from '../../context.js';
import { placeholders, statementCache } from '../../db/statements.js';
import { DRAFT_STATE_LABELS, type DraftState, ROUND_STATE_LABELS, type RoundState } from '../../domain/rounds.js';
import { STATUS_LABELS, type Status } from '../../domain/vocab.js';
import { roundGroupFilter, TABLES } from '../../visibility/index.js';
import type { Actor } from '../auth/access.js';
import type { MyAssignmentDto } from './rounds.schemas.js';
import type { RoundsService } from './rounds.service.js';

const I = TABLES.internal;

/** Furthest first: a group's answer is as far as its furthest draft (as in the round's progress). */
const RANK: Record<DraftState, number> = { draft: 1, returned: 2, submitted: 3, accepted: 4, released: 5 };
const NONE_LABEL = 'noch nicht begonnen';

interface Row {
  round_id: number;
  round_conference: number;
  as_of: string;
  deadline: string;
  round_state: RoundState;
  demand_id: number;
  conference: number;
  top: string;
  ziffer: string | null;
  summary: string;
  current_status: Status;
  group_code: string;
  lead: number;
}

interface DraftRow {
  id: number;
  round_id: number;
  demand_id: number;
  group_code: string;
  state: DraftState;
  addressee: string;
  modified: string;
  return_comment: string | null;
}

export function createAssignmentsService(ctx: Ctx, deps: { rounds: RoundsService }) {
  const { clock } = ctx;
  const cached = statementCache(ctx.sqlite);

  return {
    /** Newest round first, then in the order of the record (conference, TOP, position). */
    mine(actor: Actor, q: { round?: number; demand?: number; roundState?: RoundState }): MyAssignmentDto[] {
      const f = roundGroupFilter(actor, 'a.group_code');
      const where = [f.sql];
      const params: unknown[] = [...f.params];
      if (q.round) {
        where.push('a.round_id = ?');
        params.push(q.round);
      }
      if (q.demand) {
        where.push('a.demand_id = ?');
        params.push(q.demand);
      }
      if (q.roundState) {
        where.push('r.state = ?');
        params.push(q.roundState);
      }
      const rows = cached(
        `SELECT a.round_id, rc.number AS round_conference, r.as_of, r.deadline, r.state AS round_state,
                d.id AS demand_id, c.number AS conference, res.top, d.ziffer, d.summary, d.current_status, a.group_code, a.lead
         FROM round_assignments a JOIN rounds r ON r.id = a.round_id JOIN conferences rc ON rc.id = r.conference_id
         JOIN ${I.demands} d ON d.id = a.demand_id JOIN ${I.resolutions} res ON res.id = d.resolution_id
         JOIN conferences c ON c.id = res.conference_id
         WHERE ${where.join(' AND ')}
         ORDER BY r.id DESC, c.number, res.top_sort, d.position, d.id, a.lead DESC, a.group_code`,
      ).all(...params) as Row[];
      if (rows.length === 0) return [];

      const rounds = [...new Set(rows.map((r) => r.round_id))];
      const drafts = new Map<string, DraftRow[]>();
      const df = roundGroupFilter(actor, 'x.group_code');
      for (const d of cached(
        `SELECT x.id, x.round_id, x.demand_id, x.group_code, x.state, x.addressee, x.modified,
                CASE WHEN x.state = 'returned' THEN (SELECT e.comment FROM round_draft_events e
                  WHERE e.draft_id = x.id AND e.event = 'returned' ORDER BY e.id DESC LIMIT 1) END AS return_comment
         FROM round_drafts x WHERE x.round_id IN (${placeholders(rounds.length)}) AND ${df.sql} ORDER BY x.id`,
      ).all(...rounds, ...df.params) as DraftRow[]) {
        const key = `${d.round_id}:${d.demand_id}:${d.group_code}`;
        drafts.set(key, [...(drafts.get(key) ?? []), d]);
      }

      const today = isoToday(clock);
      return rows.map((r) => {
        const own = drafts.get(`${r.round_id}:${r.demand_id}:${r.group_code}`) ?? [];
        const furthest = own.reduce<DraftState | null>((best, d) => (best === null || RANK[d.state] > RANK[best] ? d.state : best), null);
        const submitted = furthest !== null && RANK[furthest] >= RANK.submitted;
        return {
          round: {
            id: r.round_id,
            conference: r.round_conference,
            presentedTo: r.round_conference + 1,
            asOf: r.as_of,
            deadline: r.deadline,
            state: r.round_state,
            stateLabel: ROUND_STATE_LABELS[r.round_state],
          },
          demand: {
            id: r.demand_id,
            conference: r.conference,
            top: r.top,
            ziffer: r.ziffer,
            summary: r.summary,
            status: r.current_status,
            statusLabel: STATUS_LABELS[r.current_status],
          },
          group: r.group_code,
          groupName: deps.rounds.nameOf(r.group_code),
          lead: r.lead === 1,
          state: furthest ?? 'none',
          stateLabel: furthest ? DRAFT_STATE_LABELS[furthest] : NONE_LABEL,
          overdue: r.round_state === 'open' && today > r.deadline && !submitted,
          drafts: own.map((d) => ({
            id: d.id,
            state: d.state,
            stateLabel: DRAFT_STATE_LABELS[d.state],
            addressee: d.addressee || null,
            returnComment: d.return_comment,
            modified: d.modified,
          })),
        };
      });
    },
  };
}
export type AssignmentsService = ReturnType<typeof createAssignmentsService>;
