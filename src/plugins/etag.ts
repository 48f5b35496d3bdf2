// ETags on single resources (route config `etag`) and on every 201 (unless `etag: false`): the tag
// is the hash of the representation as sent, the body fastify already serialised (hashing the
// object would serialise it a second time). It equals the tag writes compare `If-Match` with
// (src/shared/etag.ts hashes `JSON.stringify` of the same representation, which is what the
// serializer sends). A GET whose `If-None-Match` names the current tag gets 304 without a body.
import type { FastifyInstance } from 'fastify';
import { etagOfText } from '../shared/etag.js';

/** Weak comparison (RFC 9110, 13.1.2): `W/` prefixes do not matter for If-None-Match. */
export function noneMatch(header: string, etag: string): boolean {
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  const tags = header.split(',').map(strip);
  return tags.includes('*') || tags.includes(strip(etag));
}

/**
 * Tags the serialised representation. Registered before the response cache, so a cached entry
 * keeps its tag; a cache hit is sent with its stored tag and is not hashed again.
 */
export function registerEtags(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    // A Buffer is a body serialised ahead as JSON (shared/json.ts), or a download of its own type.
    if ((typeof payload !== 'string' && !Buffer.isBuffer(payload)) || reply.hasHeader('etag')) return payload;
    const etag = (req.routeOptions.config as { etag?: boolean }).etag;
    if ((etag === true && reply.statusCode === 200) || (etag !== false && reply.statusCode === 201)) {
      if (String(reply.getHeader('content-type') ?? '').startsWith('application/json')) reply.header('etag', etagOfText(payload));
    }
    return payload;
  });
}

/** Answers 304 when `If-None-Match` names the tag; registered after the response cache, which stores the 200. */
export function registerNotModified(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const ifNoneMatch = req.headers['if-none-match'];
    const etag = reply.getHeader('etag');
    if ((req.method === 'GET' || req.method === 'HEAD') && reply.statusCode === 200 && ifNoneMatch && typeof etag === 'string') {
      if (noneMatch(ifNoneMatch, etag)) {
        reply.code(304);
        reply.removeHeader('content-type');
        reply.removeHeader('content-length');
        return null;
      }
    }
    return payload;
  });
}
