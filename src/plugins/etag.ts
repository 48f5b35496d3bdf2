// ETags on single resources (route config `etag`) and on every 201 (unless `etag: false`): the tag
// is the hash of the representation the handler returns, the same value writes compare `If-Match`
// with (src/shared/etag.ts). A GET whose `If-None-Match` names the current tag gets 304 without a body.
import type { FastifyInstance } from 'fastify';
import { etagOf } from '../shared/etag.js';

/** Weak comparison (RFC 9110, 13.1.2): `W/` prefixes do not matter for If-None-Match. */
export function noneMatch(header: string, etag: string): boolean {
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  const tags = header.split(',').map(strip);
  return tags.includes('*') || tags.includes(strip(etag));
}

export function registerEtags(app: FastifyInstance): void {
  app.addHook('preSerialization', async (req, reply, payload) => {
    const etag = (req.routeOptions.config as { etag?: boolean }).etag;
    if (payload !== null && ((etag === true && reply.statusCode === 200) || (etag !== false && reply.statusCode === 201))) {
      reply.header('etag', etagOf(payload));
    }
    return payload;
  });
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
