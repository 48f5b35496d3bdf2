// Input no route should see (issue #13, item 4): percent-encoding that is not UTF-8, NUL characters
// and lone surrogates are refused with 400 before validation, so no query, parameter or body can
// reach SQLite, FTS or a renderer with them. A client's X-Request-Id is kept beside the server's own id.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../shared/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's X-Request-Id (letters, digits, `_.-`, at most 128), stored apart from the server's id. */
    clientRequestId: string | null;
  }
}

const CLIENT_ID = /^[\w.-]{1,128}$/;
// Without the u flag the pattern sees UTF-16 code units: a high surrogate not followed by a low one, or a low one alone.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first string below `value` with a NUL or a lone surrogate, with its path. */
export function findUnfitString(value: unknown, path: string, depth = 0): { field: string; what: string } | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { field: path, what: 'ein NUL-Zeichen (\\u0000)' };
    if (LONE_SURROGATE.test(value)) return { field: path, what: 'ein einzelnes Surrogat (kein gültiges Unicode)' };
    return null;
  }
  if (depth > 64 || value === null || typeof value !== 'object' || value instanceof Uint8Array) return null;
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = findUnfitString(key, path, depth + 1);
    if (keyProblem) return keyProblem;
    const found = findUnfitString(item, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

export function registerInputGuards(app: FastifyInstance): void {
  app.decorateRequest('clientRequestId', null);
  app.addHook('onRequest', async (req) => {
    const given = req.headers['x-request-id'];
    if (typeof given === 'string' && CLIENT_ID.test(given)) {
      req.clientRequestId = given;
      req.log = req.log.child({ clientRequestId: given });
    }
    const q = req.url.indexOf('?');
    if (q < 0) return;
    try {
      decodeURIComponent(req.url.slice(q + 1).replaceAll('+', ' '));
    } catch {
      throw new DomainError(
        400,
        'request.bad_encoding',
        'Die Abfrage ist nicht korrekt prozentkodiert (UTF-8): ein „%“ muss von zwei Hexadezimalziffern gefolgt sein und die Bytes müssen gültiges UTF-8 ergeben, z. B. ?q=Sprachf%C3%B6rderung; ein Prozentzeichen selbst als %25.',
      );
    }
  });
  app.addHook('preValidation', async (req) => {
    const found = findUnfitString(req.params, 'params') ?? findUnfitString(req.query, 'querystring') ?? findUnfitString(req.body, 'body');
    if (found) {
      throw new DomainError(
        400,
        'request.invalid_characters',
        `Die Anfrage enthält in ${found.field} ${found.what}; das wird nicht angenommen.`,
        [{ field: found.field, message: found.what }],
      );
    }
  });
}
