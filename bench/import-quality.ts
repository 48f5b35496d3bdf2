// `npx tsx bench/import-quality.ts [--verbose]`: precision and recall of the import parser on both
// documents, against the hand-checked fixtures (TOPs: id, title, proposers, adoption; demands:
// detection, kind, addressees).
import { readFileSync } from 'node:fs';
import { DEFAULT_BODIES } from '../src/domain/vocab.js';
import { parseDocument } from '../src/modules/imports/parse/index.js';
import { DOCUMENT_DIR, loadFixture, scoreDemands, scoreTops } from './import-eval.js';

/** The bodies the seed adds to the vocabulary exist in a real installation too. */
export const EXTRA_BODIES = [
  { code: 'ALLE-VERANTWORTLICHEN', name: 'Alle Verantwortlichen', kind: 'other' as const },
  { code: 'BUNDESGESETZGEBER', name: 'Bundesgesetzgeber', kind: 'federal' as const },
  { code: 'ALLE-BETEILIGTEN', name: 'Alle Beteiligten (im Beschluss nicht näher bestimmt)', kind: 'other' as const },
];

const verbose = process.argv.includes('--verbose');
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)} %` : '–');

for (const name of ['intmk-18-2023', 'intmk-20-2025']) {
  const fixture = loadFixture(name);
  const text = readFileSync(`${DOCUMENT_DIR}${fixture.document}`, 'utf8');
  const started = performance.now();
  const draft = parseDocument(text, { bodies: [...DEFAULT_BODIES, ...EXTRA_BODIES] });
  const ms = performance.now() - started;
  const t = scoreTops(draft, fixture);
  const d = scoreDemands(draft, fixture);
  console.log(`\n${fixture.document} (${ms.toFixed(0)} ms)`);
  console.log(`  TOPs            erwartet ${t.expected}, gefunden ${t.found}`);
  console.log(
    `    id            ${pct(t.ids, t.expected)}   Titel ${pct(t.titles, t.expected)}   Antragsteller ${pct(t.proposers, t.expected)}   Beschlussart ${pct(t.adoption, t.expected)}   alle vier ${pct(t.allFour, t.expected)}`,
  );
  console.log(`  Forderungen     erwartet ${d.expected}, erkannt ${d.detected}, zugeordnet ${d.matched}`);
  console.log(`    Precision     ${pct(d.matched, d.detected)}   Recall ${pct(d.matched, d.expected)}`);
  console.log(
    `    Art richtig   ${pct(d.kindCorrect, d.matched)} der zugeordneten   Adressaten richtig ${pct(d.addresseeCorrect, d.addresseeChecked)} der geprüften`,
  );
  console.log(
    `    Art und Adressaten richtig: ${d.kindAndAddresseeCorrect} von ${d.expected} erwarteten = ${pct(d.kindAndAddresseeCorrect, d.expected)}`,
  );
  // The same measure against the seed as transcribed, without the fixture's documented corrections.
  const seed = JSON.parse(readFileSync(new URL(`../seeds/${name}.json`, import.meta.url), 'utf8')) as {
    resolutions: { top: string; demands: { key: string; ziffer: string | null; kind: string; addressees: string[]; wording: string }[] }[];
  };
  const raw = {
    ...fixture,
    demands: seed.resolutions.flatMap((r) => r.demands.map((x) => ({ ...x, top: r.top, addresseesStated: true }))),
  };
  const dr = scoreDemands(draft, raw);
  console.log(
    `    ohne Korrekturen (alle ${dr.expected} Seed-Forderungen): Precision ${pct(dr.matched, dr.detected)}, Recall ${pct(dr.matched, dr.expected)}, Art und Adressaten ${pct(dr.kindAndAddresseeCorrect, dr.expected)}`,
  );
  const c = draft.conference;
  console.log(`  Konferenz       ${c.number}. ${c.year} ${c.startDate}–${c.endDate} ${c.place} Vorsitz ${c.chairLand}`);
  if (verbose) {
    for (const m of t.misses) console.log(`    TOP  ${m}`);
    for (const m of d.misses) console.log(`    FEHLT ${m}`);
    for (const m of d.wrong) console.log(`    FALSCH ${m}`);
    for (const m of d.falsePositives) console.log(`    ZUVIEL ${m}`);
  }
}

// The same documents as PDFs (written by bench/import-pdf.ts, one text line per printed line):
// what the text layer route loses, chiefly paragraph gaps between title and subtitle.
const { makePdf, paginate } = await import('./import-pdf.js');
const { extractPdfText } = await import('../src/modules/imports/pdf.js');
for (const name of ['intmk-18-2023', 'intmk-20-2025']) {
  const fixture = loadFixture(name);
  const text = readFileSync(`${DOCUMENT_DIR}${fixture.document}`, 'utf8');
  const pdf = makePdf(paginate(text));
  const { text: extracted, pages } = await extractPdfText(pdf);
  const draft = parseDocument(extracted, { bodies: [...DEFAULT_BODIES, ...EXTRA_BODIES] });
  const t = scoreTops(draft, fixture);
  const d = scoreDemands(draft, fixture);
  console.log(`\n${fixture.document} als PDF (${pages} Seiten)`);
  console.log(
    `  TOPs alle vier richtig ${pct(t.allFour, t.expected)}; Forderungen Precision ${pct(d.matched, d.detected)}, Recall ${pct(d.matched, d.expected)}, Art und Adressaten ${pct(d.kindAndAddresseeCorrect, d.expected)}`,
  );
  if (verbose) for (const m of t.misses) console.log(`    TOP  ${m}`);
}
