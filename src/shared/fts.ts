// Turns what a person types into an FTS5 query for the trigram index: each word becomes a
// quoted phrase (so operators and quotes in the input are inert), all words must match.
// Trigram matching needs at least three characters; shorter words are matched with LIKE.

export interface TextQuery {
  /** FTS5 MATCH expression, or null when no word is long enough for the index. */
  match: string | null;
  /** LIKE patterns for the words too short for the index. */
  likes: string[];
}

/** The words of a query, stripped of surrounding punctuation. */
export function queryWords(input: string): string[] {
  return input
    .normalize('NFC')
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w.length > 0);
}

export function parseTextQuery(input: string): TextQuery {
  const words = queryWords(input);
  const long = words.filter((w) => [...w].length >= 3);
  const short = words.filter((w) => [...w].length < 3);
  return {
    match: long.length ? long.map((w) => `"${w.replaceAll('"', '""')}"`).join(' AND ') : null,
    likes: short.map((w) => `%${w.replace(/[%_\\]/g, (c) => `\\${c}`)}%`),
  };
}
