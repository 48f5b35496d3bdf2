import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { LAND_CODES } from '../src/domain/vocab.js';
import { createTestApp, json, minimalRecord } from './helper.js';

async function conference(app: FastifyInstance, number = 20, year = 2025) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/conferences',
    payload: { number, year, startDate: `${year}-04-23`, endDate: `${year}-04-24` },
  });
  expect(res.statusCode).toBe(201);
}

function resolution(app: FastifyInstance, conferenceNumber: number, payload: Record<string, unknown>) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/conferences/${conferenceNumber}/resolutions`,
    payload: { title: 'Ein Beschluss', proposers: ['NI'], adoption: 'einstimmig', ...payload },
  });
}

const count = (t: Awaited<ReturnType<typeof createTestApp>>, table: string) =>
  (t.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

const full = {
  top: '4.5',
  agendaHeading: 'Migrationsberatung',
  title: 'Migrationsberatung für Erwachsene (MBE) bedarfsgerecht finanzieren',
  proposers: ['NI', 'HB', 'BE'],
  coordinatingLand: 'NI',
  adoption: 'mehrheitlich',
  preamble: 'Die IntMK stellt fest:',
  circular: { number: '01/2025', date: '2025-05-02' },
  ziffern: [
    { number: '1', text: 'Die IntMK bekräftigt die große Bedeutung der MBE.' },
    { number: '2', text: 'Sie fordert die Bundesregierung auf, die MBE auskömmlich zu finanzieren.' },
  ],
  notes: [
    { lands: ['BY'], ziffer: '2', text: 'Bayern trägt Ziffer 2 nicht mit.' },
    { kind: 'protokollerklaerung', lands: ['SN', 'TH'], text: 'Erklärung zu Protokoll.', visibility: 'internal' },
  ],
};

describe('create and read', () => {
  it('creates a resolution with Ziffern and notes and reads it by id and by TOP', async () => {
    const { app } = await createTestApp();
    await conference(app);
    const res = await resolution(app, 20, full);
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(res.headers.location).toBe(`/api/v1/resolutions/${body.id}`);
    expect(body).toMatchObject({
      conference: 20,
      top: '4.5',
      agendaHeading: 'Migrationsberatung',
      proposers: ['NI', 'HB', 'BE'],
      allLaender: false,
      coordinatingLand: 'NI',
      adoption: 'mehrheitlich',
      adoptionLabel: 'mehrheitlich',
      mergedIntoTop: null,
      circular: { number: '01/2025', date: '2025-05-02' },
      visibility: 'public',
      preamble: 'Die IntMK stellt fest:',
      demandCount: 0,
      demands: [],
    });
    expect(body.ziffern).toEqual(full.ziffern);
    expect(body.notes).toEqual([
      { kind: 'protokollnotiz', lands: ['BY'], ziffer: '2', text: 'Bayern trägt Ziffer 2 nicht mit.', visibility: 'public' },
      { kind: 'protokollerklaerung', lands: ['SN', 'TH'], ziffer: null, text: 'Erklärung zu Protokoll.', visibility: 'internal' },
    ]);

    const byId = await app.inject(`/api/v1/resolutions/${body.id}`);
    expect(byId.statusCode).toBe(200);
    expect(json(byId)).toEqual(body);
    const byTop = await app.inject('/api/v1/conferences/20/resolutions/4.5');
    expect(byTop.statusCode).toBe(200);
    expect(json(byTop)).toEqual(body);
    expect(json(await app.inject('/api/v1/conferences/20')).resolutionCount).toBe(1);
  });

  it('404 for unknown ids, TOPs and conferences', async () => {
    const { app } = await createTestApp();
    await conference(app);
    expect(json(await app.inject('/api/v1/resolutions/77')).code).toBe('resolutions.not_found');
    expect(json(await app.inject('/api/v1/conferences/20/resolutions/9.9')).code).toBe('resolutions.not_found');
    expect(json(await app.inject('/api/v1/conferences/21/resolutions/1.1')).code).toBe('conferences.not_found');
    const missing = await resolution(app, 21, { top: '1.1' });
    expect(missing.statusCode).toBe(404);
    expect(json(missing).code).toBe('conferences.not_found');
  });

  it('proposers "all" means all 16 Länder', async () => {
    const { app } = await createTestApp();
    await conference(app);
    const body = json(await resolution(app, 20, { top: '1.1', proposers: 'all' }));
    expect(body.allLaender).toBe(true);
    expect(body.proposers).toHaveLength(16);
    expect(body.proposers).toEqual([...LAND_CODES]);
  });

  it('duplicate TOP in the same conference: 409 resolutions.duplicate_top, nothing written', async () => {
    const t = await createTestApp();
    await conference(t.app);
    expect((await resolution(t.app, 20, { top: '4.5', ziffern: [{ number: '1', text: 'a' }] })).statusCode).toBe(201);
    const before = { r: count(t, 'resolutions'), z: count(t, 'ziffern'), n: count(t, 'protocol_notes'), s: count(t, 'search_index') };
    const dup = await resolution(t.app, 20, { ...full, top: '4.5' });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).code).toBe('resolutions.duplicate_top');
    expect({ r: count(t, 'resolutions'), z: count(t, 'ziffern'), n: count(t, 'protocol_notes'), s: count(t, 'search_index') }).toEqual(
      before,
    );
    // The same TOP in another conference is fine.
    await conference(t.app, 18, 2023);
    expect((await resolution(t.app, 18, { top: '4.5' })).statusCode).toBe(201);
  });

  it('refuses unknown Land codes in proposers with 400', async () => {
    const t = await createTestApp();
    await conference(t.app);
    const res = await resolution(t.app, 20, { top: '1.1', proposers: ['NI', 'XX'] });
    expect(res.statusCode).toBe(400);
    expect(json(res).errors[0].field).toBe('body.proposers');
    expect((await resolution(t.app, 20, { top: '1.1', proposers: [] })).statusCode).toBe(400);
    expect((await resolution(t.app, 20, { top: '1.1', proposers: 'some' })).statusCode).toBe(400);
    expect((await resolution(t.app, 20, { top: '1.1', adoption: 'angenommen' })).statusCode).toBe(400);
    expect((await resolution(t.app, 20, { top: '4 5' })).statusCode).toBe(400);
    expect(count(t, 'resolutions')).toBe(0);
  });

  it('protocol note on an unknown Ziffer: 422, nothing written', async () => {
    const t = await createTestApp();
    await conference(t.app);
    const res = await resolution(t.app, 20, {
      top: '1.1',
      ziffern: [{ number: '1', text: 'Text' }],
      notes: [{ lands: ['BY'], ziffer: '3', text: 'Notiz' }],
    });
    expect(res.statusCode).toBe(422);
    expect(json(res).code).toBe('resolutions.unknown_ziffer');
    expect(json(res).errors[0].field).toBe('body.notes.0.ziffer');
    expect(count(t, 'resolutions')).toBe(0);
  });

  it('duplicate Ziffer numbers and merged without target: 422', async () => {
    const { app } = await createTestApp();
    await conference(app);
    const dup = await resolution(app, 20, {
      top: '1.1',
      ziffern: [
        { number: '1', text: 'a' },
        { number: '1', text: 'b' },
      ],
    });
    expect(dup.statusCode).toBe(422);
    expect(json(dup).code).toBe('resolutions.duplicate_ziffer');
    const merged = await resolution(app, 20, { top: '1.1', adoption: 'zusammengelegt' });
    expect(json(merged).code).toBe('resolutions.merged_without_target');
    const self = await resolution(app, 20, { top: '1.1', adoption: 'zusammengelegt', mergedIntoTop: '1.1' });
    expect(json(self).code).toBe('resolutions.merged_into_self');
  });
});

describe('lists', () => {
  it('lists a conference in natural TOP order', async () => {
    const { app } = await createTestApp();
    await conference(app);
    for (const top of ['A', '1.10', '1.2', '2.1.a', '2.1.b']) {
      expect((await resolution(app, 20, { top })).statusCode).toBe(201);
    }
    const page = json(await app.inject('/api/v1/conferences/20/resolutions'));
    expect(page.total).toBe(5);
    expect(page.items.map((r: { top: string }) => r.top)).toEqual(['A', '1.2', '1.10', '2.1.a', '2.1.b']);
    const desc = json(await app.inject('/api/v1/conferences/20/resolutions?sort=-top'));
    expect(desc.items.map((r: { top: string }) => r.top)).toEqual(['2.1.b', '2.1.a', '1.10', '1.2', 'A']);
    expect((await app.inject('/api/v1/conferences/99/resolutions')).statusCode).toBe(404);
  });

  it('orders 1.9 before 1.10 and 2.1 after 1.10 (also after reordering via PATCH of top)', async () => {
    const { app } = await createTestApp();
    await conference(app);
    const ids: Record<string, number> = {};
    for (const top of ['2.1', '1.10', '1.9', 'B']) ids[top] = json(await resolution(app, 20, { top })).id;
    let tops = json(await app.inject('/api/v1/conferences/20/resolutions')).items.map((r: { top: string }) => r.top);
    expect(tops).toEqual(['B', '1.9', '1.10', '2.1']);
    await app.inject({ method: 'PATCH', url: `/api/v1/resolutions/${ids.B}`, payload: { top: '3.1' } });
    tops = json(await app.inject('/api/v1/conferences/20/resolutions')).items.map((r: { top: string }) => r.top);
    expect(tops).toEqual(['1.9', '1.10', '2.1', '3.1']);
  });

  it('lists across conferences with filters conference, proposer, adoption and q', async () => {
    const { app } = await createTestApp();
    await conference(app, 18, 2023);
    await conference(app, 20, 2025);
    const a = json(
      await resolution(app, 18, { top: '1.1', title: 'Sprachförderung in Kitas stärken', proposers: ['HE'], adoption: 'einstimmig' }),
    );
    const b = json(
      await resolution(app, 20, {
        top: '1.1',
        title: 'Einbürgerung erleichtern',
        proposers: 'all',
        adoption: 'mehrheitlich',
        ziffern: [{ number: '1', text: 'Die Wartezeiten bei den Behörden sind zu verkürzen.' }],
      }),
    );
    const c = json(
      await resolution(app, 20, { top: '2.1', title: 'Arbeitsmarktintegration', proposers: ['BY', 'SN'], adoption: 'abgelehnt' }),
    );
    const ids = (url: string) => app.inject(url).then((r) => json(r).items.map((i: { id: number }) => i.id));

    expect(await ids('/api/v1/resolutions')).toEqual([a.id, b.id, c.id]);
    expect(await ids('/api/v1/resolutions?sort=-top')).toEqual([c.id, b.id, a.id]);
    expect(await ids('/api/v1/resolutions?conference=20')).toEqual([b.id, c.id]);
    expect(await ids('/api/v1/resolutions?conference=18,20')).toEqual([a.id, b.id, c.id]);
    // "all" counts for every Land.
    expect(await ids('/api/v1/resolutions?proposer=SN')).toEqual([b.id, c.id]);
    expect(await ids('/api/v1/resolutions?proposer=HE')).toEqual([a.id, b.id]);
    expect(await ids('/api/v1/resolutions?adoption=einstimmig')).toEqual([a.id]);
    expect(await ids('/api/v1/resolutions?adoption=einstimmig,abgelehnt')).toEqual([a.id, c.id]);
    expect(await ids('/api/v1/resolutions?q=Sprachförderung')).toEqual([a.id]);
    expect(await ids('/api/v1/resolutions?q=einbürgerung')).toEqual([b.id]);
    // A word in a Ziffer finds its resolution.
    expect(await ids('/api/v1/resolutions?q=Wartezeiten')).toEqual([b.id]);
    expect(await ids('/api/v1/resolutions?q=Wartezeiten%20Kitas')).toEqual([]);
    expect(await ids('/api/v1/resolutions?conference=20&adoption=mehrheitlich&proposer=NI')).toEqual([b.id]);
    expect(await ids('/api/v1/conferences/20/resolutions?q=Arbeitsmarkt')).toEqual([c.id]);
    expect((await app.inject('/api/v1/resolutions?proposer=XX')).statusCode).toBe(400);
    expect((await app.inject('/api/v1/resolutions?adoption=nope')).statusCode).toBe(400);
    expect((await app.inject('/api/v1/resolutions?conference=abc')).statusCode).toBe(400);
  });

  it('paginates with total and next', async () => {
    const { app } = await createTestApp();
    await conference(app);
    for (const top of ['1.1', '1.2', '1.3']) await resolution(app, 20, { top });
    const page = json(await app.inject('/api/v1/resolutions?limit=2&conference=20'));
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(2);
    expect(page.next).toBe('/api/v1/resolutions?limit=2&conference=20&offset=2');
    const last = json(await app.inject(page.next));
    expect(last.items.map((r: { top: string }) => r.top)).toEqual(['1.3']);
    expect(last.next).toBeNull();
  });
});

describe('PATCH', () => {
  it('changes fields and replaces Ziffern and notes when given', async () => {
    const { app } = await createTestApp();
    await conference(app);
    const created = json(await resolution(app, 20, full));
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/resolutions/${created.id}`,
      payload: { title: 'Neuer Titel', proposers: 'all', ziffern: [{ number: '1', text: 'Einzige Ziffer' }], notes: [] },
    });
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body).toMatchObject({ title: 'Neuer Titel', allLaender: true, adoption: 'mehrheitlich', preamble: 'Die IntMK stellt fest:' });
    expect(body.ziffern).toEqual([{ number: '1', text: 'Einzige Ziffer' }]);
    expect(body.notes).toEqual([]);
    expect(body.modified > created.modified).toBe(true);

    // Leaving ziffern out keeps them.
    const kept = json(await app.inject({ method: 'PATCH', url: `/api/v1/resolutions/${created.id}`, payload: { adoption: 'einstimmig' } }));
    expect(kept.ziffern).toEqual([{ number: '1', text: 'Einzige Ziffer' }]);
    // The search index follows the new title.
    expect(json(await app.inject('/api/v1/resolutions?q=Neuer')).total).toBe(1);
    expect(json(await app.inject('/api/v1/resolutions?q=bedarfsgerecht')).total).toBe(0);
  });

  it('refuses removing a Ziffer that carries a demand (422), nothing changed', async () => {
    const { app } = await createTestApp();
    const { resolutionId, demandId } = await minimalRecord(app);
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/resolutions/${resolutionId}`,
      payload: { ziffern: [{ number: '1', text: 'Nur noch Ziffer 1' }] },
    });
    expect(res.statusCode).toBe(422);
    expect(json(res).code).toBe('resolutions.ziffer_in_use');
    expect(json(res).detail).toContain(String(demandId));
    const after = json(await app.inject(`/api/v1/resolutions/${resolutionId}`));
    expect(after.ziffern.map((z: { number: string }) => z.number)).toEqual(['1', '2']);
    // Changing the text of the Ziffer in use is fine.
    const ok = await app.inject({
      method: 'PATCH',
      url: `/api/v1/resolutions/${resolutionId}`,
      payload: { ziffern: [{ number: '2', text: 'Neu gefasst' }] },
    });
    expect(ok.statusCode).toBe(200);
    expect(json(ok).demands[0].ziffer).toBe('2');
  });

  it('refuses a TOP already taken (409) and a note on a Ziffer that the patch removes (422)', async () => {
    const { app } = await createTestApp();
    await conference(app);
    await resolution(app, 20, { top: '1.1' });
    const r = json(await resolution(app, 20, full));
    const taken = await app.inject({ method: 'PATCH', url: `/api/v1/resolutions/${r.id}`, payload: { top: '1.1' } });
    expect(taken.statusCode).toBe(409);
    expect(json(taken).code).toBe('resolutions.duplicate_top');
    const orphanNote = await app.inject({
      method: 'PATCH',
      url: `/api/v1/resolutions/${r.id}`,
      payload: { ziffern: [{ number: '1', text: 'x' }] },
    });
    expect(orphanNote.statusCode).toBe(422);
    expect(json(orphanNote).code).toBe('resolutions.unknown_ziffer');
    expect((await app.inject({ method: 'PATCH', url: '/api/v1/resolutions/999', payload: { title: 'x' } })).statusCode).toBe(404);
  });
});

describe('DELETE', () => {
  it('deletes with 204, removes children and logs the deletion', async () => {
    const t = await createTestApp();
    const { resolutionId } = await minimalRecord(t.app);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/resolutions/${resolutionId}` });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject(`/api/v1/resolutions/${resolutionId}`)).statusCode).toBe(404);
    expect(count(t, 'ziffern')).toBe(0);
    expect(count(t, 'demands')).toBe(0);
    expect(count(t, 'demand_addressees')).toBe(0);
    expect(count(t, 'search_index')).toBe(0);
    const log = t.database.sqlite.prepare('SELECT entity, entity_id, snapshot FROM deletions').all() as {
      entity: string;
      entity_id: string;
      snapshot: string;
    }[];
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ entity: 'resolution', entity_id: String(resolutionId) });
    expect(JSON.parse(log[0]?.snapshot ?? '{}')).toMatchObject({ top: '4.5', ziffern: [{ number: '1' }, { number: '2' }] });
    expect(json(await t.app.inject('/api/v1/conferences/20')).resolutionCount).toBe(0);
  });

  it('409 resolutions.has_history when a demand has a status update', async () => {
    const t = await createTestApp();
    const { resolutionId, demandId } = await minimalRecord(t.app);
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/v1/demands/${demandId}/status-updates`,
      payload: { status: 'in_progress', asOf: '2025-06-01', narrative: 'läuft', reporter: 'NI' },
    });
    expect(up.statusCode).toBe(201);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/resolutions/${resolutionId}` });
    expect(res.statusCode).toBe(409);
    expect(json(res).code).toBe('resolutions.has_history');
    expect((await t.app.inject(`/api/v1/resolutions/${resolutionId}`)).statusCode).toBe(200);
    expect(count(t, 'deletions')).toBe(0);
    expect(count(t, 'demands')).toBe(1);
  });
});
