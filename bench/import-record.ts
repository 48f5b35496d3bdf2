// `npx tsx bench/import-record.ts [--verbose]`: the import parser against the reviewed seed record of
// all three conferences (16th 2021, 18th 2023, 20th 2025). The seed is the truth here: every TOP with
// its title, proposers and adoption, every demand with kind and addressees (inferred addressees
// included, so these figures are stricter than bench/import-quality.ts). TOP ids are compared as
// printed without spaces ("TOP A 3" → A3). Documents are read from seeds/sources/ when present.
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_BODIES } from '../src/domain/vocab.js';
import { parseDocument } from '../src/modules/imports/parse/index.js';
import { DOCUMENT_DIR, type Fixture, scoreDemands, scoreTops } from './import-eval.js';

/** The bodies the seed adds to the vocabulary (as in bench/import-quality.ts). */
const EXTRA_BODIES = [
  { code: 'ALLE-VERANTWORTLICHEN', name: 'Alle Verantwortlichen', kind: 'other' as const },
  { code: 'BUNDESGESETZGEBER', name: 'Bundesgesetzgeber', kind: 'federal' as const },
  { code: 'ALLE-BETEILIGTEN', name: 'Alle Beteiligten (im Beschluss nicht näher bestimmt)', kind: 'other' as const },
];

const verbose = process.argv.includes('--verbose');
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)} %` : '–');
const SOURCES = new URL('../seeds/sources/', import.meta.url).pathname;

interface SeedFile {
  conference: number;
  source: string;
  bodies: { code: string; name: string; kind: 'federal' | 'conference' | 'eu' | 'laender' | 'working_group' | 'other' }[];
  resolutions: {
    top: string;
    title: string;
    proposers: 'all' | string[];
    adoption: string;
    demands: { key: string; ziffer: string | null; kind: string; addressees: string[]; wording: string }[];
  }[];
}

export function recordFixture(seed: SeedFile): Fixture {
  return {
    document: seed.source,
    conference: { number: seed.conference, year: 0, startDate: '', endDate: '', place: '', chairLand: '' },
    // Agenda items without a decision carry no decision text an importer could read.
    tops: seed.resolutions
      .filter((r) => r.adoption !== 'ohne_beschluss')
      .map((r) => ({ top: r.top, title: r.title, proposers: r.proposers, adoption: r.adoption })),
    demands: seed.resolutions.flatMap((r) => r.demands.map((d) => ({ ...d, top: r.top, addresseesStated: true }))),
    corrections: [],
  };
}

for (const name of ['intmk-16-2021', 'intmk-18-2023', 'intmk-20-2025']) {
  const seed = JSON.parse(readFileSync(new URL(`../seeds/${name}.json`, import.meta.url), 'utf8')) as SeedFile;
  const path = existsSync(`${SOURCES}${seed.source}`) ? `${SOURCES}${seed.source}` : `${DOCUMENT_DIR}${seed.source}`;
  const text = readFileSync(path, 'utf8');
  const draft = parseDocument(text, { bodies: [...DEFAULT_BODIES, ...EXTRA_BODIES, ...seed.bodies] });
  const fixture = recordFixture(seed);
  const t = scoreTops(draft, fixture);
  const d = scoreDemands(draft, fixture);
  console.log(`\n${seed.conference}. IntMK (${seed.source})`);
  console.log(`  TOPs       erwartet ${t.expected}, gefunden ${t.found}`);
  console.log(
    `    id ${pct(t.ids, t.expected)}   Titel ${pct(t.titles, t.expected)}   Antragsteller ${pct(t.proposers, t.expected)}   Beschlussart ${pct(t.adoption, t.expected)}   alle vier ${pct(t.allFour, t.expected)}`,
  );
  const greens = draft.resolutions.filter((r) => r.greenList).length;
  console.log(`    Grüne Liste erkannt: ${greens}`);
  console.log(`  Forderungen erwartet ${d.expected}, erkannt ${d.detected}, zugeordnet ${d.matched}`);
  console.log(`    Precision ${pct(d.matched, d.detected)}   Recall ${pct(d.matched, d.expected)}`);
  console.log(
    `    Art richtig ${pct(d.kindCorrect, d.matched)}   Adressaten richtig ${pct(d.addresseeCorrect, d.addresseeChecked)}   beides ${d.kindAndAddresseeCorrect} von ${d.expected} = ${pct(d.kindAndAddresseeCorrect, d.expected)}`,
  );
  if (verbose) {
    for (const m of t.misses) console.log(`    TOP  ${m}`);
    for (const m of d.misses) console.log(`    FEHLT ${m}`);
    for (const m of d.wrong) console.log(`    FALSCH ${m}`);
    for (const m of d.falsePositives) console.log(`    ZUVIEL ${m}`);
  }
}
