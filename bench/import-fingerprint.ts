// `npx tsx bench/import-fingerprint.ts`: one hash per document of what the import worker makes of
// it (the parsed draft with its link suggestions against the seeded record), for the seed's source
// documents, the test fixtures and the megabyte of bench/import-megabyte.ts. A change meant to make
// the import faster, not different, prints the same hashes before and after.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fixedClock } from '../src/clock.js';
import { DEFAULT_BODIES } from '../src/domain/vocab.js';
import { linkIndexOf } from '../src/modules/imports/imports.links.js';
import { loadLinkCorpus } from '../src/modules/imports/imports.queries.js';
import { parseDocument } from '../src/modules/imports/parse/index.js';
import { PROJECT_ROOT, SEEDS_DIR } from '../src/paths.js';
import { prepareDatabase } from '../src/prepare.js';
import { megabyte } from './import-megabyte.js';

const { database } = prepareDatabase(':memory:', fixedClock('2026-11-20T09:00:00Z'), { seedIfEmpty: true });
const dir = `${SEEDS_DIR}/sources/`;
const texts: [string, string][] = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => [f, readFileSync(dir + f, 'utf8')]);
texts.push(['megabyte', megabyte()]);
for (const dirf of [`${PROJECT_ROOT}/test/fixtures/imports/`])
  for (const f of readdirSync(dirf).filter((f) => f.endsWith('.txt'))) texts.push([f, readFileSync(dirf + f, 'utf8')]);
for (const [name, text] of texts) {
  try {
    const doc = parseDocument(text, { bodies: DEFAULT_BODIES });
    const index = linkIndexOf(loadLinkCorpus(database.sqlite, doc.conference.number), doc.conference.number);
    for (const r of doc.resolutions) for (const d of r.demands) d.suggestions = index.suggest(d);
    console.log(name, createHash('sha256').update(JSON.stringify(doc)).digest('hex').slice(0, 16));
  } catch (e) {
    console.log(name, 'error', (e as Error).message.slice(0, 60));
  }
}
