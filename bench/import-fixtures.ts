// `npx tsx bench/import-fixtures.ts`: derives the expected TOPs and demands of both documents
// from the hand-checked seed files and applies the corrections below, where the seed records a
// judgement a parser cannot make from the text alone. Writes test/fixtures/imports/*.expected.json
// (run `npx biome check --write test/fixtures/imports` afterwards).
import { readFileSync, writeFileSync } from 'node:fs';
import type { ExpectedDemand, ExpectedTop, Fixture } from './import-eval.js';
import { FIXTURE_DIR } from './import-eval.js';

interface SeedRecord {
  conference: number;
  source: string;
  resolutions: {
    top: string;
    title: string;
    proposers: 'all' | string[];
    adoption: string;
    demands: { key: string; ziffer: string | null; kind: string; addressees: string[]; wording: string }[];
  }[];
}

type Correction =
  | { key: string; drop: true; why: string }
  | { key: string; addresseesNotStated: true; why: string }
  | { key: string; addressees: string[]; why: string }
  | { key: string; kind: string; why: string };

/**
 * Where the fixture departs from the seed, and why. Each entry is a judgement call listed in
 * docs/seed-notes.md or a statement that names nobody; the seed itself stays as it is.
 */
const CORRECTIONS: Correction[] = [
  // Statements of fact without any verb of demand or need; the seed counts them as demands so
  // that threads and statuses have a place (docs/seed-notes.md, 2.1.b).
  { key: '20/2.1.b/tk', drop: true, why: 'Rückblick („Bereits im Jahr 2009 forderte die IntMK …“), keine Forderung dieser Konferenz' },
  {
    key: '20/4.3/8c',
    drop: true,
    why: 'Feststellung ohne Verb einer Forderung („… sind zentrale Instrument, um …“); Satz ist unvollständig',
  },
  // Addressees the seed inferred although the text names none (docs/seed-notes.md "Inferred addressees").
  {
    key: '20/7.5/2',
    addresseesNotStated: true,
    why: '„regt daher an, … anzubieten“ nennt keinen Adressaten; Seed folgert LAENDER und BUND',
  },
  { key: '20/7.6/2', addresseesNotStated: true, why: '„ruft dazu auf“ nennt keinen Adressaten; Seed ergänzt ALLE-BETEILIGTEN' },
  { key: '20/7.6/4', addresseesNotStated: true, why: '„bittet alle Beteiligten“; Seed folgert BUND und LAENDER' },
  {
    key: '18/7.1/5',
    addresseesNotStated: true,
    why: '„Die IntMK fordert einen leichteren Zugang zu Sprachkursen“ nennt keinen Adressaten; Seed folgert BUND',
  },
  {
    key: '18/1.2/1',
    drop: true,
    why: 'Feststellung („Die … BLAG … führt ihre Arbeit … fort“); Seed erfasst sie als Auftrag (docs/seed-notes.md)',
  },
];

function expectedOf(file: string, conference: Fixture['conference']): Fixture {
  const seed = JSON.parse(readFileSync(new URL(`../seeds/${file}`, import.meta.url), 'utf8')) as SeedRecord;
  const tops: ExpectedTop[] = seed.resolutions.map((r) => ({ top: r.top, title: r.title, proposers: r.proposers, adoption: r.adoption }));
  const demands: ExpectedDemand[] = [];
  const applied: Fixture['corrections'] = [];
  for (const r of seed.resolutions) {
    for (const d of r.demands) {
      const e: ExpectedDemand = {
        key: d.key,
        top: r.top,
        ziffer: d.ziffer,
        kind: d.kind,
        addressees: d.addressees,
        wording: d.wording,
        addresseesStated: true,
      };
      let keep = true;
      for (const c of CORRECTIONS.filter((x) => x.key === d.key)) {
        if ('drop' in c) {
          keep = false;
          applied.push({ key: c.key, change: 'nicht als Forderung erwartet', why: c.why });
        } else if ('addresseesNotStated' in c) {
          e.addresseesStated = false;
          applied.push({ key: c.key, change: 'Adressat nicht geprüft', why: c.why });
        } else if ('addressees' in c) {
          e.addressees = c.addressees;
          applied.push({ key: c.key, change: `Adressaten ${c.addressees.join(', ')}`, why: c.why });
        } else {
          e.kind = c.kind;
          applied.push({ key: c.key, change: `Art ${c.kind}`, why: c.why });
        }
      }
      if (keep) demands.push(e);
    }
  }
  return { document: seed.source, conference, tops, demands, corrections: applied };
}

const fixtures: [string, string, Fixture['conference']][] = [
  [
    'intmk-18-2023.json',
    'intmk-18-2023',
    { number: 18, year: 2023, startDate: '2023-04-26', endDate: '2023-04-27', place: 'Wiesbaden', chairLand: 'HE' },
  ],
  [
    'intmk-20-2025.json',
    'intmk-20-2025',
    { number: 20, year: 2025, startDate: '2025-04-23', endDate: '2025-04-24', place: 'Göttingen', chairLand: 'NI' },
  ],
];
for (const [file, name, conference] of fixtures) {
  const fixture = expectedOf(file, conference);
  writeFileSync(`${FIXTURE_DIR}${name}.expected.json`, `${JSON.stringify(fixture, null, 2)}\n`);
  console.log(`${name}: ${fixture.tops.length} TOPs, ${fixture.demands.length} Forderungen, ${fixture.corrections.length} Korrekturen`);
}
