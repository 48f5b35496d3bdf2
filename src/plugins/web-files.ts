// What the web application's files are, for the server (src/plugins/web.ts) and the build that
// gzips them (vite.config.ts); no other imports, so that the build's config can load it alone.
import { extname } from 'node:path';

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

export function typeOf(name: string): string {
  return TYPES[extname(name)] ?? 'application/octet-stream';
}

/** Whether gzip pays for a file of this type and size (fonts and PNGs are compressed already). */
export function worthGzip(name: string, bytes: number): boolean {
  const type = typeOf(name);
  return !type.startsWith('font/') && !type.startsWith('image/png') && bytes > 1024;
}
