// `npm run bench:report-max`: the Erfolgskontrolle at its largest. On the seeded record, demands of
// the 20th IntMK get a Sachstand with every text field at its limit (narrative 20,000 characters
// of long German compounds, URLs and mixed scripts; 50 sources, each a 1,000-character citation
// and a 2,000-character URL; summary 500 characters), and every format is rendered and timed where
// the server renders it: HTML, Markdown and CSV in the calling thread, DOCX, PDF and XLSX in a render
// worker of the server's pool (pool.ts, with its resource limits). Budget per report: 5 s, and for
// the worker 300 MB: its heap is limited to that (a render past it fails, as in the server), and
// the peak of the process's RSS while it renders, less the RSS before the worker started, is
// printed as the worker's memory (the calling thread only waits meanwhile).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../src/clock.js';
import { HEAVY_FORMATS, renderInProcess } from '../src/modules/reports/render/index.js';
import { createRenderPool, RENDER_YOUNG_GENERATION_MB, RenderBudgetError } from '../src/modules/reports/render/pool.js';
import type { Report, ReportFormat } from '../src/modules/reports/reports.schemas.js';
import { prepareDatabase } from '../src/prepare.js';
import { createServices } from '../src/services.js';

const heavy = Number(process.argv[2] ?? 1);
const formats = (process.argv[3] ?? 'html,md,csv,xlsx,docx,pdf').split(',') as Exclude<ReportFormat, 'json'>[];
/** The worker's memory budget in MB, its heap limited to it. */
const WORKER_MB = 300;
const MB = 2 ** 20;

const WORDS = [
  'Integrationskursteilnahmeberechtigungsnachweis',
  'Staatsangehörigkeitsrechtsmodernisierungsgesetz',
  'https://www.bundesregierung.de/breg-de/service/archiv/integrationskurs-verordnung-aenderung-2025?utm=x',
  'Интеграционный курс',
  'دورة الاندماج',
  '融合课程',
  'Ελληνικά',
  '🇩🇪🙂',
  'Sprachförderung',
  'und',
  'der',
];
function text(n: number, seed: number): string {
  let out = '';
  let i = seed;
  while (out.length < n) {
    out += `${WORDS[i % WORDS.length]} `;
    i = (i * 7 + 3) % 997;
  }
  return out.slice(0, n).trim();
}

function inflate(report: Report, demands: number): Report {
  let k = 0;
  for (const r of report.resolutions) {
    for (const d of r.demands) {
      if (k >= demands) return report;
      k++;
      d.summary = text(500, k);
      d.update = {
        id: 900_000 + k,
        asOf: '2026-03-01',
        reporter: 'NW',
        reporterName: 'Nordrhein-Westfalen',
        narrative: text(20_000, k + 1),
        evidence: Array.from({ length: 50 }, (_, j) => ({
          kind: 'gesetz',
          kindLabel: 'Gesetz',
          citation: text(1000, j),
          date: '2026-02-01',
          url: `https://example.org/${'a'.repeat(1980)}${j}`,
        })),
        internal: k % 7 === 0,
      };
    }
  }
  return report;
}

const dir = mkdtempSync(join(tmpdir(), 'ek-report-max-'));
const clock = fixedClock('2026-11-20T09:00:00Z', 0);
const { database } = prepareDatabase(join(dir, 'seeded.db'), clock, { seedIfEmpty: true });
const services = createServices({ db: database.db, sqlite: database.sqlite, clock });
const base = services.reports.build(20, { audience: 'internal', asOf: '2026-03-31' });
database.sqlite.close();

/** Peak RSS of the process while `work` runs, sampled every few milliseconds. */
async function peakRss<T>(work: Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    const value = await work;
    return { value, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(sample);
  }
}

/**
 * A heavy format in a fresh worker of the server's pool, started and warmed up by rendering the
 * seeded report first (a server's worker stays up between renders): the bytes, the time of the
 * render alone, and the worker's peak memory since before it started.
 */
async function renderInWorker(
  report: Report,
  format: Exclude<ReportFormat, 'json'>,
): Promise<{ body: Buffer; wall: number; cpu: number; workerMb: number }> {
  const pool = createRenderPool(1, { maxHeapMb: WORKER_MB - RENDER_YOUNG_GENERATION_MB });
  const before = process.memoryUsage.rss();
  try {
    await pool.render(structuredClone(base), format);
    const cpu = process.cpuUsage();
    const t = performance.now();
    const { value, peak } = await peakRss(pool.render(report, format));
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    return { body: value, wall, cpu: (used.user + used.system) / 1000, workerMb: (peak - before) / MB };
  } finally {
    await pool.close();
  }
}

/** A light format in this thread, as the server renders it. */
async function renderHere(report: Report, format: Exclude<ReportFormat, 'json'>) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const body = await renderInProcess(report, format);
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { body, wall, cpu: (used.user + used.system) / 1000, workerMb: null };
}

console.log(`Maximum-size report: ${heavy} demand(s) of the 20th IntMK with every text field at its limit`);
console.log(
  `DOCX, PDF, XLSX in a render worker (heap at most ${WORKER_MB - RENDER_YOUNG_GENERATION_MB} + ${RENDER_YOUNG_GENERATION_MB} MB young generation); worker MB: its peak RSS, start-up and a warm-up render included\n`,
);
console.log(
  `${'format'.padEnd(8)}${'thread'.padStart(8)}${'wall ms'.padStart(10)}${'cpu ms'.padStart(10)}${'bytes'.padStart(12)}${'worker MB'.padStart(11)}${'rss MB'.padStart(9)}  budget 5 s, worker 300 MB`,
);
for (const format of formats) {
  const report = inflate(structuredClone(base), heavy);
  const inWorker = HEAVY_FORMATS.includes(format);
  let result: Awaited<ReturnType<typeof renderInWorker | typeof renderHere>>;
  try {
    result = inWorker ? await renderInWorker(report, format) : await renderHere(report, format);
  } catch (err) {
    // Over the worker's heap (or 60 s): the server answers 503, and the budget is missed.
    if (!(err instanceof RenderBudgetError)) throw err;
    console.log(
      `${format.padEnd(8)}${'worker'.padStart(8)}  MISSED: over the worker's ${err.message === 'memory' ? 'heap' : 'time'} limit`,
    );
    continue;
  }
  const { body, wall, cpu, workerMb } = result;
  const met = wall <= 5000 && (workerMb === null || workerMb <= WORKER_MB);
  console.log(
    `${format.padEnd(8)}${(inWorker ? 'worker' : 'main').padStart(8)}${wall.toFixed(0).padStart(10)}${cpu.toFixed(0).padStart(10)}${String(body.length).padStart(12)}${(workerMb === null ? '–' : workerMb.toFixed(0)).padStart(11)}${(process.memoryUsage.rss() / MB).toFixed(0).padStart(9)}  ${met ? 'met' : 'MISSED'}`,
  );
}
rmSync(dir, { recursive: true, force: true });
