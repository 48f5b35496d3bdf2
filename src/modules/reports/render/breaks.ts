// Break opportunities in over-long tokens, for the PDF. pdfmake breaks a word wider than its column
// by measuring ever longer prefixes of it, each laid out anew: quadratic in the word's length, so
// one Sachstand made of a single 20,000-character "word" took 200 s and 4.2 GB. A zero-width space
// every few dozen characters of such a token gives the line breaker places to break; it is
// invisible and no real German word is that long.

const ZWSP = '\u200b';
/** Tokens longer than this get break opportunities (the longest German words in the record: ~40). */
const LONG = 60;
/** Characters between two break opportunities. */
const EVERY = 30;

export function breakLongTokens(text: string): string {
  if (text.length <= LONG) return text;
  return text.replace(new RegExp(`[^\\s\\u200b]{${LONG + 1},}`, 'g'), (token) => {
    const parts: string[] = [];
    const chars = Array.from(token);
    for (let i = 0; i < chars.length; i += EVERY) parts.push(chars.slice(i, i + EVERY).join(''));
    return parts.join(ZWSP);
  });
}

/** A deep copy of `value` with every string passed through breakLongTokens. */
export function withBreaks<T>(value: T): T {
  if (typeof value === 'string') return breakLongTokens(value) as T;
  if (Array.isArray(value)) return value.map((v) => withBreaks(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // Link targets stay as they are; only what is printed gets break opportunities.
    for (const [k, v] of Object.entries(value)) out[k] = k === 'url' ? v : withBreaks(v);
    return out as T;
  }
  return value;
}
