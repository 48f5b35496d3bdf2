// Serves the built web application (dist/web, `npm run build`) at `/`: files from memory, gzip
// when the browser takes it, hashed assets cached for good, and every other page path answered
// with index.html so the application's own router takes over (deep links, reloads).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './errors.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

interface WebFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  immutable: boolean;
}

function readTree(root: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      const body = readFileSync(path);
      const type = TYPES[extname(name)] ?? 'application/octet-stream';
      const compressible = !type.startsWith('font/') && !type.startsWith('image/png') && body.length > 1024;
      const url = `/${relative(root, path).split('\\').join('/')}`;
      files.set(url, { body, gzip: compressible ? gzipSync(body, { level: 9 }) : null, type, immutable: url.startsWith('/assets/') });
    }
  };
  walk(root);
  return files;
}

/** fastify's router default (maxParamLength): longer path parameters are refused with 414. */
const MAX_PARAM_LENGTH = 100;

/** Paths that belong to the server, never to the application's router. */
const SERVER_PATHS = /^\/(api|docs|health|openapi\.json)(\/|$)/;

export function registerWeb(app: FastifyInstance, root: string | undefined): void {
  const files = root && existsSync(join(root, 'index.html')) ? readTree(root) : null;

  const send = (req: FastifyRequest, reply: FastifyReply, file: WebFile) => {
    reply.header('content-type', file.type);
    reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    reply.header('vary', 'accept-encoding');
    if (file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      reply.header('content-encoding', 'gzip');
      return reply.send(file.gzip);
    }
    return reply.send(file.body);
  };

  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const path = decodeURIComponent(req.url.split('?')[0] ?? '/');
    if (SERVER_PATHS.test(path)) {
      // The catch-all matched because a parameter was longer than the router takes: answer as the router would.
      if (path.split('/').some((segment) => segment.length > MAX_PARAM_LENGTH)) {
        return sendProblem(req, reply, 414, 'request.uri_too_long', 'Ein Teil der Adresse ist zu lang.');
      }
      return reply.callNotFound();
    }
    if (!files) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><html lang="de"><meta charset="utf-8"><title>Erfolgskontrolle</title>' +
            '<p>Die Web-Anwendung ist nicht gebaut: <code>npm run build</code> ausführen. Die API steht unter <a href="/docs">/docs</a>.</p></html>',
        );
    }
    const file = files.get(path);
    if (file) return send(req, reply, file);
    // A missing asset is a 404, not the application: a stale page would otherwise load HTML as script.
    if (path.startsWith('/assets/') || /\.(js|css|map|woff2?|png|svg|ico|json|txt)$/.test(path)) return reply.callNotFound();
    return send(req, reply, files.get('/index.html')!);
  });
}
