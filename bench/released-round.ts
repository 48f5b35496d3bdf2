// A full reporting round on the 20th IntMK, released: every demand in the round's scope gets an
// accepted Sachstand from NI and the chair releases them all. A demand with several addressees
// gets one Sachstand per addressee, the first one answered further than the others, so the
// addressees' answers differ (the annex shows them line by line). Used by the report benches and
// by the tests that need the annex after a round.
import type { Clock } from '../src/clock.js';
import type { Actor } from '../src/modules/auth/access.js';
import type { createServices } from '../src/services.js';

type Services = ReturnType<typeof createServices>;
const chair: Actor = { userId: 1, name: 'Vorsitz', role: 'chair', lands: [], bodies: [], tokenId: 1 };
const STATUSES = ['in_progress', 'fulfilled', 'partially_fulfilled', 'rejected'] as const;

export function releaseFullRound(
  sqlite: import('better-sqlite3').Database,
  services: Services,
  clock: Clock,
  conference = 20,
): { roundId: number; released: number } {
  const round = services.rounds.create({
    conference,
    asOf: '2026-03-01',
    deadline: '2026-03-20',
    excludeNotYetDue: true,
    excludeStanding: true,
    objectionDays: 28,
    reminderDays: [14, 3],
  });
  const items = sqlite
    .prepare(
      `SELECT i.demand_id, (SELECT group_concat(body_code, ',') FROM (SELECT body_code FROM demand_addressees a WHERE a.demand_id = i.demand_id ORDER BY position)) AS codes
       FROM round_items i WHERE i.round_id = ? ORDER BY i.demand_id`,
    )
    .all(round.id) as { demand_id: number; codes: string | null }[];
  const assign = sqlite.prepare("INSERT INTO round_assignments (round_id, demand_id, group_code, lead) VALUES (?, ?, 'NI', 1)");
  const insert = sqlite.prepare(
    `INSERT INTO round_drafts (round_id, demand_id, group_code, kind, status, narrative, evidence, addressee, visibility, state, created, modified)
     VALUES (?, ?, 'NI', 'sachstand', ?, ?, ?, ?, 'public', 'accepted', ?, ?)`,
  );
  const now = clock.now().toISOString();
  sqlite.transaction(() => {
    items.forEach((item, i) => {
      assign.run(round.id, item.demand_id);
      const codes = item.codes?.split(',') ?? [];
      const status = STATUSES[i % STATUSES.length] ?? 'in_progress';
      const evidence = (source: string) =>
        JSON.stringify([{ kind: 'schreiben', citation: source, date: '2026-02-15', url: null, visibility: 'public' }]);
      if (codes.length < 2) {
        insert.run(
          round.id,
          item.demand_id,
          status,
          `Sachstand zur Forderung ${item.demand_id}.`,
          evidence('Schreiben des Landes'),
          '',
          now,
          now,
        );
        return;
      }
      codes.forEach((code, k) => {
        insert.run(
          round.id,
          item.demand_id,
          k === 0 ? 'fulfilled' : 'in_progress',
          `Sachstand von ${code} zur Forderung ${item.demand_id}.`,
          evidence(`Schreiben ${code}`),
          code,
          now,
          now,
        );
      });
    });
  })();
  const released = services.drafts.release(round.id, undefined, chair);
  return { roundId: round.id, released: released.length };
}
