// Finds addressee bodies in a piece of text. The lexicon is built from the body vocabulary (codes
// and names, so bodies an admin adds are found too) plus the usual German ways of naming the
// default bodies ("den Bund", "die Bundesregierung", "das BMI", "die zugelassenen kommunalen Träger").
import type { BodyKind } from '../../../domain/vocab.js';
import { LAND_PATTERN, landCode } from './lands.js';

export interface BodyRef {
  code: string;
  name: string;
  kind: BodyKind;
}

export interface Mention {
  code: string;
  index: number;
  end: number;
  kind: BodyKind;
}

// Word edges that treat a hyphen as part of the word: "Bund-Länder-AG" names neither Bund nor Länder.
const R = String.raw`(?![\p{L}\p{N}-])`;
/** What may not stand right before a name (the left word edge). */
const WORD_CHAR = /^[\p{L}\p{N}-]$/u;

/**
 * The matches of `re` that start at a left word edge, as `(?<![\p{L}\p{N}-])` in front of the
 * pattern would find them. A lookbehind in front keeps V8 from skipping ahead to the pattern's
 * first letters, so each of the lexicon's sixty patterns stepped through every character of
 * every text (half the parse of a large document). Here the pattern is searched as it is and a
 * match not at an edge is tried again one character later: the first match from any position is
 * the pattern's own first match there, so the result is the same.
 */
function* atWordStart(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // The character before, whole when it lies outside the BMP (a surrogate pair).
    const low = text.charCodeAt(m.index - 1);
    const before = low >= 0xdc00 && low <= 0xdfff ? text.slice(Math.max(0, m.index - 2), m.index) : text.charAt(m.index - 1);
    if (WORD_CHAR.test(before)) {
      re.lastIndex = m.index + 1;
      continue;
    }
    yield m;
    // An empty match would be found again at the same place (none of the patterns can be empty).
    if (m[0].length === 0) re.lastIndex++;
  }
}

const ALIASES: Record<string, string[]> = {
  BUND: ['Bund(?:es)?', 'Bundesebene'],
  BREG: [String.raw`(?:neuen?\s+)?Bunde?s?regierung`],
  BMI: [String.raw`Bundesministerium\s+des\s+Innern(?:\s+und\s+für\s+Heimat)?`, 'Bundesinnenministerium', 'BMI'],
  BMAS: [String.raw`Bundesministerium\s+für\s+Arbeit\s+und\s+Soziales`, 'Bundesarbeitsministerium', 'BMAS'],
  BMBF: [String.raw`Bundesministerium\s+für\s+Bildung\s+und\s+Forschung`, 'Bundesbildungsministerium', 'BMBF'],
  BMFSFJ: [
    // The full name has commas ("für Familie, Senioren, Frauen und Jugend"; since 2025 "für Bildung, Familie, …").
    // The gap is bounded so that a text without punctuation is not rescanned from every mention.
    String.raw`Bundesministerium\s+für\s+(?:Bildung,\s+)?Familie(?:,\s+Senioren,\s+Frauen\s+und\s+Jugend|[^,.;]{0,80}?Jugend)`,
    'Bundesfamilienministerium',
    'BMFSFJ',
  ],
  BMG: [String.raw`Bundesministerium\s+für\s+Gesundheit`, 'Bundesgesundheitsministerium', 'BMG'],
  BMJ: [String.raw`Bundesministerium\s+der\s+Justiz`, 'Bundesjustizministerium', 'BMJ'],
  BMWK: [String.raw`Bundesministerium\s+für\s+Wirtschaft(?:\s+und\s+Klimaschutz)?`, 'Bundeswirtschaftsministerium', 'BMWK'],
  BMZ: [String.raw`Bundesministerium\s+für\s+wirtschaftliche\s+Zusammenarbeit(?:\s+und\s+Entwicklung)?`, 'BMZ'],
  AA: [String.raw`Auswärtige[ns]?\s+Amt(?:es|s)?`],
  BAMF: [String.raw`Bundesamt(?:es|s)?\s+für\s+Migration\s+und\s+Flüchtlinge`, 'BAMF'],
  BA: [String.raw`Bundesagentur\s+für\s+Arbeit`, String.raw`Agenturen\s+für\s+Arbeit`, 'Arbeitsagenturen', 'BA'],
  INTB: [
    String.raw`Beauftragten?\s+der\s+Bundesregierung\s+für\s+Migration,\s+Flüchtlinge\s+und\s+Integration`,
    'Integrationsbeauftragten?',
  ],
  BUNDESTAG: [String.raw`(?:Deutschen?\s+)?Bundestag(?:es|s)?`],
  KMK: ['Kultusministerkonferenz', 'KMK'],
  ASMK: [String.raw`Arbeits-\s+und\s+Sozialministerkonferenz`, 'ASMK'],
  IMK: ['Innenministerkonferenz', 'IMK'],
  GMK: ['Gesundheitsministerkonferenz', 'GMK'],
  JFMK: [String.raw`Jugend-\s+und\s+Familienministerkonferenz`, 'JFMK'],
  MPK: ['Ministerpräsidentenkonferenz', 'MPK', String.raw`Regierungschefinnen\s+und\s+Regierungschefs\s+der\s+Länder`],
  BAUMINISTERKONFERENZ: ['Bauministerkonferenz'],
  EU: [String.raw`Europäischen?\s+(?:Kommission|Union)`, 'EU-Kommission', 'EU'],
  LAENDER: ['(?:Bundes)?[Ll]änder(?:n)?'],
  KOMMUNEN: ['Kommunen', String.raw`kommunalen?\s+(?:Träger|Spitzenverbände)`],
  'INTMK-VORSITZ': [String.raw`Geschäftsstelle\s+der\s+IntMK`, 'IntMK-Geschäftsstelle', String.raw`Vorsitzland(?!\s+der\s+LAG)`],
  'BLAG-KOOPERATION': ['BLAG', 'Bund-Länder-(?:Arbeitsgruppe|AG)'],
};

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, String.raw`\s+`);

