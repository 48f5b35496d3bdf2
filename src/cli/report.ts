// `npm run report -- --conference 20 --format docx --out anlage.docx [--as-of 2026-03-31]
//  [--since 2025-04-24] [--audience internal]`: writes the Erfolgskontrolle of a conference from
// the database in DATABASE_PATH (migrated, and seeded when empty, as `npm start` does).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { reportFileName } from '../modules/reports/render/format.js';
import { renderInProcess } from '../modules/reports/render/index.js';
import { AUDIENCES, REPORT_FORMATS, type Report } from '../modules/reports/reports.schemas.js';
import { prepareDatabase } from '../prepare.js';
import { createServices } from '../services.js';
import { runCli, UsageError, userPath } from './cli.js';

z.config(z.locales.de());

const argsSchema = z.object({
  conference: z.coerce.number().int().positive(),
  format: z.enum(REPORT_FORMATS).default('docx'),
  out: z.string({ error: 'fehlt: wohin soll der Bericht geschrieben werden?' }).min(1),
  'as-of': z.iso.date().optional(),
  since: z.iso.date().optional(),
  audience: z.enum(AUDIENCES).default('internal'),
});

const progress = (step: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${step}\n`);

const USAGE = `Aufruf: npm run report -- --conference <Nummer> --out <Datei> [--format ${REPORT_FORMATS.join('|')}] [--as-of JJJJ-MM-TT] [--since JJJJ-MM-TT] [--audience public|internal]
Schreibt die Erfolgskontrolle einer Konferenz aus der Datenbank in DATABASE_PATH in eine Datei.
  --out       Zieldatei, relativ zum aktuellen Verzeichnis (- schreibt auf die Standardausgabe)
  --format    Standard docx
  --as-of     Stichtag (Standard: heute; liegt die Konferenz, der die Anlage vorgelegt wird, schon zurück, der Tag vor ihr)
  --since     Beginn des Berichtszeitraums (Standard: Datum der Konferenz)
  --audience  internal (Standard) oder public`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      conference: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      'as-of': { type: 'string' },
      since: { type: 'string' },
      audience: { type: 'string' },
    },
    strict: true,
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const args = parsed.data;
  const config = loadConfig();
  const started = performance.now();
  progress(`Datenbank ${config.DATABASE_PATH} öffnen und migrieren …`);
  const { database, seeded } = prepareDatabase(config.DATABASE_PATH, systemClock, { seedIfEmpty: config.SEED_ON_START });
  if (seeded) progress('leere Datenbank mit dem IntMK-Bestand befüllt');
  let report: Report;
  try {
    const services = createServices({ db: database.db, sqlite: database.sqlite, clock: systemClock });
    progress(
      `Erfolgskontrolle der ${args.conference}. IntMK zusammenstellen (${args.audience === 'public' ? 'öffentliche' : 'interne'} Fassung) …`,
    );
    report = services.reports.build(args.conference, { asOf: args['as-of'], since: args.since, audience: args.audience });
  } finally {
    database.sqlite.close();
  }
  progress(
    `${report.summary.resolutions} Beschlüsse, ${report.summary.demands} Forderungen, ${report.threads.length} Stränge; Stichtag ${report.asOf}`,
  );
  progress(`als ${args.format.toUpperCase()} setzen …`);
  const body = args.format === 'json' ? JSON.stringify(report, null, 2) : await renderInProcess(report, args.format);
  if (args.out === '-') {
    process.stdout.write(body);
    progress(`auf die Standardausgabe geschrieben (${reportFileName(report, args.format)})`);
    return 0;
  }
  const out = userPath(args.out);
  writeFileSync(out, body);
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  progress(`geschrieben: ${out} (${Math.round(size / 1024)} KB) in ${Math.round(performance.now() - started)} ms`);
  return 0;
}

runCli(USAGE, main);
