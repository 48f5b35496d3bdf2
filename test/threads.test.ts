import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { auditRows, createTestApp, json, type TestInject } from './helper.js';

type App = FastifyInstance;

async function conference(app: App, number: number, year: number, startDate: string, endDate: string) {
  const res = await app.inject({ as: 'admin', method: 'POST', url: '/api/v1/conferences', payload: { number, year, startDate, endDate } });
  expect(res.statusCode).toBe(201);
}

async function demandAt(app: App, conferenceNumber: number, top: string, summary: string) {
  const r = await app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/conferences/${conferenceNumber}/resolutions`,
    payload: { top, title: `Beschluss ${top}`, proposers: 'all', adoption: 'einstimmig', ziffern: [{ number: '1', text: summary }] },
  });
  expect(r.statusCode).toBe(201);
  const d = await app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/resolutions/${json(r).id}/demands`,
    payload: { ziffer: '1', kind: 'forderung', addressees: ['BREG'], wording: summary, summary },
  });
  expect(d.statusCode).toBe(201);
  return json(d).id as number;
}

function status(app: App, demandId: number, s: string, asOf: string, narrative = 'Sachstand') {
  return app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/demands/${demandId}/status-updates`,
    payload: { status: s, asOf, narrative, reporter: 'NI' },
  });
}

async function setup() {
  const t = await createTestApp();
  const { app } = t;
  await conference(app, 18, 2023, '2023-04-26', '2023-04-27');
  await conference(app, 20, 2025, '2025-04-23', '2025-04-24');
  const d18 = await demandAt(app, 18, '2.1', 'Sprachkurse ausbauen (2023)');
  const d20 = await demandAt(app, 20, '4.5', 'Sprachkurse ausbauen (2025)');
  const d20b = await demandAt(app, 20, '4.6', 'Weitere Forderung');
  const created = await app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/threads',
    payload: {
      title: 'Sprachkurse',
      description: 'Wiederkehrende Forderung nach mehr Sprachkursen',
      origin: { text: 'fast durchgängig seit 2011', citation: 'Niederschrift 18. IntMK, TOP 2.1' },
      mentions: [{ year: 2011, text: 'fast durchgängig seit 2011', citation: 'Niederschrift 18. IntMK, TOP 2.1' }],
      members: [
        { demandId: d18, relation: 'reiterated' },
        { demandId: d20, relation: 'reiterated' },
      ],
    },
  });
  return { t, app, d18, d20, d20b, created };
}

describe('thread create and derived values', () => {
  it('creates a thread with members from two conferences', async () => {
    const { app, created, d18, d20 } = await setup();
    expect(created.statusCode).toBe(201);
    const body = json(created);
    expect(created.headers.location).toBe(`/api/v1/threads/${body.id}`);
    expect(body).toMatchObject({
      title: 'Sprachkurse',
      origin: { text: 'fast durchgängig seit 2011', citation: 'Niederschrift 18. IntMK, TOP 2.1' },
      firstRaised: 2011,
      openSince: 2011,
      yearsOpen: 15,
      conferences: [18, 20],
      memberCount: 2,
      status: { key: 'open', label: 'offen', asOf: null, updateId: null },
    });
    expect(body.members.map((m: { position: number; demand: { id: number } }) => [m.position, m.demand.id])).toEqual([
      [0, d18],
      [1, d20],
    ]);
    expect(body.members[0]).toMatchObject({ relation: 'reiterated', relationLabel: 'bekräftigt' });
    // The member demands point back at the thread.
    expect(json(await app.inject({ as: 'admin', url: `/api/v1/demands/${d18}` })).thread).toEqual({
      id: body.id,
      title: 'Sprachkurse',
      relation: 'reiterated',
      position: 0,
    });
    expect(json(await app.inject({ as: 'admin', url: `/api/v1/threads/${body.id}` }))).toEqual(body);
  });

  it('without an origin, firstRaised is the first member conference year', async () => {
    const { app, d20b } = await setup();
    const res = json(
      await app.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/threads',
        payload: { title: 'Ohne Ursprung', members: [{ demandId: d20b, relation: 'raised_first' }] },
      }),
    );
    expect(res).toMatchObject({ origin: null, firstRaised: 2025, yearsOpen: 1, conferences: [20] });
    expect(json(await app.inject({ as: 'admin', url: `/api/v1/demands/${d20b}` })).thread).toMatchObject({
      id: res.id,
      relation: 'raised_first',
      position: 0,
    });
  });

  it('derived status follows the latest member, not older ones', async () => {
    const { app, created, d18, d20 } = await setup();
    const id = json(created).id;
    // Only the 2023 member changes: the thread status stays with the 2025 member ("offen").
    expect((await status(app, d18, 'fulfilled', '2024-02-01')).statusCode).toBe(201);
    let thread = json(await app.inject({ as: 'admin', url: `/api/v1/threads/${id}` }));
    expect(thread.status).toMatchObject({ key: 'open', updateId: null });
    expect(thread.yearsOpen).toBe(15);

    const u = json(await status(app, d20, 'partially_fulfilled', '2025-09-01'));
    thread = json(await app.inject({ as: 'admin', url: `/api/v1/threads/${id}` }));
    expect(thread.status).toMatchObject({ key: 'partially_fulfilled', label: 'teilweise erfüllt', asOf: '2025-09-01', updateId: u.id });

    // Closing the latest member closes the thread.
    await status(app, d20, 'fulfilled', '2026-01-15');
    thread = json(await app.inject({ as: 'admin', url: `/api/v1/threads/${id}` }));
    expect(thread).toMatchObject({ status: { key: 'fulfilled' }, openSince: null, yearsOpen: null });
  });

  it('timeline holds origin, raised and status entries in date order', async () => {
    const { app, created, d18, d20 } = await setup();
    const id = json(created).id;
    await status(app, d20, 'in_progress', '2025-09-01', 'Mittel beantragt');
    await status(app, d18, 'under_examination', '2023-10-01', 'Wird geprüft');
    const timeline = json(await app.inject({ as: 'admin', url: `/api/v1/threads/${id}` })).timeline as {
      date: string;
      kind: string;
      conference: number | null;
      demandId: number | null;
      status: string | null;
      text: string;
    }[];
    expect(timeline.map((e) => [e.date, e.kind])).toEqual([
      ['2011-01-01', 'mention'],
      ['2023-04-26', 'raised'],
      ['2023-10-01', 'status'],
      ['2025-04-23', 'raised'],
      ['2025-09-01', 'status'],
    ]);
    expect(timeline[0]).toMatchObject({ conference: null, demandId: null, status: null });
    expect(timeline[0]?.text).toContain('fast durchgängig seit 2011');
    expect(timeline[1]).toMatchObject({ conference: 18, demandId: d18 });
    expect(timeline[1]?.text).toContain('18. IntMK 2023, TOP 2.1');
    expect(timeline[2]).toMatchObject({ status: 'under_examination', demandId: d18 });
    expect(timeline[4]).toMatchObject({ status: 'in_progress', demandId: d20, conference: 20 });
    expect(timeline[4]?.text).toContain('Mittel beantragt');
    const dates = timeline.map((e) => e.date);
    expect([...dates].sort()).toEqual(dates);
  });

  it('refuses unknown and duplicate members', async () => {
    const { app, d20b } = await setup();
    const unknown = await app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/threads',
      payload: { title: 'x', members: [{ demandId: 999, relation: 'reiterated' }] },
    });
    expect(unknown.statusCode).toBe(422);
    expect(json(unknown).code).toBe('threads.unknown_demand');
    const dup = await app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/threads',
      payload: {
        title: 'x',
        members: [
          { demandId: d20b, relation: 'reiterated' },
          { demandId: d20b, relation: 'extended' },
        ],
      },
    });
    expect(dup.statusCode).toBe(422);
    expect(json(dup).code).toBe('threads.duplicate_member');
  });
});

describe('members', () => {
  it('adds a member (201), at a position, a demand may join a second thread (decision 0010) but not the same one twice (409)', async () => {
    const { app, created, d18, d20, d20b } = await setup();
    const id = json(created).id;
    const added = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/threads/${id}/members`,
      payload: { demandId: d20b, relation: 'extended', position: 1 },
    });
    expect(added.statusCode).toBe(201);
    const body = json(added);
    expect(body.memberCount).toBe(3);
    expect(body.members.map((m: { position: number; demand: { id: number } }) => [m.position, m.demand.id])).toEqual([
      [0, d18],
      [1, d20b],
      [2, d20],
    ]);

    // The same demand may join another thread where the text joins two matters…
    const other = json(await app.inject({ as: 'admin', method: 'POST', url: '/api/v1/threads', payload: { title: 'Anderer Strang' } }));
    const second = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/threads/${other.id}/members`,
      payload: { demandId: d20b, relation: 'reiterated' },
    });
    expect(second.statusCode).toBe(201);
    const demand = json(await app.inject({ as: 'admin', url: `/api/v1/demands/${d20b}` }));
    expect(demand.threads.map((t: { id: number }) => t.id)).toEqual([id, other.id]);
    expect(demand.thread.id).toBe(id);
    // …but not the same thread twice.
    const again = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/threads/${other.id}/members`,
      payload: { demandId: d20b, relation: 'reiterated' },
    });
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('threads.demand_in_thread');
    const inCreate = await app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/threads',
      payload: { title: 'Dritter', members: [{ demandId: d18, relation: 'reiterated' }] },
    });
    expect(inCreate.statusCode).toBe(201);
    expect(json(await app.inject({ as: 'admin', url: `/api/v1/demands/${d18}` })).threads).toHaveLength(2);
    expect(
      (
        await app.inject({
          as: 'admin',
          method: 'POST',
          url: '/api/v1/threads/999/members',
          payload: { demandId: d20b, relation: 'reiterated' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('removes a member and renumbers the rest', async () => {
    const { app, created, d18, d20, d20b } = await setup();
    const id = json(created).id;
    await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/threads/${id}/members`,
      payload: { demandId: d20b, relation: 'extended' },
    });
    const res = await app.inject({ as: 'admin', method: 'DELETE', url: `/api/v1/threads/${id}/members/${d18}` });
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body.members.map((m: { position: number; demand: { id: number } }) => [m.position, m.demand.id])).toEqual([
      [0, d20],
      [1, d20b],
    ]);
    expect(body.conferences).toEqual([20]);
    // firstRaised still comes from the mention.
    expect(body.firstRaised).toBe(2011);
    expect(json(await app.inject({ as: 'admin', url: `/api/v1/demands/${d18}` })).thread).toBeNull();
    const gone = await app.inject({ as: 'admin', method: 'DELETE', url: `/api/v1/threads/${id}/members/${d18}` });
    expect(gone.statusCode).toBe(404);
    expect(json(gone).code).toBe('threads.member_not_found');
  });

  it('reorders with PUT /members/order; a non-permutation is 422', async () => {
    const { app, created, d18, d20, d20b } = await setup();
    const id = json(created).id;
    const res = await app.inject({
      as: 'admin',
      method: 'PUT',
      url: `/api/v1/threads/${id}/members/order`,
      payload: { demandIds: [d20, d18] },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res).members.map((m: { demand: { id: number } }) => m.demand.id)).toEqual([d20, d18]);
    expect(json(await app.inject({ as: 'admin', url: `/api/v1/demands/${d18}` })).thread.position).toBe(1);

    for (const demandIds of [[d20], [d20, d18, d20b], [d20, d20], [d18, d20b]]) {
      const bad = await app.inject({ as: 'admin', method: 'PUT', url: `/api/v1/threads/${id}/members/order`, payload: { demandIds } });
      expect(bad.statusCode, JSON.stringify(demandIds)).toBe(422);
      expect(json(bad).code).toBe('threads.invalid_order');
    }
    expect(
      json(await app.inject({ as: 'admin', url: `/api/v1/threads/${id}` })).members.map((m: { demand: { id: number } }) => m.demand.id),
    ).toEqual([d20, d18]);
    // The derived status still follows the latest member by date, not by position.
    await status(app, d20, 'in_progress', '2025-10-01');
    expect(json(await app.inject({ as: 'admin', url: `/api/v1/threads/${id}` })).status.key).toBe('in_progress');
  });

  it('changes the relation of a member', async () => {
    const { app, created, d20 } = await setup();
    const id = json(created).id;
    const res = await app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/threads/${id}/members/${d20}`,
      payload: { relation: 'narrowed' },
    });
    expect(res.statusCode).toBe(200);
    const member = json(res).members.find((m: { demand: { id: number } }) => m.demand.id === d20);
    expect(member).toMatchObject({ relation: 'narrowed', relationLabel: 'eingeschränkt' });
    expect(
      (await app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/threads/${id}/members/${d20}`, payload: { relation: 'vergessen' } }))
        .statusCode,
    ).toBe(400);
    expect(
      (await app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/threads/${id}/members/99999`, payload: { relation: 'narrowed' } }))
        .statusCode,
    ).toBe(404);
  });
});

