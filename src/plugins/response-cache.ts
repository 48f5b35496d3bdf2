// A cache of serialized GET responses. Entries are valid only while nothing was written: every
// write request of this process moves the generation on (before and after its handler), SQLite's
// `data_version` moves when another process (a CLI) commits, and derived values (years open,
// overdue) depend on the day, so the day is part of the stamp too.
import type Database from 'better-sqlite3';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Clock, isoToday } from '../clock.js';

interface Entry {
  stamp: string;
  body: string;
  type: string;
  etag: string | undefined;
  /** The Link header of a page: its absolute URLs depend on the host, which is part of the key. */
  link: string | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    cacheStamp?: string;
  }
}

export function registerResponseCache(app: FastifyInstance, deps: { sqlite: Database.Database; clock: Clock; maxBytes: number }): void {
  if (deps.maxBytes <= 0) return;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let generation = 0;
  const dataVersion = deps.sqlite.prepare('PRAGMA data_version').pluck();
  const stamp = () => `${generation}:${dataVersion.get() as number}:${isoToday(deps.clock)}`;
  // Routes that negotiate their format or stream documents opt out with `config.responseCache: false`.
  // Only responses of the public view are cached (the request's view, set by the auth plugin,
  // however the caller signed in); callers of the internal view always get a fresh answer.
  const cacheable = (req: FastifyRequest) =>
    req.method === 'GET' &&
    req.view === 'public' &&
    req.url.startsWith('/api/v1/') &&
    (req.routeOptions.config as { responseCache?: boolean }).responseCache !== false;

  // Pages carry absolute links built from the host the client called.
  const keyOf = (req: FastifyRequest) => `${req.protocol}://${req.host}${req.url}`;

  // Looked up before the handler, after authentication and rate limiting (route onRequest hooks).
  app.addHook('preHandler', async (req, reply) => {
    if (!cacheable(req)) {
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') generation++;
      return;
    }
    const current = stamp();
    const hit = entries.get(keyOf(req));
    if (hit && hit.stamp === current) {
      if (hit.etag) reply.header('etag', hit.etag);
      if (hit.link) reply.header('link', hit.link);
      return reply.code(200).header('content-type', hit.type).header('x-cache', 'hit').send(hit.body);
    }
    req.cacheStamp = current;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!cacheable(req)) {
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') generation++;
      return payload;
    }
    if (req.cacheStamp === undefined || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    reply.header('x-cache', 'miss');
    // Stored only when nothing was written while the response was built.
    if (req.cacheStamp !== stamp() || payload.length > deps.maxBytes / 8) return payload;
    const key = keyOf(req);
    const previous = entries.get(key);
    if (previous) {
      bytes -= previous.body.length;
      entries.delete(key);
    }
    entries.set(key, {
      stamp: req.cacheStamp,
      body: payload,
      type: String(reply.getHeader('content-type') ?? 'application/json'),
      etag: reply.getHeader('etag') as string | undefined,
      link: reply.getHeader('link') as string | undefined,
    });
    bytes += payload.length;
    for (const [key, entry] of entries) {
      if (bytes <= deps.maxBytes) break;
      entries.delete(key);
      bytes -= entry.body.length;
    }
    return payload;
  });
}
