// Sign-in for people (issue #15): invitation → password → session cookie with CSRF token,
// sign-out, sign-out everywhere, lockout, password change; every step audited without secrets.
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { auditRows, createTestApp, json, type TestApp } from './helper.js';

const PASSWORD = 'ein sehr langes Passwort';

function cookiesOf(res: LightMyRequestResponse): Record<string, { value: string; raw: string }> {
  const header = res.headers['set-cookie'];
  const list = Array.isArray(header) ? header : header ? [header] : [];
  return Object.fromEntries(
    list.map((raw) => {
      const [pair = ''] = raw.split(';');
      const i = pair.indexOf('=');
      return [pair.slice(0, i), { value: decodeURIComponent(pair.slice(i + 1)), raw }];
    }),
  );
}

async function invited(t: TestApp, email = 'lag.ni@example.org') {
  const user = t.services.auth.create({ name: 'LAG Niedersachsen (Person)', email, role: 'editor', lands: ['NI'] }).user;
  const res = await t.request('admin', { method: 'POST', url: `/api/v1/users/${user.id}/invitations` });
  expect(res.statusCode).toBe(201);
  return { user, invitation: json(res) as { token: string; path: string; expires: string } };
}

/** Accepts the invitation; returns what a browser would keep. */
async function signedIn(t: TestApp) {
  const { user, invitation } = await invited(t);
  const res = await t.request('anonymous', {
    method: 'POST',
    url: '/api/v1/invitations/acceptance',
    payload: { token: invitation.token, password: PASSWORD },
  });
  expect(res.statusCode).toBe(201);
  const c = cookiesOf(res);
  const session = c.ek_session?.value as string;
  const csrf = json(res).csrfToken as string;
  const cookie = `ek_session=${session}; ek_csrf=${csrf}`;
  return { user, invitation, cookie, csrf, res };
}

