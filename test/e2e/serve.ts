// The server the browser tests talk to: a fresh, seeded database in a temporary folder, the built
// web application, and an admin account whose token the tests read from E2E_STATE (to invite people
// through the API, as the office would).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/app.js';
import { systemClock } from '../../src/clock.js';
import { prepareDatabase } from '../../src/prepare.js';

const port = Number(process.env.E2E_PORT ?? 4310);
const dir = mkdtempSync(join(tmpdir(), 'ek-e2e-'));
const { database } = prepareDatabase(join(dir, 'e2e.db'), systemClock, { seedIfEmpty: true });
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
