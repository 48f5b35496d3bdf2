// `npx tsx bench/reads.ts`: read figures of the API against a plain fastify route returning a
// constant object, measured in the same run (issue #11). Response cache off, rate limits off,
// 10 connections, anonymous and signed-in callers, on a synthetic record of 20 conferences. Also the
// server's CPU time per request, which other load on the machine moves less than req/s.
// Targets: a page of 100 demands >= 1500 req/s with p99 <= 15 ms; a demand by id >= 40 % of plain.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { systemClock } from '../src/clock.js';
import { prepareDatabase } from '../src/prepare.js';
import { createServices } from '../src/services.js';
import { generateRecord, generateThreads } from './generate.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 10;

const dir = mkdtempSync(join(tmpdir(), 'ek-reads-'));
const dbPath = join(dir, 'bench.db');
const { database } = prepareDatabase(dbPath, systemClock, { seedIfEmpty: false });
const generated = generateRecord(database.sqlite, 20);
generateThreads(database.sqlite);
const maxDemand = (database.sqlite.prepare('SELECT max(id) AS n FROM demands').get() as { n: number }).n;
const readerToken = createServices({ db: database.db, sqlite: database.sqlite, clock: systemClock }).auth.create({
  name: 'Bench Lesen',
  role: 'reader',
}).token;
database.sqlite.close();
console.log(`Synthetic record: 20 conferences, ${generated.demands} demands, ${generated.updates} status updates`);

// BENCH_PORT=4510 puts the plain server on 4510 and the app on 4511; without it, any free ports.
const firstPort = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;
let started = 0;

interface Server {
  child: ChildProcess;
  port: number;
  /** The server's CPU time so far, in µs. */
  cpu(): Promise<number>;
}

function start(args: string[]): Promise<Server> {
  const port = firstPort === undefined ? 0 : firstPort + started++;
  // Extra node flags for the app's process, e.g. BENCH_NODE_FLAGS=--cpu-prof to profile the server.
  const flags = args[0] === 'app' ? (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean) : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', new URL('./reads-server.ts', import.meta.url).pathname, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_PORT: String(port) },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    let waiting: ((us: number) => void) | undefined;
    const cpu = () =>
      new Promise<number>((done) => {
        waiting = done;
        child.kill('SIGUSR2');
      });
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      const port = /PORT (\d+)/.exec(text);
      if (port) resolve({ child, port: Number(port[1]), cpu });
      const used = /CPU (\d+)/.exec(text);
      if (used && waiting) waiting(Number(used[1]));
    });
  });
}

const nextId = () => 1 + Math.floor(Math.random() * maxDemand);
const pageOffset = () => 100 * Math.floor(Math.random() * Math.floor(maxDemand / 100));

async function load(server: Server, path: () => string, headers: Record<string, string> = {}) {
  const before = await server.cpu();
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: CONNECTIONS,
    duration: DURATION,
    headers,
    requests: [{ setupRequest: (r) => ({ ...r, path: path() }) }],
  });
  const cpuPerRequest = ((await server.cpu()) - before) / Math.max(1, result.requests.total);
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    cpu: cpuPerRequest,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

const app = await start(['app', dbPath]);
const signedIn = { authorization: `Bearer ${readerToken}` };
// One page as the API answers it, for the plain server's ceiling row.
const pagePath = join(dir, 'page.json');
writeFileSync(pagePath, await (await fetch(`http://127.0.0.1:${app.port}/api/v1/demands?limit=100&offset=0`)).text());
const plain = await start(['plain', pagePath]);
// Warm-up: JIT and SQLite's page cache.
await load(app, () => `/api/v1/demands?limit=100&offset=${pageOffset()}`);
await load(plain, () => '/constant');

const rows: { name: string; rps: number; p99: number; cpu: number; errors: number }[] = [];
rows.push({ name: 'plain fastify, constant object', ...(await load(plain, () => '/constant')) });
// The ceilings of the targets: the page's bytes with no database, no hooks, no DTOs; and the app's
// own plugins and hooks around a constant answer, with no database.
const ceiling = { name: 'plain fastify, page as constant', ...(await load(plain, () => '/page')) };
const appFloor = { name: 'app, constant (hooks, no db)', ...(await load(app, () => '/api/v1/bench/constant')) };
rows.push({ name: 'demand by id, anonymous', ...(await load(app, () => `/api/v1/demands/${nextId()}`)) });
rows.push({ name: 'demand by id, signed in', ...(await load(app, () => `/api/v1/demands/${nextId()}`, signedIn)) });
rows.push({ name: 'page of 100 demands, anonymous', ...(await load(app, () => `/api/v1/demands?limit=100&offset=${pageOffset()}`)) });
rows.push({
  name: 'page of 100 demands, signed in',
  ...(await load(app, () => `/api/v1/demands?limit=100&offset=${pageOffset()}`, signedIn)),
});
plain.child.kill('SIGTERM');
app.child.kill('SIGTERM');

const base = rows[0]?.rps ?? 1;
const baseCpu = rows[0]?.cpu ?? 1;
const fmt = (n: number, d = 0) => n.toFixed(d).padStart(9);
// `cpu µs`: the server's CPU time per request; `cpu ratio`: plain's CPU per request over this one's,
// the ratio the machine's other load moves least.
console.log(
  `\n${'scenario'.padEnd(34)}${'req/s'.padStart(9)}${'p99 ms'.padStart(9)}${'ratio'.padStart(9)}${'cpu µs'.padStart(9)}${'cpu ratio'.padStart(10)}${'non-2xx'.padStart(9)}`,
);
for (const r of [...rows.slice(0, 1), ceiling, appFloor, ...rows.slice(1)]) {
  console.log(
    `${r.name.padEnd(34)}${fmt(r.rps)}${fmt(r.p99, 1)}${fmt(r.rps / base, 2)}${fmt(r.cpu)}${fmt(baseCpu / r.cpu, 2).padStart(10)}${fmt(r.errors)}`,
  );
}
console.log(`\nA page of 100 demands is ${Math.round(statSync(pagePath).size / 1024)} KB. Plain fastify sending it as a constant object: ${Math.round(ceiling.rps)} req/s, p99 ${ceiling.p99} ms;
the page rows below as a share of that ceiling: ${rows
  .filter((r) => r.name.startsWith('page'))
  .map((r) => `${Math.round((100 * r.rps) / ceiling.rps)} %`)
  .join(', ')}.`);
console.log(
  `The app's plugins and hooks around a constant answer, no database: ${Math.round(appFloor.rps)} req/s, ${fmt(appFloor.rps / base, 2).trim()} of plain` +
    ` (${Math.round(appFloor.cpu)} µs CPU a request against plain's ${Math.round(baseCpu)}); the by-id target is 40 % of plain.`,
);
console.log('\ntargets:');
for (const r of rows.slice(1)) {
  const ok = r.name.startsWith('page') ? r.rps >= 1500 && r.p99 <= 15 : r.rps / base >= 0.4;
  console.log(
    `  ${ok ? 'met    ' : 'MISSED '} ${r.name}: ${r.name.startsWith('page') ? '>= 1500 req/s, p99 <= 15 ms' : '>= 40 % of plain'}`,
  );
}
rmSync(dir, { recursive: true, force: true });
