// `npx tsx bench/import-server.ts`: the import of 1 MB of real text (bench/import-megabyte.ts) as a
// client sees it, through the production build (`node dist/server/server.js`, built first if out
// of date) started as a process of its own. Figures of issue #13, each beside a baseline from the
// same run, so a loaded machine shows in both:
// - wall time of the POST, the first one (cold: the import worker has parsed nothing yet, and may
//   not even run) apart from the median of the next BENCH_IMPORTS (default 5) (target <= 1 s);
// - /health p99 while each import runs (target <= 50 ms), against /health p99 of the idle server,
//   at BENCH_HEALTH_RATE requests per second (default 200), each sent when due, answered or not
//   (bench/ops.ts's autocannon waits for answers, so it sends nothing while the event loop is
//   blocked and its p99 hides a block of 300 ms);
// - CPU time of the server's main thread during each import (what the event loop spent, whatever
//   else ran on the machine), against that of the /health requests alone over the same time, and
//   that of its other threads (the import worker, GC helpers); for the warm ones also from as many
//   imports more without /health requests (the figure least moved by a loaded machine);
// - RSS of the idle server (target <= 150 MB), against a bare Node HTTP server, and after the
//   imports, right after and BENCH_SETTLE_MS (default 35 s: past the worker's former idle timeout) later.
// BENCH_PORT (default 4710).
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/clock.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { prepareDatabase } from '../src/prepare.js';
import { createServices } from '../src/services.js';
import { megabyte } from './import-megabyte.js';
import { cpuMsOf, startAndWait, stop } from './processes.js';

const PORT = Number(process.env.BENCH_PORT ?? 4710);
const IMPORTS = Number(process.env.BENCH_IMPORTS ?? 5);
const RATE = Number(process.env.BENCH_HEALTH_RATE ?? 200);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 35_000);
const base = `http://127.0.0.1:${PORT}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** CPU time of the process's main thread (the event loop) so far, in ms (the scheduler's, in ns). */
const mainThreadCpuMs = (pid: number) => Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;

execFileSync(process.execPath, [join(PROJECT_ROOT, 'src', 'build', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });

const dir = mkdtempSync(join(tmpdir(), 'ek-import-server-'));
const db = join(dir, 'live.db');
let token = '';
{
  const { database } = prepareDatabase(db, systemClock, { seedIfEmpty: true });
  token = createServices({ db: database.db, sqlite: database.sqlite, clock: systemClock }).auth.create({
    name: 'Bench Geschäftsstelle',
    role: 'admin',
  }).token;
  database.sqlite.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  database.sqlite.close();
}

/**
 * Requests /health every 1000/RATE ms, each on time whether the previous one was answered or not
 * (a load generator that waits for answers sends nothing while the event loop is blocked, and so
 * hides the block). Latency counts from when the request was due.
 */
function healthProbe(): { stop(): Promise<{ p99: number; max: number; requests: number }> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  const send = (due: number) => {
    const answered = new Promise<void>((resolve) => {
      get(`${base}/health`, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - due);
          resolve();
        });
      }).on('error', () => resolve());
    });
    pending.add(answered);
    void answered.then(() => pending.delete(answered));
  };
  const started = performance.now();
  let sent = 0;
  const timer = setInterval(() => {
    // Catches up on requests a late timer missed, each with the time it was due.
    while (started + sent * (1000 / RATE) <= performance.now()) send(started + sent++ * (1000 / RATE));
  }, 1);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      agent.destroy();
      const sorted = latencies.sort((a, b) => a - b);
      return { p99: sorted[Math.ceil(sorted.length * 0.99) - 1] ?? 0, max: sorted.at(-1) ?? 0, requests: sorted.length };
    },
  };
}

/** /health p99 and the slowest answer while `work` runs (the probe runs 300 ms before it). */
async function healthWhile<T>(
  server: ChildProcess,
  work: () => Promise<T>,
): Promise<{ p99: number; max: number; result: T; requests: number; cpuMs: number; otherCpuMs: number; wallMs: number }> {
  const pid = server.pid!;
  const cpu = mainThreadCpuMs(pid);
  const all = cpuMsOf(server);
  const started = performance.now();
  const probe = healthProbe();
  await sleep(300);
  const result = await work();
  const answers = await probe.stop();
  const cpuMs = mainThreadCpuMs(pid) - cpu;
  return { ...answers, result, cpuMs, otherCpuMs: cpuMsOf(server) - all - cpuMs, wallMs: performance.now() - started };
}

/** CPU time of the server's main thread and of its other threads while `work` runs. */
async function cpuOf(server: ChildProcess, work: () => Promise<unknown>): Promise<{ cpuMs: number; otherCpuMs: number }> {
  const cpu = mainThreadCpuMs(server.pid!);
  const all = cpuMsOf(server);
  await work();
  const cpuMs = mainThreadCpuMs(server.pid!) - cpu;
  return { cpuMs, otherCpuMs: cpuMsOf(server) - all - cpuMs };
}

const text = megabyte();
/** One POST of the megabyte; each its own document (the same one again would not be read again). */
async function postImport(marker: string): Promise<{ ms: number; status: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(`${base}/api/v1/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
    body: `${text}\n${marker}\n`,
  });
  const body = await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== 201) throw new Error(`import: ${res.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
  return { ms, status: res.status, bytes: body.byteLength };
}

const bareServer = await startAndWait(
  ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${PORT}, '127.0.0.1')`],
  PORT,
);
await sleep(3000);
const bareRss = rssMb(bareServer.child.pid!);
await stop(bareServer.child);

