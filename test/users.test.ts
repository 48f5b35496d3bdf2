// Accounts and tokens through the admin endpoints: creation, scope rules, optimistic locking,
// deactivation, issuing and revoking tokens, and who may call these routes at all.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, parsedAuditRows, type TestApp, tokenSecret } from './helper.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function expectProblem(res: LightMyRequestResponse, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = json(res);
  if (code) expect(body.code).toBe(code);
  return body as { code: string; detail: string; errors?: { field: string; message: string }[] };
}

const withToken = (t: TestApp, token: string, url = '/api/v1/me') =>
  t.request('anonymous', { method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

async function createUser(t: TestApp, payload: Record<string, unknown>) {
  const res = await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/users', payload });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as { token: string; tokenInfo: { id: number; publicId: string }; user: { id: number; tokens: unknown[] } };
}

describe('creating accounts', () => {
  it('admin creates a user: 201 with Location, the token works on /me, and its secret is stored nowhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ek-users-'));
    dirs.push(dir);
    const path = join(dir, 'users.db');
    const t = await createTestApp({ path });
    const res = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        name: 'Referat 23 Hessen',
        email: 'ref23@hessen.example',
        role: 'editor',
        lands: ['HE'],
        tokenLabel: 'Fachverfahren',
        tokenDays: 30,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = json(res);
    expect(res.headers.location).toBe(`/api/v1/users/${created.user.id}`);
    expect(created.user).toMatchObject({ name: 'Referat 23 Hessen', role: 'editor', lands: ['HE'], bodies: [], active: true });
    expect(created.tokenInfo).toMatchObject({ label: 'Fachverfahren', active: true, revoked: null });
    expect(created.tokenInfo.expires).toMatch(/^2026-12-20T/);
    const [, publicId, secret] = /^ek_([0-9a-f]{16})_(.+)$/.exec(created.token) ?? [];
    expect(publicId).toBe(created.tokenInfo.publicId);
    expect(secret).toHaveLength(43);

    const me = await withToken(t, created.token);
    expect(me.statusCode, me.body).toBe(200);
    expect(json(me)).toMatchObject({
      id: created.user.id,
      name: 'Referat 23 Hessen',
      role: 'editor',
      lands: ['HE'],
      tokenId: created.tokenInfo.id,
    });

    // Neither the listing nor the single account shows the token again.
    expect((await t.app.inject({ as: 'admin', url: `/api/v1/users/${created.user.id}` })).body).not.toContain(secret);
    expect((await t.app.inject({ as: 'admin', url: '/api/v1/users' })).body).not.toContain(secret);

    // Not in any row of any table (the audit record of users.create included) …
    const { sqlite } = t.database;
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    for (const { name } of tables) {
      const rows = JSON.stringify(sqlite.prepare(`SELECT * FROM "${name}"`).all());
      expect(rows.includes(secret as string), `table ${name}`).toBe(false);
      expect(rows.includes(created.token), `table ${name}`).toBe(false);
    }
    const stored = sqlite.prepare('SELECT salt, hash FROM api_tokens WHERE public_id = ?').get(publicId) as { salt: string; hash: string };
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.salt.length).toBeGreaterThanOrEqual(16);
    // … nor in the bytes of the database files.
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, f));
      expect(bytes.includes(secret as string), f).toBe(false);
    }
  });

  it('an editor needs a Land or a working group → 422; other roles take none → 422', async () => {
    const t = await createTestApp();
    const none = expectProblem(
      await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/users', payload: { name: 'X', role: 'editor' } }),
      422,
      'users.editor_without_scope',
    );
    expect(none.detail).toContain('mindestens ein Land oder eine Arbeitsgruppe');
    expectProblem(
      await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/users', payload: { name: 'X', role: 'reader', lands: ['HE'] } }),
      422,
      'users.scope_for_editors_only',
    );
    const lag = await createUser(t, { name: 'LAG', role: 'editor', bodies: ['LAG-OEFFENTLICHER-DIENST'] });
    expect(lag.user).toMatchObject({ bodies: ['LAG-OEFFENTLICHER-DIENST'], lands: [] });
    const count = (t.database.sqlite.prepare("SELECT count(*) AS n FROM users WHERE name = 'X'").get() as { n: number }).n;
    expect(count).toBe(0);
  });

  it('an unknown working group → 422 users.unknown_body; an addressee that is no working group neither', async () => {
    const t = await createTestApp();
    const res = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/users',
      payload: { name: 'X', role: 'editor', bodies: ['LAG-GIBTS-NICHT'] },
    });
    const body = expectProblem(res, 422, 'users.unknown_body');
    expect(body.detail).toContain('LAG-GIBTS-NICHT');
    expectProblem(
      await t.app.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/users',
        payload: { name: 'X', role: 'editor', bodies: ['LAENDER'] },
      }),
      422,
      'users.unknown_body',
    );
  });

  it('an editor may act only for working groups: a federal body or a conference → 422 naming the allowed kind', async () => {
    const t = await createTestApp();
    const before = t.services.auth.list().length;
    for (const bodies of [['BREG'], ['KMK'], ['LAG-MONITORING', 'BUND']]) {
      const body = expectProblem(
        await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/users', payload: { name: 'X', role: 'editor', bodies } }),
        422,
        'users.body_not_working_group',
      );
      expect(body.detail).toContain('Arbeitsgruppe');
      expect(body.detail).toContain(bodies.at(-1));
      expect(body.errors?.[0]?.field).toBe('body.bodies');
    }
    expect(t.services.auth.list()).toHaveLength(before);
    // A change of scope is held to the same rule.
    const lag = await createUser(t, { name: 'LAG', role: 'editor', bodies: ['LAG-MONITORING'] });
    expect(lag.user).toMatchObject({ bodies: ['LAG-MONITORING'] });
    expectProblem(
      await t.app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/users/${lag.user.id}`, payload: { bodies: ['BREG'] } }),
      422,
      'users.body_not_working_group',
    );
    expect(t.services.auth.get(lag.user.id).bodies).toEqual(['LAG-MONITORING']);
  });

  // NOTE: the brief asked for 422 here. The request schema (src/modules/auth/users.schemas.ts:47,
  // `lands: z.array(z.enum(LAND_CODES))`) already refuses an unknown code, so the request ends as
  // a 400 validation problem naming the field before the service's 422 `users.unknown_land` can
  // fire – the same as every other enum field of the API. The service check remains for the CLI.
  it('an unknown Land → refused (400 validation problem naming body.lands); nothing created', async () => {
    const t = await createTestApp();
    const before = t.services.auth.list().length;
    const res = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/users',
      payload: { name: 'X', role: 'editor', lands: ['XX'] },
    });
    const body = expectProblem(res, 400, 'request.validation_failed');
    expect(body.errors?.[0]?.field).toMatch(/^body\.lands/);
    expect(t.services.auth.list()).toHaveLength(before);
    // The service refuses the same code with 422 (the path the CLI takes).
    expect(() => t.services.auth.create({ name: 'X', role: 'editor', lands: ['XX'] })).toThrow(/Unbekanntes Land: XX/);
  });
});

describe('changing accounts', () => {
  it('PATCH needs If-Match: 428 without, 412 when stale, 200 with the ETag from GET', async () => {
    const t = await createTestApp();
    const { user } = await createUser(t, { name: 'Lesend', role: 'reader' });
    const url = `/api/v1/users/${user.id}`;
    const get = await t.app.inject({ as: 'admin', url: url });
    const etag = get.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);

    expectProblem(
      await t.app.inject({ as: 'admin', method: 'PATCH', url, payload: { name: 'Neu' }, ifMatch: false }),
      428,
      'precondition.required',
    );
    expectProblem(
      await t.app.inject({ as: 'admin', method: 'PATCH', url, payload: { name: 'Neu' }, headers: { 'if-match': '"veraltet"' } }),
      412,
      'precondition.failed',
    );
    expect(t.services.auth.get(user.id).name).toBe('Lesend');

    const ok = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url,
      payload: { name: 'Neu', role: 'editor', lands: ['NI'] },
      headers: { 'if-match': etag },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({ name: 'Neu', role: 'editor', lands: ['NI'] });
    expect(ok.headers.etag).toBeDefined();
    expect(ok.headers.etag).not.toBe(etag);
    // The old tag is stale now.
    expectProblem(await t.app.inject({ as: 'admin', method: 'PATCH', url, payload: { name: 'Alt' }, headers: { 'if-match': etag } }), 412);
    // A role without scope drops the Länder; an editor cannot lose its last one.
    const again = await t.app.inject({ as: 'admin', url: url });
    expectProblem(
      await t.app.inject({
        as: 'admin',
        method: 'PATCH',
        url,
        payload: { lands: [] },
        headers: { 'if-match': again.headers.etag as string },
      }),
      422,
      'users.editor_without_scope',
    );
    const toReader = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url,
      payload: { role: 'reader' },
      headers: { 'if-match': again.headers.etag as string },
    });
    expect(json(toReader)).toMatchObject({ role: 'reader', lands: [], bodies: [] });
  });

  it('PATCH of a missing account → 404', async () => {
    const t = await createTestApp();
    expectProblem(
      await t.app.inject({ as: 'admin', method: 'PATCH', url: '/api/v1/users/999', payload: { name: 'X' } }),
      404,
      'users.not_found',
    );
  });

  it('deactivating an account makes its token 401 at once; reactivating makes it valid again', async () => {
    const t = await createTestApp();
    const { user, token } = await createUser(t, { name: 'Vorsitz BY', role: 'chair' });
    expect((await withToken(t, token)).statusCode).toBe(200);
    const off = await t.app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { active: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect(json(off).active).toBe(false);
    const res = await withToken(t, token);
    expect(expectProblem(res, 401, 'auth.invalid_token').detail).toBe('Das Konto zu diesem Token ist deaktiviert.');
    // A deactivated account gets no new tokens.
    expectProblem(
      await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/users/${user.id}/tokens`, payload: {} }),
      409,
      'users.inactive',
    );
    await t.app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { active: true } });
    expect((await withToken(t, token)).statusCode).toBe(200);
  });
});

