// Land names as printed, mapped to their codes. Longest names first, so "Sachsen-Anhalt" is never
// read as "Sachsen" and "Nordrhein-Westfalen" never as anything shorter.
import { LAENDER, LAND_CODES, type LandCode } from '../../../domain/vocab.js';

const BY_NAME = new Map<string, LandCode>(LAENDER.map((l) => [l.name.toLowerCase(), l.code]));
const NAMES = [...LAENDER.map((l) => l.name)].sort((a, b) => b.length - a.length);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Alternation of all Land names; a name may be followed by a genitive s ("Bayerns"). */
export const LAND_PATTERN = `(?:${NAMES.map(escapeRe).join('|')})`;

export function landCode(name: string): LandCode | null {
  const key = name.trim().toLowerCase();
  return BY_NAME.get(key) ?? BY_NAME.get(key.replace(/s$/, '')) ?? null;
}

/** All Land names in a text, in printed order, without repeats. */
export function landsIn(text: string): LandCode[] {
  const re = new RegExp(`${LAND_PATTERN}(?![\\p{L}-])s?`, 'gu');
  const out: LandCode[] = [];
  for (const m of text.matchAll(re)) {
    const code = landCode(m[0]);
    if (code && !out.includes(code)) out.push(code);
  }
  return out;
}

export interface ProposerList {
  proposers: 'all' | LandCode[];
  coordinating: LandCode | null;
}

/** Reads "Baden-Württemberg, Bayern (koordinierend), …" or "Alle Länder". */
export function parseProposers(text: string): ProposerList {
  if (/\balle\s+L[äa]nder\b/i.test(text)) return { proposers: 'all', coordinating: null };
  const lands = landsIn(text);
  const coord = new RegExp(`(${LAND_PATTERN})\\s*\\(koordinierend\\)`, 'u').exec(text);
  const coordinating = coord?.[1] ? landCode(coord[1]) : null;
  if (lands.length === LAND_CODES.length) return { proposers: 'all', coordinating };
  return { proposers: lands, coordinating };
}

/** What may stand between two names of a proposer list: "(koordinierend)", a comma, "und". */
const BETWEEN = /^\s*(?:\(koordinierend\)\s*)?(?:,\s*)?(?:und\s+)?$/u;
/** What may follow the last name. */
const AFTER_LAST = /^\s*(?:\(koordinierend\)\s*)?(?:,\s*)?$/u;

/**
 * Splits an agenda cell "Title Land, Land (koordinierend) …" into title and proposer list: the
 * proposers are the longest tail made only of Land names, commas, "und" and "(koordinierend)".
 * Linear: the names are found once, and each gap between two of them is checked once, from the
 * end backwards (a single regex for the whole tail backtracks exponentially on a long list that
 * fails at its end).
 */
export function splitTitleAndProposers(cell: string): { title: string; proposerText: string | null } {
  const all = /\bAlle\s+Länder\s*$/.exec(cell);
  if (all) return { title: cell.slice(0, all.index).trim(), proposerText: 'Alle Länder' };
  const names = [...cell.matchAll(new RegExp(LAND_PATTERN, 'gu'))].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  let tailStart: number | null = null;
  for (let k = names.length - 1; k >= 0; k--) {
    const name = names[k]!;
    const next = names[k + 1];
    const ok = next ? tailStart === next.start && BETWEEN.test(cell.slice(name.end, next.start)) : AFTER_LAST.test(cell.slice(name.end));
    if (!ok) continue;
    tailStart = name.start;
  }
  if (tailStart === null) return { title: cell.trim(), proposerText: null };
  return { title: cell.slice(0, tailStart).trim(), proposerText: cell.slice(tailStart).trim() };
}
