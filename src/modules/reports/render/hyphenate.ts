// German hyphenation for the documents: the Liang/TeX patterns of the reformed spelling (de-1996,
// from the `hyphen` package), so a long compound in a narrow column breaks at a syllable and
// with a hyphen ("Staatsangehörigkeits-rechts"), never in the middle of a syllable without one.
// HTML gets soft hyphens (the browser shows a hyphen only where it breaks); the PDF, whose layout
// engine (pdfmake) knows no soft hyphens, gets a visible hyphen and a line break exactly where a
// word wider than its column must break; DOCX leaves it to Word (w:autoHyphenation, de-DE).
import { createRequire } from 'node:module';

interface Hyphenator {
  hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string;
}
// Loaded on the first long word, not at import: the patterns take 0.2 s of CPU, which every start of
// the server paid before (this module is imported for the HTML report).
let german: Hyphenator | undefined;
const patterns = () => {
  german ??= createRequire(import.meta.url)('hyphen/de-1996') as Hyphenator;
  return german;
};

export const SOFT_HYPHEN = '\u00ad';

/** Words of at least this many letters get break points; shorter ones are never hyphenated. */
const MIN_WORD = 8;
/** Bounded cache of hyphenated words: the same compounds recur throughout a report. */
const cache = new Map<string, string[]>();
const CACHE_LIMIT = 20_000;

/**
 * The syllables of a word at which it may be broken ("Staats", "an", "ge", …); the word itself
 * when it is short, has no letters to split, or is implausibly long for a word (hostile input:
 * the patterns are linear, but there is no reason to run them over a 10,000-letter "word").
 */
export function syllables(word: string): string[] {
  if (word.length < MIN_WORD || word.length > 120 || !/^\p{L}+$/u.test(word)) return [word];
  let parts = cache.get(word);
  if (!parts) {
    parts = patterns().hyphenateSync(word, { hyphenChar: SOFT_HYPHEN, minWordLength: MIN_WORD }).split(SOFT_HYPHEN);
    // Never leave a single letter on either side of a break.
    parts = parts.filter(Boolean);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, parts);
  }
  return parts;
}

/** Soft hyphens into every word long enough to need them (HTML, where the browser decides). */
export function softHyphenate(text: string): string {
  return text.replace(/\p{L}{8,}/gu, (word) => syllables(word).join(SOFT_HYPHEN));
}

/**
 * Makes every whitespace-separated token of `text` fit `width` (as measured by `measure`): a token
 * wider than that is cut into pieces, each ending in "-" followed by a line break, at syllables
 * where the hyphenation patterns allow, otherwise after "/", "." and the like (URLs, paths, which
 * then break without a hyphen after that character), otherwise between characters with a hyphen.
 * Each piece is as long as fits, so the renderer never needs to break a word itself, and a hyphen
 * this adds always stands at the end of a line. Shorter tokens are left as they are.
 */
export function fitWords(text: string, width: number, measure: (s: string) => number, glued = 0): string {
  if (width <= 0) return text;
  // Tokens are whitespace-separated; hyphen-joined compounds ("Chancen-Aufenthaltsrecht") are split
  // at their hyphens first, since a layout engine breaks after a hyphen anyway. A first token that
  // continues the text before it without a space ("■\u00a0" + "Daueraufgabe") has `glued` points less.
  return text.replace(/[^\s]+/g, (token, offset: number) => {
    const room = offset === 0 ? width - glued : width;
    if (measure(token) <= room) return token;
    return offset === 0 && glued > 0 ? `\n${breakToken(token, width, measure)}` : breakToken(token, width, measure);
  });
}

function breakToken(token: string, width: number, measure: (s: string) => number): string {
  // Units that may end a line as they are: segments after a hyphen, slash, dot, etc. (kept with their
  // trailing mark); a letters-only segment is further divided into syllables that need a hyphen.
  const units: { text: string; needsHyphen: boolean }[] = [];
  for (const segment of token.match(/[^-/._?&=#:;,)\]}\u2013]*[-/._?&=#:;,)\]}\u2013]*/g) ?? [token]) {
    if (!segment) continue;
    const m = /^(\P{L}*)(\p{L}+)(\P{L}*)$/u.exec(segment);
    if (m?.[2] && m[2].length >= MIN_WORD) {
      const syl = syllables(m[2]);
      syl.forEach((s, i) => {
        const text = (i === 0 ? (m[1] ?? '') : '') + s + (i === syl.length - 1 ? (m[3] ?? '') : '');
        units.push({ text, needsHyphen: i < syl.length - 1 });
      });
    } else {
      units.push({ text: segment, needsHyphen: false });
    }
  }
  const lines: string[] = [];
  let line = '';
  let lineNeedsHyphen = false;
  const flush = () => {
    if (line) lines.push(lineNeedsHyphen ? `${line}-` : line);
    line = '';
    lineNeedsHyphen = false;
  };
  for (const unit of units) {
    const candidate = line + unit.text;
    const fits = measure(unit.needsHyphen ? `${candidate}-` : candidate) <= width;
    if (fits) {
      line = candidate;
      lineNeedsHyphen = unit.needsHyphen;
      continue;
    }
    flush();
    if (measure(unit.needsHyphen ? `${unit.text}-` : unit.text) <= width) {
      line = unit.text;
      lineNeedsHyphen = unit.needsHyphen;
      continue;
    }
    // A unit wider than the column on its own (no syllables known): cut between characters.
    let piece = '';
    for (const ch of unit.text) {
      if (piece && measure(`${piece}${ch}-`) > width) {
        lines.push(`${piece}-`);
        piece = '';
      }
      piece += ch;
    }
    line = piece;
    lineNeedsHyphen = unit.needsHyphen;
  }
  flush();
  return lines.join('\n');
}
