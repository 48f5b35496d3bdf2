// Anonymous search sees only public entities: hits, snippets and totals. Signed-in callers find
// internal content too.
import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../src/modules/search/search.service.js';
import { type As, createTestApp, json, minimalRecord, type TestApp } from './helper.js';

const SECRET = 'Quokkageheim';

async function post(t: TestApp, url: string, payload: Record<string, unknown>) {
  const res = await t.app.inject({ as: 'admin', method: 'POST', url, payload });
  expect(res.statusCode, res.body).toBe(201);
  return json(res);
}

/** A public record with the word "Quokka" in public and in internal places. */
async function record() {
  const t = await createTestApp();
  const { resolutionId, demandId } = await minimalRecord(t.app);
  // Public: a Sachstand of the public demand.
  const pubUpdate = await post(t, `/api/v1/demands/${demandId}/status-updates`, {
    status: 'in_progress',
    asOf: '2025-06-01',
    narrative: 'Quokka öffentlich: Mittel beantragt.',
    reporter: 'NI',
  });
  // Internal: an update of the public demand, a demand of the public resolution, an internal
  // resolution and a rejected one (always internal), each with the secret word.
  await post(t, `/api/v1/demands/${demandId}/status-updates`, {
    status: 'rejected',
    asOf: '2025-07-01',
    narrative: `${SECRET} internes Votum`,
    reporter: 'NI',
    visibility: 'internal',
  });
  const internalDemand = await post(t, `/api/v1/resolutions/${resolutionId}/demands`, {
    kind: 'bitte',
    addressees: ['KMK'],
    wording: `${SECRET} Wortlaut`,
    summary: `${SECRET} Kurzfassung`,
    visibility: 'internal',
  });
  const internalResolution = await post(t, '/api/v1/conferences/20/resolutions', {
    top: '9.1',
    title: `${SECRET} interner Beschluss`,
    proposers: 'all',
    adoption: 'einstimmig',
    visibility: 'internal',
  });
  const rejected = await post(t, '/api/v1/conferences/20/resolutions', {
    top: '9.2',
    title: 'Abgelehnter Antrag',
    proposers: ['BE'],
    adoption: 'abgelehnt',
    ziffern: [{ number: '1', text: `Die IntMK fordert ${SECRET} für alle.` }],
  });
  return { t, resolutionId, demandId, pubUpdate, internalDemand, internalResolution, rejected };
}

