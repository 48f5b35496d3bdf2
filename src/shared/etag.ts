// Entity tags for optimistic concurrency: a resource's ETag is a hash of the representation
// served to the caller, so anything that changes what a client saw changes the tag.
import { hash } from 'node:crypto';
import { DomainError } from './errors.js';

export function etagOf(representation: unknown): string {
  return etagOfText(JSON.stringify(representation));
}

/** The tag of a representation already serialised (the body as sent, as text or its UTF-8 bytes). */
export function etagOfText(serialised: string | Buffer): string {
  // One-shot SHA-1: a tag needs no collision resistance against attackers (the caller can only
  // match what it was served), and it is several times cheaper than building a SHA-256 hash object.
  return `"${hash('sha1', serialised, 'base64url')}"`;
}

/**
 * Checks an `If-Match` header against the current representation: 428 without one, 412 when it
 * names another version. `*` matches any existing resource (RFC 9110).
 */
export function checkIfMatch(header: string | undefined, current: unknown): void {
  if (header === undefined || header.trim() === '') {
    throw new DomainError(
      428,
      'precondition.required',
      'Für Änderungen und Löschungen ist der Kopf If-Match mit dem ETag der zuletzt gelesenen Fassung nötig (GET liefert ihn im Kopf ETag).',
    );
  }
  // Strong comparison (RFC 9110): a weak tag never matches.
  const tags = header.split(',').map((t) => t.trim());
  if (tags.includes('*')) return;
  const current_ = etagOf(current);
  if (!tags.includes(current_)) {
    throw new DomainError(
      412,
      'precondition.failed',
      'Der Eintrag wurde inzwischen geändert (ETag stimmt nicht überein). Bitte neu laden und die Änderung auf die aktuelle Fassung anwenden.',
    );
  }
}
