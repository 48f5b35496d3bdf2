// `npm run bench`: load figures of the core API on a synthetic record of 20 conferences.
// Prints req/s, p99 and the ratio to a constant route of the same app, measured in the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { systemClock } from '../src/clock.js';
import { prepareDatabase } from '../src/prepare.js';
import { createServices } from '../src/services.js';
import { generateRecord } from './generate.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 10;

const dir = mkdtempSync(join(tmpdir(), 'ek-bench-'));
const dbPath = join(dir, 'bench.db');
const { database } = prepareDatabase(dbPath, systemClock, { seedIfEmpty: false });
const generated = generateRecord(database.sqlite, 20);
const maxDemand = (database.sqlite.prepare('SELECT max(id) AS n FROM demands').get() as { n: number }).n;
const accounts = createServices({ db: database.db, sqlite: database.sqlite, clock: systemClock }).auth;
const chairToken = accounts.create({ name: 'Bench Vorsitz', role: 'chair' }).token;
const readerToken = accounts.create({ name: 'Bench Lesen', role: 'reader' }).token;
database.sqlite.close();
console.log(`Synthetic record: 20 conferences, ${generated.demands} demands, ${generated.updates} status updates`);

function startServer(cacheMb: number): Promise<{ child: ChildProcess; port: number; coldStartMs: number }> {
  // Each run starts from the same generated record.
  const runPath = join(dir, `run-${cacheMb}.db`);
  copyFileSync(dbPath, runPath);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./server.ts', import.meta.url).pathname, runPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RESPONSE_CACHE_MB: String(cacheMb) },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout?.on('data', async (chunk: Buffer) => {
      const m = /PORT (\d+)/.exec(chunk.toString());
      if (!m) return;
      const port = Number(m[1]);
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/demands/1`);
      await res.arrayBuffer();
      resolve({ child, port, coldStartMs: performance.now() - started });
    });
  });
}

// Uniform over all demands, so POSTed updates spread like real traffic instead of piling onto a few.
function nextId(): number {
  return 1 + Math.floor(Math.random() * maxDemand);
}

async function load(port: number, options: Partial<autocannon.Options>): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, duration: DURATION, ...options });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return { rps: result.requests.average, p99: result.latency.p99, errors: non2xx };
}

async function runAll(cacheMb: number) {
  const { child, port, coldStartMs } = await startServer(cacheMb);
  const scenarios: { name: string; options: Partial<autocannon.Options> }[] = [
    { name: 'baseline (constant route)', options: { url: `http://127.0.0.1:${port}/api/v1/bench/constant` } },
    { name: 'GET demand by id', options: { requests: [{ setupRequest: (r) => ({ ...r, path: `/api/v1/demands/${nextId()}` }) }] } },
    {
      name: 'GET demand by id, with token',
      options: {
        headers: { authorization: `Bearer ${readerToken}` },
        requests: [{ setupRequest: (r) => ({ ...r, path: `/api/v1/demands/${nextId()}` }) }],
      },
    },
    {
      name: 'GET page of 100, two filters',
      options: {
        requests: [
          {
            setupRequest: (r) => ({
              ...r,
              path: `/api/v1/demands?conference=${1 + (nextId() % 20)}&kind=forderung,bitte,appell&limit=100`,
            }),
          },
        ],
      },
    },
    {
      name: 'POST status update',
      options: {
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${chairToken}` },
            setupRequest: (r) => ({
              ...r,
              path: `/api/v1/demands/${nextId()}/status-updates`,
              body: JSON.stringify({
                status: 'in_progress',
                asOf: '2025-05-01',
                narrative: 'Das Ressort hat einen Entwurf vorgelegt.',
                reporter: 'NI',
                evidence: [{ kind: 'schreiben', citation: 'Schreiben des BMI', date: '2025-04-30' }],
              }),
            }),
          },
        ],
      },
    },
  ];

  // Warm-up so the JIT and SQLite's page cache are in the same state for every scenario.
  await autocannon({ url: `http://127.0.0.1:${port}/api/v1/demands/1`, connections: CONNECTIONS, duration: 2 });

  const rows: { name: string; rps: number; p99: number; errors: number }[] = [];
  for (const s of scenarios) {
    const r = await load(port, s.options);
    rows.push({ name: s.name, ...r });
  }
  const rssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  child.kill('SIGTERM');

  console.log(`\n== response cache ${cacheMb > 0 ? `on (${cacheMb} MB, the default)` : 'off'}`);
  const base = rows[0]?.rps ?? 1;
  const fmt = (n: number, d = 0) => n.toFixed(d).padStart(9);
  console.log(`\n${'scenario'.padEnd(32)}${'req/s'.padStart(9)}${'p99 ms'.padStart(9)}${'ratio'.padStart(9)}${'non-2xx'.padStart(9)}`);
  for (const r of rows) console.log(`${r.name.padEnd(32)}${fmt(r.rps)}${fmt(r.p99, 1)}${fmt(r.rps / base, 2)}${fmt(r.errors)}`);
  const [, byId, , page, post] = rows;
  console.log(`\ncold start to first answered request: ${coldStartMs.toFixed(0)} ms`);
  console.log(`RSS of the server after the run: ${rssMb.toFixed(0)} MB`);
  const targets = [
    ['GET by id >= 40% of baseline', (byId?.rps ?? 0) / base >= 0.4],
    ['page of 100 >= 1500 req/s, p99 <= 15 ms', (page?.rps ?? 0) >= 1500 && (page?.p99 ?? 99) <= 15],
    ['POST >= 1000 req/s', (post?.rps ?? 0) >= 1000],
    ['cold start <= 1500 ms', coldStartMs <= 1500],
    ['RSS <= 200 MB', rssMb <= 200],
  ] as const;
  console.log('\ntargets:');
  for (const [name, ok] of targets) console.log(`  ${ok ? 'met    ' : 'MISSED '} ${name}`);
}

await runAll(32);
await runAll(0);
rmSync(dir, { recursive: true, force: true });