export interface BodyLexicon {
  find(text: string): Mention[];
  kindOf(code: string): BodyKind | null;
}

export function buildLexicon(bodies: readonly BodyRef[]): BodyLexicon {
  const kinds = new Map(bodies.map((b) => [b.code, b.kind]));
  const entries: { code: string; re: RegExp }[] = [];
  const lags = bodies.filter((b) => b.kind === 'working_group' && /^LAG/.test(b.code));
  for (const b of bodies) {
    if (b.kind === 'laender' && b.code !== 'LAENDER') continue; // Länder by name, below
    const patterns = [...(ALIASES[b.code] ?? [])];
    const plainName = b.name.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
    if (!ALIASES[b.code]) {
      // An admin-added body: its name, with an optional case ending on the last word.
      patterns.push(`${escapeRe(plainName)}n?`);
      if (/^[A-Z0-9-]{2,12}$/.test(b.code) && b.code.length <= 6) patterns.push(escapeRe(b.code));
    }
    // A working group is named by the quoted part of its name („Indikatorenentwicklung …“).
    const quoted = /„([^“”]+)[“”]/.exec(b.name)?.[1];
    if (quoted) patterns.push(`(?:LAG|BLAG|Arbeitsgruppe)\\s+„${escapeRe(quoted)}[“”]`);
    // Names of admin-added bodies are matched regardless of case ("alle Beteiligten").
    const flags = ALIASES[b.code] ? 'gu' : 'giu';
    for (const p of patterns) entries.push({ code: b.code, re: new RegExp(`(?:${p})${R}`, flags) });
  }
  const landRe = new RegExp(`(${LAND_PATTERN})s?${R}`, 'gu');
  const lagRe = new RegExp(`(?:LAG|länderoffene[n]?\\s+Arbeitsgruppe)${R}`, 'gu');
  return {
    kindOf: (code) => kinds.get(code) ?? (landCode(code) ? 'laender' : null),
    find(text: string): Mention[] {
      const found: Mention[] = [];
      for (const { code, re } of entries) {
        for (const m of atWordStart(re, text)) {
          found.push({ code, index: m.index ?? 0, end: (m.index ?? 0) + m[0].length, kind: kinds.get(code) ?? 'other' });
        }
      }
      for (const m of atWordStart(landRe, text)) {
        const code = landCode(m[1] ?? '');
        if (code) found.push({ code, index: m.index ?? 0, end: (m.index ?? 0) + m[0].length, kind: 'laender' });
      }
      // A bare "LAG" means the working group the text is about; resolved by the caller's context.
      if (lags.length) {
        for (const m of atWordStart(lagRe, text)) {
          found.push({ code: 'LAG', index: m.index ?? 0, end: (m.index ?? 0) + m[0].length, kind: 'working_group' });
        }
      }
      // Longest match wins where two overlap ("Bundesregierung" over "Bund", "Bundesagentur für Arbeit" over "BA").
      found.sort((a, b) => a.index - b.index || b.end - b.index - (a.end - a.index));
      const out: Mention[] = [];
      for (const f of found) {
        const prev = out[out.length - 1];
        if (prev && f.index < prev.end) continue;
        out.push(f);
      }
      return out;
    },
  };
}

/** The working group a bare "LAG" refers to: the one whose quoted name the resolution mentions. */
export function resolveLag(bodies: readonly BodyRef[], context: string): string | null {
  const lags = bodies.filter((b) => b.kind === 'working_group' && /^LAG/.test(b.code));
  for (const b of lags) {
    const quoted = /„([^“”]+)[“”]/.exec(b.name)?.[1];
    if (quoted && context.includes(quoted)) return b.code;
  }
  return lags.length === 1 ? lags[0]!.code : null;
}
