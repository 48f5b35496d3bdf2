// `npx tsx bench/import-megabyte.ts`: the import worker's two steps on 1 MB of real text, in
// process and timed apart: the parse, and the link suggestions against the seeded record (as
// bench/ops.ts sends it through the server: the 2025 collection repeated with new TOP numbers).
// Target of issue #13: the import of 1 MB <= 1 s.
import { readFileSync } from 'node:fs';
import { fixedClock } from '../src/clock.js';
import { DEFAULT_BODIES } from '../src/domain/vocab.js';
import { linkIndexOf } from '../src/modules/imports/imports.links.js';
import { loadLinkCorpus } from '../src/modules/imports/imports.queries.js';
import { parseDocument } from '../src/modules/imports/parse/index.js';
import { SEEDS_DIR } from '../src/paths.js';
import { prepareDatabase } from '../src/prepare.js';

export function megabyte(): string {
  const collection = readFileSync(`${SEEDS_DIR}/sources/intmk-20-2025-goettingen-beschluesse.txt`, 'utf8');
  const copies = Math.ceil(1_000_000 / collection.length);
  return Array.from({ length: copies }, (_, k) =>
    k === 0 ? collection : collection.replace(/^(\s*TOP\s+)(\d+)/gm, (_m, p: string, n: string) => `${p}${Number(n) + 10 * k}`),
  ).join('\n\n');
}

// Run as the script (bench/import-fingerprint.ts imports megabyte() only).
if (process.argv[1]?.endsWith('import-megabyte.ts')) main();

function main(): void {
  const text = megabyte();
  const { database } = prepareDatabase(':memory:', fixedClock('2026-11-20T09:00:00Z'), { seedIfEmpty: true });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const parses: number[] = [];
  const links: number[] = [];
  let demands = 0;
  let suggestions = 0;
  for (let i = 0; i < Number(process.env.RUNS ?? 5); i++) {
    const t0 = performance.now();
    const doc = parseDocument(text, { bodies: DEFAULT_BODIES });
    const t1 = performance.now();
    const index = linkIndexOf(loadLinkCorpus(database.sqlite, doc.conference.number), doc.conference.number);
    suggestions = 0;
    for (const r of doc.resolutions) {
      for (const d of r.demands) {
        d.suggestions = index.suggest(d);
        suggestions += d.suggestions.length;
      }
    }
    const t2 = performance.now();
    parses.push(t1 - t0);
    links.push(t2 - t1);
    demands = doc.resolutions.reduce((n, r) => n + r.demands.length, 0);
  }
  console.log(`${(text.length / 1e6).toFixed(2)} MB, ${demands} demands, ${suggestions} suggestions`);
  console.log(`parse: median ${median(parses).toFixed(0)} ms [${parses.map((t) => t.toFixed(0)).join(' ')}]`);
  console.log(`links: median ${median(links).toFixed(0)} ms [${links.map((t) => t.toFixed(0)).join(' ')}]`);
  console.log(`both:  median ${median(parses.map((p, i) => p + links[i]!)).toFixed(0)} ms (target <= 1000 ms)`);
}