describe('thread list, patch, delete', () => {
  it('lists with filters conference and open', async () => {
    const { app, created, d20, d20b } = await setup();
    const sprach = json(created).id;
    const other = json(
      await app.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/threads',
        payload: { title: 'Nur 2025', members: [{ demandId: d20b, relation: 'raised_first' }] },
      }),
    ).id;
    const ids = async (q: string) =>
      json(await app.inject({ as: 'admin', url: `/api/v1/threads${q}` })).items.map((i: { id: number }) => i.id);
    expect(await ids('')).toEqual([sprach, other]);
    expect(json(await app.inject({ as: 'admin', url: '/api/v1/threads' })).total).toBe(2);
    expect(await ids('?conference=18')).toEqual([sprach]);
    expect(await ids('?conference=20')).toEqual([sprach, other]);
    expect(await ids('?conference=19')).toEqual([]);
    expect(await ids('?open=true')).toEqual([sprach, other]);
    expect(await ids('?open=false')).toEqual([]);
    await status(app, d20b, 'rejected', '2025-12-01');
    expect(await ids('?open=true')).toEqual([sprach]);
    expect(await ids('?open=false')).toEqual([other]);
    expect(await ids('?status=rejected')).toEqual([other]);
    await status(app, d20, 'in_progress', '2025-12-01');
    expect(await ids('?status=in_progress')).toEqual([sprach]);
    expect(await ids('?q=sprachkurse')).toEqual([sprach]);
    expect(await ids('?sort=-yearsOpen')).toEqual([sprach, other]);
    const page = json(await app.inject({ as: 'admin', url: '/api/v1/threads?limit=1' }));
    expect(page.items).toHaveLength(1);
    expect(page.next).toBe('http://localhost:80/api/v1/threads?limit=1&offset=1'); // absolute, as integrators follow it
  });

  it('PATCH changes title, origin and mentions; the derived year follows the mentions', async () => {
    const { app, created } = await setup();
    const id = json(created).id;
    const res = await app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/threads/${id}`,
      payload: { title: 'Sprachkurse für alle', origin: null, mentions: [] },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ title: 'Sprachkurse für alle', origin: null, mentions: [], firstRaised: 2023, yearsOpen: 3 });
    expect(json(res).timeline.some((e: { kind: string }) => e.kind === 'mention')).toBe(false);
    const earlier = await app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/threads/${id}`,
      payload: { mentions: [{ year: 2009, conference: null, text: 'Bereits im Jahr 2009', citation: '20. IntMK 2025, TOP 2.1.b' }] },
    });
    expect(json(earlier)).toMatchObject({ firstRaised: 2009, mentions: [{ year: 2009, conference: null }] });
    expect((await app.inject({ as: 'admin', method: 'PATCH', url: '/api/v1/threads/999', payload: { title: 'x' } })).statusCode).toBe(404);
  });

  it('DELETE removes the thread but keeps its demands', async () => {
    const { t, app, created, d18, d20 } = await setup();
    const id = json(created).id;
    const res = await app.inject({ as: 'admin', method: 'DELETE', url: `/api/v1/threads/${id}` });
    expect(res.statusCode).toBe(204);
    expect((await app.inject({ as: 'admin', url: `/api/v1/threads/${id}` })).statusCode).toBe(404);
    for (const d of [d18, d20]) {
      const demand = await app.inject({ as: 'admin', url: `/api/v1/demands/${d}` });
      expect(demand.statusCode).toBe(200);
      expect(json(demand).thread).toBeNull();
    }
    expect(t.database.sqlite.prepare('SELECT count(*) AS n FROM thread_members').get()).toEqual({ n: 0 });
    expect(t.database.sqlite.prepare('SELECT entity FROM deletions WHERE entity_id = ?').all(String(id))).toEqual([{ entity: 'thread' }]);
    // The demands can join a new thread.
    const again = await app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/threads',
      payload: { title: 'Neu', members: [{ demandId: d18, relation: 'raised_first' }] },
    });
    expect(again.statusCode).toBe(201);
  });
});