async function search(t: TestApp, as: As, query: string) {
  const res = await t.request(as, `/api/v1/search?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return { body: res.body, page: json<{ items: SearchHit[]; total: number; next: string | null }>(res) };
}

describe('search visibility', () => {
  it('a word only in internal content: total 0 for anonymous, found by a reader', async () => {
    const { t, internalDemand, internalResolution, rejected } = await record();
    const anon = await search(t, 'anonymous', `q=${SECRET}&limit=200`);
    expect(anon.page).toMatchObject({ items: [], total: 0, next: null });
    for (const kind of ['resolution', 'demand', 'status_update']) {
      expect((await search(t, 'anonymous', `q=${SECRET}&kind=${kind}`)).page.total, kind).toBe(0);
    }

    const reader = await search(t, 'reader', `q=${SECRET}&limit=200`);
    expect(reader.page.total).toBe(4);
    const found = reader.page.items.map((h) => `${h.kind}:${h.id}:${h.matchedIn}`).sort();
    expect(found).toEqual([
      `demand:${internalDemand.id}:summary`,
      `resolution:${internalResolution.id}:title`,
      `resolution:${rejected.id}:ziffer`,
      expect.stringMatching(/^status_update:\d+:sachstand$/),
    ]);
  });

  it('a word in public and internal content: anonymous sees only the public hits, snippets and total', async () => {
    const { t, demandId, pubUpdate } = await record();
    const anon = await search(t, 'anonymous', 'q=quokka&limit=200');
    expect(anon.body).not.toContain(SECRET);
    expect(anon.body).not.toContain('Kurzfassung');
    expect(anon.page.total).toBe(1);
    expect(anon.page.items).toEqual([
      expect.objectContaining({ kind: 'status_update', id: pubUpdate.id, demandId, matchedIn: 'sachstand' }),
    ]);
    expect(anon.page.items[0]?.snippet).toContain('«Quokka»');
    // Paging agrees with the total.
    const first = await search(t, 'anonymous', 'q=quokka&limit=1');
    expect(first.page).toMatchObject({ total: 1, next: null });

    const reader = await search(t, 'reader', 'q=quokka&limit=200');
    expect(reader.page.total).toBe(5);
    expect(reader.body).toContain(SECRET);
  });

  it('the public demand of an internal resolution is not found either', async () => {
    const t = await createTestApp();
    const { resolutionId } = await minimalRecord(t.app);
    const demand = await post(t, `/api/v1/resolutions/${resolutionId}/demands`, {
      kind: 'forderung',
      addressees: ['BREG'],
      wording: 'Beuteltierförderung ausbauen',
      summary: 'Beuteltierförderung',
    });
    expect((await search(t, 'anonymous', 'q=Beuteltierf%C3%B6rderung')).page.total).toBe(1);
    const patched = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/resolutions/${resolutionId}`,
      payload: { visibility: 'internal' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await search(t, 'anonymous', 'q=Beuteltierf%C3%B6rderung')).page).toMatchObject({ items: [], total: 0 });
    expect((await search(t, 'reader', 'q=Beuteltierf%C3%B6rderung')).page.items).toEqual([
      expect.objectContaining({ kind: 'demand', id: demand.id }),
    ]);
  });
});

describe('public search order', () => {
  async function build(internalCopies: number) {
    const t = await createTestApp();
    await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/conferences', payload: { number: 20, year: 2025 } });
    const resolution = async (top: string, title: string, preamble: string, visibility: string) => {
      const res = await t.app.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/conferences/20/resolutions',
        payload: { top, title, preamble, proposers: 'all', adoption: 'einstimmig', visibility },
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    await resolution('1.1', 'Erster Beschluss', 'Sprachkurse Sprachkurse Sprachkurse Kitaplätze', 'public');
    await resolution('1.2', 'Zweiter Beschluss', 'Sprachkurse Kitaplätze Kitaplätze Kitaplätze', 'public');
    await resolution('1.3', 'Kitaplätze für Kinder mit Fluchterfahrung', 'Die IntMK bittet um mehr Plätze.', 'public');
    for (let i = 0; i < internalCopies; i++) await resolution(`2.${i + 1}`, `Intern ${i}`, 'Kitaplätze Kitaplätze vertraulich', 'internal');
    return t;
  }
  const tops = async (t: TestApp, q: string) =>
    (json(await t.request('anonymous', `/api/v1/search?q=${encodeURIComponent(q)}&kind=resolution`)).items as SearchHit[]).map(
      (h) => h.top,
    );

  it('does not depend on internal texts (found by review: bm25 counts terms over the whole index)', async () => {
    const without = await build(0);
    const withInternal = await build(30);
    for (const q of ['Sprachkurse Kitaplätze', 'Kitaplätze', 'Sprachkurse OR Kitaplätze']) {
      const expected = await tops(without, q);
      expect(expected.length, q).toBeGreaterThan(0);
      expect(await tops(withInternal, q), q).toEqual(expected);
    }
  });

  it('still ranks a title match first and pages consistently', async () => {
    const t = await build(3);
    const order = await tops(t, 'Kitaplätze');
    expect(order[0]).toBe('1.3');
    expect(order).toHaveLength(3);
    const page = json(await t.request('anonymous', '/api/v1/search?q=Kitapl%C3%A4tze&kind=resolution&limit=1&offset=1'));
    expect(page.total).toBe(3);
    expect(page.items.map((h: SearchHit) => h.top)).toEqual([order[1]]);
  });
});
