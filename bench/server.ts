// The server under load, in its own process: the real app plus a constant route (the baseline)
// registered with the same plugins, hooks and type provider.
import { z } from 'zod';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { defaultWorkerCount } from '../src/modules/reports/render/pool.js';

const path = process.argv[2];
if (!path) throw new Error('usage: bench/server.ts <database>');
const database = openDatabase(path);
migrateDatabase(database);
const app = await buildApp({
  database,
  clock: systemClock,
  logLevel: 'silent',
  validateResponses: false,
  responseCacheBytes: Number(process.env.RESPONSE_CACHE_MB ?? 32) * 1024 * 1024,
  reportWorkers: process.env.REPORT_WORKERS ? Number(process.env.REPORT_WORKERS) : defaultWorkerCount(),
  // The limiter runs on every request as in production, with a ceiling the load never reaches.
  rateLimitPerMinute: 1_000_000_000,
  extraRoutes: (api) => {
    api.get(
      '/bench/constant',
      { config: { access: 'public' }, schema: { hide: true, response: { 200: z.object({ ok: z.boolean() }) } } },
      async () => ({ ok: true }),
    );
  },
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`PORT ${typeof address === 'object' && address ? address.port : 0}\n`);
