import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { LAND_CODES } from '../src/domain/vocab.js';
import { createTestApp, json, minimalRecord, parsedAuditRows } from './helper.js';

async function conference(app: FastifyInstance, number = 20, year = 2025) {
  const res = await app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/conferences',
    payload: { number, year, startDate: `${year}-04-23`, endDate: `${year}-04-24` },
  });
  expect(res.statusCode).toBe(201);
}

function resolution(app: FastifyInstance, conferenceNumber: number, payload: Record<string, unknown>) {
  return app.inject({
    as: 'admin',
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

/** A note about no single demand and no budget reservation of its own. */
const noNoteLinks = { demandId: null, budgetReservation: false };

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
    expect(body.ziffern).toEqual(full.ziffern.map((z) => ({ heading: null, ...z })));
    expect(body.notes).toEqual([
      {
        ...noNoteLinks,
        kind: 'protokollnotiz',
        lands: ['BY'],
        ziffer: '2',
        text: 'Bayern trägt Ziffer 2 nicht mit.',
        visibility: 'public',
      },
      {
        ...noNoteLinks,
        kind: 'protokollerklaerung',
        lands: ['SN', 'TH'],
        ziffer: null,
        text: 'Erklärung zu Protokoll.',
        visibility: 'internal',
      },
    ]);

    const byId = await app.inject({ as: 'admin', url: `/api/v1/resolutions/${body.id}` });
    expect(byId.statusCode).toBe(200);
    expect(json(byId)).toEqual(body);
    const byTop = await app.inject({ as: 'admin', url: '/api/v1/conferences/20/resolutions/4.5' });
    expect(byTop.statusCode).toBe(200);
    expect(json(byTop)).toEqual(body);
    expect(json(await app.inject({ as: 'admin', url: '/api/v1/conferences/20' })).resolutionCount).toBe(1);
  });

  it('404 for unknown ids, TOPs and conferences', async () => {
    const { app } = await createTestApp();
    await conference(app);
    expect(json(await app.inject({ as: 'admin', url: '/api/v1/resolutions/77' })).code).toBe('resolutions.not_found');
    expect(json(await app.inject({ as: 'admin', url: '/api/v1/conferences/20/resolutions/9.9' })).code).toBe('resolutions.not_found');
    expect(json(await app.inject({ as: 'admin', url: '/api/v1/conferences/21/resolutions/1.1' })).code).toBe('conferences.not_found');
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
    const page = json(await app.inject({ as: 'admin', url: '/api/v1/conferences/20/resolutions' }));
    expect(page.total).toBe(5);
    expect(page.items.map((r: { top: string }) => r.top)).toEqual(['A', '1.2', '1.10', '2.1.a', '2.1.b']);
    const desc = json(await app.inject({ as: 'admin', url: '/api/v1/conferences/20/resolutions?sort=-top' }));
    expect(desc.items.map((r: { top: string }) => r.top)).toEqual(['2.1.b', '2.1.a', '1.10', '1.2', 'A']);
    expect((await app.inject({ as: 'admin', url: '/api/v1/conferences/99/resolutions' })).statusCode).toBe(404);
  });

  it('orders 1.9 before 1.10 and 2.1 after 1.10 (also after reordering via PATCH of top)', async () => {
    const { app } = await createTestApp();
    await conference(app);
    const ids: Record<string, number> = {};
    for (const top of ['2.1', '1.10', '1.9', 'B']) ids[top] = json(await resolution(app, 20, { top })).id;
    let tops = json(await app.inject({ as: 'admin', url: '/api/v1/conferences/20/resolutions' })).items.map((r: { top: string }) => r.top);
    expect(tops).toEqual(['B', '1.9', '1.10', '2.1']);
    await app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/resolutions/${ids.B}`, payload: { top: '3.1' } });
    tops = json(await app.inject({ as: 'admin', url: '/api/v1/conferences/20/resolutions' })).items.map((r: { top: string }) => r.top);
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
    const ids = (url: string) => app.inject({ as: 'admin', url: url }).then((r) => json(r).items.map((i: { id: number }) => i.id));

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
    expect((await app.inject({ as: 'admin', url: '/api/v1/resolutions?proposer=XX' })).statusCode).toBe(400);
    expect((await app.inject({ as: 'admin', url: '/api/v1/resolutions?adoption=nope' })).statusCode).toBe(400);
    expect((await app.inject({ as: 'admin', url: '/api/v1/resolutions?conference=abc' })).statusCode).toBe(400);
  });

  it('paginates with total and next', async () => {
    const { app } = await createTestApp();
    await conference(app);
    for (const top of ['1.1', '1.2', '1.3']) await resolution(app, 20, { top });
    const page = json(await app.inject({ as: 'admin', url: '/api/v1/resolutions?limit=2&conference=20' }));
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(2);
    expect(page.next).toBe('http://localhost:80/api/v1/resolutions?limit=2&conference=20&offset=2');
    const last = json(await app.inject({ as: 'admin', url: page.next }));
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
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/resolutions/${created.id}`,
      payload: { title: 'Neuer Titel', proposers: 'all', ziffern: [{ number: '1', heading: null, text: 'Einzige Ziffer' }], notes: [] },
    });
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body).toMatchObject({ title: 'Neuer Titel', allLaender: true, adoption: 'mehrheitlich', preamble: 'Die IntMK stellt fest:' });
    expect(body.ziffern).toEqual([{ number: '1', heading: null, text: 'Einzige Ziffer' }]);
    expect(body.notes).toEqual([]);
    expect(body.modified > created.modified).toBe(true);

    // Leaving ziffern out keeps them.
    const kept = json(
      await app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/resolutions/${created.id}`, payload: { adoption: 'einstimmig' } }),
    );
    expect(kept.ziffern).toEqual([{ number: '1', heading: null, text: 'Einzige Ziffer' }]);
    // The search index follows the new title.
    expect(json(await app.inject({ as: 'admin', url: '/api/v1/resolutions?q=Neuer' })).total).toBe(1);
    expect(json(await app.inject({ as: 'admin', url: '/api/v1/resolutions?q=bedarfsgerecht' })).total).toBe(0);
  });

  it('refuses removing a Ziffer that carries a demand (422), nothing changed', async () => {
    const { app } = await createTestApp();
    const { resolutionId, demandId } = await minimalRecord(app);
    const res = await app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/resolutions/${resolutionId}`,
      payload: { ziffern: [{ number: '1', text: 'Nur noch Ziffer 1' }] },
    });
    expect(res.statusCode).toBe(422);
    expect(json(res).code).toBe('resolutions.ziffer_in_use');
    expect(json(res).detail).toContain(String(demandId));
    const after = json(await app.inject({ as: 'admin', url: `/api/v1/resolutions/${resolutionId}` }));
    expect(after.ziffern.map((z: { number: string }) => z.number)).toEqual(['1', '2']);
    // Changing the text of the Ziffer in use is fine.
    const ok = await app.inject({
      as: 'admin',
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
    const taken = await app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/resolutions/${r.id}`, payload: { top: '1.1' } });
    expect(taken.statusCode).toBe(409);
    expect(json(taken).code).toBe('resolutions.duplicate_top');
    const orphanNote = await app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/resolutions/${r.id}`,
      payload: { ziffern: [{ number: '1', text: 'x' }] },
    });
    expect(orphanNote.statusCode).toBe(422);
    expect(json(orphanNote).code).toBe('resolutions.unknown_ziffer');
    expect((await app.inject({ as: 'admin', method: 'PATCH', url: '/api/v1/resolutions/999', payload: { title: 'x' } })).statusCode).toBe(
      404,
    );
  });
});

