// Every page (an object with items, total and next) leaves with an absolute `next` URL and the same link
// in a `Link` header (RFC 8288), so a client follows pages without building URLs. The origin is the
// one the client called (Host, or X-Forwarded-Host/-Proto behind a trusted proxy), or PUBLIC_URL.
import type { FastifyInstance, FastifyRequest } from 'fastify';

interface Page {
  items: unknown[];
  total: number;
  next: string | null;
}

const isPage = (payload: unknown): payload is Page =>
  typeof payload === 'object' &&
  payload !== null &&
  Array.isArray((payload as Page).items) &&
  typeof (payload as Page).total === 'number' &&
  'next' in payload;

export function absoluteUrl(req: FastifyRequest, path: string, publicUrl?: string): string {
  const base = publicUrl ? publicUrl.replace(/\/+$/, '') : `${req.protocol}://${req.host}`;
  return `${base}${path}`;
}

export function registerPaging(app: FastifyInstance, options: { publicUrl?: string }): void {
  app.addHook('preSerialization', async (req, reply, payload) => {
    if (reply.statusCode !== 200 || !isPage(payload) || payload.next === null || !payload.next.startsWith('/')) return payload;
    const next = absoluteUrl(req, payload.next, options.publicUrl);
    reply.header('link', `<${next}>; rel="next"`);
    return { ...payload, next };
  });
}