// SERVER_NODE_FLAGS: extra flags of the server's node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`).
const flags = (process.env.SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const { child, wallMs: startMs } = await startAndWait([...flags, 'dist/server/server.js'], PORT, {
  DATABASE_PATH: db,
  RATE_LIMIT_PER_MINUTE: '1000000',
});
try {
  await sleep(3000);
  const idleRss = rssMb(child.pid!);
  const idle = await healthWhile(child, () => sleep(4000));
  const healthIdle = idle.p99;
  /** Main-thread CPU of the /health requests alone over `wallMs`. */
  const probeCpu = (wallMs: number) => (idle.cpuMs / idle.wallMs) * wallMs;
  const cold = await healthWhile(child, () => postImport('Bench 0'));
  const warm: { ms: number; p99: number; max: number; cpuMs: number; otherCpuMs: number; probeMs: number }[] = [];
  const alone: { cpuMs: number; otherCpuMs: number }[] = [];
  for (let i = 1; i <= IMPORTS; i++) {
    const run = await healthWhile(child, () => postImport(`Bench ${i}`));
    warm.push({ ...run, ms: run.result.ms, probeMs: probeCpu(run.wallMs) });
    alone.push(await cpuOf(child, () => postImport(`Alone ${i}`)));
  }
  const afterRss = rssMb(child.pid!);
  await sleep(SETTLE_MS);
  const settledRss = rssMb(child.pid!);
  const fmt = (n: number) => `${n.toFixed(0)} ms`;
  console.log(
    `\n${(text.length / 1e6).toFixed(2)} MB of text, response ${(cold.result.bytes / 1e6).toFixed(2)} MB; server up in ${fmt(startMs)}; /health at ${RATE}/s`,
  );
  console.log(
    `cold import: ${fmt(cold.result.ms)}, /health p99 meanwhile ${fmt(cold.p99)}, slowest ${fmt(cold.max)} (${cold.requests} requests), main thread ${fmt(cold.cpuMs)}`,
  );
  console.log(
    `warm imports: ${warm.map((w) => `${fmt(w.ms)} (p99 ${fmt(w.p99)}, slowest ${fmt(w.max)}, main thread ${fmt(w.cpuMs)})`).join(', ')}`,
  );
  const rows: [string, number, number, string, number][] = [
    ['import 1 MB, cold (first POST, wall)', cold.result.ms, 0, 'ms', 1000],
    [`import 1 MB, warm (median of ${IMPORTS}, wall)`, median(warm.map((w) => w.ms)), 0, 'ms', 1000],
    ['/health p99 during the cold import', cold.p99, healthIdle, 'ms', 50],
    ['/health p99 during warm imports (median)', median(warm.map((w) => w.p99)), healthIdle, 'ms', 50],
    ['/health p99 during warm imports (worst)', Math.max(...warm.map((w) => w.p99)), healthIdle, 'ms', 50],
    ['/health slowest answer, warm imports (median)', median(warm.map((w) => w.max)), healthIdle, 'ms', Number.POSITIVE_INFINITY],
    ['main thread CPU, cold import', cold.cpuMs, probeCpu(cold.wallMs), 'ms', Number.POSITIVE_INFINITY],
    [
      `main thread CPU, warm import (median)`,
      median(warm.map((w) => w.cpuMs)),
      median(warm.map((w) => w.probeMs)),
      'ms',
      Number.POSITIVE_INFINITY,
    ],
    ['main thread CPU, warm import without /health', median(alone.map((a) => a.cpuMs)), 0, 'ms', Number.POSITIVE_INFINITY],
    ['other threads CPU (worker, GC), cold import', cold.otherCpuMs, 0, 'ms', Number.POSITIVE_INFINITY],
    ['other threads CPU, warm import without /health', median(alone.map((a) => a.otherCpuMs)), 0, 'ms', Number.POSITIVE_INFINITY],
    ['RSS idle (3 s after start)', idleRss, bareRss, 'MB', 150],
    ['RSS after the imports', afterRss, bareRss, 'MB', Number.POSITIVE_INFINITY],
    [`RSS ${SETTLE_MS / 1000} s after the imports`, settledRss, bareRss, 'MB', Number.POSITIVE_INFINITY],
  ];
  console.log(`\n${'figure'.padEnd(44)}${'value'.padStart(10)}${'baseline'.padStart(10)}${'ratio'.padStart(8)}  target`);
  for (const [name, value, baseline, unit, target] of rows) {
    const v = (n: number) => `${n.toFixed(unit === 'ms' && n < 10 ? 1 : 0)} ${unit}`;
    const goal = Number.isFinite(target) ? `<= ${target} ${unit} ${value <= target ? 'met' : 'MISSED'}` : '-';
    const ratio = baseline > 0 ? `${(value / baseline).toFixed(1)}x` : '-';
    console.log(
      `${name.padEnd(44)}${v(value).padStart(10)}${(baseline > 0 ? v(baseline) : '-').padStart(10)}${ratio.padStart(8)}  ${goal}`,
    );
  }
} finally {
  await stop(child);
  rmSync(dir, { recursive: true, force: true });
}