describe('sign-in for people', () => {
  it('an invited person sets a password from the one-time link and is signed in (httpOnly, SameSite=Strict cookie)', async () => {
    const t = await createTestApp();
    const { user, invitation } = await invited(t);
    expect(invitation.path).toBe(`/einladung#${invitation.token}`);
    const info = await t.request('anonymous', {
      method: 'POST',
      url: '/api/v1/invitations/inspection',
      payload: { token: invitation.token },
    });
    expect(json(info)).toMatchObject({ name: 'LAG Niedersachsen (Person)', email: 'lag.ni@example.org' });

    const short = await t.request('anonymous', {
      method: 'POST',
      url: '/api/v1/invitations/acceptance',
      payload: { token: invitation.token, password: 'zu kurz' },
    });
    expect(short.statusCode).toBe(422);
    expect(json(short).errors[0].field).toBe('body.password');

    const res = await t.request('anonymous', {
      method: 'POST',
      url: '/api/v1/invitations/acceptance',
      payload: { token: invitation.token, password: PASSWORD },
    });
    expect(res.statusCode).toBe(201);
    const c = cookiesOf(res);
    const csrf = json(res).csrfToken as string;
    const cookie = `ek_session=${c.ek_session?.value}`;
    expect(c.ek_session?.raw).toMatch(/HttpOnly/);
    expect(c.ek_session?.raw).toMatch(/SameSite=Strict/);
    expect(c.ek_session?.raw).not.toMatch(/Secure/); // plain HTTP here; Secure under HTTPS
    expect(c.ek_csrf?.raw).not.toMatch(/HttpOnly/);
    expect(c.ek_csrf?.value).toBe(csrf);
    const me = await t.request('anonymous', { url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(json(me)).toMatchObject({ name: 'LAG Niedersachsen (Person)', role: 'editor', tokenId: null, hasPassword: true });
    expect(me.headers['cache-control']).toBe('no-store');

    // The link works once.
    const again = await t.request('anonymous', {
      method: 'POST',
      url: '/api/v1/invitations/acceptance',
      payload: { token: invitation.token, password: PASSWORD },
    });
    expect(again.statusCode).toBe(404);
    expect(json(again).code).toBe('invitations.invalid');
    expect(user.id).toBeGreaterThan(0);
  });

  it('writes with the session need the CSRF token in X-CSRF-Token', async () => {
    const t = await createTestApp({ seed: true });
    const { cookie, csrf } = await signedIn(t);
    const demand = t.database.sqlite
      .prepare("SELECT d.id FROM demands d JOIN resolutions r ON r.id = d.resolution_id WHERE r.proposers LIKE '%NI%' LIMIT 1")
      .get() as { id: number } | undefined;
    const id = demand?.id ?? 1;
    const payload = { status: 'in_progress', asOf: '2026-01-15', narrative: 'Fortgang.', reporter: 'NI' };
    const without = await t.request('anonymous', {
      method: 'POST',
      url: `/api/v1/demands/${id}/status-updates`,
      headers: { cookie },
      payload,
    });
    expect(without.statusCode).toBe(403);
    expect(json(without).code).toBe('auth.csrf_failed');
    const wrong = await t.request('anonymous', {
      method: 'POST',
      url: `/api/v1/demands/${id}/status-updates`,
      headers: { cookie, 'x-csrf-token': 'falsch' },
      payload,
    });
    expect(wrong.statusCode).toBe(403);
    const right = await t.request('anonymous', {
      method: 'POST',
      url: `/api/v1/me/sessions/revocation`,
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(right.statusCode).toBe(200);
  });

  it('sign-out ends the session; a later request says the session has ended (401 auth.session_expired)', async () => {
    const t = await createTestApp();
    const { cookie, csrf } = await signedIn(t);
    const out = await t.request('anonymous', { method: 'DELETE', url: '/api/v1/session', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(204);
    expect(cookiesOf(out).ek_session?.raw).toMatch(/Max-Age=0/);
    const me = await t.request('anonymous', { url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(json(me).code).toBe('auth.session_expired');
    // Public reads still work with a stale cookie: they fall back to the public view.
    expect((await t.request('anonymous', { url: '/api/v1/conferences', headers: { cookie } })).statusCode).toBe(200);
  });

  it('an idle session expires', async () => {
    const t = await createTestApp();
    const { cookie } = await signedIn(t);
    t.database.sqlite.prepare("UPDATE sessions SET last_seen = '2026-11-20T01:00:00.000Z'").run();
    const me = await t.request('anonymous', { url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(json(me).code).toBe('auth.session_expired');
  });

  it('only failed attempts count against an address: colleagues behind one proxy sign in freely, guessing stops', async () => {
    const t = await createTestApp({ authFailuresPerMinute: 3 });
    await signedIn(t);
    const signIn = (password: string) =>
      t.request('anonymous', { method: 'POST', url: '/api/v1/session', payload: { email: 'lag.ni@example.org', password } });
    for (let i = 0; i < 6; i++) expect((await signIn(PASSWORD)).statusCode).toBe(201);
    expect((await signIn('falsch falsch falsch')).statusCode).toBe(401);
    const inspect = (token: string) =>
      t.request('anonymous', { method: 'POST', url: '/api/v1/invitations/inspection', payload: { token } });
    expect((await inspect('x'.repeat(43))).statusCode).toBe(404);
    expect((await inspect('y'.repeat(43))).statusCode).toBe(404);
    // Three failures in this minute: the address waits, even with the right password.
    const blocked = await signIn(PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(json(blocked).code).toBe('sessions.too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await inspect('z'.repeat(43))).statusCode).toBe(429);
  });

  it('sign-in with e-mail and password; wrong passwords lock the account after 5 attempts (audited)', async () => {
    const t = await createTestApp();
    await signedIn(t);
    const signIn = (password: string) =>
      t.request('anonymous', { method: 'POST', url: '/api/v1/session', payload: { email: 'LAG.NI@example.org', password } });
    const ok = await signIn(PASSWORD);
    expect(ok.statusCode).toBe(201);
    expect(cookiesOf(ok).ek_session?.value).toMatch(/^[0-9a-f]{16}\./);
    const unknown = await t.request('anonymous', {
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'niemand@example.org', password: PASSWORD },
    });
    expect(unknown.statusCode).toBe(401);
    expect(json(unknown).detail).toBe('E-Mail-Adresse oder Passwort stimmen nicht.');
    for (let i = 0; i < 4; i++) expect((await signIn('falsch falsch falsch')).statusCode).toBe(401);
    const fifth = await signIn('falsch falsch falsch');
    expect(fifth.statusCode).toBe(429);
    expect(json(fifth).code).toBe('sessions.locked');
    // Locked: even the right password waits.
    expect((await signIn(PASSWORD)).statusCode).toBe(429);
    const actions = auditRows(t.database).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['invitations.create', 'invitations.accept', 'sessions.create', 'sessions.lockout']));
  });

  it('sign-out everywhere and password change end the other sessions', async () => {
    const t = await createTestApp();
    const first = await signedIn(t);
    const second = await t.request('anonymous', {
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'lag.ni@example.org', password: PASSWORD },
    });
    const secondCookie = `ek_session=${cookiesOf(second).ek_session?.value}`;
    const secondCsrf = json(second).csrfToken as string;

    const wrong = await t.request('anonymous', {
      method: 'PUT',
      url: '/api/v1/me/password',
      headers: { cookie: first.cookie, 'x-csrf-token': first.csrf, 'if-match': '*' },
      payload: { currentPassword: 'nicht das alte', newPassword: 'ein ganz neues Passwort' },
    });
    expect(wrong.statusCode).toBe(422);
    const changed = await t.request('anonymous', {
      method: 'PUT',
      url: '/api/v1/me/password',
      headers: { cookie: first.cookie, 'x-csrf-token': first.csrf },
      payload: { currentPassword: PASSWORD, newPassword: 'ein ganz neues Passwort' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await t.request('anonymous', { url: '/api/v1/me', headers: { cookie: first.cookie } })).statusCode).toBe(200);
    expect((await t.request('anonymous', { url: '/api/v1/me', headers: { cookie: secondCookie } })).statusCode).toBe(401);
    expect(secondCsrf).not.toBe(first.csrf);

    const everywhere = await t.request('anonymous', {
      method: 'POST',
      url: '/api/v1/me/sessions/revocation',
      headers: { cookie: first.cookie, 'x-csrf-token': first.csrf },
    });
    expect(json(everywhere).revoked).toBe(1);
    expect((await t.request('anonymous', { url: '/api/v1/me', headers: { cookie: first.cookie } })).statusCode).toBe(401);
  });

  it('no secret enters the audit trail', async () => {
    const t = await createTestApp();
    const { invitation, csrf, cookie } = await signedIn(t);
    const session = cookie.split(';')[0]?.split('=')[1]?.split('.')[1] as string;
    const all = JSON.stringify(auditRows(t.database));
    for (const secret of [invitation.token, csrf, session, PASSWORD]) expect(all).not.toContain(secret);
  });

  it('the office invites a new person in one step: an account without a token, and the one-time link', async () => {
    const t = await createTestApp();
    const res = await t.request('admin', {
      method: 'POST',
      url: '/api/v1/invitations',
      payload: { name: 'Referat Integration HB', email: 'ref.hb@example.org', role: 'editor', lands: ['HB'] },
    });
    expect(res.statusCode).toBe(201);
    const body = json(res) as { user: { id: number; tokens: unknown[]; lands: string[] }; invitation: { token: string; path: string } };
    expect(body.user.tokens).toEqual([]);
    expect(body.user.lands).toEqual(['HB']);
    expect(body.invitation.path).toBe(`/einladung#${body.invitation.token}`);
    expect(res.headers.location).toBe(`/api/v1/users/${body.user.id}`);
    const info = await t.request('anonymous', {
      method: 'POST',
      url: '/api/v1/invitations/inspection',
      payload: { token: body.invitation.token },
    });
    expect(json(info)).toMatchObject({ name: 'Referat Integration HB', email: 'ref.hb@example.org' });
    const actions = auditRows(t.database, String(res.headers['x-request-id'])).map((r) => r.action);
    expect(actions).toEqual(['invitations.create', 'users.create']);
    expect(JSON.stringify(auditRows(t.database))).not.toContain(body.invitation.token);

    // An editor's account needs a scope; without an e-mail there is nobody to sign in.
    const noScope = await t.request('admin', {
      method: 'POST',
      url: '/api/v1/invitations',
      payload: { name: 'Ohne Land', email: 'x@example.org', role: 'editor' },
    });
    expect(json(noScope).code).toBe('users.editor_without_scope');
    const noMail = await t.request('admin', {
      method: 'POST',
      url: '/api/v1/invitations',
      payload: { name: 'Ohne Adresse', role: 'reader' },
    });
    expect(noMail.statusCode).toBe(400);
    for (const who of ['chair', 'editorNI'] as const) {
      const refused = await t.request(who, {
        method: 'POST',
        url: '/api/v1/invitations',
        payload: { name: 'Jemand', email: 'j@example.org', role: 'reader' },
      });
      expect(refused.statusCode).toBe(403);
    }
    expect(t.services.auth.list().filter((u) => u.name === 'Ohne Land' || u.name === 'Jemand')).toEqual([]);
  });
});
