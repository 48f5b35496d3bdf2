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

const WORD_CHAR = /^[\p{L}\d]$/u;

function lastWord(text: string): string {
  let i = text.length;
  // Code points outside the BMP are no letters of German text; a char-wise walk is enough.
  while (i > 0 && WORD_CHAR.test(text[i - 1]!)) i--;
  return text.slice(i);
}

/** Splits running text into sentences; semicolons end list items, so they split too. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const re = /[.!?;](?=["“”»)]?\s+["„«(]?[\p{Lu}\d•-])/gu;
  for (const m of text.matchAll(re)) {
    const end = (m.index ?? 0) + 1;
    const before = text.slice(start, m.index ?? 0);
    // The word before the mark, read backwards: an anchored `$` pattern would rescan the whole
    // growing sentence at every abbreviation, which is quadratic.
    const word = lastWord(before);
    if (m[0] === '.') {
      if (ABBREVIATIONS.has(word.toLowerCase())) continue;
      // Ordinals: "19. IntMK", "31. Dezember", but not a year that ends a sentence.
      if (/^\d{1,2}$/.test(word)) continue;
      // "u.a." and "z.B." glued
      if (before.length >= 2 && before[before.length - 2] === '.' && WORD_CHAR.test(before.slice(-1))) continue;
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
