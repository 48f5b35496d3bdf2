// The server's side of the web application: files of dist/web, the SPA fallback for page paths,
// and the API's own 404s untouched.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { fixedClock } from '../src/clock.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';

const INDEX = '<!doctype html><html lang="de"><title>Erfolgskontrolle</title><div id="app"></div></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function appWith(webRoot: string | undefined): Promise<FastifyInstance> {
  const database = openDatabase(':memory:');
  migrateDatabase(database);
  const app = await buildApp({ database, clock: fixedClock('2026-11-20T09:00:00Z'), logLevel: 'silent', webRoot });
  cleanup.push(async () => {
    await app.close();
    database.sqlite.close();
  });
  return app;
}

function builtApp(): string {
  const root = mkdtempSync(join(tmpdir(), 'ek-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'index-abc123.js'), SCRIPT);
  cleanup.push(async () => rmSync(root, { recursive: true, force: true }));
  return root;
}

describe('web application', () => {
  it('serves index.html at / and for every page path (deep links and reloads)', async () => {
    const app = await appWith(builtApp());
    for (const url of ['/', '/konferenzen/20', '/konferenzen/20/top/4.5', '/forderungen?adressat=KMK&offen=1', '/suche?q=MBE']) {
      const res = await app.inject({ as: 'admin', url: url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toBe(INDEX);
    }
  });

  it('serves hashed assets for good, gzipped when asked', async () => {
    const app = await appWith(builtApp());
    const plain = await app.inject({ as: 'admin', url: '/assets/index-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toContain('immutable');
    expect(plain.body).toBe(SCRIPT);
    const gz = await app.inject({ as: 'admin', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);
    expect(gz.rawPayload.length).toBeLessThan(SCRIPT.length / 10);
  });

  it("sends the build's gzipped copy as it is, and no copy as a file of its own", async () => {
    const root = builtApp();
    const copy = gzipSync(SCRIPT, { level: 1 });
    writeFileSync(join(root, 'assets', 'index-abc123.js.gz'), copy);
    const app = await appWith(root);
    const gz = await app.inject({ as: 'admin', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.equals(copy)).toBe(true);
    expect((await app.inject({ as: 'admin', url: '/assets/index-abc123.js' })).body).toBe(SCRIPT);
    expect((await app.inject({ as: 'admin', url: '/assets/index-abc123.js.gz' })).statusCode).toBe(404);
  });

  it('keeps 404 for missing assets and problem+json for the API', async () => {
    const app = await appWith(builtApp());
    expect((await app.inject({ as: 'admin', url: '/assets/gone-123.js' })).statusCode).toBe(404);
    expect((await app.inject({ as: 'admin', url: '/favicon.ico' })).statusCode).toBe(404);
    const api = await app.inject({ as: 'admin', url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect((await app.inject({ as: 'admin', url: '/api/v1/conferences' })).headers['content-type']).toContain('application/json');
    expect((await app.inject({ as: 'admin', url: '/docs' })).statusCode).not.toBe(404);
  });

  it('sends a Content-Security-Policy that allows only the own origin for scripts', async () => {
    const app = await appWith(builtApp());
    const csp = (await app.inject({ as: 'admin', url: '/' })).headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain("'unsafe-eval'");
  });

  it('says how to build when the application is not built', async () => {
    const app = await appWith(join(tmpdir(), 'ek-web-missing-folder'));
    const res = await app.inject({ as: 'admin', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
    expect((await app.inject({ as: 'admin', url: '/api/v1/conferences' })).statusCode).toBe(200);
  });
});
