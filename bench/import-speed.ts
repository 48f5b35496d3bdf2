// `npx tsx bench/import-speed.ts`: parse time of a 100-page resolution collection. The 2025
// document (about 28 pages of 45 printed lines) is repeated with renumbered TOPs until it has
// 100 pages; timed as text (parser only) and as a PDF written by bench/import-pdf.ts
// (text extraction with pdfjs plus parser). Target: ≤ 2 s for the parse.
import { readFileSync } from 'node:fs';
import { DEFAULT_BODIES } from '../src/domain/vocab.js';
import { parseDocument } from '../src/modules/imports/parse/index.js';
import { extractPdfText } from '../src/modules/imports/pdf.js';
import { DOCUMENT_DIR } from './import-eval.js';
import { makePdf, paginate } from './import-pdf.js';

const LINES_PER_PAGE = 45;
const PAGES = 100;

export function hundredPages(): string {
  const base = readFileSync(`${DOCUMENT_DIR}intmk-20-2025-goettingen-beschluesse.txt`, 'utf8');
  const basePages = base.split('\n').filter((l) => l.trim() !== '').length / LINES_PER_PAGE;
  const copies = Math.ceil(PAGES / basePages);
  // Each copy gets its own TOP numbers (1.1 → 11.1, 21.1 …), so the parser sees distinct TOPs.
  const all = Array.from({ length: copies }, (_, k) =>
    k === 0 ? base : base.replace(/^(\s*TOP\s+)(\d+)/gm, (_m, p: string, n: string) => `${p}${Number(n) + 10 * k}`),
  ).join('\n\n');
  // Cut to exactly PAGES pages of printed lines.
  const lines = all.split('\n');
  let printed = 0;
  const cut = lines.findIndex((l) => l.trim() !== '' && ++printed > PAGES * LINES_PER_PAGE);
  return (cut < 0 ? lines : lines.slice(0, cut)).join('\n');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const text = hundredPages();
const printed = text.split('\n').filter((l) => l.trim() !== '').length;
const runs: number[] = [];
let tops = 0;
let demands = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const doc = parseDocument(text, { bodies: DEFAULT_BODIES });
  runs.push(performance.now() - t0);
  tops = doc.resolutions.length;
  demands = doc.resolutions.reduce((n, r) => n + r.demands.length, 0);
}
console.log(
  `Text: ${(printed / LINES_PER_PAGE).toFixed(0)} Seiten (${printed} Zeilen, ${text.length} Zeichen), ${tops} TOPs, ${demands} Forderungen`,
);
console.log(`  Parser: Median ${median(runs).toFixed(0)} ms (erster Lauf ${runs[0]!.toFixed(0)} ms) — Ziel ≤ 2000 ms`);

const pdf = makePdf(paginate(text, LINES_PER_PAGE));
const pdfRuns: number[] = [];
let pages = 0;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const extracted = await extractPdfText(pdf);
  const t1 = performance.now();
  parseDocument(extracted.text, { bodies: DEFAULT_BODIES });
  const t2 = performance.now();
  pages = extracted.pages;
  pdfRuns.push(t2 - t0);
  console.log(`  PDF Lauf ${i + 1}: Extraktion ${(t1 - t0).toFixed(0)} ms + Parser ${(t2 - t1).toFixed(0)} ms`);
}
console.log(`PDF: ${pages} Seiten, ${(pdf.length / 1024).toFixed(0)} kB — Extraktion und Parser: Median ${median(pdfRuns).toFixed(0)} ms`);
