// Demand writes: If-Match on PATCH and DELETE, one audit record per successful write.
import { describe, expect, it } from 'vitest';
import { type AuditRow, auditRows, createTestApp, json, minimalRecord } from './helper.js';

type T = Awaited<ReturnType<typeof createTestApp>>;

describe('If-Match on PATCH /demands/{id}', () => {
  it('428 without If-Match, 412 with a stale ETag, 200 with the current one; nothing changes on refusal', async () => {
    const t = await createTestApp();
    const { demandId } = await minimalRecord(t.app);
    const url = `/api/v1/demands/${demandId}`;
    const read = await t.request('chair', url);
    const etag = read.headers.etag as string;
    expect(etag).toMatch(/^"/);
    const audits = auditRows(t.database).length;

    const missing = await t.app.inject({ method: 'PATCH', url, as: 'chair', ifMatch: false, payload: { summary: 'Ohne If-Match' } });
    expect(missing.statusCode).toBe(428);
    expect(json(missing).code).toBe('precondition.required');
    const stale = await t.app.inject({
      method: 'PATCH',
      url,
      as: 'chair',
      headers: { 'if-match': '"veraltet"' },
      payload: { summary: 'Veraltet' },
    });
    expect(stale.statusCode).toBe(412);
    expect(json(stale).code).toBe('precondition.failed');
    expect(json(await t.request('chair', url)).summary).toBe(json(read).summary);
    expect((await t.request('chair', url)).headers.etag).toBe(etag);
    expect(auditRows(t.database).length).toBe(audits);

    const ok = await t.app.inject({ method: 'PATCH', url, as: 'chair', headers: { 'if-match': etag }, payload: { summary: 'Neu' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).summary).toBe('Neu');
    expect(ok.headers.etag).toBeDefined();
    expect(ok.headers.etag).not.toBe(etag);
    // The ETag of the PATCH response is the one a later GET gives.
    expect((await t.request('chair', url)).headers.etag).toBe(ok.headers.etag);
    // The old ETag is stale now.
    const again = await t.app.inject({ method: 'PATCH', url, as: 'chair', headers: { 'if-match': etag }, payload: { summary: 'x' } });
    expect(again.statusCode).toBe(412);

    const records = auditRows(t.database, String(ok.headers['x-request-id']));
    expect(records).toHaveLength(1);
    const [r] = records as [AuditRow];
    expect(r).toMatchObject({ action: 'demands.update', entity: 'demand', entity_id: String(demandId) });
    expect(r.actor).toContain('chair');
    expect(JSON.parse(r.before as string).summary).toBe(json(read).summary);
    expect(JSON.parse(r.after as string).summary).toBe('Neu');
    expect(auditRows(t.database).length).toBe(audits + 1);
  });

  it('a signed-in GET and the audit `before` agree, so its ETag matches even with internal updates present', async () => {
    const t = await createTestApp();
    const { demandId } = await minimalRecord(t.app);
    const s = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/demands/${demandId}/status-updates`,
      payload: { status: 'in_progress', asOf: '2025-06-01', narrative: 'intern', reporter: 'NI', visibility: 'internal' },
    });
    expect(s.statusCode).toBe(201);
    const etag = (await t.request('reader', `/api/v1/demands/${demandId}`)).headers.etag as string;
    const anonEtag = (await t.request('anonymous', `/api/v1/demands/${demandId}`)).headers.etag as string;
    expect(anonEtag).not.toBe(etag);
    // The anonymous ETag names another representation: stale for a write.
    const stale = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/demands/${demandId}`,
      headers: { 'if-match': anonEtag },
      payload: { topics: [] },
    });
    expect(stale.statusCode).toBe(412);
    const ok = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/demands/${demandId}`,
      headers: { 'if-match': etag },
      payload: { topics: [] },
    });
    expect(ok.statusCode).toBe(200);
  });
});

describe('If-Match on DELETE /demands/{id}', () => {
  it('428 without, 412 stale, 204 with the current ETag; the audit keeps the deleted demand', async () => {
    const t = await createTestApp();
    const { demandId } = await minimalRecord(t.app);
    const url = `/api/v1/demands/${demandId}`;
    const read = await t.request('admin', url);
    const audits = auditRows(t.database).length;

    expect((await t.app.inject({ as: 'admin', method: 'DELETE', url, ifMatch: false })).statusCode).toBe(428);
    expect((await t.app.inject({ as: 'admin', method: 'DELETE', url, headers: { 'if-match': '"alt"' } })).statusCode).toBe(412);
    expect((await t.request('admin', url)).statusCode).toBe(200);
    expect(auditRows(t.database).length).toBe(audits);

    const del = await t.app.inject({ as: 'admin', method: 'DELETE', url, headers: { 'if-match': read.headers.etag as string } });
    expect(del.statusCode).toBe(204);
    expect((await t.request('admin', url)).statusCode).toBe(404);
    const records = auditRows(t.database, String(del.headers['x-request-id']));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'demands.delete', entity: 'demand', entity_id: String(demandId), after: null });
    expect(JSON.parse(records[0]?.before as string)).toEqual(json(read));

    // A refused delete (409: history exists) records nothing.
    const { demandId: other } = await minimalRecordAgain(t);
    const before = auditRows(t.database).length;
    const refused = await t.app.inject({ as: 'admin', method: 'DELETE', url: `/api/v1/demands/${other}` });
    expect(refused.statusCode).toBe(409);
    expect(auditRows(t.database).length).toBe(before);
  });

  it('a DELETE of a missing demand is 404 (not 428/412) and records nothing', async () => {
    const t = await createTestApp();
    const audits = auditRows(t.database).length;
    const res = await t.app.inject({ as: 'admin', method: 'DELETE', url: '/api/v1/demands/999' });
    expect(res.statusCode).toBe(404);
    expect(auditRows(t.database).length).toBe(audits);
  });
});

async function minimalRecordAgain(t: T) {
  const resolutions = json(await t.app.inject({ as: 'admin', url: '/api/v1/conferences/20/resolutions' })).items as { id: number }[];
  const rid = resolutions[0]?.id as number;
  const res = await t.app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/resolutions/${rid}/demands`,
    payload: { kind: 'forderung', addressees: ['BREG'], wording: 'Zweite Forderung.', summary: 'Zweite', responsible: ['NI'] },
  });
  const demandId = json(res).id as number;
  const s = await t.app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/demands/${demandId}/status-updates`,
    payload: { status: 'in_progress', asOf: '2025-06-01', narrative: 'x', reporter: 'NI' },
  });
  expect(s.statusCode).toBe(201);
  return { demandId };
}

describe('audit records of demand writes', () => {
  it('POST creates one record with the new demand as after', async () => {
    const t = await createTestApp();
    const { resolutionId } = await minimalRecord(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/resolutions/${resolutionId}/demands`,
      as: 'chair',
      payload: { kind: 'appell', addressees: ['BMI'], wording: 'Appell.', summary: 'Ein Appell' },
    });
    expect(res.statusCode).toBe(201);
    const records = auditRows(t.database, String(res.headers['x-request-id']));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'demands.create', entity: 'demand', entity_id: String(json(res).id), before: null });
    expect(JSON.parse(records[0]?.after as string)).toEqual(json(res));
  });

  it('refused writes record nothing: 422, 404 and a forbidden role', async () => {
    const t = await createTestApp();
    const { resolutionId, demandId } = await minimalRecord(t.app);
    const audits = auditRows(t.database).length;
    const bad = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/resolutions/${resolutionId}/demands`,
      payload: { kind: 'appell', addressees: ['NOPE'], wording: 'x', summary: 'x' },
    });
    expect(bad.statusCode).toBe(422);
    expect((await t.app.inject({ as: 'admin', method: 'PATCH', url: '/api/v1/demands/999', payload: { summary: 'x' } })).statusCode).toBe(
      404,
    );
    const editor = await t.app.inject({ method: 'PATCH', url: `/api/v1/demands/${demandId}`, as: 'editorNI', payload: { summary: 'x' } });
    expect(editor.statusCode).toBe(403);
    const anon = await t.app.inject({ method: 'DELETE', url: `/api/v1/demands/${demandId}`, as: 'anonymous' });
    expect(anon.statusCode).toBe(401);
    expect(auditRows(t.database).length).toBe(audits);
  });

  it('request strings and arrays are bounded', async () => {
    const t = await createTestApp();
    const { resolutionId, demandId } = await minimalRecord(t.app);
    const long = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/resolutions/${resolutionId}/demands`,
      payload: { kind: 'appell', addressees: ['BMI'], wording: 'x'.repeat(20_001), summary: 'x' },
    });
    expect(long.statusCode).toBe(400);
    const many = Array.from({ length: 60 }, () => 'BMI').join(',');
    expect((await t.app.inject({ as: 'admin', url: `/api/v1/demands?addressee=${many}` })).statusCode).toBe(400);
    expect((await t.app.inject({ as: 'admin', url: `/api/v1/demands?q=${'x'.repeat(600)}` })).statusCode).toBe(400);
    const patch = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/demands/${demandId}`,
      payload: { responsible: Array(30).fill('NI') },
    });
    expect(patch.statusCode).toBe(400);
  });
});