describe('thread visibility', () => {
  const SECRET = 'GEHEIMMARKER';

  /**
   * Thread A (origin 2024): public members of the 18th and 20th IntMK plus an internal demand of
   * the 21st (2026) with an internal update – internally the latest member, so it sets the status.
   * Thread B (no origin): an internal demand of the 17th (2022) and a public one of the 20th.
   */
  async function visibilitySetup() {
    const t = await createTestApp();
    const { app } = t;
    await conference(app, 17, 2022, '2022-04-27', '2022-04-28');
    await conference(app, 18, 2023, '2023-04-26', '2023-04-27');
    await conference(app, 20, 2025, '2025-04-23', '2025-04-24');
    await conference(app, 21, 2026, '2026-04-22', '2026-04-23');
    const d18 = await demandAt(app, 18, '2.1', 'Sprachkurse ausbauen (2023)');
    const d20 = await demandAt(app, 20, '4.5', 'Sprachkurse ausbauen (2025)');
    const internalDemand = async (conferenceNumber: number, top: string) => {
      const r = await app.inject({
        as: 'admin',
        method: 'POST',
        url: `/api/v1/conferences/${conferenceNumber}/resolutions`,
        payload: { top, title: 'Öffentlicher Beschluss', proposers: 'all', adoption: 'einstimmig' },
      });
      expect(r.statusCode, r.body).toBe(201);
      const d = await app.inject({
        as: 'admin',
        method: 'POST',
        url: `/api/v1/resolutions/${json(r).id}/demands`,
        payload: {
          kind: 'forderung',
          addressees: ['BREG'],
          wording: `${SECRET} Wortlaut`,
          summary: `${SECRET} Kurzfassung`,
          visibility: 'internal',
        },
      });
      expect(d.statusCode, d.body).toBe(201);
      return json(d).id as number;
    };
    const d21 = await internalDemand(21, '1.1');
    const d17 = await internalDemand(17, '9.1');
    const d20b = await demandAt(app, 20, '4.6', 'Weitere Forderung');
    expect((await status(app, d21, 'rejected', '2026-05-01', `${SECRET} Votum`)).statusCode).toBe(201);
    // An internal update of a public demand: neither its status nor its text is public.
    const hidden = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/demands/${d20}/status-updates`,
      payload: { status: 'fulfilled', asOf: '2025-10-01', narrative: `${SECRET} intern`, reporter: 'NI', visibility: 'internal' },
    });
    expect(hidden.statusCode, hidden.body).toBe(201);
    const a = await app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/threads',
      payload: {
        title: 'Sprachkurse',
        origin: { text: 'seit 2024', citation: 'Niederschrift' },
        mentions: [{ year: 2024, text: 'seit 2024', citation: 'Niederschrift' }],
        members: [
          { demandId: d18, relation: 'raised_first' },
          { demandId: d21, relation: 'extended' },
          { demandId: d20, relation: 'reiterated' },
        ],
      },
    });
    expect(a.statusCode, a.body).toBe(201);
    const b = await app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/threads',
      payload: {
        title: 'Zweiter Strang',
        members: [
          { demandId: d17, relation: 'raised_first' },
          { demandId: d20b, relation: 'reiterated' },
        ],
      },
    });
    expect(b.statusCode, b.body).toBe(201);
    return { t, app, d18, d20, d21, d17, d20b, a: json(a).id as number, b: json(b).id as number };
  }

  it('anonymous callers see only public members; everything derived follows them', async () => {
    const { t, d18, d20, d21, a } = await visibilitySetup();
    const internal = json(await t.request('reader', `/api/v1/threads/${a}`));
    expect(internal).toMatchObject({
      memberCount: 3,
      conferences: [18, 20, 21],
      status: { key: 'rejected' },
      openSince: null,
      yearsOpen: null,
    });
    expect(internal.members.map((m: { demand: { id: number } }) => m.demand.id)).toEqual([d18, d21, d20]);

    const res = await t.request('anonymous', `/api/v1/threads/${a}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(SECRET);
    const pub = json(res);
    expect(pub).toMatchObject({
      memberCount: 2,
      conferences: [18, 20],
      // The latest public member is d20; its internal "fulfilled" update does not count.
      status: { key: 'open', asOf: null, updateId: null },
      firstRaised: 2023,
      openSince: 2023,
      yearsOpen: 3,
    });
    // Positions count the visible members only: no gap where the internal one sits.
    expect(pub.members.map((m: { position: number; demand: { id: number } }) => [m.position, m.demand.id])).toEqual([
      [0, d18],
      [1, d20],
    ]);
    expect(pub.timeline.some((e: { demandId: number | null }) => e.demandId === d21)).toBe(false);
    expect(pub.timeline.filter((e: { kind: string }) => e.kind === 'status')).toEqual([]);
    // The ETag of the anonymous view is not the one of the internal view.
    expect((await t.request('anonymous', `/api/v1/threads/${a}`)).headers.etag).not.toBe(
      (await t.request('reader', `/api/v1/threads/${a}`)).headers.etag,
    );
  });

  it('list filters, totals and sorting use only what the view shows', async () => {
    const { t, a, b } = await visibilitySetup();
    const page = async (as: 'anonymous' | 'reader', q: string) => {
      const res = await t.request(as, `/api/v1/threads${q}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(as === 'anonymous' ? res.body : '').not.toContain(SECRET);
      const body = json(res);
      return { ids: body.items.map((i: { id: number }) => i.id) as number[], total: body.total as number, items: body.items };
    };
    expect(await page('reader', '?conference=21')).toMatchObject({ ids: [a], total: 1 });
    expect(await page('anonymous', '?conference=21')).toMatchObject({ ids: [], total: 0 });
    expect(await page('reader', '?status=rejected')).toMatchObject({ ids: [a], total: 1 });
    expect(await page('anonymous', '?status=rejected')).toMatchObject({ ids: [], total: 0 });
    expect(await page('reader', '?open=false')).toMatchObject({ ids: [a], total: 1 });
    expect(await page('anonymous', '?open=false')).toMatchObject({ ids: [], total: 0 });
    // B was first raised in 2022 by its internal member, publicly in 2025; A in 2023.
    expect((await page('reader', '?sort=firstRaised')).ids).toEqual([b, a]);
    expect((await page('anonymous', '?sort=firstRaised')).ids).toEqual([a, b]);
    const pubB = (await page('anonymous', '')).items.find((i: { id: number }) => i.id === b);
    expect(pubB).toMatchObject({ firstRaised: 2025, memberCount: 1, conferences: [20], yearsOpen: 1 });
    // Internally A is closed (rejected); publicly it is open – the sort by years open follows.
    expect((await page('reader', '?sort=-yearsOpen')).ids).toEqual([b, a]);
    expect((await page('anonymous', '?sort=-yearsOpen')).ids).toEqual([a, b]);
  });

  it('a thread without a visible member does not exist publicly: 404 like a missing one, absent from items and total', async () => {
    const { t, app, a, b } = await visibilitySetup();
    const r = await app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/conferences/21/resolutions',
      payload: { top: '2.1', title: 'Beschluss 2.1', proposers: 'all', adoption: 'einstimmig' },
    });
    expect(r.statusCode, r.body).toBe(201);
    const d = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/resolutions/${json(r).id}/demands`,
      payload: { kind: 'forderung', addressees: ['BREG'], wording: 'Wortlaut', summary: 'Kurzfassung', visibility: 'internal' },
    });
    expect(d.statusCode, d.body).toBe(201);
    const created = await app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/threads',
      payload: { title: `${SECRET} Strang`, members: [{ demandId: json(d).id, relation: 'raised_first' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = json(created).id as number;

    // Readers still see it.
    expect((await t.request('reader', `/api/v1/threads/${c}`)).statusCode).toBe(200);
    const readerList = json(await t.request('reader', '/api/v1/threads'));
    expect(readerList.items.map((i: { id: number }) => i.id).sort()).toEqual([a, b, c].sort());
    expect(readerList.total).toBe(3);

    // Publicly it answers exactly as a thread that was never recorded.
    const hidden = await t.request('anonymous', `/api/v1/threads/${c}`);
    const missing = await t.request('anonymous', '/api/v1/threads/999999');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain(SECRET);
    expect(json(hidden).code).toBe(json(missing).code);
    expect(json(hidden).detail).toBe(json(missing).detail.replace('999999', String(c)));
    for (const q of ['', `?q=${SECRET}`, '?sort=title', '?limit=1']) {
      const res = await t.request('anonymous', `/api/v1/threads${q}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain(SECRET);
      const body = json(res);
      expect(body.items.map((i: { id: number }) => i.id)).not.toContain(c);
      expect(body.total).toBe(q.startsWith('?q=') ? 0 : 2);
    }
  });
});

describe('thread writes: If-Match and audit trail', () => {
  it('PATCH of a thread: 428 without If-Match, 412 when stale, 200 with the ETag from GET', async () => {
    const { t, app, created } = await setup();
    const id = json(created).id;
    const url = `/api/v1/threads/${id}`;
    const etag = (await app.inject({ as: 'admin', url: url })).headers.etag as string;
    expect(etag).toBeTruthy();
    const auditBefore = t.services.audit.count();

    const missing = await app.inject({ as: 'admin', method: 'PATCH', url, payload: { title: 'Ohne If-Match' }, ifMatch: false });
    expect(missing.statusCode).toBe(428);
    expect(json(missing).code).toBe('precondition.required');
    const stale = await app.inject({
      as: 'admin',
      method: 'PATCH',
      url,
      payload: { title: 'Veraltet' },
      headers: { 'if-match': '"veraltet"' },
    });
    expect(stale.statusCode).toBe(412);
    expect(json(stale).code).toBe('precondition.failed');
    expect(json(await app.inject({ as: 'admin', url: url })).title).toBe('Sprachkurse');
    expect(t.services.audit.count()).toBe(auditBefore);

    const ok = await app.inject({
      as: 'admin',
      method: 'PATCH',
      url,
      payload: { title: 'Sprachkurse für alle' },
      headers: { 'if-match': etag },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBeTruthy();
    expect(ok.headers.etag).not.toBe(etag);
    expect(ok.headers.etag).toBe((await app.inject({ as: 'admin', url: url })).headers.etag);
    // The old ETag is stale now.
    expect(
      (await app.inject({ as: 'admin', method: 'PATCH', url, payload: { title: 'x' }, headers: { 'if-match': etag } })).statusCode,
    ).toBe(412);

    const records = auditRows(t.database, String(ok.headers['x-request-id']));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'threads.update', entity: 'thread', entity_id: String(id) });
    expect(JSON.parse(records[0]?.before ?? 'null').title).toBe('Sprachkurse');
    expect(JSON.parse(records[0]?.after ?? 'null').title).toBe('Sprachkurse für alle');
    expect(t.services.audit.count()).toBe(auditBefore + 1);
  });

  it('member PATCH needs the thread ETag: 428, 412 (also with the member demand ETag), 200', async () => {
    const { t, app, created, d20 } = await setup();
    const id = json(created).id;
    const url = `/api/v1/threads/${id}/members/${d20}`;
    const relationOf = async () =>
      json(await app.inject({ as: 'admin', url: `/api/v1/threads/${id}` })).members.find(
        (m: { demand: { id: number } }) => m.demand.id === d20,
      ).relation;
    const etag = (await app.inject({ as: 'admin', url: `/api/v1/threads/${id}` })).headers.etag as string;

    const missing = await app.inject({ as: 'admin', method: 'PATCH', url, payload: { relation: 'narrowed' }, ifMatch: false });
    expect(missing.statusCode).toBe(428);
    // The ETag of the member demand is not the thread's.
    const demandTag = (await app.inject({ as: 'admin', url: `/api/v1/demands/${d20}` })).headers.etag as string;
    const stale = await app.inject({
      as: 'admin',
      method: 'PATCH',
      url,
      payload: { relation: 'narrowed' },
      headers: { 'if-match': demandTag },
    });
    expect(stale.statusCode).toBe(412);
    expect(await relationOf()).toBe('reiterated');

    const ok = await app.inject({ as: 'admin', method: 'PATCH', url, payload: { relation: 'narrowed' }, headers: { 'if-match': etag } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).not.toBe(etag);
    expect(await relationOf()).toBe('narrowed');
    const records = auditRows(t.database, String(ok.headers['x-request-id']));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'threads.members.update', entity: 'thread', entity_id: String(id) });
    const relation = (doc: string | null | undefined) =>
      JSON.parse(doc ?? 'null').members.find((m: { demand: { id: number } }) => m.demand.id === d20).relation;
    expect(relation(records[0]?.before)).toBe('reiterated');
    expect(relation(records[0]?.after)).toBe('narrowed');
  });

  it('DELETE and PUT on members and DELETE of the thread need If-Match; POST members does not', async () => {
    const { app, created, d18, d20, d20b } = await setup();
    const id = json(created).id;
    const tagOf = async () => (await app.inject({ as: 'admin', url: `/api/v1/threads/${id}` })).headers.etag as string;
    const memberIds = async () =>
      json(await app.inject({ as: 'admin', url: `/api/v1/threads/${id}` })).members.map((m: { demand: { id: number } }) => m.demand.id);

    const add = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/threads/${id}/members`,
      payload: { demandId: d20b, relation: 'extended' },
    });
    expect(add.statusCode, add.body).toBe(201);

    const order = `/api/v1/threads/${id}/members/order`;
    expect(
      (await app.inject({ as: 'admin', method: 'PUT', url: order, payload: { demandIds: [d20b, d20, d18] }, ifMatch: false })).statusCode,
    ).toBe(428);
    expect(
      (
        await app.inject({
          as: 'admin',
          method: 'PUT',
          url: order,
          payload: { demandIds: [d20b, d20, d18] },
          headers: { 'if-match': '"x"' },
        })
      ).statusCode,
    ).toBe(412);
    expect(await memberIds()).toEqual([d18, d20, d20b]);
    const put = await app.inject({
      as: 'admin',
      method: 'PUT',
      url: order,
      payload: { demandIds: [d20b, d20, d18] },
      headers: { 'if-match': await tagOf() },
    });
    expect(put.statusCode, put.body).toBe(200);

    const member = `/api/v1/threads/${id}/members/${d18}`;
    expect((await app.inject({ as: 'admin', method: 'DELETE', url: member, ifMatch: false })).statusCode).toBe(428);
    expect((await app.inject({ as: 'admin', method: 'DELETE', url: member, headers: { 'if-match': '"x"' } })).statusCode).toBe(412);
    expect(await memberIds()).toEqual([d20b, d20, d18]);
    expect((await app.inject({ as: 'admin', method: 'DELETE', url: member, headers: { 'if-match': await tagOf() } })).statusCode).toBe(200);

    const thread = `/api/v1/threads/${id}`;
    expect((await app.inject({ as: 'admin', method: 'DELETE', url: thread, ifMatch: false })).statusCode).toBe(428);
    expect((await app.inject({ as: 'admin', method: 'DELETE', url: thread, headers: { 'if-match': '"x"' } })).statusCode).toBe(412);
    expect((await app.inject({ as: 'admin', url: thread })).statusCode).toBe(200);
    expect((await app.inject({ as: 'admin', method: 'DELETE', url: thread, headers: { 'if-match': await tagOf() } })).statusCode).toBe(204);
    expect((await app.inject({ as: 'admin', url: thread })).statusCode).toBe(404);
  });

  it('leaves exactly one audit record per successful write', async () => {
    const { t, app, created, d18, d20, d20b } = await setup();
    const id = json(created).id;
    const creation = auditRows(t.database, String(created.headers['x-request-id']));
    expect(creation).toHaveLength(1);
    expect(creation[0]).toMatchObject({ action: 'threads.create', entity: 'thread', entity_id: String(id), before: null });
    expect(JSON.parse(creation[0]?.after ?? 'null')).toMatchObject({ id, title: 'Sprachkurse', memberCount: 2 });

    const writes: [string, TestInject, (before: any, after: any) => void][] = [
      [
        'threads.members.add',
        { method: 'POST', url: `/api/v1/threads/${id}/members`, payload: { demandId: d20b, relation: 'extended' } },
        (before, after) => expect([before.memberCount, after.memberCount]).toEqual([2, 3]),
      ],
      [
        'threads.members.reorder',
        { method: 'PUT', url: `/api/v1/threads/${id}/members/order`, payload: { demandIds: [d20, d18, d20b] } },
        (_before, after) => expect(after.members[0].demand.id).toBe(d20),
      ],
      [
        'threads.members.remove',
        { method: 'DELETE', url: `/api/v1/threads/${id}/members/${d20b}` },
        (before, after) => expect([before.memberCount, after.memberCount]).toEqual([3, 2]),
      ],
      [
        'threads.delete',
        { method: 'DELETE', url: `/api/v1/threads/${id}` },
        (before, after) => {
          expect(before.id).toBe(id);
          expect(after).toBeNull();
        },
      ],
    ];
    for (const [action, request, check] of writes) {
      const count = t.services.audit.count();
      const res = await app.inject({ as: 'admin', ...request });
      expect(res.statusCode, res.body).toBeLessThan(300);
      const records = auditRows(t.database, String(res.headers['x-request-id']));
      expect(records, action).toHaveLength(1);
      expect(records[0]).toMatchObject({ action, entity: 'thread', entity_id: String(id) });
      expect(records[0]?.user_id).not.toBeNull();
      check(JSON.parse(records[0]?.before ?? 'null'), JSON.parse(records[0]?.after ?? 'null'));
      expect(t.services.audit.count()).toBe(count + 1);
    }
    // A refused write leaves none.
    const count = t.services.audit.count();
    const refused = await app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/threads',
      payload: { title: 'x', members: [{ demandId: 999, relation: 'reiterated' }] },
    });
    expect(refused.statusCode).toBe(422);
    expect(auditRows(t.database, String(refused.headers['x-request-id']))).toEqual([]);
    expect(t.services.audit.count()).toBe(count);
    expect(t.services.audit.verify().ok).toBe(true);
  });

  it('anonymous and reader callers cannot write threads', async () => {
    const { t, created } = await setup();
    const id = json(created).id;
    expect((await t.request('anonymous', { method: 'PATCH', url: `/api/v1/threads/${id}`, payload: { title: 'x' } })).statusCode).toBe(401);
    expect(
      (await t.request('reader', { method: 'PATCH', url: `/api/v1/threads/${id}`, payload: { title: 'x' }, headers: { 'if-match': '*' } }))
        .statusCode,
    ).toBe(403);
    expect(json(await t.request('anonymous', `/api/v1/threads/${id}`)).title).toBe('Sprachkurse');
  });
});
