import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../src/modules/search/search.service.js';
import { createTestApp, json } from './helper.js';

type Hit = SearchHit;

const search = async (app: Awaited<ReturnType<typeof createTestApp>>['app'], query: string) => {
  const res = await app.inject({ as: 'admin', url: `/api/v1/search?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return json<{ items: Hit[]; total: number; limit: number; offset: number; next: string | null }>(res);
};

/** The text between « and » in a snippet, lower-cased. */
const marked = (snippet: string) => [...snippet.matchAll(/«([^»]*)»/g)].map((m) => (m[1] ?? '').toLocaleLowerCase('de'));

describe('search over the seeded record', () => {
  it.each(['Sprachförderung', 'Einbürgerung', 'Maßnahmen'])('finds %s with matchedIn and a «…» snippet', async (word) => {
    const { app } = await createTestApp({ seed: true });
    const page = await search(app, `q=${encodeURIComponent(word)}`);
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.length).toBeGreaterThan(0);
    for (const hit of page.items) {
      expect(['title', 'text', 'ziffer', 'wording', 'summary', 'sachstand']).toContain(hit.matchedIn);
      expect(hit.snippet).toMatch(/«[^»]+»/);
      // Whole words are marked, each containing the word searched for.
      const marks = marked(hit.snippet);
      expect(marks.length).toBeGreaterThan(0);
      for (const m of marks) expect(m.toLocaleLowerCase('de')).toContain(word.toLocaleLowerCase('de'));
      expect(hit.conference).toBeGreaterThan(0);
      if (hit.kind === 'resolution') expect(hit.id).toBe(hit.resolutionId);
      if (hit.matchedIn === 'ziffer') expect(hit.ziffer).not.toBeNull();
    }
  });

  it('hits point at records that exist and carry their context', async () => {
    const { app } = await createTestApp({ seed: true });
    const page = await search(app, 'q=Einbürgerung&limit=200');
    for (const hit of page.items) {
      const r = json(await app.inject({ as: 'admin', url: `/api/v1/resolutions/${hit.resolutionId}` }));
      expect(r.conference).toBe(hit.conference);
      expect(r.top).toBe(hit.top);
      if (hit.kind === 'demand') {
        expect(hit.demandId).toBe(hit.id);
        const d = json(await app.inject({ as: 'admin', url: `/api/v1/demands/${hit.id}` }));
        expect(d.summary).toBe(hit.title);
      }
    }
  });

  it('matches case-insensitively: lowercase "einbürgerung" finds the same as "Einbürgerung"', async () => {
    const { app } = await createTestApp({ seed: true });
    const upper = await search(app, `q=${encodeURIComponent('Einbürgerung')}&limit=200`);
    const lower = await search(app, `q=${encodeURIComponent('einbürgerung')}&limit=200`);
    expect(lower.total).toBeGreaterThan(0);
    expect(lower.total).toBe(upper.total);
    expect(lower.items.map((h) => `${h.kind}:${h.id}`).sort()).toEqual(upper.items.map((h) => `${h.kind}:${h.id}`).sort());
    // Umlauts fold as well.
    expect((await search(app, `q=${encodeURIComponent('EINBÜRGERUNG')}&limit=200`)).total).toBe(upper.total);
  });

  it('finds parts of compounds (trigram index)', async () => {
    const { app } = await createTestApp({ seed: true });
    const part = await search(app, `q=${encodeURIComponent('bürgerung')}`);
    expect(part.total).toBeGreaterThan(0);
  });

  it('filters by kind', async () => {
    const { app } = await createTestApp({ seed: true });
    const all = await search(app, `q=${encodeURIComponent('Maßnahmen')}&limit=200`);
    const onlyRes = await search(app, `q=${encodeURIComponent('Maßnahmen')}&kind=resolution&limit=200`);
    const onlyDem = await search(app, `q=${encodeURIComponent('Maßnahmen')}&kind=demand&limit=200`);
    expect(onlyRes.items.every((h) => h.kind === 'resolution')).toBe(true);
    expect(onlyDem.items.every((h) => h.kind === 'demand')).toBe(true);
    expect(onlyRes.total + onlyDem.total).toBeLessThanOrEqual(all.total);
    const both = await search(app, `q=${encodeURIComponent('Maßnahmen')}&kind=resolution,demand&limit=200`);
    expect(both.total).toBe(onlyRes.total + onlyDem.total);
    expect((await app.inject({ as: 'admin', url: '/api/v1/search?q=Ma%C3%9Fnahmen&kind=beschluss' })).statusCode).toBe(400);
  });

  it('paginates: total, next link and no overlap between pages', async () => {
    const { app } = await createTestApp({ seed: true });
    const all = await search(app, `q=${encodeURIComponent('Maßnahmen')}&limit=200`);
    expect(all.total).toBeGreaterThan(2);
    const first = await search(app, `q=${encodeURIComponent('Maßnahmen')}&limit=2`);
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(all.total);
    expect(first.next).toContain('offset=2');
    const second = json(await app.inject({ as: 'admin', url: first.next as string }));
    expect(second.items[0]).toEqual(all.items[2]);
  });

  it('finds Sachstand texts of status updates', async () => {
    const { app } = await createTestApp({ seed: true });
    const demandId = json(await app.inject({ as: 'admin', url: '/api/v1/demands?limit=1' })).items[0].id;
    const res = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/demands/${demandId}/status-updates`,
      payload: { status: 'in_progress', asOf: '2026-01-10', narrative: 'Der Referentenentwurf Quokkagesetz liegt vor.', reporter: 'NI' },
    });
    expect(res.statusCode).toBe(201);
    const page = await search(app, 'q=quokkagesetz');
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ kind: 'status_update', id: json(res).id, matchedIn: 'sachstand', demandId });
    expect(page.items[0]?.snippet).toMatch(/«Quok/);
  });

  // BUG (src/modules/search/search.service.ts, search()): snippet(search_index, 3, …, 16) and
  // snippet(…, 4, …, 24) count tokens, but with the trigram tokenizer every character is a token,
  // so snippets are only ~16–24 characters long and the closing marker can fall inside the match:
  // "Integrations«maßnah»…", "Der Referentenentwurf «Quok»…".
  it('snippets mark the whole matched word', async () => {
    const { app } = await createTestApp({ seed: true });
    const demandId = json(await app.inject({ as: 'admin', url: '/api/v1/demands?limit=1' })).items[0].id;
    await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/demands/${demandId}/status-updates`,
      payload: { status: 'in_progress', asOf: '2026-01-10', narrative: 'Der Referentenentwurf Quokkagesetz liegt vor.', reporter: 'NI' },
    });
    expect((await search(app, 'q=quokkagesetz')).items[0]?.snippet).toContain('«Quokkagesetz»');
    for (const word of ['Einbürgerung', 'Maßnahmen']) {
      const page = await search(app, `q=${encodeURIComponent(word)}&limit=200`);
      for (const hit of page.items) {
        expect(marked(hit.snippet).join(''), hit.snippet).toContain(word.toLocaleLowerCase('de'));
      }
    }
  });
});

describe('search input handling', () => {
  it('treats FTS operators and quotes as plain text (200, not 500)', async () => {
    const { app } = await createTestApp({ seed: true });
    for (const q of [
      '"foo OR',
      'foo OR bar',
      'NEAR(foo bar)',
      '"',
      '*',
      'a:b',
      '(((',
      "Ma'ßnahmen",
      'Einbürgerung"',
      '-Einbürgerung',
      '^foo',
      'foo AND NOT',
    ]) {
      const res = await app.inject({ as: 'admin', url: `/api/v1/search?q=${encodeURIComponent(q)}` });
      expect(res.statusCode, q).toBe(200);
      expect(Array.isArray(json(res).items)).toBe(true);
    }
    // Quotes around a real word do not hide it.
    expect((await search(app, `q=${encodeURIComponent('"Einbürgerung"')}`)).total).toBeGreaterThan(0);
  });

  it('empty or missing q is 400', async () => {
    const { app } = await createTestApp();
    for (const url of ['/api/v1/search?q=', '/api/v1/search?q=%20%20', '/api/v1/search']) {
      const res = await app.inject({ as: 'admin', url: url });
      expect(res.statusCode, url).toBe(400);
      expect(json(res).code).toBe('request.validation_failed');
      expect(json(res).errors[0].field).toBe('querystring.q');
    }
    expect((await app.inject({ as: 'admin', url: `/api/v1/search?q=${'x'.repeat(201)}` })).statusCode).toBe(400);
  });

  it('returns nothing for words too short for the index', async () => {
    const { app } = await createTestApp({ seed: true });
    expect(await search(app, 'q=zu')).toMatchObject({ items: [], total: 0, next: null });
  });
});
