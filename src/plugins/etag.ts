// ETags on single resources (route config `etag`): the tag is the hash of the representation the
// handler returns, the same value writes compare `If-Match` with (src/shared/etag.ts).
import type { FastifyInstance } from 'fastify';
import { etagOf } from '../shared/etag.js';

export function registerEtags(app: FastifyInstance): void {
  app.addHook('preSerialization', async (req, reply, payload) => {
    if (
      (req.routeOptions.config as { etag?: boolean }).etag &&
      (reply.statusCode === 200 || reply.statusCode === 201) &&
      payload !== null
    ) {
      reply.header('etag', etagOf(payload));
    }
    return payload;
  });
}
