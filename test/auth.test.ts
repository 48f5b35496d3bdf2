// Authentication, authorization and the hardening around them: every way a token can be wrong,
// the two rate limits, security headers, caching, CORS, body limit and generic 5xx bodies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AppDeps, buildApp } from '../src/app.js';
import { fixedClock } from '../src/clock.js';
import { type Database_, migrateDatabase, openDatabase } from '../src/db/client.js';
import { createTestApp, json } from './helper.js';

const CONFERENCE = { number: 20, year: 2025, startDate: '2025-04-23', endDate: '2025-04-24', place: 'Göttingen', chairLand: 'NI' };
const createConference = { method: 'POST' as const, url: '/api/v1/conferences', payload: CONFERENCE };

function expectProblem(res: LightMyRequestResponse, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = json(res);
  expect(body.status).toBe(status);
  expect(body.requestId).toBe(res.headers['x-request-id']);
  if (code) expect(body.code).toBe(code);
  return body as { code: string; detail: string; requestId: string; clientRequestId?: string; title: string };
}

/** A well-formed token that this service never issued. */
const FOREIGN_TOKEN = `ek_${'0123456789abcdef'}_${'A'.repeat(43)}`;

const conferenceCount = (database: Database_) =>
  (database.sqlite.prepare('SELECT count(*) AS n FROM conferences').get() as { n: number }).n;