describe('tokens', () => {
  it('issuing a second token and revoking one: each token stands on its own', async () => {
    const t = await createTestApp();
    const first = await createUser(t, { name: 'Lesend', role: 'reader' });
    const issued = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/users/${first.user.id}/tokens`,
      payload: { label: 'Zweitgerät', days: 7 },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const second = json(issued);
    expect(second.token).not.toBe(first.token);
    expect(second.tokenInfo).toMatchObject({ label: 'Zweitgerät', active: true });
    expect(second.tokenInfo.expires).toMatch(/^2026-11-27T/);
    expect(second.user.tokens).toHaveLength(2);
    expect((await withToken(t, second.token)).statusCode).toBe(200);

    const revokeUrl = `/api/v1/users/${first.user.id}/tokens/${first.tokenInfo.id}/revocation`;
    const revoked = await t.app.inject({ as: 'admin', method: 'POST', url: revokeUrl });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(json(revoked)).toMatchObject({ id: first.tokenInfo.id, active: false });
    expect(json(revoked).revoked).toMatch(/^2026-11-20T/);
    expect(expectProblem(await withToken(t, first.token), 401).detail).toBe('Das Token wurde widerrufen.');
    expect((await withToken(t, second.token)).statusCode).toBe(200);

    expectProblem(await t.app.inject({ as: 'admin', method: 'POST', url: revokeUrl }), 409, 'tokens.already_revoked');
    const listed = json(await t.app.inject({ as: 'admin', url: `/api/v1/users/${first.user.id}` }));
    expect(listed.tokens.map((x: { active: boolean }) => x.active)).toEqual([false, true]);
  });

  it('a token id that belongs to another account → 404, and nothing revoked', async () => {
    const t = await createTestApp();
    const a = await createUser(t, { name: 'A', role: 'reader' });
    const b = await createUser(t, { name: 'B', role: 'reader' });
    expectProblem(
      await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/users/${a.user.id}/tokens/${b.tokenInfo.id}/revocation` }),
      404,
      'tokens.not_found',
    );
    expect((await withToken(t, b.token)).statusCode).toBe(200);
    expectProblem(
      await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/users/999/tokens', payload: {} }),
      404,
      'users.not_found',
    );
  });

  it('anyone signed in sees their own tokens on /me and can revoke them, the one in use included; not another account’s', async () => {
    const t = await createTestApp();
    const editor = await createUser(t, { name: 'Referat NI', role: 'editor', lands: ['NI'] });
    const other = await createUser(t, { name: 'Referat HE', role: 'editor', lands: ['HE'] });
    const spare = json(
      await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/users/${editor.user.id}/tokens`, payload: { label: 'Laptop' } }),
    );
    const asEditor = (method: 'GET' | 'POST', url: string, requestId?: string) =>
      t.request('anonymous', {
        method,
        url,
        headers: { authorization: `Bearer ${editor.token}`, ...(requestId ? { 'x-request-id': requestId } : {}) },
      });

    const me = json(await asEditor('GET', '/api/v1/me'));
    expect(me.tokenId).toBe(editor.tokenInfo.id);
    expect(me.tokens.map((x: { id: number; label: string | null }) => [x.id, x.label])).toEqual([
      [editor.tokenInfo.id, null],
      [spare.tokenInfo.id, 'Laptop'],
    ]);
    expect(JSON.stringify(me)).not.toContain(tokenSecret(spare.token));

    // Another account's token is unknown to this caller, and stays valid.
    expectProblem(await asEditor('POST', `/api/v1/me/tokens/${other.tokenInfo.id}/revocation`), 404, 'tokens.not_found');
    expect((await withToken(t, other.token)).statusCode).toBe(200);

    const revoked = await asEditor('POST', `/api/v1/me/tokens/${spare.tokenInfo.id}/revocation`, 'req-self-revoke');
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(json(revoked)).toMatchObject({ id: spare.tokenInfo.id, label: 'Laptop', active: false });
    expect((await withToken(t, spare.token)).statusCode).toBe(401);
    expectProblem(await asEditor('POST', `/api/v1/me/tokens/${spare.tokenInfo.id}/revocation`), 409, 'tokens.already_revoked');
    const [record, ...more] = parsedAuditRows(t.database, 'req-self-revoke');
    expect(more).toHaveLength(0);
    expect(record).toMatchObject({
      user_id: editor.user.id,
      action: 'tokens.revoke',
      entity: 'token',
      entity_id: String(spare.tokenInfo.id),
    });

    // The token in use: this answer still comes, the next request is refused.
    expect((await asEditor('POST', `/api/v1/me/tokens/${editor.tokenInfo.id}/revocation`)).statusCode).toBe(200);
    expect(expectProblem(await asEditor('GET', '/api/v1/me'), 401).detail).toBe('Das Token wurde widerrufen.');
    expect((await t.request('anonymous', { method: 'POST', url: `/api/v1/me/tokens/${other.tokenInfo.id}/revocation` })).statusCode).toBe(
      401,
    );
  });

  it('token options are bounded: days 0 or over 3650 and unknown fields → 400', async () => {
    const t = await createTestApp();
    const { user } = await createUser(t, { name: 'A', role: 'reader' });
    for (const payload of [{ days: 0 }, { days: 3651 }, { label: 'x'.repeat(201) }, { secret: 'x' }]) {
      expectProblem(
        await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/users/${user.id}/tokens`, payload }),
        400,
        'request.validation_failed',
      );
    }
  });
});

