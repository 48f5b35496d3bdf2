// The identity of an uploaded document: the same text, however its lines are wrapped or padded,
// gives the same fingerprint, so a second upload of it finds the first draft. Normalising a 1 MB
// text takes about 60 ms, so the server computes it in the import worker (worker/task.ts).
import { createHash } from 'node:crypto';
import { normalizeText } from './parse/normalize.js';

/** sha256 of the normalised text's non-empty lines, trimmed. */
export function fingerprintOf(text: string): string {
  const canonical = normalizeText(text)
    .lines.map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
  return createHash('sha256').update(canonical).digest('hex');
}
