// `npm run bench:ops`: the operator's figures of issue #13 against the production build
// (`node dist/server/server.js`, built first if out of date), each beside a baseline measured in
// the same run, so a loaded machine shows in both:
// - cold start to the first answered request (target <= 1.5 s), against a bare Node HTTP server;
// - RSS of the idle server (target <= 150 MB), against the bare server;
// - import of 1 MB of real text (the 2025 collection, repeated with new TOP numbers) (target
//   <= 1 s), with /health p99 meanwhile (target <= 50 ms) against /health p99 alone;
// - the worst hostile Sachstand (one 20,000-character word) as PDF, within the render budget
//   (60 s), against the same report without it;
// - 50 concurrent anonymous PDF requests, the same report and 50 different ones from 50 addresses,
//   with a signed-in GET p99 meanwhile (target <= 50 ms) against the GET alone.
// Wall times depend on what else the machine runs; CPU times of the start do much less.
import { type ChildProcess, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { systemClock } from '../src/clock.js';
import { PROJECT_ROOT, SEEDS_DIR } from '../src/paths.js';
import { prepareDatabase } from '../src/prepare.js';
import { createServices } from '../src/services.js';
import { cpuMsOf, type Started, startAndWait as startOn, stop } from './processes.js';

const PORT = Number(process.env.BENCH_PORT ?? 4399);
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const base = `http://127.0.0.1:${PORT}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const results: { name: string; value: string; baseline: string; ratio: string; target: string; met: boolean }[] = [];
function record(name: string, value: number, baseline: number, unit: string, target: number) {
  const fmt = (n: number) => `${n.toFixed(unit === 'MB' ? 0 : n < 10 ? 1 : 0)} ${unit}`;
  results.push({
    name,
    value: fmt(value),
    baseline: baseline > 0 ? fmt(baseline) : '-',
    ratio: baseline > 0 ? `${(value / baseline).toFixed(1)}x` : '-',
    target: `<= ${target} ${unit}`,
    met: value <= target,
  });
}

execFileSync(process.execPath, [join(PROJECT_ROOT, 'src', 'build', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });

const dir = mkdtempSync(join(tmpdir(), 'ek-ops-bench-'));
const seeded = join(dir, 'seeded.db');
{
  const { database } = prepareDatabase(seeded, systemClock, { seedIfEmpty: true });
  const auth = createServices({ db: database.db, sqlite: database.sqlite, clock: systemClock }).auth;
  process.env.BENCH_ADMIN = auth.create({ name: 'Bench Geschäftsstelle', role: 'admin' }).token;
  process.env.BENCH_READER = auth.create({ name: 'Bench Lesen', role: 'reader' }).token;
  database.sqlite.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  database.sqlite.close();
}
const adminToken = process.env.BENCH_ADMIN!;
const readerToken = process.env.BENCH_READER!;

const startAndWait = (args: string[], env: Record<string, string> = {}) => startOn(args, PORT, env);
const rssMb = (child: ChildProcess) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const BARE = `require('node:http').createServer((q, s) => s.end('ok')).listen(${PORT}, '127.0.0.1')`;

// 1. Cold start and idle RSS, against a bare Node HTTP server.
const bare: Started[] = [];
const server: Started[] = [];
let idleRss = 0;
let bareRss = 0;
for (let i = 0; i < STARTS; i++) {
  const b = await startAndWait(['-e', BARE]);
  bare.push(b);
  bareRss = rssMb(b.child);
  await stop(b.child);
  const db = join(dir, `start-${i}.db`);
  copyFileSync(seeded, db);
  const s = await startAndWait(['dist/server/server.js'], { DATABASE_PATH: db });
  server.push(s);
  if (i === STARTS - 1) {
    await new Promise((r) => setTimeout(r, 3000));
    idleRss = rssMb(s.child);
  }
  await stop(s.child);
}
console.log(`\ncold start, ${STARTS} runs each (wall / CPU):`);
console.log(`  bare Node HTTP server: ${bare.map((s) => `${ms(s.wallMs)} / ${ms(s.cpuMs)}`).join(', ')}`);
console.log(`  npm start's server:    ${server.map((s) => `${ms(s.wallMs)} / ${ms(s.cpuMs)}`).join(', ')}`);
record('cold start (median wall)', median(server.map((s) => s.wallMs)), median(bare.map((s) => s.wallMs)), 'ms', 1500);
record('cold start (median CPU)', median(server.map((s) => s.cpuMs)), median(bare.map((s) => s.cpuMs)), 'ms', 1500);
record('RSS idle (3 s after start)', idleRss, bareRss, 'MB', 150);

// The server for the load figures: its own copy of the record, client addresses from
// X-Forwarded-For (so 50 addresses can be simulated), a rate limit that the load never reaches.
const live = join(dir, 'live.db');
copyFileSync(seeded, live);
const { child } = await startAndWait(['dist/server/server.js'], {
  DATABASE_PATH: live,
  TRUST_PROXY: 'true',
  RATE_LIMIT_PER_MINUTE: '1000000',
});

async function p99While(
  url: string,
  headers: Record<string, string>,
  work: () => Promise<unknown>,
): Promise<{ p99: number; took: number }> {
  let done!: (r: autocannon.Result) => void;
  const finished = new Promise<autocannon.Result>((r) => (done = r));
  const instance = autocannon({ url, headers, connections: 2, duration: 600 }, (err, result) => {
    if (err) throw err;
    done(result);
  });
  await new Promise((r) => setTimeout(r, 300));
  const started = performance.now();
  await work();
  const took = performance.now() - started;
  instance.stop();
  return { p99: (await finished).latency.p99, took };
}
const alone = async (url: string, headers: Record<string, string> = {}) =>
  (await autocannon({ url, headers, connections: 2, duration: 4 })).latency.p99;

try {
  // 2. Import of 1 MB of real text, /health meanwhile.
  const collection = readFileSync(join(SEEDS_DIR, 'sources', 'intmk-20-2025-goettingen-beschluesse.txt'), 'utf8');
  const copies = Math.ceil(1_000_000 / collection.length);
  const megabyte = Array.from({ length: copies }, (_, k) =>
    k === 0 ? collection : collection.replace(/^(\s*TOP\s+)(\d+)/gm, (_m, p: string, n: string) => `${p}${Number(n) + 10 * k}`),
  ).join('\n\n');
  const healthAlone = await alone(`${base}/health`);
  // Each import its own document (the same one again is not read again): a marker line differs.
  const postImport = async (marker: string) => {
    const res = await fetch(`${base}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/plain' },
      body: `${megabyte}\n${marker}\n`,
    });
    const tops = ((await res.json()) as { counts?: { resolutions?: number } }).counts?.resolutions ?? 0;
    return { status: res.status, tops };
  };
  // Alone first (it also starts the worker), for the server's CPU time: all threads, nothing else running.
  const cpuBefore = cpuMsOf(child);
  const aloneStarted = performance.now();
  const first = await postImport('Bench 1');
  const importWall = performance.now() - aloneStarted;
  const importCpu = cpuMsOf(child) - cpuBefore;
  let second = { status: 0, tops: 0 };
  const imported = await p99While(`${base}/health`, {}, async () => {
    second = await postImport('Bench 2');
  });
  console.log(
    `\nimport of ${(megabyte.length / 1e6).toFixed(2)} MB (${copies} copies of the 2025 collection): ${first.status}/${second.status}, ${first.tops} TOPs`,
  );
  record('import 1 MB (request, wall)', importWall, 0, 'ms', 1000);
  record('import 1 MB (server CPU, all threads)', importCpu, 0, 'ms', 1000);
  record('import 1 MB under /health load (wall)', imported.took, 0, 'ms', 1000);
  record('/health p99 during the import', imported.p99, healthAlone, 'ms', 50);

  // 3. 50 concurrent anonymous PDF requests, a signed-in GET meanwhile.
  const demand = `${base}/api/v1/demands/1`;
  const reader = { authorization: `Bearer ${readerToken}` };
  const getAlone = await alone(demand, reader);
  const pdf = (asOf: string, address: string) =>
    fetch(`${base}/api/v1/conferences/20/erfolgskontrolle?format=pdf&asOf=${asOf}`, { headers: { 'x-forwarded-for': address } }).then(
      async (r) => {
        await r.arrayBuffer();
        return r.status;
      },
    );
  const tally = (codes: number[]) => {
    const counts = new Map<number, number>();
    for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
    return [...counts].map(([c, n]) => `${n}x ${c}`).join(', ');
  };
  let same: number[] = [];
  const sameRun = await p99While(demand, reader, async () => {
    same = await Promise.all(Array.from({ length: 50 }, (_, i) => pdf('2026-01-01', `10.1.0.${i + 1}`)));
  });
  let distinct: number[] = [];
  const distinctRun = await p99While(demand, reader, async () => {
    distinct = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        pdf(`2026-0${1 + Math.floor(i / 28)}-${String(1 + (i % 28)).padStart(2, '0')}`, `10.2.0.${i + 1}`),
      ),
    );
  });
  console.log(`\n50 anonymous PDF requests, one report: ${tally(same)} in ${ms(sameRun.took)}`);
  console.log(`50 anonymous PDF requests, 50 reports from 50 addresses: ${tally(distinct)} in ${ms(distinctRun.took)}`);
  record('signed-in GET p99, 50 PDFs (one report)', sameRun.p99, getAlone, 'ms', 50);
  record('signed-in GET p99, 50 PDFs (50 reports)', distinctRun.p99, getAlone, 'ms', 50);

  // 4. The worst hostile Sachstand as PDF, against the same report without it.
  const timedPdf = async (asOf: string) => {
    const t = performance.now();
    const status = await pdf(asOf, '10.3.0.1');
    return { status, ms: performance.now() - t };
  };
  const normal = await timedPdf('2026-11-01');
  const target = (await (await fetch(`${base}/api/v1/demands?conference=20&limit=1`, { headers: reader })).json()) as {
    items: { id: number }[];
  };
  const word = 'Integrationskursteilnahmeberechtigungsnachweis'.repeat(435).slice(0, 20_000);
  const update = await fetch(`${base}/api/v1/demands/${target.items[0]!.id}/status-updates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'in_progress', asOf: '2026-10-01', reporter: 'NI', narrative: word }),
  });
  if (update.status !== 201) throw new Error(`status update: ${update.status} ${await update.text()}`);
  const hostile = await timedPdf('2026-11-02');
  console.log(`\nPDF of the 20th IntMK: ${normal.status} without, ${hostile.status} with the 20,000-character word`);
  record('PDF with the hostile Sachstand', hostile.ms, normal.ms, 'ms', 60_000);
} finally {
  await stop(child);
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\n${'figure'.padEnd(44)}${'value'.padStart(10)}${'baseline'.padStart(10)}${'ratio'.padStart(8)}  target`);
for (const r of results) {
  console.log(
    `${r.name.padEnd(44)}${r.value.padStart(10)}${r.baseline.padStart(10)}${r.ratio.padStart(8)}  ${r.target} ${r.met ? 'met' : 'MISSED'}`,
  );
}