describe('who may manage accounts', () => {
  it('chair, reader and editors → 403 on every account route; anonymous → 401', async () => {
    const t = await createTestApp();
    const { user, tokenInfo } = await createUser(t, { name: 'Ziel', role: 'reader' });
    const routes = [
      { method: 'GET' as const, url: '/api/v1/users' },
      { method: 'POST' as const, url: '/api/v1/users', payload: { name: 'Ich', role: 'admin' } },
      { method: 'GET' as const, url: `/api/v1/users/${user.id}` },
      { method: 'PATCH' as const, url: `/api/v1/users/${user.id}`, payload: { role: 'admin' }, headers: { 'if-match': '*' } },
      { method: 'POST' as const, url: `/api/v1/users/${user.id}/tokens`, payload: {} },
      { method: 'POST' as const, url: `/api/v1/users/${user.id}/tokens/${tokenInfo.id}/revocation` },
    ];
    for (const r of routes) {
      for (const as of ['chair', 'reader', 'editorNI', 'editorLAG'] as const) {
        expectProblem(await t.request(as, r), 403, 'auth.forbidden');
      }
      expectProblem(await t.request('anonymous', r), 401, 'auth.required');
    }
    expect(t.services.auth.get(user.id)).toMatchObject({ role: 'reader', name: 'Ziel' });
    expect(t.services.auth.get(user.id).tokens.every((x) => x.active)).toBe(true);
    expect(t.services.auth.list().some((u) => u.name === 'Ich')).toBe(false);
    // Every role may ask who it is.
    for (const as of ['chair', 'reader', 'editorNI'] as const) expect((await t.request(as, '/api/v1/me')).statusCode).toBe(200);
    expectProblem(await t.request('anonymous', '/api/v1/me'), 401);
  });
});
