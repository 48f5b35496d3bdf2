// Measures the import parser against the hand-checked fixtures in test/fixtures/imports/.
// Shared by the quality test (which asserts the targets) and bench/import-quality.ts (which prints).
import { readFileSync } from 'node:fs';
import type { ParsedDocument } from '../src/modules/imports/imports.schemas.js';

export interface ExpectedTop {
  top: string;
  title: string;
  proposers: 'all' | string[];
  adoption: string;
}

export interface ExpectedDemand {
  key: string;
  top: string;
  ziffer: string | null;
  kind: string;
  addressees: string[];
  wording: string;
  /** False where the text names no addressee and the seed inferred one; left out of addressee accuracy. */
  addresseesStated: boolean;
}

export interface Fixture {
  document: string;
  conference: { number: number; year: number; startDate: string; endDate: string; place: string; chairLand: string };
  tops: ExpectedTop[];
  demands: ExpectedDemand[];
  corrections: { key: string; change: string; why: string }[];
}

export const FIXTURE_DIR = new URL('../test/fixtures/imports/', import.meta.url).pathname;
export const DOCUMENT_DIR = new URL('../seeds/sources/', import.meta.url).pathname;

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(`${FIXTURE_DIR}${name}.expected.json`, 'utf8')) as Fixture;
}

const words = (s: string) => new Set(s.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);

/** Share of the smaller text's words found in the other: 1 when one wording contains the other. */
export function overlap(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.size === 0 || wb.size === 0) return 0;
  let n = 0;
  for (const w of wa) if (wb.has(w)) n++;
  return n / Math.min(wa.size, wb.size);
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export interface TopScore {
  expected: number;
  found: number;
  ids: number;
  titles: number;
  proposers: number;
  adoption: number;
  allFour: number;
  misses: string[];
}

export interface DemandScore {
  expected: number;
  detected: number;
  matched: number;
  precision: number;
  recall: number;
  kindCorrect: number;
  addresseeChecked: number;
  addresseeCorrect: number;
  kindAndAddresseeCorrect: number;
  /** Share of expected demands found with the right kind and (where stated) the right addressees. */
  fullyCorrect: number;
  misses: string[];
  wrong: string[];
  falsePositives: string[];
}

export function scoreTops(draft: ParsedDocument, fixture: Fixture): TopScore {
  const s: TopScore = {
    expected: fixture.tops.length,
    found: draft.resolutions.length,
    ids: 0,
    titles: 0,
    proposers: 0,
    adoption: 0,
    allFour: 0,
    misses: [],
  };
  for (const e of fixture.tops) {
    const r = draft.resolutions.find((x) => x.top === e.top);
    if (!r) {
      s.misses.push(`TOP ${e.top} fehlt`);
      continue;
    }
    s.ids++;
    const title = r.title === e.title;
    const proposers = JSON.stringify(r.proposers) === JSON.stringify(e.proposers);
    const adoption = r.adoption === e.adoption;
    if (title) s.titles++;
    else s.misses.push(`TOP ${e.top} Titel: „${r.title}“ statt „${e.title}“`);
    if (proposers) s.proposers++;
    else s.misses.push(`TOP ${e.top} Antragsteller: ${JSON.stringify(r.proposers)} statt ${JSON.stringify(e.proposers)}`);
    if (adoption) s.adoption++;
    else s.misses.push(`TOP ${e.top} Beschlussart: ${r.adoption} statt ${e.adoption}`);
    if (title && proposers && adoption) s.allFour++;
  }
  for (const r of draft.resolutions) if (!fixture.tops.some((e) => e.top === r.top)) s.misses.push(`TOP ${r.top} zu viel`);
  return s;
}

export function scoreDemands(draft: ParsedDocument, fixture: Fixture): DemandScore {
  const detected = draft.resolutions.flatMap((r) => r.demands.map((d) => ({ ...d, top: r.top })));
  const pairs: { e: number; d: number; score: number }[] = [];
  fixture.demands.forEach((e, ei) => {
    detected.forEach((d, di) => {
      if (d.top !== e.top || d.ziffer !== e.ziffer) return;
      const score = overlap(e.wording, d.wording);
      if (score >= 0.5) pairs.push({ e: ei, d: di, score });
    });
  });
  pairs.sort((a, b) => b.score - a.score);
  const eUsed = new Map<number, number>();
  const dUsed = new Set<number>();
  for (const p of pairs) {
    if (eUsed.has(p.e) || dUsed.has(p.d)) continue;
    eUsed.set(p.e, p.d);
    dUsed.add(p.d);
  }
  const s: DemandScore = {
    expected: fixture.demands.length,
    detected: detected.length,
    matched: eUsed.size,
    precision: detected.length ? eUsed.size / detected.length : 0,
    recall: fixture.demands.length ? eUsed.size / fixture.demands.length : 0,
    kindCorrect: 0,
    addresseeChecked: 0,
    addresseeCorrect: 0,
    kindAndAddresseeCorrect: 0,
    fullyCorrect: 0,
    misses: [],
    wrong: [],
    falsePositives: [],
  };
  fixture.demands.forEach((e, ei) => {
    const di = eUsed.get(ei);
    if (di === undefined) {
      s.misses.push(`${e.key} ${e.kind} ${e.addressees.join(',')}: ${e.wording.slice(0, 100)}`);
      return;
    }
    const d = detected[di]!;
    const kind = d.kind === e.kind;
    const addr = !e.addresseesStated || sameSet(d.addressees, e.addressees);
    if (kind) s.kindCorrect++;
    if (e.addresseesStated) {
      s.addresseeChecked++;
      if (addr) s.addresseeCorrect++;
    }
    if (kind && addr) s.kindAndAddresseeCorrect++;
    else s.wrong.push(`${e.key}: ${d.kind} ${d.addressees.join(',')} statt ${e.kind} ${e.addressees.join(',')}`);
  });
  s.fullyCorrect = fixture.demands.length ? s.kindAndAddresseeCorrect / fixture.demands.length : 0;
  detected.forEach((d, di) => {
    if (!dUsed.has(di))
      s.falsePositives.push(`${d.top}/${d.ziffer ?? 't'} ${d.kind} ${d.addressees.join(',')}: ${d.wording.slice(0, 100)}`);
  });
  return s;
}
