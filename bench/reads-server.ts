// Server for bench/reads.ts, in its own process: the real app with the response cache and the
// rate limits off, or (`plain`) a bare fastify instance with a route returning a constant object
// (and, given a file, one returning that page as a constant).
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { z } from 'zod';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';

const [mode, path] = process.argv.slice(2);
// A fixed port when given (BENCH_PORT; a shared machine hands out a range), else any free one.
const port = Number(process.env.BENCH_PORT ?? 0);
let app: { listen(o: { port: number; host: string }): Promise<unknown>; server: import('node:http').Server };
if (mode === 'plain') {
  const plain = Fastify({ logger: false });
  plain.get('/constant', async () => ({ ok: true }));
  // With a file (`plain <page.json>`): one real page of the API as a constant object, so the run
  // shows what serialising and sending that many bytes costs before any database work.
  if (path) {
    const page = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    plain.get('/page', async () => page);
  }
  app = plain;
} else {
  if (!path) throw new Error('usage: bench/reads-server.ts app <database> | plain');
  const database = openDatabase(path);
  migrateDatabase(database);
  app = await buildApp({
    database,
    clock: systemClock,
    logLevel: 'silent',
    validateResponses: false,
    responseCacheBytes: 0,
    reportWorkers: 0,
    rateLimitPerMinute: 0,
    // The app's own floor: every plugin and hook of a request, no database, a constant answer.
    extraRoutes: (api) => {
      api.get(
        '/bench/constant',
        { config: { access: 'public' }, schema: { hide: true, response: { 200: z.object({ ok: z.boolean() }) } } },
        async () => ({ ok: true }),
      );
    },
  });
}
await app.listen({ port, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`PORT ${typeof address === 'object' && address ? address.port : 0}\n`);
// The CPU time the server used so far, on request (SIGUSR2): CPU per request holds up better than
// req/s on a machine that other work shares.
process.on('SIGUSR2', () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`CPU ${user + system}\n`);
});
// Exit on SIGTERM through process.exit, so `--cpu-prof` (BENCH_NODE_FLAGS) writes its profile.
process.once('SIGTERM', () => process.exit(0));
