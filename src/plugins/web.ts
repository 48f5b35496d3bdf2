// Serves the built web application (dist/web, `npm run build`) at `/`: gzip when the browser takes
// it, hashed assets cached for good, and every other page path answered with index.html so the
// application's own router takes over (deep links, reloads).
// The start only lists the files: each is read on its first request and then kept in memory. The
// build writes a gzipped copy beside each compressible file (`X.gz`, vite.config.ts), so the
// server compresses nothing at start; a build without them (an older dist/web) is gzipped on the
// file's first request.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './errors.js';
import { typeOf, worthGzip } from './web-files.js';

interface WebFile {
  path: string;
  /** The build's gzipped copy, if it wrote one. */
  gzPath: string | null;
  type: string;
  immutable: boolean;
  loaded?: { body: Buffer; gzip: Buffer | null };
}

function listTree(root: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  const entries = readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  const names = new Set(entries.map((e) => join(e.parentPath, e.name)));
  for (const path of names) {
    // A gzipped copy belongs to the file it was made from, and is no page of its own.
    if (path.endsWith('.gz') && names.has(path.slice(0, -3))) continue;
    const url = `/${relative(root, path).split('\\').join('/')}`;
    files.set(url, {
      path,
      gzPath: names.has(`${path}.gz`) ? `${path}.gz` : null,
      type: typeOf(path),
      immutable: url.startsWith('/assets/'),
    });
  }
  return files;
}

/** The file's bytes, or null when it is gone (dist/web rebuilt since the start: its names changed). */
function load(file: WebFile): { body: Buffer; gzip: Buffer | null } | null {
  if (!file.loaded) {
    if (!existsSync(file.path)) return null;
    const body = readFileSync(file.path);
    const gzip = file.gzPath ? readFileSync(file.gzPath) : worthGzip(file.path, body.length) ? gzipSync(body, { level: 9 }) : null;
    file.loaded = { body, gzip };
  }
  return file.loaded;
}

/** fastify's router default (maxParamLength): longer path parameters are refused with 414. */
const MAX_PARAM_LENGTH = 100;

/** Paths that belong to the server, never to the application's router. */
const SERVER_PATHS = /^\/(api|docs|health|openapi\.json)(\/|$)/;

export function registerWeb(app: FastifyInstance, root: string | undefined): void {
  const files = root && existsSync(join(root, 'index.html')) ? listTree(root) : null;

  const send = (req: FastifyRequest, reply: FastifyReply, file: WebFile) => {
    const loaded = load(file);
    if (!loaded) return reply.callNotFound();
    const { body, gzip } = loaded;
    reply.header('content-type', file.type);
    reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    reply.header('vary', 'accept-encoding');
    if (gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      reply.header('content-encoding', 'gzip');
      return reply.send(gzip);
    }
    return reply.send(body);
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
