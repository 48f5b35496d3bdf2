import { describe, expect, it } from 'vitest';
import { auditRows, createTestApp, json, minimalRecord } from './helper.js';

describe('addressees', () => {
  it('POST creates an addressee with one audit record; a duplicate is 409 and leaves none', async () => {
    const t = await createTestApp();
    const payload = { code: 'BMFSFJ-TEST', name: 'Testressort', kind: 'federal' };
    const res = await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/vocab/addressees', payload });
    expect(res.statusCode, res.body).toBe(201);
    const records = auditRows(t.database, res.headers['x-request-id'] as string);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'addressees.create', entity: 'addressee', entity_id: 'BMFSFJ-TEST', before: null });
    expect(JSON.parse(records[0]?.after ?? 'null')).toEqual(json(res));
    expect(json(await t.request('reader', '/api/v1/vocab/addressees?limit=200')).items.map((b: { code: string }) => b.code)).toContain(
      'BMFSFJ-TEST',
    );

    const n = t.services.audit.count();
    expect((await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/vocab/addressees', payload })).statusCode).toBe(409);
    expect(t.services.audit.count()).toBe(n);
  });

  it('the public knows the default addressees and those public content names, not one used internally only', async () => {
    const t = await createTestApp();
    const { resolutionId } = await minimalRecord(t.app);
    const created = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/vocab/addressees',
      payload: { code: 'BFV', name: 'Bundesamt für Verfassungsschutz', kind: 'federal' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const codes = async (as: 'anonymous' | 'reader') =>
      (json(await t.request(as, '/api/v1/vocab/addressees?limit=200')).items as { code: string }[]).map((b) => b.code);
    const demand = (visibility: string) =>
      t.app.inject({
        as: 'admin',
        method: 'POST',
        url: `/api/v1/resolutions/${resolutionId}/demands`,
        payload: {
          kind: 'bitte',
          addressees: ['BFV'],
          wording: 'Die IntMK bittet um einen Lagebericht.',
          summary: 'Lagebericht',
          visibility,
        },
      });
    expect((await demand('internal')).statusCode).toBe(201);

    const anonymous = await codes('anonymous');
    expect(anonymous).not.toContain('BFV');
    expect(anonymous).toEqual(expect.arrayContaining(['BREG', 'BMI', 'KMK']));
    expect(await codes('reader')).toContain('BFV');
    expect((await t.request('anonymous', '/api/v1/vocab/addressees')).body).not.toContain('Verfassungsschutz');

    // Named by a public demand, it is public.
    expect((await demand('public')).statusCode).toBe(201);
    expect(await codes('anonymous')).toContain('BFV');
  });

  it('only chair and admin add addressees; overlong input is 400', async () => {
    const t = await createTestApp();
    const payload = { code: 'NEU', name: 'Neu', kind: 'federal' };
    for (const as of ['anonymous', 'reader', 'editorNI'] as const) {
      const r = await t.request(as, { method: 'POST', url: '/api/v1/vocab/addressees', payload });
      expect(r.statusCode, as).toBe(as === 'anonymous' ? 401 : 403);
    }
    expect(
      (await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/vocab/addressees', payload: { ...payload, name: 'x'.repeat(301) } }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await t.app.inject({
          as: 'admin',
          method: 'POST',
          url: '/api/v1/vocab/addressees',
          payload: { ...payload, code: `A${'B'.repeat(40)}` },
        })
      ).statusCode,
    ).toBe(400);
    expect((await t.request('chair', { method: 'POST', url: '/api/v1/vocab/addressees', payload })).statusCode).toBe(201);
  });
});
