// `npx tsx bench/cold-start.ts`: the cold start of the production build (`node dist/server/server.js`,
// built first if out of date) to its first answered request (GET /health), in wall and CPU time of
// the process (all threads), beside a plain fastify server started the same way in the same run
// (`node -e`), so that a loaded machine shows in both. Target of issue #13: <= 1.5 s wall.
// Three kinds of start, interleaved so that load spreads over all of them:
// - fastify:  `node -e` with fastify and one route (the floor of any fastify server here);
// - current:  the server on an existing, migrated and seeded database (every start but the first);
// - empty:    the server on an empty database (the first start: migrations and the seed).
// BENCH_STARTS (default 7) runs each; BENCH_PORT (default 4610).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/clock.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { prepareDatabase } from '../src/prepare.js';
import { type Started, startAndWait, stop } from './processes.js';

const PORT = Number(process.env.BENCH_PORT ?? 4610);
const STARTS = Number(process.env.BENCH_STARTS ?? 7);

execFileSync(process.execPath, [join(PROJECT_ROOT, 'src', 'build', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });

const dir = mkdtempSync(join(tmpdir(), 'ek-cold-start-'));
const seeded = join(dir, 'seeded.db');
{
  const { database } = prepareDatabase(seeded, systemClock, { seedIfEmpty: true });
  database.sqlite.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  database.sqlite.close();
}

/** Starts a process that listens on PORT; measures until the first answered /health; stops it. */
async function start(args: string[], env: Record<string, string> = {}): Promise<Start> {
  const { child, wallMs, cpuMs } = await startAndWait(args, PORT, env);
  await stop(child);
  return { wallMs, cpuMs };
}

type Start = Pick<Started, 'wallMs' | 'cpuMs'>;

const FASTIFY = `require('fastify')().get('/health', async () => ({ status: 'ok' })).listen({ port: ${PORT}, host: '127.0.0.1' })`;

const runs = { fastify: [] as Start[], current: [] as Start[], empty: [] as Start[] };
try {
  for (let i = 0; i < STARTS; i++) {
    runs.fastify.push(await start(['-e', FASTIFY]));
    const current = join(dir, `current-${i}.db`);
    copyFileSync(seeded, current);
    runs.current.push(await start(['dist/server/server.js'], { DATABASE_PATH: current }));
    runs.empty.push(await start(['dist/server/server.js'], { DATABASE_PATH: join(dir, `empty-${i}.db`) }));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;
console.log(`\ncold start to the first answered /health, ${STARTS} runs each (wall / CPU):`);
for (const [name, starts] of Object.entries(runs)) {
  console.log(`  ${name.padEnd(8)} ${starts.map((s) => `${ms(s.wallMs)} / ${ms(s.cpuMs)}`).join(', ')}`);
}
const floor = { wall: median(runs.fastify.map((s) => s.wallMs)), cpu: median(runs.fastify.map((s) => s.cpuMs)) };
console.log(`\n${'median'.padEnd(34)}${'wall'.padStart(9)}${'ratio'.padStart(7)}${'CPU'.padStart(9)}${'ratio'.padStart(7)}  target`);
for (const [name, starts] of Object.entries(runs)) {
  const wall = median(starts.map((s) => s.wallMs));
  const cpu = median(starts.map((s) => s.cpuMs));
  const target = name === 'current' ? `<= 1500 ms wall ${wall <= 1500 ? 'met' : 'MISSED'}` : '';
  const label = { fastify: 'plain fastify (node -e)', current: 'server, database current', empty: 'server, empty database (first)' }[
    name as keyof typeof runs
  ];
  console.log(
    `${label.padEnd(34)}${ms(wall).padStart(9)}${`${(wall / floor.wall).toFixed(1)}x`.padStart(7)}${ms(cpu).padStart(9)}${`${(cpu / floor.cpu).toFixed(1)}x`.padStart(7)}  ${target}`,
  );
}
