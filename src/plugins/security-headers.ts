// helmet's security headers on every response (errors and /docs included), computed once at start.
// @fastify/helmet built helmet's middleware anew for every request, parsing the CSP each time
// (17 µs of every read, bench/reads.ts); the headers depend only on the options, so they are taken
// from one run of the middleware and set as they are. A route may still set its own (the HTML
// report's stricter CSP): fastify's reply headers win over these, as they did over helmet's.
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const capture = {
    setHeader: (name: string, value: unknown) => set.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  };
  helmet(options)({} as never, capture as never, (error?: unknown) => {
    if (error) throw error;
  });
  app.addHook('onRequest', (_req, reply, done) => {
    for (const [name, value] of set) reply.raw.setHeader(name, value);
    for (const name of removed) reply.raw.removeHeader(name);
    done();
  });
}
