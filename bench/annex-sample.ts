// `npx tsx bench/annex-sample.ts OUT_DIR`: the annex of the 20th IntMK after a reporting round run
// to its release (bench/annex-round.ts), in every format and both audiences, written to OUT_DIR
// so a person can look at it (pdftoppm, LibreOffice headless) before the office sends it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { REPORT_FORMATS } from '../src/modules/reports/reports.schemas.js';
import { prepareDatabase } from '../src/prepare.js';
import { releaseRound } from './annex-round.js';

const out = process.argv[2];
if (!out || out === '--help') {
  console.log(
    'Aufruf: npx tsx bench/annex-sample.ts ZIELORDNER\nSchreibt die Anlage der 20. IntMK nach einer freigegebenen Berichtsrunde in allen Formaten.',
  );
  process.exit(out ? 0 : 2);
}
const dir = mkdtempSync(join(tmpdir(), 'ek-annex-sample-'));
const { database } = prepareDatabase(join(dir, 'sample.db'), systemClock, { seedIfEmpty: true });
const app = await buildApp({ database, clock: systemClock, logLevel: 'warn' });
try {
  const today = new Date().toISOString().slice(0, 10);
  const round = await releaseRound(app, app.services, { conference: 20, asOf: today, deadline: today });
  console.log(
    `Runde ${round.roundId}: ${round.items} Forderungen, ${round.released} Sachstände freigegeben (${round.interim} Zwischenberichte, ${round.byAddressee} je Adressat), ${round.objections} Einspruch`,
  );
  const admin = app.services.auth.create({ name: 'Beispiel (intern)', role: 'chair' }).token;
  mkdirSync(resolve(out), { recursive: true });
  for (const audience of ['internal', 'public'] as const) {
    for (const format of REPORT_FORMATS) {
      const res = await app.inject({
        url: `/api/v1/conferences/20/erfolgskontrolle?format=${format}&audience=${audience}`,
        headers: audience === 'internal' ? { authorization: `Bearer ${admin}` } : {},
      });
      if (res.statusCode !== 200) throw new Error(`${format}/${audience}: ${res.statusCode} ${res.body}`);
      const file = resolve(out, `ek20-${audience}.${format}`);
      writeFileSync(file, res.rawPayload);
      console.log(`${file} (${Math.round(res.rawPayload.length / 1024)} KB)`);
    }
  }
} finally {
  await app.close();
  database.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