describe('DELETE', () => {
  it('deletes with 204, removes children and logs the deletion', async () => {
    const t = await createTestApp();
    const { resolutionId } = await minimalRecord(t.app);
    const res = await t.app.inject({ as: 'admin', method: 'DELETE', url: `/api/v1/resolutions/${resolutionId}` });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ as: 'admin', url: `/api/v1/resolutions/${resolutionId}` })).statusCode).toBe(404);
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
    expect(json(await t.app.inject({ as: 'admin', url: '/api/v1/conferences/20' })).resolutionCount).toBe(0);
  });

  it('409 resolutions.has_history when a demand has a status update', async () => {
    const t = await createTestApp();
    const { resolutionId, demandId } = await minimalRecord(t.app);
    const up = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/demands/${demandId}/status-updates`,
      payload: { status: 'in_progress', asOf: '2025-06-01', narrative: 'läuft', reporter: 'NI' },
    });
    expect(up.statusCode).toBe(201);
    const res = await t.app.inject({ as: 'admin', method: 'DELETE', url: `/api/v1/resolutions/${resolutionId}` });
    expect(res.statusCode).toBe(409);
    expect(json(res).code).toBe('resolutions.has_history');
    expect((await t.app.inject({ as: 'admin', url: `/api/v1/resolutions/${resolutionId}` })).statusCode).toBe(200);
    expect(count(t, 'deletions')).toBe(0);
    expect(count(t, 'demands')).toBe(1);
  });
});

type T = Awaited<ReturnType<typeof createTestApp>>;

/**
 * A conference as the internal minutes hold it: a public resolution with an internal protocol note
 * and an internal demand, an internal resolution, a rejected and a withdrawn one (both marked
 * public, which must not matter), and a merged one whose target is the rejected one.
 */
async function mixedRecord(t: T) {
  await conference(t.app);
  const create = async (payload: Record<string, unknown>) => {
    const res = await resolution(t.app, 20, payload);
    expect(res.statusCode, res.body).toBe(201);
    return json(res).id as number;
  };
  const open = await create({
    top: '1.1',
    title: 'Sprachkurse öffentlich ausbauen',
    ziffern: [{ number: '1', text: 'Die IntMK fordert mehr Sprachkurse.' }],
    notes: [
      { lands: ['BY'], ziffer: '1', text: 'Bayern trägt Ziffer 1 mit.' },
      { lands: ['SN'], text: 'INTERNMARKE Notiz: Sachsen stimmt nur unter Vorbehalt zu.', visibility: 'internal' },
    ],
  });
  const internal = await create({
    top: '1.2',
    title: 'INTERNMARKE Geheimsache Alpha',
    visibility: 'internal',
    ziffern: [{ number: '1', text: 'Verschlusswort im Text.' }],
  });
  const rejected = await create({ top: '1.3', title: 'INTERNMARKE Abgelehnter Antrag Beta', adoption: 'abgelehnt' });
  const withdrawn = await create({ top: '1.4', title: 'INTERNMARKE Zurückgezogener Antrag Gamma', adoption: 'zurueckgezogen' });
  const merged = await create({ top: '1.5', title: 'Zusammengelegter Antrag', adoption: 'zusammengelegt', mergedIntoTop: '1.3' });
  const demand = (payload: Record<string, unknown>) =>
    t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/resolutions/${open}/demands`,
      payload: { ziffer: '1', kind: 'forderung', addressees: ['BREG'], wording: 'Mehr Sprachkurse.', summary: 'Sprachkurse', ...payload },
    });
  expect((await demand({})).statusCode).toBe(201);
  expect((await demand({ summary: 'INTERNMARKE interne Forderung', visibility: 'internal' })).statusCode).toBe(201);
  return { open, internal, rejected, withdrawn, merged };
}

