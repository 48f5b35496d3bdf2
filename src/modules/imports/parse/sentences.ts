// Sentence and clause splitting for German decision texts. A period ends a sentence unless it
// closes an abbreviation ("z. B.", "inkl.", "Kap.") or an ordinal ("19. IntMK", "31. Dezember").

const ABBREVIATIONS = new Set(
  [
    'z',
    'b',
    'd',
    'h',
    'u',
    'a',
    'o',
    'ä',
    'bzw',
    'ca',
    'inkl',
    'nr',
    'abs',
    'art',
    'kap',
    'tit',
    'gem',
    'ggf',
    'ggfls',
    'vgl',
    'sog',
    'usw',
    'etc',
    'dr',
    'prof',
    'mio',
    'mrd',
    'std',
    's',
    'f',
    'ff',
    'evtl',
    'insb',
    'bspw',
    'max',
    'min',
    'v',
    'zzgl',
    'i',
    'e',
    'ua',
    'lt',
    'str',
  ].map((s) => s.toLowerCase()),
);

/** Splits running text into sentences; semicolons end list items, so they split too. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const re = /[.!?;](?=["“”»)]?\s+["„«(]?[\p{Lu}\d•-])/gu;
  for (const m of text.matchAll(re)) {
    const end = (m.index ?? 0) + 1;
    const before = text.slice(start, m.index ?? 0);
    const word = /([\p{L}\d]+)$/u.exec(before)?.[1] ?? '';
    if (m[0] === '.') {
      if (ABBREVIATIONS.has(word.toLowerCase())) continue;
      // Ordinals: "19. IntMK", "31. Dezember", but not a year that ends a sentence.
      if (/^\d{1,2}$/.test(word)) continue;
      // "u.a." and "z.B." glued
      if (/\.[\p{L}]$/u.test(before)) continue;
    }
    out.push(text.slice(start, end).trim());
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out.filter(Boolean);
}

const CLAUSE_VERBS = String.raw`(?:bittet|bitten|fordert|fordern|appelliert|appellieren|beauftragt|beauftragen|setzt\s+sich|setzen\s+sich|treibt|treiben|regt|regen|erwartet|erwarten|spricht\s+sich|sprechen\s+sich)`;
const CLAUSE_SPLIT = new RegExp(String.raw`,?\s+und\s+(?=${CLAUSE_VERBS}\b)`, 'u');

/** "… begrüßt X und bittet den Bund …" holds two statements; each is judged on its own. */
export function splitClauses(sentence: string): string[] {
  return sentence
    .split(CLAUSE_SPLIT)
    .map((s) => s.trim())
    .filter(Boolean);
}