// Apps built directly with buildApp (CORS, extra routes), closed after each test.
const built: { app?: FastifyInstance; database: Database_ }[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const b of built.splice(0)) {
    await b.app?.close();
    b.database.sqlite.close();
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function build(extra: Partial<AppDeps>): Promise<FastifyInstance> {
  const database = openDatabase(':memory:');
  migrateDatabase(database);
  const entry: { app?: FastifyInstance; database: Database_ } = { database };
  built.push(entry);
  entry.app = await buildApp({ database, clock: fixedClock('2026-11-20T09:00:00Z'), logLevel: 'silent', ...extra });
  return entry.app;
}

describe('authentication', () => {
  it('no token on a curate route → 401 with WWW-Authenticate: Bearer; nothing written', async () => {
    const { app, database } = await createTestApp();
    const res = await app.inject({ ...createConference, as: 'anonymous' });
    const body = expectProblem(res, 401, 'auth.required');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(body.detail).toContain('Anmeldung nötig');
    expect(conferenceCount(database)).toBe(0);
  });

  it('a malformed Authorization header → 401 auth.malformed, also for Basic and for a bare word', async () => {
    const { request } = await createTestApp();
    for (const authorization of ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer not-a-token', 'ek_0123456789abcdef_x']) {
      const res = await request('anonymous', { ...createConference, headers: { authorization } });
      const body = expectProblem(res, 401, 'auth.malformed');
      expect(body.detail, authorization).toContain('Der Kopf Authorization ist ungültig');
      expect(res.headers['www-authenticate']).toContain('Bearer');
    }
  });

  it('an unknown token, and a known public id with a wrong secret → 401 „Das Token ist unbekannt.“', async () => {
    const { request, tokens } = await createTestApp();
    const [, publicId] = tokens.admin.split('_');
    const wrongSecret = `ek_${publicId}_${'B'.repeat(43)}`;
    for (const token of [FOREIGN_TOKEN, wrongSecret]) {
      const res = await request('anonymous', { method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      const body = expectProblem(res, 401, 'auth.invalid_token');
      expect(body.detail).toBe('Das Token ist unbekannt.');
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    }
  });

  it('a wrong token is refused even on a public route (no silent fallback to anonymous)', async () => {
    const { request } = await createTestApp();
    const res = await request('anonymous', {
      method: 'GET',
      url: '/api/v1/conferences',
      headers: { authorization: `Bearer ${FOREIGN_TOKEN}` },
    });
    expectProblem(res, 401, 'auth.invalid_token');
  });

  it('a revoked token → 401 „Das Token wurde widerrufen.“', async () => {
    const { request, services, tokens } = await createTestApp();
    expect((await request('chair', '/api/v1/me')).statusCode).toBe(200);
    services.auth.revokeToken(services.auth.publicIdOf(tokens.chair) as string);
    const res = await request('chair', '/api/v1/me');
    const body = expectProblem(res, 401, 'auth.invalid_token');
    expect(body.detail).toBe('Das Token wurde widerrufen.');
  });

  it('an expired token → 401 „Das Token ist abgelaufen …“ (same database, two days later)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ek-auth-'));
    dirs.push(dir);
    const path = join(dir, 'expiry.db');
    const today = await createTestApp({ path, now: '2026-11-20T09:00:00Z' });
    const reader = today.services.auth.list().find((u) => u.role === 'reader');
    const { token } = today.services.auth.issueToken(reader?.id as number, { days: 1 });
    const ok = await today.request('anonymous', { method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(ok.statusCode, ok.body).toBe(200);

    const later = await createTestApp({ path, now: '2026-11-22T09:00:00Z' });
    const res = await later.request('anonymous', { method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    const body = expectProblem(res, 401, 'auth.invalid_token');
    expect(body.detail).toContain('Das Token ist abgelaufen');
    // The long-lived tokens of the first app still work in the second.
    const admin = await later.request('anonymous', {
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${today.tokens.admin}` },
    });
    expect(admin.statusCode, admin.body).toBe(200);
  });

  it('a token of a deactivated account → 401 „Das Konto zu diesem Token ist deaktiviert.“', async () => {
    const { request, services } = await createTestApp();
    const editor = services.auth.list().find((u) => u.lands.includes('HE'));
    services.auth.update(editor?.id as number, { active: false });
    const res = await request('editorHE', '/api/v1/me');
    const body = expectProblem(res, 401, 'auth.invalid_token');
    expect(body.detail).toBe('Das Konto zu diesem Token ist deaktiviert.');
  });

  it('a valid token: GET /me names the account; the token’s last use is recorded', async () => {
    const { request, database } = await createTestApp();
    const res = await request('editorLAG', '/api/v1/me');
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ name: 'LAG Monitoring', role: 'editor', bodies: ['LAG-MONITORING'], lands: [] });
    const row = database.sqlite.prepare('SELECT last_used FROM api_tokens WHERE id = ?').get(json(res).tokenId) as { last_used: string };
    expect(row.last_used).toMatch(/^2026-11-20T/);
  });
});

describe('authorization', () => {
  it('reader and editors on a curate route → 403 problem; nothing written', async () => {
    const { app, database } = await createTestApp();
    for (const as of ['reader', 'editorNI', 'editorLAG'] as const) {
      const body = expectProblem(await app.inject({ ...createConference, as }), 403, 'auth.forbidden');
      expect(body.detail).toContain('darf das nicht');
    }
    expect(conferenceCount(database)).toBe(0);
    const chair = await app.inject({ ...createConference, as: 'chair' });
    expect(chair.statusCode, chair.body).toBe(201);
  });
});

describe('rate limits', () => {
  it('failed authentications: the 4th bad attempt from one address → 429; a valid token from that address still gets in; other addresses unaffected', async () => {
    // The failure window is the calendar minute: pin the clock mid-minute so the test cannot straddle two.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-20T09:00:20Z'));
    try {
      const { request, tokens } = await createTestApp({ authFailuresPerMinute: 3 });
      const bad = {
        method: 'GET' as const,
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${FOREIGN_TOKEN}` },
        remoteAddress: '203.0.113.7',
      };
      for (let i = 0; i < 3; i++) expectProblem(await request('anonymous', bad), 401, 'auth.invalid_token');
      const blocked = expectProblem(await request('anonymous', bad), 429, 'auth.too_many_failures');
      expect(blocked.detail).toContain('Zu viele fehlgeschlagene Anmeldungen');
      // Users behind the same proxy are not locked out by someone guessing.
      const validSameIp = await request('anonymous', { ...bad, headers: { authorization: `Bearer ${tokens.admin}` } });
      expect(validSameIp.statusCode, validSameIp.body).toBe(200);
      expectProblem(await request('anonymous', bad), 429, 'auth.too_many_failures');
      const validOtherIp = await request('anonymous', {
        ...bad,
        headers: { authorization: `Bearer ${tokens.admin}` },
        remoteAddress: '198.51.100.9',
      });
      expect(validOtherIp.statusCode, validOtherIp.body).toBe(200);
      // Anonymous requests carry no credentials, so they are not throttled by failures.
      expect((await request('anonymous', { method: 'GET', url: '/api/v1/vocab/laender', remoteAddress: '203.0.113.7' })).statusCode).toBe(
        200,
      );
      // A new minute opens a new window.
      vi.setSystemTime(new Date('2026-11-20T09:01:05Z'));
      expectProblem(await request('anonymous', bad), 401, 'auth.invalid_token');
    } finally {
      vi.useRealTimers();
    }
  });

  it('global limit per token: the 6th request → 429 problem; another token still gets through', async () => {
    const { request } = await createTestApp({ rateLimitPerMinute: 5 });
    for (let i = 0; i < 5; i++) expect((await request('reader', '/api/v1/me')).statusCode).toBe(200);
    const res = await request('reader', '/api/v1/me');
    const body = expectProblem(res, 429, 'rate_limit.exceeded');
    expect(body.detail).toContain('Zu viele Anfragen');
    expect(res.headers['retry-after']).toBeDefined();
    expect((await request('chair', '/api/v1/me')).statusCode).toBe(200);
    // Anonymous callers are counted per address, separately from tokens.
    expect((await request('anonymous', '/api/v1/vocab/laender')).statusCode).toBe(200);
  });
});

describe('response headers', () => {
  function expectSecurityHeaders(res: LightMyRequestResponse) {
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy'] ?? '');
    expect(csp).toContain("default-src 'self'");
    expect(res.headers['x-frame-options'] !== undefined || /frame-ancestors/.test(csp)).toBe(true);
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  }

  it('helmet headers on a 200, a 404 problem, a 401 problem and a 400 validation problem', async () => {
    const { app, request } = await createTestApp();
    const ok = await request('anonymous', '/api/v1/vocab/laender');
    expect(ok.statusCode).toBe(200);
    expectSecurityHeaders(ok);
    const missing = await request('anonymous', '/api/v1/gibt-es-nicht');
    expectProblem(missing, 404, 'route.not_found');
    expectSecurityHeaders(missing);
    const unauth = await request('anonymous', { ...createConference });
    expectProblem(unauth, 401);
    expectSecurityHeaders(unauth);
    const invalid = await app.inject({ as: 'admin', ...createConference, payload: { number: 'zwanzig' } });
    expectProblem(invalid, 400);
    expectSecurityHeaders(invalid);
  });

  it('Cache-Control: no-store on authenticated responses, errors included; not on anonymous ones', async () => {
    const { request } = await createTestApp();
    const me = await request('reader', '/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    const readerList = await request('reader', '/api/v1/conferences');
    expect(readerList.headers['cache-control']).toBe('no-store');
    const missing = await request('reader', '/api/v1/demands/999');
    expectProblem(missing, 404);
    expect(missing.headers['cache-control']).toBe('no-store');
    const forbidden = await request('reader', { ...createConference });
    expectProblem(forbidden, 403);
    expect(forbidden.headers['cache-control']).toBe('no-store');
    const badToken = await request('anonymous', {
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${FOREIGN_TOKEN}` },
    });
    expectProblem(badToken, 401);
    expect(badToken.headers['cache-control']).toBe('no-store');

    const anonymous = await request('anonymous', '/api/v1/conferences');
    expect(anonymous.statusCode).toBe(200);
    expect(String(anonymous.headers['cache-control'] ?? '')).not.toContain('no-store');
  });

  it('CORS: no Access-Control-Allow-Origin by default', async () => {
    const { request } = await createTestApp();
    const res = await request('anonymous', { method: 'GET', url: '/api/v1/conferences', headers: { origin: 'https://intmk.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request('anonymous', {
      method: 'OPTIONS',
      url: '/api/v1/conferences/20',
      headers: { origin: 'https://intmk.example', 'access-control-request-method': 'PATCH' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('CORS with corsOrigins: the preflight allows that origin, methods and headers; responses expose ETag; other origins get nothing', async () => {
    const app = await build({ corsOrigins: ['https://intmk.example'] });
    const preflight = await app.inject({
      as: 'admin',
      method: 'OPTIONS',
      url: '/api/v1/conferences/20',
      headers: {
        origin: 'https://intmk.example',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, if-match, content-type',
      },
    });
    expect(preflight.statusCode).toBeLessThan(300);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://intmk.example');
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('PATCH');
    expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toContain('if-match');
    expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');

    const get = await app.inject({
      as: 'admin',
      method: 'GET',
      url: '/api/v1/vocab/laender',
      headers: { origin: 'https://intmk.example' },
    });
    expect(get.headers['access-control-allow-origin']).toBe('https://intmk.example');
    expect(String(get.headers['access-control-expose-headers']).toLowerCase()).toContain('etag');

    const other = await app.inject({
      as: 'admin',
      method: 'GET',
      url: '/api/v1/vocab/laender',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('limits and failures', () => {
  it('a body over 1 MB → 413 problem; nothing written', async () => {
    const { app, database } = await createTestApp();
    const res = await app.inject({ as: 'admin', ...createConference, payload: { ...CONFERENCE, place: 'x'.repeat(1024 * 1024 + 10) } });
    const body = expectProblem(res, 413, 'request.too_large');
    expect(body.title).toBe('Anfrage zu groß');
    expect(conferenceCount(database)).toBe(0);
  });

  it('an unexpected error → 500 with a generic German message and the request id, no internals', async () => {
    const app = await build({
      extraRoutes: (api) =>
        api.get('/test-boom', { config: { access: 'public' } }, async () => {
          throw new Error('SQLITE_CORRUPT: secret internal detail at /srv/app/src/x.ts:12');
        }),
    });
    const res = await app.inject({ as: 'admin', method: 'GET', url: '/api/v1/test-boom', headers: { 'x-request-id': 'trace-4711' } });
    const body = expectProblem(res, 500, 'server.error');
    expect(body.detail).toBe('Ein interner Fehler ist aufgetreten. Bitte nennen Sie die Request-ID.');
    expect(body.requestId).toBe(res.headers['x-request-id']);
    expect(body.clientRequestId).toBe('trace-4711');
    expect(res.body).not.toContain('secret');
    expect(res.body).not.toContain('SQLITE');
    expect(res.body).not.toContain('.ts');
    expect(res.body).not.toMatch(/\bat\s+\S+\s+\(/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('an API route without config.access makes buildApp fail (fail closed)', async () => {
    await expect(build({ extraRoutes: (api) => api.get('/test-open', async () => ({ ok: true })) })).rejects.toThrow(
      /declares no access level/,
    );
  });
});
