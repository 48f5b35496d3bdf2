// The server the browser tests talk to: a fresh, seeded database in a temporary folder, the built
// web application, and an admin account whose token the tests read from E2E_STATE (to invite people
// through the API, as the office would). E2E_SEED_WITHOUT=20 leaves the resolutions of the 20th
// IntMK out of the seed (and the thread members and Sachstände that hang on them), so a test can
// import that conference's collection as the office would on a fresh start.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/app.js';
import { systemClock } from '../../src/clock.js';
import { prepareDatabase } from '../../src/prepare.js';
import { loadSeedRecord, type SeedRecord } from '../../src/seed/load.js';
import { seedDatabase } from '../../src/seed/seed.js';
import { createServices } from '../../src/services.js';

/** The seed record without the resolutions of the given conferences (their bodies stay known). */
function seedWithout(seed: SeedRecord, numbers: number[]): SeedRecord {
  const dropped = (key: string) => numbers.includes(Number(key.split('/')[0]));
  return {
    conferences: seed.conferences,
    records: seed.records.map((r) => (numbers.includes(r.conference) ? { ...r, resolutions: [] } : r)),
    threads: seed.threads.map((t) => ({ ...t, members: t.members.filter((m) => !dropped(m.demand)) })).filter((t) => t.members.length > 0),
    statusUpdates: seed.statusUpdates.filter((u) => !dropped(u.demand)),
  };
}

const port = Number(process.env.E2E_PORT ?? 4310);
const dir = mkdtempSync(join(tmpdir(), 'ek-e2e-'));
const without = (process.env.E2E_SEED_WITHOUT ?? '').split(',').filter(Boolean).map(Number);
const { database } = prepareDatabase(join(dir, 'e2e.db'), systemClock, { seedIfEmpty: without.length === 0 });
if (without.length > 0) {
  const ctx = { db: database.db, sqlite: database.sqlite, clock: systemClock };
  seedDatabase(ctx, createServices(ctx), seedWithout(loadSeedRecord(), without));
}
const app = await buildApp({
  database,
  clock: systemClock,
  logLevel: 'warn',
  validateResponses: true,
  webRoot: fileURLToPath(new URL('../../dist/web', import.meta.url)),
});
const origin = { actor: null, requestId: 'e2e-setup' };
const admin = app.services.audit.write(
  origin,
  { action: 'users.create', entity: 'user', entityId: (r) => r.user.id, after: (r) => r.user },
  () =>
    app.services.auth.create(
      { name: 'Geschäftsstelle (Test)', email: 'gs@example.org', role: 'admin', lands: [], bodies: [] },
      { label: 'e2e', days: 1 },
    ),
);

const close = async () => {
  await app.close();
  database.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', () => void close());
process.on('SIGTERM', () => void close());
await app.listen({ port, host: '127.0.0.1' });
// Written once this server listens, so a second server that failed to start cannot overwrite it.
writeFileSync(process.env.E2E_STATE ?? join(tmpdir(), 'ek-e2e-state.json'), JSON.stringify({ adminToken: admin.token }));
