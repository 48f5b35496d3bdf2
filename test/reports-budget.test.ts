// Render availability: a hostile Sachstand (one 20,000-character word) renders as PDF within the
// budget; renders are cached and shared, so repeated anonymous requests cost one render; a render
// over its budget gives 503 with Retry-After, and the server keeps answering.
import { describe, expect, it, vi } from 'vitest';
import { pdfText } from './documents.js';
import { createTestApp, json, type TestApp } from './helper.js';

const WORD = 'Integrationskursteilnahmeberechtigungsnachweis'.repeat(435).slice(0, 20_000);

async function recordWith(t: TestApp, narrative: string) {
  const { app } = t;
  const conf = await app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/conferences',
    payload: { number: 20, year: 2025, startDate: '2025-04-23', place: 'Göttingen', chairLand: 'NI' },
  });
  expect(conf.statusCode, conf.body).toBe(201);
  const res = await app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/conferences/20/resolutions',
    payload: { top: '4.5', title: 'Sprachförderung', proposers: ['NI'], adoption: 'einstimmig', ziffern: [{ number: '1', text: 'Text' }] },
  });
  expect(res.statusCode, res.body).toBe(201);
  const dem = await app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/resolutions/${json(res).id}/demands`,
    payload: { ziffer: '1', kind: 'forderung', addressees: ['BREG'], wording: 'Wortlaut', summary: 'Kurz', responsible: ['NI'] },
  });
  expect(dem.statusCode, dem.body).toBe(201);
  const upd = await app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/demands/${json(dem).id}/status-updates`,
    payload: { status: 'in_progress', asOf: '2025-06-01', reporter: 'NI', narrative },
  });
  expect(upd.statusCode, upd.body).toBe(201);
}

const pdfOf = (t: TestApp) =>
  t.app.inject({ as: 'admin', method: 'GET', url: '/api/v1/conferences/20/erfolgskontrolle?format=pdf&asOf=2026-01-01' });

describe('report renders under a budget', () => {
  it('renders a Sachstand made of one 20,000-character word as PDF in seconds', async () => {
    const t = await createTestApp();
    await recordWith(t, WORD);
    const started = performance.now();
    const res = await pdfOf(t);
    const ms = performance.now() - started;
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    // Before: 6 s for 5,000 characters, 200 s and 4.2 GB for 20,000 (quadratic word breaking in pdfmake).
    expect(ms).toBeLessThan(20_000);
    const { text } = await pdfText(res.rawPayload);
    expect(text.replace(/[\s\u200b-]/g, '')).toContain(WORD.slice(0, 200));
  }, 60_000);

  it('renders once for many anonymous requests of the same report', async () => {
    const t = await createTestApp({ reportWorkers: 1 });
    await recordWith(t, 'Der Bund hat geantwortet.');
    const answers = await Promise.all(Array.from({ length: 8 }, () => pdfOf(t)));
    for (const a of answers) expect(a.statusCode).toBe(200);
    expect(answers.filter((a) => a.headers['x-render'] === 'render')).toHaveLength(1);
    const again = await pdfOf(t);
    expect(again.headers['x-render']).toBe('cache');
    expect(again.rawPayload.equals(answers[0]!.rawPayload)).toBe(true);
    // Another Stichtag is another report: rendered anew.
    const other = await t.app.inject({
      as: 'admin',
      method: 'GET',
      url: '/api/v1/conferences/20/erfolgskontrolle?format=pdf&asOf=2026-02-01',
    });
    expect(other.headers['x-render']).toBe('render');
  }, 120_000);

  it('finds a repeated anonymous request before building the report; a write builds anew', async () => {
    const t = await createTestApp();
    await recordWith(t, 'Der Bund hat geantwortet.');
    const build = vi.spyOn(t.app.services.reports, 'build');
    const url = '/api/v1/conferences/20/erfolgskontrolle?format=pdf&asOf=2026-01-01';
    const versionKey = () => t.app.services.reports.versionKey(20, { audience: 'public', asOf: '2026-01-01' });

    const first = await t.request('anonymous', url);
    expect(first.statusCode, first.body.slice(0, 300)).toBe(200);
    expect(build).toHaveBeenCalledTimes(1);
    const before = versionKey();
    for (let i = 0; i < 3; i++) {
      const again = await t.request('anonymous', url);
      expect(again.headers['x-render']).toBe('cache');
      expect(again.headers['content-disposition']).toBe(first.headers['content-disposition']);
      expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    }
    expect(build).toHaveBeenCalledTimes(1);
    expect(versionKey()).toBe(before);

    // Any write moves the key: the next request builds the report again (its bytes, the same, come from the cache).
    const write = await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/conferences', payload: { number: 21, year: 2026 } });
    expect(write.statusCode, write.body).toBe(201);
    expect(versionKey()).not.toBe(before);
    const after = await t.request('anonymous', url);
    expect(after.statusCode).toBe(200);
    expect(build).toHaveBeenCalledTimes(2);
    expect((await t.request('anonymous', url)).headers['x-render']).toBe('cache');
    expect(build).toHaveBeenCalledTimes(2);
  }, 120_000);

  it('answers 503 with Retry-After when a render overruns its budget, and keeps serving', async () => {
    const t = await createTestApp({ reportWorkers: 1, reportBudget: { timeoutMs: 1 } });
    await recordWith(t, 'Der Bund hat geantwortet.');
    const res = await pdfOf(t);
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(json(res).code).toBe('reports.over_budget');
    expect(json(res).detail).toMatch(/Bericht/);
    expect((await t.app.inject({ as: 'admin', method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ as: 'admin', method: 'GET', url: '/api/v1/conferences/20/erfolgskontrolle?format=md' })).statusCode).toBe(
      200,
    );
  }, 60_000);
});

