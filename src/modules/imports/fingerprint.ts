// The identity of an uploaded document: the same text, however its lines are wrapped or padded,
// gives the same fingerprint, so a second upload of it finds the first draft. Normalising a 1 MB
// text takes about 40 ms, so the import worker computes it from the lines it parses (worker/task.ts).
import { createHash } from 'node:crypto';
import { normalizeText } from './parse/normalize.js';

/** sha256 of the normalised text's non-empty lines, trimmed. */
export function fingerprintOf(text: string): string {
  return fingerprintOfLines(normalizeText(text).lines);
}

/** fingerprintOf() of the text these lines are normalizeText()'s of. */
export function fingerprintOfLines(lines: readonly string[]): string {
  const canonical = lines
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
  return createHash('sha256').update(canonical).digest('hex');
}
