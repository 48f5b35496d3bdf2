// What anonymous callers see of demands and status updates: the public view only, with status,
// overdue, filters, totals and `modified` derived from public updates alone.
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { type As, createTestApp, json, minimalRecord } from './helper.js';

type App = FastifyInstance;

const ids = (page: { items: { id: number }[] }) => page.items.map((i) => i.id);

async function postDemand(app: App, resolutionId: number, payload: Record<string, unknown>) {
  const res = await app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/resolutions/${resolutionId}/demands`,
    payload: { kind: 'forderung', addressees: ['BREG'], wording: 'Die IntMK fordert etwas.', summary: 'Etwas', ...payload },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).id as number;
}

async function postStatus(app: App, demandId: number, payload: Record<string, unknown>) {
  const res = await app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/demands/${demandId}/status-updates`,
    payload: { narrative: 'Sachstand', reporter: 'NI', asOf: '2025-06-01', ...payload },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).id as number;
}

async function resolution(app: App, top: string, extra: Record<string, unknown>) {
  const res = await app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/conferences/20/resolutions',
    payload: { top, title: `Beschluss ${top}`, proposers: ['NI'], adoption: 'einstimmig', ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).id as number;
}

describe('internal demands and what hangs below them', () => {
  async function fixture() {
    const t = await createTestApp();
    const { demandId: publicId, resolutionId } = await minimalRecord(t.app);
    const internalId = await postDemand(t.app, resolutionId, {
      visibility: 'internal',
      summary: 'Vertrauliche Geheimforderung',
      wording: 'Die IntMK fordert vertraulich Geheimforderungsinhalt.',
    });
    // A public update under an internal demand is internal all the same.
    const updateId = await postStatus(t.app, internalId, { status: 'in_progress' });
    return { ...t, publicId, internalId, resolutionId, updateId };
  }

  it('anonymous gets the same 404 as for a missing demand; signed-in callers read it', async () => {
    const { request, internalId, updateId } = await fixture();
    const hidden = await request('anonymous', `/api/v1/demands/${internalId}`);
    const missing = await request('anonymous', '/api/v1/demands/424242');
    expect(hidden.statusCode).toBe(404);
    expect(json(hidden).code).toBe(json(missing).code);
    expect(json(hidden).detail).toBe(json(missing).detail.replace('424242', String(internalId)));
    expect((await request('anonymous', `/api/v1/demands/${internalId}/status-updates`)).statusCode).toBe(404);
    expect((await request('anonymous', `/api/v1/status-updates/${updateId}`)).statusCode).toBe(404);
    for (const as of ['reader', 'editorHE', 'chair'] satisfies As[]) {
      expect((await request(as, `/api/v1/demands/${internalId}`)).statusCode).toBe(200);
      expect((await request(as, `/api/v1/status-updates/${updateId}`)).statusCode).toBe(200);
      expect(json(await request(as, `/api/v1/demands/${internalId}/status-updates`)).items).toHaveLength(1);
    }
  });

  it('is absent from lists, searches and the resolution, and totals agree', async () => {
    const { request, publicId, internalId, resolutionId, updateId } = await fixture();
    const anon = json(await request('anonymous', '/api/v1/demands'));
    expect(ids(anon)).toEqual([publicId]);
    expect(anon.total).toBe(1);
    const reader = json(await request('reader', '/api/v1/demands'));
    expect(ids(reader)).toEqual([publicId, internalId]);
    expect(reader.total).toBe(2);

    expect(json(await request('anonymous', '/api/v1/demands?q=Geheimforderung'))).toMatchObject({ items: [], total: 0 });
    expect(json(await request('anonymous', '/api/v1/demands?q=vertraulich'))).toMatchObject({ items: [], total: 0 });
    expect(ids(json(await request('reader', '/api/v1/demands?q=Geheimforderung')))).toEqual([internalId]);
    expect(json(await request('anonymous', '/api/v1/demands?visibility=internal')).total).toBe(0);
    expect(json(await request('anonymous', '/api/v1/demands?status=in_progress')).total).toBe(0);
    expect(json(await request('anonymous', `/api/v1/demands?resolution=${resolutionId}&limit=1`))).toMatchObject({
      total: 1,
      next: null,
    });

    const listed = json(await request('anonymous', `/api/v1/resolutions/${resolutionId}/demands`)).items;
    expect(listed.map((d: { id: number }) => d.id)).toEqual([publicId]);
    expect(json(await request('reader', `/api/v1/resolutions/${resolutionId}/demands`)).items).toHaveLength(2);

    const updates = json(await request('anonymous', '/api/v1/status-updates'));
    expect(updates).toMatchObject({ items: [], total: 0 });
    expect(json(await request('anonymous', `/api/v1/status-updates?demand=${internalId}`)).total).toBe(0);
    expect(ids(json(await request('reader', '/api/v1/status-updates')))).toEqual([updateId]);
  });

  it('demands under an internal or rejected resolution are internal too', async () => {
    const { app, request } = await fixture();
    const internalRes = await resolution(app, '7.1', { visibility: 'internal' });
    const rejectedRes = await resolution(app, '7.2', { adoption: 'abgelehnt' });
    const a = await postDemand(app, internalRes, {});
    const b = await postDemand(app, rejectedRes, {});
    const ua = await postStatus(app, a, { status: 'in_progress' });
    const ub = await postStatus(app, b, { status: 'in_progress' });
    for (const id of [a, b]) {
      expect((await request('anonymous', `/api/v1/demands/${id}`)).statusCode).toBe(404);
      expect((await request('reader', `/api/v1/demands/${id}`)).statusCode).toBe(200);
    }
    for (const id of [ua, ub]) {
      expect((await request('anonymous', `/api/v1/status-updates/${id}`)).statusCode).toBe(404);
      expect((await request('reader', `/api/v1/status-updates/${id}`)).statusCode).toBe(200);
    }
    expect(ids(json(await request('anonymous', '/api/v1/demands')))).not.toContain(a);
    expect(json(await request('anonymous', '/api/v1/status-updates')).total).toBe(0);
    expect(json(await request('reader', '/api/v1/status-updates')).total).toBe(3);
  });
});