describe('bounded render queues', () => {
  // Anonymous callers, told apart by their address.
  const pdfAsOf = (t: TestApp, asOf: string, remoteAddress = '127.0.0.1') =>
    t.request('anonymous', { method: 'GET', url: `/api/v1/conferences/20/erfolgskontrolle?format=pdf&asOf=${asOf}`, remoteAddress });

  it('answers 503 problem+json with Retry-After when one caller has its renders running already', async () => {
    const t = await createTestApp({ reportWorkers: 1, reportBudget: { perCaller: 1 } });
    await recordWith(t, 'Der Bund hat geantwortet.');
    // Two different reports (two Stichtage) from one address: the second would be a second render.
    const [first, second] = await Promise.all([pdfAsOf(t, '2026-01-01'), pdfAsOf(t, '2026-02-01')]);
    expect(first!.statusCode).toBe(200);
    expect(second!.statusCode).toBe(503);
    expect(second!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(second!.headers['retry-after']).toMatch(/^\d+$/);
    expect(json(second!).code).toBe('reports.too_many_renders');
    // Another caller is not held up by the first one's limit.
    const [mine, other] = await Promise.all([pdfAsOf(t, '2026-03-01'), pdfAsOf(t, '2026-04-01', '10.0.0.9')]);
    expect([mine!.statusCode, other!.statusCode]).toEqual([200, 200]);
    // Once the render is done, the same caller may render again.
    expect((await pdfAsOf(t, '2026-02-01')).statusCode).toBe(200);
  }, 60_000);

  it('answers 503 problem+json with Retry-After when the render queue of all callers is full', async () => {
    const t = await createTestApp({ reportWorkers: 1, reportBudget: { maxQueue: 1 } });
    await recordWith(t, 'Der Bund hat geantwortet.');
    const answers = await Promise.all(
      ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'].map((asOf, i) => pdfAsOf(t, asOf, `10.0.0.${i + 1}`)),
    );
    const busy = answers.filter((a) => a.statusCode === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const a of answers) expect([200, 503]).toContain(a.statusCode);
    for (const a of busy) {
      expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(a.headers['retry-after']).toMatch(/^\d+$/);
      expect(json(a).code).toBe('reports.busy');
    }
    expect((await t.app.inject({ as: 'admin', method: 'GET', url: '/health' })).statusCode).toBe(200);
  }, 60_000);
});
