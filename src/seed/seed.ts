// Writes the seed record through the service layer, in one transaction. Idempotent: what is
// already there (conference by number, resolution by TOP, thread by title, status update by
// demand, date, status and text) is left alone, so running it twice changes nothing.
import type { Ctx } from '../context.js';
import type { Services } from '../services.js';
import type { SeedRecord } from './load.js';
import { seedQueries } from './seed.queries.js';

export interface SeedResult {
  conferences: number;
  resolutions: number;
  demands: number;
  threads: number;
  statusUpdates: number;
}

/** Seeds the record; what was added is one entry in the audit trail, written with it. */
export function seedDatabase(ctx: Ctx, services: Services, seed: SeedRecord): SeedResult {
  return services.audit.write(
    { actor: null, requestId: null, system: 'seed' },
    { action: 'seed.load', entity: 'record', entityId: null },
    () => seedRecordInto(ctx, services, seed),
  );
}

function seedRecordInto(ctx: Ctx, services: Services, seed: SeedRecord): SeedResult {
  const { sqlite } = ctx;
  const result: SeedResult = { conferences: 0, resolutions: 0, demands: 0, threads: 0, statusUpdates: 0 };
  const demandIds = new Map<string, number>();

  const find = seedQueries(sqlite);

  ctx.db.transaction(() => {
    services.vocab.ensureDefaults();
    for (const c of seed.conferences) {
      if (find.conference(c.number) !== undefined) continue;
      const { source: _source, ...conference } = c;
      services.conferences.create(conference);
      result.conferences++;
    }
    const knownBodies = new Set(services.vocab.bodies('internal').map((b) => b.code));
    for (const record of seed.records) {
      for (const body of record.bodies) {
        if (knownBodies.has(body.code)) continue;
        services.vocab.createBody(body);
        knownBodies.add(body.code);
      }
      for (const r of record.resolutions) {
        const existing = find.resolution(record.conference, r.top);
        const { demands, notes, ...resolution } = r;
        const resolutionId =
          existing ??
          services.resolutions.create(record.conference, {
            reasoning: null,
            votes: [],
            ...resolution,
            notes: notes.map(({ demand: _demand, ...n }) => ({ ...n, demandId: null })),
          }).id;
        if (existing === undefined) result.resolutions++;
        for (const d of demands) {
          const { key, ...demand } = d;
          const found = find.demand(resolutionId, d.wording);
          const id = found ?? services.demands.create(resolutionId, demand).id;
          if (found === undefined) result.demands++;
          demandIds.set(key, id);
        }
        // Notes about one demand are linked once the demands exist.
        if (existing === undefined && notes.some((n) => n.demand !== null)) {
          services.resolutions.update(resolutionId, {
            notes: notes.map(({ demand, ...n }) => ({ ...n, demandId: demand === null ? null : (demandIds.get(demand) ?? null) })),
          });
        }
      }
    }
    const idOf = (key: string): number => {
      const id = demandIds.get(key);
      if (id === undefined) throw new Error(`seed: unknown demand ${key}`);
      return id;
    };
    for (const t of seed.threads) {
      if (find.thread(t.title) !== undefined) continue;
      services.threads.create({
        title: t.title,
        description: t.description,
        origin: t.origin,
        mentions: t.mentions,
        members: t.members.map((m) => ({ demandId: idOf(m.demand), relation: m.relation })),
      });
      result.threads++;
    }
    for (const u of seed.statusUpdates) {
      const demandId = idOf(u.demand);
      if (find.update(demandId, u.asOf, u.status, u.narrative) !== undefined) continue;
      services.status.create(demandId, {
        status: u.status,
        asOf: u.asOf,
        narrative: u.narrative,
        reporter: u.reporter,
        evidence: u.evidence.map((e) => ({ ...e, visibility: 'public' as const })),
        visibility: 'public',
        corrects: null,
        correctionReason: null,
      });
      result.statusUpdates++;
    }
  });
  return result;
}

/** True when the database holds no conference yet (a fresh install). */
export function isEmpty(ctx: Ctx): boolean {
  return (ctx.sqlite.prepare('SELECT count(*) AS n FROM conferences').get() as { n: number }).n === 0;
}