describe('a public demand with an internal update newer than the public one', () => {
  async function fixture() {
    const t = await createTestApp();
    const { demandId } = await minimalRecord(t.app);
    // Due in the past, so only the status decides whether it is overdue.
    const patch = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/demands/${demandId}`,
      payload: { dueDate: '2026-01-31' },
    });
    expect(patch.statusCode).toBe(200);
    const publicUpdate = await postStatus(t.app, demandId, {
      status: 'in_progress',
      asOf: '2025-06-01',
      evidence: [
        { kind: 'gesetz', citation: 'Öffentlicher Beleg' },
        { kind: 'schreiben', citation: 'Interner Beleg', visibility: 'internal' },
      ],
    });
    const seen = await t.request('anonymous', `/api/v1/demands/${demandId}`);
    const internalUpdate = await postStatus(t.app, demandId, {
      status: 'fulfilled',
      asOf: '2025-09-01',
      narrative: 'Interner Sachstand',
      visibility: 'internal',
    });
    return { ...t, demandId, publicUpdate, internalUpdate, seenBefore: seen };
  }

  it('anonymous GET shows the older public status; `modified` and the ETag do not move', async () => {
    const { request, demandId, publicUpdate, internalUpdate, seenBefore } = await fixture();
    const anon = await request('anonymous', `/api/v1/demands/${demandId}`);
    const body = json(anon);
    expect(body.status).toMatchObject({ key: 'in_progress', asOf: '2025-06-01', updateId: publicUpdate });
    expect(body.openSince).not.toBeNull();
    expect(body.overdue).toBe(true);
    expect(body.modified).toBe(json(seenBefore).modified);
    expect(anon.headers.etag).toBe(seenBefore.headers.etag);
    expect(body.statusHistory.map((u: { id: number }) => u.id)).toEqual([publicUpdate]);
    expect(body.statusHistory[0].evidence.map((e: { citation: string }) => e.citation)).toEqual(['Öffentlicher Beleg']);
    expect(anon.body).not.toContain('Interner');

    const reader = json(await request('reader', `/api/v1/demands/${demandId}`));
    expect(reader.status).toMatchObject({ key: 'fulfilled', updateId: internalUpdate });
    expect(reader.openSince).toBeNull();
    expect(reader.overdue).toBe(false);
    expect(reader.modified > body.modified).toBe(true);
    expect(reader.statusHistory.map((u: { id: number }) => u.id)).toEqual([internalUpdate, publicUpdate]);
    expect(reader.statusHistory[1].evidence).toHaveLength(2);
  });

  it('lists, the status/open/overdue filters and modified_since follow the public derivation', async () => {
    const { request, demandId, seenBefore } = await fixture();
    const anonList = json(await request('anonymous', '/api/v1/demands'));
    expect(anonList.items[0]).toMatchObject({ id: demandId, status: { key: 'in_progress' }, overdue: true });
    expect(anonList.items[0].modified).toBe(json(seenBefore).modified);
    const both = async (query: string) => [
      json(await request('anonymous', `/api/v1/demands${query}`)),
      json(await request('reader', `/api/v1/demands${query}`)),
    ];
    let [anon, reader] = await both('?status=fulfilled');
    expect([anon.total, ids(anon)]).toEqual([0, []]);
    expect([reader.total, ids(reader)]).toEqual([1, [demandId]]);
    [anon, reader] = await both('?status=in_progress');
    expect([anon.total, reader.total]).toEqual([1, 0]);
    [anon, reader] = await both('?open=false');
    expect([anon.total, reader.total]).toEqual([0, 1]);
    [anon, reader] = await both('?overdue=true');
    expect([anon.total, reader.total]).toEqual([1, 0]);
    [anon, reader] = await both('?overdue=false');
    expect([anon.total, reader.total]).toEqual([0, 1]);
    const since = new Date(new Date(json(seenBefore).modified).getTime() + 1).toISOString();
    [anon, reader] = await both(`?modified_since=${since}`);
    expect([anon.total, reader.total]).toEqual([0, 1]);
    [anon] = await both('?sort=-modified&q=MBE');
    expect(ids(anon)).toEqual([demandId]);
  });

  it('status-update reads and lists hold only the public update, with public evidence only', async () => {
    const { request, demandId, publicUpdate, internalUpdate } = await fixture();
    const history = json(await request('anonymous', `/api/v1/demands/${demandId}/status-updates`)).items;
    expect(history.map((u: { id: number }) => u.id)).toEqual([publicUpdate]);
    expect(history[0].evidence).toEqual([expect.objectContaining({ citation: 'Öffentlicher Beleg', visibility: 'public' })]);
    const one = json(await request('anonymous', `/api/v1/status-updates/${publicUpdate}`));
    expect(one.evidence).toHaveLength(1);
    expect((await request('anonymous', `/api/v1/status-updates/${internalUpdate}`)).statusCode).toBe(404);
    const page = json(await request('anonymous', '/api/v1/status-updates'));
    expect([page.total, ids(page)]).toEqual([1, [publicUpdate]]);
    expect(json(await request('anonymous', '/api/v1/status-updates?status=fulfilled')).total).toBe(0);
    expect(json(await request('anonymous', '/api/v1/status-updates?conference=20')).total).toBe(1);
    const readerPage = json(await request('reader', '/api/v1/status-updates?conference=20'));
    expect(readerPage.total).toBe(2);
    expect(readerPage.items.find((u: { id: number }) => u.id === publicUpdate).evidence).toHaveLength(2);
  });

  it('a public update cannot be corrected by an internal one (422, nothing written); a public correction is public', async () => {
    const { app, database, request, demandId, publicUpdate } = await fixture();
    const count = () => (database.sqlite.prepare('SELECT count(*) AS n FROM status_updates').get() as { n: number }).n;
    const before = count();
    const refused = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/demands/${demandId}/status-updates`,
      payload: {
        narrative: 'Sachstand',
        reporter: 'NI',
        asOf: '2025-06-01',
        status: 'under_examination',
        corrects: publicUpdate,
        correctionReason: 'Falsch erfasst',
        visibility: 'internal',
      },
    });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(json(refused).code).toBe('status_updates.correction_less_visible');
    expect(count()).toBe(before);
    expect(json(await request('anonymous', `/api/v1/status-updates/${publicUpdate}`)).retracted).toBe(false);
    const correction = await postStatus(app, demandId, {
      status: 'under_examination',
      corrects: publicUpdate,
      correctionReason: 'Falsch erfasst',
    });
    const anon = json(await request('anonymous', `/api/v1/status-updates/${publicUpdate}`));
    expect(anon).toMatchObject({ retracted: true, retraction: { reason: 'Falsch erfasst', replacementId: correction } });
  });
});

