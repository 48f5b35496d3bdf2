// What the document promises about headers holds on the wire: a 201 carries the ETag a following
// GET returns and a Location to read it from; If-None-Match with the current tag gives 304.
import { describe, expect, it } from 'vitest';
import { createTestApp, json, minimalRecord } from './helper.js';

describe('pages', () => {
  it('the five former bare arrays are pages; next is absolute and in the Link header; following it gives the rest', async () => {
    const { app } = await createTestApp();
    const { resolutionId, demandId } = await minimalRecord(app);
    for (const url of [
      '/api/v1/vocab/laender',
      '/api/v1/vocab/addressees',
      `/api/v1/resolutions/${resolutionId}/demands`,
      `/api/v1/demands/${demandId}/status-updates`,
      '/api/v1/users',
    ]) {
      const page = json(await app.inject({ as: 'admin', url: url }));
      expect(page, url).toMatchObject({ items: expect.any(Array), total: expect.any(Number), limit: 50, offset: 0 });
    }
    const first = await app.inject({ as: 'admin', url: '/api/v1/vocab/laender?limit=10', headers: { host: 'intmk.example:8443' } });
    const body = json(first);
    expect(body.items).toHaveLength(10);
    expect(body.total).toBe(16);
    expect(body.next).toBe('http://intmk.example:8443/api/v1/vocab/laender?limit=10&offset=10');
    expect(first.headers.link).toBe(`<${body.next}>; rel="next"`);
    const rest = await app.inject({ as: 'admin', url: body.next });
    expect(json(rest).items).toHaveLength(6);
    expect(json(rest).next).toBeNull();
    expect(rest.headers.link).toBeUndefined();
  });
});

describe('headers of the contract', () => {
  it('a 201 carries Location and the ETag that GET on that Location returns', async () => {
    const { app } = await createTestApp();
    const conf = await app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/conferences',
      payload: { number: 21, year: 2026, startDate: '2026-05-06', endDate: '2026-05-07', place: 'Leipzig', chairLand: 'SN' },
    });
    expect(conf.statusCode).toBe(201);
    expect(conf.headers.etag).toMatch(/^".+"$/);
    const read = await app.inject({ as: 'admin', url: String(conf.headers.location) });
    expect(read.headers.etag).toBe(conf.headers.etag);

    const { demandId } = await minimalRecord(app);
    const update = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/demands/${demandId}/status-updates`,
      payload: { status: 'under_examination', asOf: '2025-10-01', narrative: 'Das Ressort prüft.', reporter: 'BMI' },
    });
    expect(update.statusCode).toBe(201);
    const readUpdate = await app.inject({ as: 'admin', url: String(update.headers.location) });
    expect(readUpdate.headers.etag).toBe(update.headers.etag);

    const retraction = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/status-updates/${json(update).id}/retraction`,
      payload: { reason: 'Irrtümlich erfasst.', reporter: 'BMI' },
    });
    expect(retraction.statusCode, retraction.body).toBe(201);
    const readRetracted = await app.inject({ as: 'admin', url: String(retraction.headers.location) });
    expect(readRetracted.headers.etag).toBe(retraction.headers.etag);
  });

  it('If-None-Match with the current ETag gives 304 without a body; another tag gives 200', async () => {
    const { app } = await createTestApp();
    const { demandId } = await minimalRecord(app);
    const first = await app.inject({ url: `/api/v1/demands/${demandId}`, as: 'anonymous' });
    const etag = String(first.headers.etag);
    const again = await app.inject({ url: `/api/v1/demands/${demandId}`, as: 'anonymous', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const weak = await app.inject({ url: `/api/v1/demands/${demandId}`, as: 'anonymous', headers: { 'if-none-match': `"x", W/${etag}` } });
    expect(weak.statusCode).toBe(304);
    const other = await app.inject({ url: `/api/v1/demands/${demandId}`, as: 'anonymous', headers: { 'if-none-match': '"stale"' } });
    expect(other.statusCode).toBe(200);
    expect(other.headers.etag).toBe(etag);
  });

  it('boolean flags take true/false (1/0 as aliases) and refuse anything else with problem+json', async () => {
    const { app } = await createTestApp();
    await minimalRecord(app);
    for (const v of ['true', 'false', '1', '0']) {
      const res = await app.inject({ as: 'admin', url: `/api/v1/demands?open=${v}` });
      expect(res.statusCode, v).toBe(200);
    }
    expect(json(await app.inject({ as: 'admin', url: '/api/v1/demands?open=true' })).total).toBe(1);
    expect(json(await app.inject({ as: 'admin', url: '/api/v1/demands?open=false' })).total).toBe(0);
    const bad = await app.inject({ as: 'admin', url: '/api/v1/demands?open=yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(await app.inject({ as: 'admin', url: '/api/v1/status-updates?retracted=false' })).total).toBe(0);
  });
});
