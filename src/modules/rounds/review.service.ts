// The review queue of a round: each draft waiting for the office, with what the reviewer weighs it
// against – the demand's wording and the status it has before the round releases anything – in
// one read, so going from one item to the next needs no further request.
import type { Ctx } from '../../context.js';
import { statementCache } from '../../db/statements.js';
import type { DraftState } from '../../domain/rounds.js';
import { DEMAND_KIND_LABELS, type DemandKind, STATUS_LABELS, type Status } from '../../domain/vocab.js';
import { TABLES } from '../../visibility/index.js';
import type { Actor } from '../auth/access.js';
import type { ReviewItemDto } from './cockpit.schemas.js';
import type { DraftsService } from './drafts.service.js';
import type { RoundsService } from './rounds.service.js';

/** Round data is internal only: the queue is read by the office, so from the internal tables. */
const I = TABLES.internal;

interface DemandRow {
  id: number;
  wording: string;
  title: string;
  kind: DemandKind;
  current_status: Status;
  current_status_as_of: string | null;
  u_id: number | null;
  u_reporter: string | null;
  u_narrative: string | null;
}

export function createReviewService(ctx: Ctx, deps: { rounds: RoundsService; drafts: DraftsService }) {
  const cached = statementCache(ctx.sqlite);

  return {
    /** The drafts in the given states (default: submitted), oldest change first: the order they came in. */
    queue(roundId: number, actor: Actor, states: DraftState[] = ['submitted']): ReviewItemDto[] {
      const drafts = deps.drafts
        .list(roundId, actor, { state: states })
        .sort((a, b) => a.modified.localeCompare(b.modified) || a.id - b.id);
      if (drafts.length === 0) return [];
      const ids = JSON.stringify([...new Set(drafts.map((d) => d.demand.id))]);
      const demands = new Map(
        (
          cached(
            `SELECT d.id, d.wording, r.title, d.kind, d.current_status, d.current_status_as_of,
                    u.id AS u_id, u.reporter AS u_reporter, u.narrative AS u_narrative
             FROM ${I.demands} d JOIN ${I.resolutions} r ON r.id = d.resolution_id
             LEFT JOIN ${I.statusUpdates} u ON u.id = d.current_status_update_id
             WHERE d.id IN (SELECT value FROM json_each(?))`,
          ).all(ids) as DemandRow[]
        ).map((r) => [r.id, r]),
      );
      const addressees = new Map<number, { code: string; name: string }[]>();
      for (const a of cached(
        `SELECT demand_id, body_code FROM ${I.demandAddressees} WHERE demand_id IN (SELECT value FROM json_each(?)) ORDER BY demand_id, position`,
      ).all(ids) as { demand_id: number; body_code: string }[]) {
        const list = addressees.get(a.demand_id) ?? [];
        list.push({ code: a.body_code, name: deps.rounds.nameOf(a.body_code) });
        addressees.set(a.demand_id, list);
      }
      return drafts.map((draft) => {
        const d = demands.get(draft.demand.id) as DemandRow;
        return {
          draft,
          demand: {
            ...draft.demand,
            resolutionTitle: d.title,
            wording: d.wording,
            kindLabel: DEMAND_KIND_LABELS[d.kind],
            addressees: addressees.get(d.id) ?? [],
          },
          previous: {
            status: d.current_status,
            statusLabel: STATUS_LABELS[d.current_status],
            asOf: d.current_status_as_of,
            update:
              d.u_id === null
                ? null
                : {
                    id: d.u_id,
                    reporter: d.u_reporter ?? '',
                    reporterName: deps.rounds.nameOf(d.u_reporter ?? ''),
                    narrative: d.u_narrative ?? '',
                  },
          },
        };
      });
    },
  };
}
export type ReviewService = ReturnType<typeof createReviewService>;
