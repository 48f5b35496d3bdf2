// The audit trail: what a write records, how admins read it, and that the database itself keeps
// it append-only and tamper-evident.
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH } from '../src/modules/audit/audit.service.js';
import { type AuditRow, auditRows, createTestApp, json, minimalRecord, type TestApp, tokenSecret } from './helper.js';

const adminId = (t: TestApp) => t.services.auth.list().find((u) => u.role === 'admin')?.id as number;

function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return json(res);
}

/** A few account writes, each with its own request id: create, update, issue token, revoke token. */
async function someWrites(t: TestApp) {
  const created = ok(
    await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/users',
      payload: { name: 'Referat HE', role: 'editor', lands: ['HE'] },
      headers: { 'x-request-id': 'req-create' },
    }),
    201,
  );
  const id = created.user.id as number;
  const etag = (await t.app.inject({ as: 'admin', url: `/api/v1/users/${id}` })).headers.etag as string;
  ok(
    await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      payload: { name: 'Referat 23 HE' },
      headers: { 'if-match': etag, 'x-request-id': 'req-update' },
    }),
  );
  const issued = ok(
    await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/users/${id}/tokens`,
      payload: { label: 'zwei' },
      headers: { 'x-request-id': 'req-token' },
    }),
    201,
  );
  ok(
    await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/users/${id}/tokens/${created.tokenInfo.id}/revocation`,
      headers: { 'x-request-id': 'req-revoke' },
    }),
  );
  return { id, token: created.token as string, firstTokenId: created.tokenInfo.id as number, secondTokenId: issued.tokenInfo.id as number };
}