describe('public `modified` of a demand follows its public history', () => {
  it('a back-dated public update and the retraction of an older public one move it (the current status stays); internal ones do not', async () => {
    const t = await createTestApp();
    const { demandId } = await minimalRecord(t.app);
    const url = `/api/v1/demands/${demandId}`;
    const older = await postStatus(t.app, demandId, { status: 'in_progress', asOf: '2025-06-01' });
    await postStatus(t.app, demandId, { status: 'partially_fulfilled', asOf: '2025-10-01' });
    const seen = async () => {
      const res = await t.request('anonymous', url);
      return { modified: json(res).modified as string, etag: res.headers.etag, current: json(res).status.key as string };
    };
    let last = await seen();

    // An internal update, even back-dated, changes nothing the public sees.
    await postStatus(t.app, demandId, { status: 'open', asOf: '2025-05-01', visibility: 'internal' });
    expect(await seen()).toEqual(last);

    // A back-dated public update joins the public history below the current one.
    await postStatus(t.app, demandId, { status: 'under_examination', asOf: '2025-05-15' });
    let now = await seen();
    expect(now.current).toBe('partially_fulfilled');
    expect(now.modified > last.modified).toBe(true);
    expect(now.etag).not.toBe(last.etag);
    last = now;

    // Retracting an older public update changes its entry in the public history.
    const retraction = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/status-updates/${older}/retraction`,
      payload: { reason: 'Doppelt erfasst.', reporter: 'NI' },
    });
    expect(retraction.statusCode, retraction.body).toBe(201);
    now = await seen();
    expect(now.current).toBe('partially_fulfilled');
    expect(now.modified > last.modified).toBe(true);
    const since = new Date(new Date(last.modified).getTime() + 1).toISOString();
    expect(ids(json(await t.request('anonymous', `/api/v1/demands?modified_since=${since}`)))).toEqual([demandId]);
  });
});

describe('positions in the public view', () => {
  it('count only public siblings, so no gap shows where an internal demand or thread member sits', async () => {
    const t = await createTestApp();
    const { resolutionId, demandId } = await minimalRecord(t.app);
    const hidden = await postDemand(t.app, resolutionId, { visibility: 'internal', summary: 'Intern' });
    const last = await postDemand(t.app, resolutionId, { summary: 'Öffentlich' });
    const positions = async (as: As) =>
      (json(await t.request(as, `/api/v1/resolutions/${resolutionId}`)).demands as { id: number; position: number }[]).map((d) => [
        d.id,
        d.position,
      ]);
    expect(await positions('reader')).toEqual([
      [demandId, 0],
      [hidden, 1],
      [last, 2],
    ]);
    expect(await positions('anonymous')).toEqual([
      [demandId, 0],
      [last, 1],
    ]);
    // The same inside a thread: the hidden member first, the public one second.
    const thread = json(await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/threads', payload: { title: 'Strang' } }))
      .id as number;
    for (const id of [hidden, last]) {
      const res = await t.app.inject({
        as: 'admin',
        method: 'POST',
        url: `/api/v1/threads/${thread}/members`,
        payload: { demandId: id, relation: 'reiterated' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect(json(await t.request('reader', `/api/v1/demands/${last}`)).thread.position).toBe(1);
    expect(json(await t.request('anonymous', `/api/v1/demands/${last}`)).thread.position).toBe(0);
  });
});