describe('visibility', () => {
  it('anonymous gets 404 for internal, rejected and withdrawn resolutions by id and by TOP; reader reads them', async () => {
    const t = await createTestApp();
    const ids = await mixedRecord(t);
    const missing = json(await t.request('anonymous', '/api/v1/resolutions/9999'));
    for (const [top, id] of [
      ['1.2', ids.internal],
      ['1.3', ids.rejected],
      ['1.4', ids.withdrawn],
    ] as const) {
      const byId = await t.request('anonymous', `/api/v1/resolutions/${id}`);
      expect(byId.statusCode, top).toBe(404);
      expect(json(byId)).toMatchObject({ code: missing.code, title: missing.title, detail: `Der Beschluss ${id} ist nicht erfasst.` });
      const byTop = await t.request('anonymous', `/api/v1/conferences/20/resolutions/${top}`);
      expect(byTop.statusCode, top).toBe(404);
      expect(json(byTop).detail).toBe(`Die 20. IntMK hat keinen Beschluss unter TOP ${top}.`);
      expect(byTop.body).not.toContain('INTERNMARKE');

      expect((await t.request('reader', `/api/v1/resolutions/${id}`)).statusCode, top).toBe(200);
      expect(json(await t.request('reader', `/api/v1/conferences/20/resolutions/${top}`)).id).toBe(id);
    }
  });

  it('anonymous sees only public notes and demands of a public resolution, counted in the same view', async () => {
    const t = await createTestApp();
    const { open } = await mixedRecord(t);
    const anon = await t.request('anonymous', `/api/v1/resolutions/${open}`);
    expect(anon.statusCode).toBe(200);
    expect(anon.body).not.toContain('INTERNMARKE');
    const body = json(anon);
    expect(body.notes).toEqual([
      { ...noNoteLinks, kind: 'protokollnotiz', lands: ['BY'], ziffer: '1', text: 'Bayern trägt Ziffer 1 mit.', visibility: 'public' },
    ]);
    expect(body.demands).toHaveLength(1);
    expect(body.demandCount).toBe(1);
    expect(json(await t.request('anonymous', '/api/v1/conferences/20/resolutions/1.1'))).toEqual(body);
    const listed = json(await t.request('anonymous', '/api/v1/resolutions?conference=20')).items.find((r: { id: number }) => r.id === open);
    expect(listed.demandCount).toBe(1);

    const reader = json(await t.request('reader', `/api/v1/resolutions/${open}`));
    expect(reader.notes).toHaveLength(2);
    expect(reader.demands).toHaveLength(2);
    expect(reader.demandCount).toBe(2);
    const readerListed = json(await t.request('reader', '/api/v1/resolutions?conference=20')).items.find(
      (r: { id: number }) => r.id === open,
    );
    expect(readerListed.demandCount).toBe(2);
  });

  it('a merged resolution names its target to the public only when the target is public', async () => {
    const t = await createTestApp();
    const { merged } = await mixedRecord(t);
    expect(json(await t.request('anonymous', `/api/v1/resolutions/${merged}`)).mergedIntoTop).toBeNull();
    expect(json(await t.request('reader', `/api/v1/resolutions/${merged}`)).mergedIntoTop).toBe('1.3');
    // A public target stays named.
    await t.app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/resolutions/${merged}`, payload: { mergedIntoTop: '1.1' } });
    expect(json(await t.request('anonymous', `/api/v1/resolutions/${merged}`)).mergedIntoTop).toBe('1.1');
  });

  it('lists, filters, text search and totals never show internal resolutions to the public', async () => {
    const t = await createTestApp();
    const ids = await mixedRecord(t);
    const page = async (as: 'anonymous' | 'reader', url: string) => {
      const res = await t.request(as, url);
      expect(res.statusCode, url).toBe(200);
      if (as === 'anonymous') expect(res.body, url).not.toContain('INTERNMARKE');
      const body = json(res);
      return { ids: body.items.map((i: { id: number }) => i.id), total: body.total };
    };
    expect(await page('anonymous', '/api/v1/resolutions')).toEqual({ ids: [ids.open, ids.merged], total: 2 });
    expect(await page('anonymous', '/api/v1/conferences/20/resolutions')).toEqual({ ids: [ids.open, ids.merged], total: 2 });
    expect(await page('anonymous', '/api/v1/resolutions?limit=1')).toEqual({ ids: [ids.open], total: 2 });
    for (const q of [
      'visibility=internal',
      'adoption=abgelehnt',
      'adoption=zurueckgezogen,abgelehnt',
      'q=Geheimsache',
      'q=Verschlusswort',
      'q=Gamma',
      'q=INTERNMARKE',
    ]) {
      expect(await page('anonymous', `/api/v1/resolutions?${q}`), q).toEqual({ ids: [], total: 0 });
      expect(await page('anonymous', `/api/v1/conferences/20/resolutions?${q}`), q).toEqual({ ids: [], total: 0 });
    }
    expect(await page('anonymous', '/api/v1/resolutions?visibility=public')).toEqual({ ids: [ids.open, ids.merged], total: 2 });

    const all = [ids.open, ids.internal, ids.rejected, ids.withdrawn, ids.merged];
    expect(await page('reader', '/api/v1/resolutions')).toEqual({ ids: all, total: 5 });
    expect(await page('reader', '/api/v1/resolutions?visibility=internal')).toEqual({ ids: [ids.internal], total: 1 });
    expect(await page('reader', '/api/v1/resolutions?adoption=abgelehnt')).toEqual({ ids: [ids.rejected], total: 1 });
    expect(await page('reader', '/api/v1/resolutions?q=Verschlusswort')).toEqual({ ids: [ids.internal], total: 1 });
    expect(await page('reader', '/api/v1/resolutions?q=Gamma')).toEqual({ ids: [ids.withdrawn], total: 1 });
  });

  it('the conference counts only the resolutions the caller may see', async () => {
    const t = await createTestApp();
    await mixedRecord(t);
    const anon = await t.request('anonymous', '/api/v1/conferences/20');
    expect(json(anon).resolutionCount).toBe(2);
    expect(json(await t.request('anonymous', '/api/v1/conferences')).items[0].resolutionCount).toBe(2);
    expect(json(await t.request('reader', '/api/v1/conferences/20')).resolutionCount).toBe(5);
    expect(json(await t.request('reader', '/api/v1/conferences')).items[0].resolutionCount).toBe(5);
    // The count is part of the representation, so the two views carry different ETags.
    expect(anon.headers.etag).not.toBe((await t.request('reader', '/api/v1/conferences/20')).headers.etag);
  });
});

describe('If-Match and the audit trail', () => {
  it('PATCH: 428 without If-Match, 412 when stale, 200 with the ETag from GET; nothing changes on refusal', async () => {
    const t = await createTestApp();
    const { resolutionId } = await minimalRecord(t.app);
    const url = `/api/v1/resolutions/${resolutionId}`;
    const auditCount = () => t.services.audit.count();
    const before = auditCount();
    const read = await t.request('reader', url);
    const etag = read.headers.etag as string;
    expect(etag).toMatch(/^"/);

    const missing = await t.app.inject({ as: 'admin', method: 'PATCH', url, payload: { title: 'Neu' }, ifMatch: false });
    expect(missing.statusCode).toBe(428);
    expect(json(missing).code).toBe('precondition.required');
    const stale = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url,
      payload: { title: 'Neu' },
      headers: { 'if-match': '"veraltet"' },
    });
    expect(stale.statusCode).toBe(412);
    expect(json(stale).code).toBe('precondition.failed');
    expect(json(await t.app.inject({ as: 'admin', url: url })).title).toBe(json(read).title);
    expect(auditCount()).toBe(before);

    const ok = await t.app.inject({ as: 'admin', method: 'PATCH', url, payload: { title: 'Neu' }, headers: { 'if-match': etag } });
    expect(ok.statusCode).toBe(200);
    expect(json(ok).title).toBe('Neu');
    expect(ok.headers.etag).toBeDefined();
    expect(ok.headers.etag).not.toBe(etag);
    expect(ok.headers.etag).toBe((await t.app.inject({ as: 'admin', url: url })).headers.etag);
    // The old tag is stale now.
    const again = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url,
      payload: { title: 'Noch neuer' },
      headers: { 'if-match': etag },
    });
    expect(again.statusCode).toBe(412);

    const records = parsedAuditRows(t.database, ok.headers['x-request-id'] as string);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'resolutions.update', entity: 'resolution', entity_id: String(resolutionId) });
    expect(records[0]?.before.title).toBe(json(read).title);
    expect(records[0]?.after.title).toBe('Neu');
    expect(auditCount()).toBe(before + 1);
  });

  it('DELETE: 428 without If-Match, 412 when stale, 204 with the ETag; one audit record, the deletion log stays', async () => {
    const t = await createTestApp();
    const { resolutionId } = await minimalRecord(t.app);
    const url = `/api/v1/resolutions/${resolutionId}`;
    const etag = (await t.app.inject({ as: 'admin', url: url })).headers.etag as string;
    expect((await t.app.inject({ as: 'admin', method: 'DELETE', url, ifMatch: false })).statusCode).toBe(428);
    expect((await t.app.inject({ as: 'admin', method: 'DELETE', url, headers: { 'if-match': '"veraltet"' } })).statusCode).toBe(412);
    expect((await t.app.inject({ as: 'admin', url: url })).statusCode).toBe(200);
    expect(count(t, 'deletions')).toBe(0);

    const res = await t.app.inject({ as: 'admin', method: 'DELETE', url, headers: { 'if-match': etag, 'x-request-id': 'del-res-1' } });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ as: 'admin', url: url })).statusCode).toBe(404);
    const records = parsedAuditRows(t.database, 'del-res-1');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'resolutions.delete', entity: 'resolution', entity_id: String(resolutionId), after: null });
    expect(records[0]?.before).toMatchObject({ id: resolutionId, top: '4.5' });
    const log = t.database.sqlite.prepare('SELECT entity_id, request_id FROM deletions').all();
    expect(log).toEqual([{ entity_id: String(resolutionId), request_id: res.headers['x-request-id'] }]);
    // Unknown ids are 404 before any precondition.
    expect((await t.app.inject({ as: 'admin', method: 'DELETE', url, ifMatch: false })).statusCode).toBe(404);
  });

  it('POST leaves one audit record naming the new resolution; a refused POST leaves none', async () => {
    const t = await createTestApp();
    await conference(t.app);
    const res = await resolution(t.app, 20, { top: '1.1' });
    expect(res.statusCode).toBe(201);
    const records = parsedAuditRows(t.database, res.headers['x-request-id'] as string);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'resolutions.create', entity: 'resolution', entity_id: String(json(res).id), before: null });
    expect(records[0]?.after).toEqual(json(res));
    const n = t.services.audit.count();
    expect((await resolution(t.app, 20, { top: '1.1' })).statusCode).toBe(409);
    expect(t.services.audit.count()).toBe(n);
  });

  it('only chair and admin write resolutions', async () => {
    const t = await createTestApp();
    await conference(t.app);
    const payload = { top: '1.1', title: 'T', proposers: ['NI'], adoption: 'einstimmig' };
    for (const as of ['anonymous', 'reader', 'editorNI'] as const) {
      const res = await t.request(as, { method: 'POST', url: '/api/v1/conferences/20/resolutions', payload });
      expect(res.statusCode, as).toBe(as === 'anonymous' ? 401 : 403);
    }
    expect((await t.request('chair', { method: 'POST', url: '/api/v1/conferences/20/resolutions', payload })).statusCode).toBe(201);
  });
});

describe('request bounds', () => {
  it('refuses overlong strings and lists with 400', async () => {
    const t = await createTestApp();
    await conference(t.app);
    expect((await resolution(t.app, 20, { top: '1.1', title: 'x'.repeat(1001) })).statusCode).toBe(400);
    expect((await resolution(t.app, 20, { top: '1.1', proposers: [...LAND_CODES, 'NI'] })).statusCode).toBe(400);
    const many = Array.from({ length: 201 }, (_, i) => ({ number: String(i + 1), text: 't' }));
    expect((await resolution(t.app, 20, { top: '1.1', ziffern: many })).statusCode).toBe(400);
    expect((await t.app.inject({ as: 'admin', url: `/api/v1/resolutions?q=${'a'.repeat(201)}` })).statusCode).toBe(400);
    const conferences = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    expect((await t.app.inject({ as: 'admin', url: `/api/v1/resolutions?conference=${conferences}` })).statusCode).toBe(400);
    expect(count(t, 'resolutions')).toBe(0);
  });
});