describe('audit records', () => {
  it('each write leaves one record with user, actor, request id, action, entity, before and after', async () => {
    const t = await createTestApp();
    const w = await someWrites(t);
    const admin = adminId(t);

    const [create, ...moreCreate] = auditRows(t.database, 'req-create');
    expect(moreCreate).toHaveLength(0);
    expect(create).toMatchObject({ user_id: admin, action: 'users.create', entity: 'user', entity_id: String(w.id), before: null });
    expect(create?.actor).toContain('Geschäftsstelle');
    expect(create?.actor).toContain(`#${admin}`);
    expect(JSON.parse(create?.after as string)).toMatchObject({ id: w.id, name: 'Referat HE', role: 'editor', lands: ['HE'] });
    // The token itself never enters the trail.
    expect(create?.after).not.toContain(tokenSecret(w.token));

    const [update, ...moreUpdate] = auditRows(t.database, 'req-update');
    expect(moreUpdate).toHaveLength(0);
    expect(update).toMatchObject({ user_id: admin, action: 'users.update', entity: 'user', entity_id: String(w.id) });
    expect(JSON.parse(update?.before as string)).toMatchObject({ name: 'Referat HE' });
    expect(JSON.parse(update?.after as string)).toMatchObject({ name: 'Referat 23 HE' });

    const [token] = auditRows(t.database, 'req-token');
    expect(token).toMatchObject({ action: 'tokens.create', entity: 'token', entity_id: String(w.secondTokenId) });
    expect(JSON.parse(token?.after as string)).toMatchObject({ userId: w.id, label: 'zwei', active: true });

    const [revoke] = auditRows(t.database, 'req-revoke');
    expect(revoke).toMatchObject({ action: 'tokens.revoke', entity: 'token', entity_id: String(w.firstTokenId) });
    expect(JSON.parse(revoke?.after as string)).toMatchObject({ id: w.firstTokenId, active: false });

    // Reads and refused writes leave nothing.
    const before = auditRows(t.database).length;
    await t.app.inject({ as: 'admin', url: '/api/v1/users' });
    await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/users/${w.id}`,
      payload: { name: 'X' },
      headers: { 'if-match': '"alt"' },
    });
    await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/users', payload: { name: 'X', role: 'editor' } });
    await t.request('reader', { method: 'POST', url: '/api/v1/users', payload: { name: 'X', role: 'reader' } });
    expect(auditRows(t.database)).toHaveLength(before);
  });

  it('records form one chain from the genesis hash', async () => {
    const t = await createTestApp();
    await someWrites(t);
    const rows = auditRows(t.database);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    let prev = GENESIS_HASH;
    for (const r of rows) {
      expect(r.prev_hash).toBe(prev);
      expect(r.hash).toBe(chainHash(prev, r));
      prev = r.hash;
    }
  });

  it('a write of the record (a conference) is audited with the request id from x-request-id', async () => {
    const t = await createTestApp();
    const res = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/conferences',
      payload: { number: 20, year: 2025, startDate: '2025-04-23', endDate: '2025-04-24', place: 'Göttingen', chairLand: 'NI' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const rows = auditRows(t.database, res.headers['x-request-id'] as string);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'conferences.create', entity: 'conference', user_id: adminId(t), before: null });
    expect(JSON.parse(rows[0]?.after as string)).toMatchObject({ number: 20, place: 'Göttingen' });
  });
});

describe('GET /api/v1/audit', () => {
  it('lists newest first and filters by user, entity, entity id, action, request id and time; pages with next', async () => {
    const t = await createTestApp();
    const w = await someWrites(t);
    // A write by another admin, to tell users apart.
    const other = t.services.auth.create({ name: 'Zweite Verwaltung', role: 'admin' });
    ok(
      await t.request('anonymous', {
        method: 'POST',
        url: '/api/v1/users',
        payload: { name: 'Von B', role: 'reader' },
        headers: { authorization: `Bearer ${other.token}` },
      }),
      201,
    );

    const all = ok(await t.app.inject({ as: 'admin', url: '/api/v1/audit' }));
    expect(all.total).toBe(5);
    expect(all.items.map((e: { id: number }) => e.id)).toEqual([...all.items.map((e: { id: number }) => e.id)].sort((a, b) => b - a));
    expect(all.items[0]).toMatchObject({ action: 'users.create', userId: other.user.id, entity: 'user' });
    expect(all.items.at(-1)).toMatchObject({ action: 'users.create', clientRequestId: 'req-create', userId: adminId(t), before: null });
    // The server's own id is unique and kept apart from the client's X-Request-Id.
    expect(all.items.at(-1).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(all.items.at(-1).after).toMatchObject({ name: 'Referat HE' });
    expect(all.items.at(-1).hash).toMatch(/^[0-9a-f]{64}$/);

    const byUser = ok(await t.app.inject({ as: 'admin', url: `/api/v1/audit?user=${other.user.id}` }));
    expect(byUser.total).toBe(1);
    expect(byUser.items[0].after).toMatchObject({ name: 'Von B' });

    const tokens = ok(await t.app.inject({ as: 'admin', url: '/api/v1/audit?entity=token' }));
    expect(tokens.items.map((e: { action: string }) => e.action)).toEqual(['tokens.revoke', 'tokens.create']);

    const one = ok(await t.app.inject({ as: 'admin', url: `/api/v1/audit?entity=user&entityId=${w.id}` }));
    expect(one.items.map((e: { action: string }) => e.action)).toEqual(['users.update', 'users.create']);
    expect(ok(await t.app.inject({ as: 'admin', url: '/api/v1/audit?action=users.update' })).total).toBe(1);
    const byRequest = ok(await t.app.inject({ as: 'admin', url: '/api/v1/audit?clientRequestId=req-create' }));
    expect(byRequest.items.map((e: { action: string; clientRequestId: string }) => [e.action, e.clientRequestId])).toEqual([
      ['users.create', 'req-create'],
    ]);
    const byServerId = ok(await t.app.inject({ as: 'admin', url: `/api/v1/audit?requestId=${byRequest.items[0].requestId}` }));
    expect(byServerId.items.map((e: { action: string }) => e.action)).toEqual(['users.create']);
    expect(ok(await t.app.inject({ as: 'admin', url: '/api/v1/audit?requestId=req-create' })).total).toBe(0);
    expect(ok(await t.app.inject({ as: 'admin', url: '/api/v1/audit?clientRequestId=nie-gesendet' })).total).toBe(0);

    // Time: the test clock steps one second per reading, so the records have distinct instants.
    const ats = all.items.map((e: { at: string }) => e.at).sort() as string[];
    const from = ats[2] as string;
    const to = ats[3] as string;
    const window = ok(
      await t.app.inject({ as: 'admin', url: `/api/v1/audit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` }),
    );
    expect(window.items.map((e: { at: string }) => e.at).sort()).toEqual([from, to]);
    // An offset other than Z means the same instant.
    const shifted = new Date(from).getTime() + 2 * 3600_000;
    const fromPlus2 = `${new Date(shifted).toISOString().slice(0, 19)}+02:00`;
    expect(ok(await t.app.inject({ as: 'admin', url: `/api/v1/audit?from=${encodeURIComponent(fromPlus2)}` })).total).toBe(3);
    expect(ok(await t.app.inject({ as: 'admin', url: '/api/v1/audit?to=2000-01-01T00:00:00Z' })).total).toBe(0);

    const page1 = ok(await t.app.inject({ as: 'admin', url: '/api/v1/audit?limit=2' }));
    expect(page1).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(page1.items).toHaveLength(2);
    expect(page1.next).toContain('offset=2');
    const page3 = ok(await t.app.inject({ as: 'admin', url: '/api/v1/audit?limit=2&offset=4' }));
    expect(page3.items).toHaveLength(1);
    expect(page3.next).toBeNull();
    expect(
      [...page1.items, ...ok(await t.app.inject({ as: 'admin', url: page1.next })).items, ...page3.items].map((e: { id: number }) => e.id),
    ).toEqual(all.items.map((e: { id: number }) => e.id));
  });

  it('bad filters → 400; the page size is capped at 200', async () => {
    const t = await createTestApp();
    for (const q of ['from=gestern', 'user=abc', 'limit=201', 'limit=0', `entity=${'x'.repeat(65)}`, 'unbekannt=1']) {
      const res = await t.app.inject({ as: 'admin', url: `/api/v1/audit?${q}` });
      expect(res.statusCode, q).toBe(400);
    }
  });

  it('admins only: chair, reader and editors → 403, anonymous → 401 (also for the verification)', async () => {
    const t = await createTestApp();
    for (const url of ['/api/v1/audit', '/api/v1/audit/verification']) {
      for (const as of ['chair', 'reader', 'editorHE'] as const) expect((await t.request(as, url)).statusCode).toBe(403);
      expect((await t.request('anonymous', url)).statusCode).toBe(401);
    }
  });

  it('GET /api/v1/audit/verification: ok on an intact chain, and on an empty one', async () => {
    const t = await createTestApp();
    expect(ok(await t.app.inject({ as: 'admin', url: '/api/v1/audit/verification' }))).toEqual({
      ok: true,
      records: 0,
      brokenAt: null,
      reason: null,
      head: null,
      anchor: null,
    });
    await someWrites(t);
    const last = auditRows(t.database).at(-1) as AuditRow;
    expect(ok(await t.app.inject({ as: 'admin', url: '/api/v1/audit/verification' }))).toEqual({
      ok: true,
      records: 4,
      brokenAt: null,
      reason: null,
      head: { id: last.id, hash: last.hash },
      anchor: null,
    });
  });

  it('an anchor noted earlier shows records cut off at the end, which the chain alone cannot', async () => {
    const t = await createTestApp();
    await someWrites(t);
    const noted = ok(await t.app.inject({ as: 'admin', url: '/api/v1/audit/verification' })).head as { id: number; hash: string };
    const anchor = `${noted.id}:${noted.hash}`;
    ok(await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/users', payload: { name: 'Später', role: 'reader' } }), 201);

    // Intact: the anchor is still in the chain, and the chain has grown past it.
    const later = ok(await t.app.inject({ as: 'admin', url: `/api/v1/audit/verification?anchor=${anchor}` }));
    expect(later).toMatchObject({ ok: true, records: 5, anchor, brokenAt: null });
    expect(later.head.id).toBe(noted.id + 1);

    // Someone with write access to the file removes the trigger and cuts the trail back to 2 records.
    const { sqlite } = t.database;
    sqlite.exec('DROP TRIGGER audit_log_no_delete');
    sqlite.prepare('DELETE FROM audit_log WHERE id > ?').run(noted.id - 2);
    expect(t.services.audit.verify()).toMatchObject({ ok: true, records: 2 });
    expect(ok(await t.app.inject({ as: 'admin', url: `/api/v1/audit/verification?anchor=${anchor}` }))).toMatchObject({
      ok: false,
      records: 2,
      brokenAt: noted.id,
      reason: 'the anchor record is missing',
    });
  });

  it('an anchor whose hash differs from the record → not ok; a malformed anchor → 422', async () => {
    const t = await createTestApp();
    await someWrites(t);
    const first = auditRows(t.database)[0] as AuditRow;
    expect(ok(await t.app.inject({ as: 'admin', url: `/api/v1/audit/verification?anchor=${first.id}:${'0'.repeat(64)}` }))).toMatchObject({
      ok: false,
      brokenAt: first.id,
      reason: 'the anchor names another hash for this record',
    });
    for (const bad of ['1', `x:${first.hash}`, `${first.id}:${first.hash.slice(1)}`, `${first.id}:${first.hash.toUpperCase()}z`]) {
      const res = await t.app.inject({ as: 'admin', url: `/api/v1/audit/verification?anchor=${encodeURIComponent(bad)}` });
      expect(res.statusCode, bad).toBe(422);
      expect(json(res).code).toBe('audit.invalid_anchor');
    }
  });
});

describe('append-only and tamper-evident', () => {
  it('the database refuses UPDATE and DELETE on audit_log', async () => {
    const t = await createTestApp();
    await someWrites(t);
    const { sqlite } = t.database;
    expect(() => sqlite.prepare("UPDATE audit_log SET actor = 'niemand' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("UPDATE audit_log SET after = '{}'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(auditRows(t.database)).toHaveLength(4);
    expect(t.services.audit.verify().ok).toBe(true);
  });

  it('the database refuses an INSERT that does not continue the chain', async () => {
    const t = await createTestApp();
    await someWrites(t);
    const { sqlite } = t.database;
    const insert = sqlite.prepare(
      `INSERT INTO audit_log (at, user_id, actor, request_id, action, entity, entity_id, before, after, prev_hash, hash)
       VALUES ('2026-11-20T10:00:00.000Z', NULL, 'eingeschleust', NULL, 'users.update', 'user', '1', NULL, NULL, ?, ?)`,
    );
    const first = auditRows(t.database)[0] as AuditRow;
    // Forking from the genesis or from an older record.
    expect(() => insert.run(GENESIS_HASH, 'a'.repeat(64))).toThrow(/continue the chain/);
    expect(() => insert.run(first.hash, 'b'.repeat(64))).toThrow(/continue the chain/);
    expect(auditRows(t.database)).toHaveLength(4);

    // A record that names the right predecessor but carries a made-up hash is let in by the
    // trigger – and caught by the verification.
    const last = auditRows(t.database).at(-1) as AuditRow;
    insert.run(last.hash, 'c'.repeat(64));
    expect(t.services.audit.verify()).toMatchObject({
      ok: false,
      records: 5,
      brokenAt: last.id + 1,
      reason: 'hash does not match the record',
    });
  });

  it('a changed record (trigger dropped) is named by verify() and by the verification endpoint', async () => {
    const t = await createTestApp();
    await someWrites(t);
    const { sqlite } = t.database;
    sqlite.exec('DROP TRIGGER audit_log_no_update');
    const target = auditRows(t.database)[1] as AuditRow;
    sqlite.prepare('UPDATE audit_log SET after = ? WHERE id = ?').run(JSON.stringify({ name: 'Harmlos' }), target.id);
    const result = t.services.audit.verify();
    expect(result).toMatchObject({ ok: false, records: 2, brokenAt: target.id, reason: 'hash does not match the record' });
    expect(ok(await t.app.inject({ as: 'admin', url: '/api/v1/audit/verification' }))).toMatchObject({ ok: false, brokenAt: target.id });
  });

  it('rewriting a record and its hash breaks the chain at the next record', async () => {
    const t = await createTestApp();
    await someWrites(t);
    const { sqlite } = t.database;
    sqlite.exec('DROP TRIGGER audit_log_no_update');
    const [, second, third] = auditRows(t.database);
    const forged = { ...(second as AuditRow), actor: 'jemand anderes' };
    // The unique index on hash allows this: the forged hash is new.
    sqlite
      .prepare('UPDATE audit_log SET actor = ?, hash = ? WHERE id = ?')
      .run(forged.actor, chainHash(forged.prev_hash, forged), forged.id);
    expect(t.services.audit.verify()).toMatchObject({
      ok: false,
      brokenAt: third?.id,
      reason: 'prev_hash does not name the record before it',
    });
  });

  it('a new write after existing records continues the chain (no fork after tampering attempts)', async () => {
    const t = await createTestApp();
    await someWrites(t);
    const { sqlite } = t.database;
    expect(() => sqlite.prepare('DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)').run()).toThrow();
    ok(await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/users', payload: { name: 'Noch eins', role: 'reader' } }), 201);
    expect(t.services.audit.verify()).toMatchObject({ ok: true, records: 5, brokenAt: null, reason: null });
  });

  it('the database refuses UPDATE and DELETE on status_updates', async () => {
    const t = await createTestApp();
    const { demandId } = await minimalRecord(t.app);
    const res = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/demands/${demandId}/status-updates`,
      payload: { status: 'under_examination', asOf: '2025-09-01', narrative: 'Der Bund prüft.', reporter: 'NI' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { sqlite } = t.database;
    expect(() => sqlite.prepare("UPDATE status_updates SET narrative = 'umgeschrieben'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("UPDATE status_updates SET status = 'fulfilled'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM status_updates').run()).toThrow(/append-only/);
    const row = sqlite.prepare('SELECT narrative, status FROM status_updates').get();
    expect(row).toEqual({ narrative: 'Der Bund prüft.', status: 'under_examination' });
  });
});
