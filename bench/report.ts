// `npm run bench:report`: figures of the Erfolgskontrolle.
// 1. Render time per format on the seeded record with a full round of the 20th IntMK released
//    (median of repeated runs, after warm-up), and each as a ratio to a fixed baseline measured in
//    the same run (JSON.stringify of a copy of the report, 20 times over): the machine is shared,
//    so compare ratios between runs rather than milliseconds.
// 2. Report of one conference on the synthetic record at 1x, 10x and 100x conferences: the cost
//    should stay flat, since the report reads its conference, its threads and the cycle only.
// 3. Non-blocking: p99 of concurrent GET requests while two DOCX/PDF reports render without
//    pause, against the p99 of the same load without rendering, in the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { fixedClock, systemClock } from '../src/clock.js';
import { renderInProcess } from '../src/modules/reports/render/index.js';
import { REPORT_FORMATS, type ReportFormat } from '../src/modules/reports/reports.schemas.js';
import { prepareDatabase } from '../src/prepare.js';
import { createServices } from '../src/services.js';
import { generateRecord, generateThreads } from './generate.js';
import { releaseFullRound } from './released-round.js';

// `npm run bench:report -- formats` runs part 1 only.
const formatsOnly = process.argv[2] === 'formats';
const dir = mkdtempSync(join(tmpdir(), 'ek-report-bench-'));
const clock = fixedClock('2026-11-20T09:00:00Z', 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function time(fn: () => unknown | Promise<unknown>, runs: number): Promise<number> {
  return (await timeWithCpu(fn, runs)).wall;
}

/** Median wall time and median CPU time of the process (all threads) per run, in ms. */
async function timeWithCpu(fn: () => unknown | Promise<unknown>, runs: number): Promise<{ wall: number; cpu: number }> {
  await fn();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    walls.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpus.push((used.user + used.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

// 1. Formats on the seeded record.
{
  const { database } = prepareDatabase(join(dir, 'seeded.db'), clock, { seedIfEmpty: true });
  const services = createServices({ db: database.db, sqlite: database.sqlite, clock });
  const { released } = releaseFullRound(database.sqlite, services, clock);
  const build = () => services.reports.build(20, { audience: 'internal' });
  const report = build();
  const base = () => {
    for (let i = 0; i < 20; i++) JSON.stringify(structuredClone(report));
  };
  const baseline = await timeWithCpu(base, 10);
  console.log(
    `Seeded record, 20th IntMK after a released round (${released} Sachstände): ${report.summary.resolutions} resolutions, ${report.summary.demands} demands, ${report.threads.length} threads (median of 10 after warm-up, in-process)`,
  );
  console.log(
    `baseline (20 x clone + stringify of the report): ${baseline.wall.toFixed(1)} ms wall, ${baseline.cpu.toFixed(1)} ms CPU; measured again after the formats\n`,
  );
  console.log(
    `${'format'.padEnd(8)}${'build+render ms'.padStart(17)}${'x baseline'.padStart(12)}${'CPU ms'.padStart(9)}${'x baseline'.padStart(12)}${'target ms'.padStart(11)}  result`,
  );
  for (const format of REPORT_FORMATS) {
    const target = ['docx', 'pdf'].includes(format) ? 500 : format === 'xlsx' ? 300 : ['json', 'html', 'md'].includes(format) ? 50 : null;
    const { wall: ms, cpu } = await timeWithCpu(async () => {
      const r = build();
      return format === 'json' ? JSON.stringify(r) : renderInProcess(r, format as Exclude<ReportFormat, 'json'>);
    }, 10);
    const verdict = target === null ? '' : ms <= target ? 'met' : 'MISSED';
    console.log(
      `${format.padEnd(8)}${ms.toFixed(1).padStart(17)}${(ms / baseline.wall).toFixed(2).padStart(12)}${cpu.toFixed(0).padStart(9)}${(cpu / baseline.cpu).toFixed(2).padStart(12)}${String(target ?? '–').padStart(11)}  ${verdict}`,
    );
  }
  // The load of a shared machine changes during the run: the baseline again, for comparison.
  const after = await timeWithCpu(base, 10);
  console.log(`\nbaseline again: ${after.wall.toFixed(1)} ms wall, ${after.cpu.toFixed(1)} ms CPU`);
  database.sqlite.close();
}

// 2. Scale.
if (!formatsOnly) {
  console.log('\nSynthetic record (160 demands and 800 updates per conference, threads of 4 conferences):');
  console.log(
    `${'scale'.padEnd(8)}${'conferences'.padStart(12)}${'demands'.padStart(10)}${'json ms'.padStart(10)}${'docx ms'.padStart(10)}${'ratio json'.padStart(12)}`,
  );
  let base = 0;
  for (const [label, conferences] of [
    ['1x', 20],
    ['10x', 200],
    ['100x', 2000],
  ] as const) {
    const { database } = prepareDatabase(join(dir, `scale-${label}.db`), clock, { seedIfEmpty: false });
    const { demands } = generateRecord(database.sqlite, conferences);
    generateThreads(database.sqlite);
    database.sqlite.exec('ANALYZE');
    const services = createServices({ db: database.db, sqlite: database.sqlite, clock });
    // The latest conference, as the chair would report it, with the Stichtag a year later.
    const last = database.sqlite.prepare('SELECT number, year FROM conferences ORDER BY number DESC LIMIT 1').get() as {
      number: number;
      year: number;
    };
    const options = { audience: 'internal' as const, asOf: `${last.year + 1}-12-31` };
    const json = await time(() => JSON.stringify(services.reports.build(last.number, options)), 10);
    const docx = await time(() => renderInProcess(services.reports.build(last.number, options), 'docx'), 3);
    base ||= json;
    console.log(
      `${label.padEnd(8)}${String(conferences).padStart(12)}${String(demands).padStart(10)}${json.toFixed(1).padStart(10)}${docx.toFixed(0).padStart(10)}${(json / base).toFixed(2).padStart(12)}`,
    );
    database.sqlite.close();
  }

  // 3. GET latency while reports render in the server's worker pool.
  function startServer(path: string): Promise<{ child: ChildProcess; port: number }> {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL('./server.ts', import.meta.url).pathname, path], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, RESPONSE_CACHE_MB: '0' },
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      child.stdout?.on('data', (chunk: Buffer) => {
        const m = /PORT (\d+)/.exec(chunk.toString());
        if (m) resolve({ child, port: Number(m[1]) });
      });
    });
  }
  {
    const path = join(dir, 'server.db');
    const { database } = prepareDatabase(path, systemClock, { seedIfEmpty: true });
    database.sqlite.close();
    const { child, port } = await startServer(path);
    const url = `http://127.0.0.1:${port}`;
    const get = () => autocannon({ url: `${url}/api/v1/demands/1`, connections: 10, duration: 8 });
    await autocannon({ url: `${url}/api/v1/demands/1`, connections: 10, duration: 2 });
    const quiet = await get();

    let stop = false;
    let rendered = 0;
    const renderLoop = async (format: string) => {
      while (!stop) {
        const res = await fetch(`${url}/api/v1/conferences/20/erfolgskontrolle?format=${format}&audience=internal`);
        await res.arrayBuffer();
        if (res.ok) rendered++;
      }
    };
    const loops = [renderLoop('docx'), renderLoop('pdf')];
    const busy = await get();
    stop = true;
    await Promise.all(loops);
    child.kill('SIGTERM');
    console.log('\nGET /api/v1/demands/1 (10 connections, 8 s, response cache off) on the seeded record:');
    console.log(`  quiet:                               ${quiet.requests.average.toFixed(0)} req/s, p99 ${quiet.latency.p99} ms`);
    console.log(
      `  while 2 DOCX/PDF reports render:     ${busy.requests.average.toFixed(0)} req/s, p99 ${busy.latency.p99} ms (${rendered} reports rendered meanwhile)`,
    );
    console.log(`  target p99 <= 50 ms: ${busy.latency.p99 <= 50 ? 'met' : 'MISSED'}`);
  }
}
rmSync(dir, { recursive: true, force: true });
