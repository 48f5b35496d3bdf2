// `npm run bench:report-max`: the Erfolgskontrolle at its largest. On the seeded record, demands of
// the 20th IntMK get a Sachstand with every text field at its limit (narrative 20,000 characters
// of long German compounds, URLs and mixed scripts; 50 sources, each a 1,000-character citation
// and a 2,000-character URL; summary 500 characters), and every format is rendered and timed in
// process: CPU and wall time, and the RSS afterwards. Budget per report: 5 s, 300 MB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../src/clock.js';
import { renderInProcess } from '../src/modules/reports/render/index.js';
import type { Report } from '../src/modules/reports/reports.schemas.js';
import { prepareDatabase } from '../src/prepare.js';
import { createServices } from '../src/services.js';

const heavy = Number(process.argv[2] ?? 1);
const formats = (process.argv[3] ?? 'html,md,csv,xlsx,docx,pdf').split(',') as Exclude<Report extends never ? never : string, ''>[];

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
console.log(`Maximum-size report: ${heavy} demand(s) of the 20th IntMK with every text field at its limit\n`);
console.log(
  `${'format'.padEnd(8)}${'wall ms'.padStart(10)}${'cpu ms'.padStart(10)}${'bytes'.padStart(12)}${'rss MB'.padStart(9)}  budget 5 s`,
);
for (const format of formats) {
  const report = inflate(structuredClone(base), heavy);
  const cpu = process.cpuUsage();
  const t = performance.now();
  const body = await renderInProcess(report, format as 'pdf');
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  console.log(
    `${format.padEnd(8)}${wall.toFixed(0).padStart(10)}${((used.user + used.system) / 1000).toFixed(0).padStart(10)}${String(body.length).padStart(12)}${(process.memoryUsage().rss / 2 ** 20).toFixed(0).padStart(9)}  ${wall <= 5000 ? 'met' : 'MISSED'}`,
  );
}
rmSync(dir, { recursive: true, force: true });
