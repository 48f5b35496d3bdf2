// Who may log status updates (editors: for demands their Land or working group follows, in their
// own name), audit records of status writes, and concurrent logging.
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { type As, auditRows, createTestApp, json, minimalRecord } from './helper.js';

type T = Awaited<ReturnType<typeof createTestApp>>;

const count = (t: T, table: string) => (t.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function log(t: T, as: As, demandId: number, body: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/demands/${demandId}/status-updates`,
    as,
    payload: { status: 'in_progress', asOf: '2025-06-01', narrative: 'Sachstand', ...body },
  });
}

async function demandUnder(app: FastifyInstance, resolutionId: number, responsible: string[]) {
  const res = await app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/resolutions/${resolutionId}/demands`,
    payload: { kind: 'forderung', addressees: ['BREG'], wording: 'Die IntMK fordert etwas.', summary: 'Etwas', responsible },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).id as number;
}

async function resolutionBy(app: FastifyInstance, top: string, proposers: string[] | 'all') {
  const res = await app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/conferences/20/resolutions',
    payload: { top, title: `Beschluss ${top}`, proposers, adoption: 'einstimmig' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).id as number;
}

describe('editors log status only for demands their Land or working group follows', () => {
  it('responsible NI: editorNI as NI → 201; as HE → 403; editorHE → 403', async () => {
    const t = await createTestApp();
    const { demandId } = await minimalRecord(t.app); // responsible ['NI']
    const ok = await log(t, 'editorNI', demandId, { reporter: 'NI' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(json(ok)).toMatchObject({ demandId, reporter: 'NI' });

    const otherName = await log(t, 'editorNI', demandId, { reporter: 'HE' });
    expect(otherName.statusCode).toBe(403);
    expect(json(otherName).code).toBe('status_updates.reporter_not_own');

    const other = await log(t, 'editorHE', demandId, { reporter: 'HE' });
    expect(other.statusCode).toBe(403);
    expect(json(other).code).toBe('status_updates.not_followed');
    expect(json(other).detail).toContain(String(demandId));
    expect(json(other).detail).toContain('Niedersachsen');
    expect(other.headers['content-type']).toContain('application/problem+json');

    expect(count(t, 'status_updates')).toBe(1);
    expect(auditRows(t.database, String(otherName.headers['x-request-id']))).toEqual([]);
    expect(auditRows(t.database, String(other.headers['x-request-id']))).toEqual([]);
  });

  it('a working-group editor logs for demands its group follows', async () => {
    const t = await createTestApp();
    const { resolutionId } = await minimalRecord(t.app);
    const lag = await demandUnder(t.app, resolutionId, ['LAG-MONITORING']);
    expect((await log(t, 'editorLAG', lag, { reporter: 'LAG-MONITORING' })).statusCode).toBe(201);
    expect((await log(t, 'editorLAG', lag, { reporter: 'NI' })).statusCode).toBe(403);
    expect((await log(t, 'editorNI', lag, { reporter: 'NI' })).statusCode).toBe(403);
  });

  it('without responsible codes the resolution proposers follow the demand', async () => {
    const t = await createTestApp();
    const { resolutionId: allLaender } = await minimalRecord(t.app); // proposers: all
    const niHe = await demandUnder(t.app, await resolutionBy(t.app, '9.1', ['NI', 'HE']), []);
    expect((await log(t, 'editorNI', niHe, { reporter: 'NI' })).statusCode).toBe(201);
    expect((await log(t, 'editorHE', niHe, { reporter: 'HE' })).statusCode).toBe(201);
    const lag = await log(t, 'editorLAG', niHe, { reporter: 'LAG-MONITORING' });
    expect(lag.statusCode).toBe(403);
    expect(json(lag).detail).toContain('Hessen');

    const onlyBY = await demandUnder(t.app, await resolutionBy(t.app, '9.2', ['BY']), []);
    expect((await log(t, 'editorNI', onlyBY, { reporter: 'NI' })).statusCode).toBe(403);

    // All Länder proposed: every Land's editor follows it, a working group does not.
    const all = await demandUnder(t.app, allLaender, []);
    expect((await log(t, 'editorHE', all, { reporter: 'HE' })).statusCode).toBe(201);
    expect((await log(t, 'editorNI', all, { reporter: 'NI' })).statusCode).toBe(201);
    expect((await log(t, 'editorLAG', all, { reporter: 'LAG-MONITORING' })).statusCode).toBe(403);
  });

  it('chair and admin log for any demand and reporter; readers and anonymous not at all', async () => {
    const t = await createTestApp();
    const { demandId } = await minimalRecord(t.app);
    expect((await log(t, 'chair', demandId, { reporter: 'BY' })).statusCode).toBe(201);
    expect((await log(t, 'admin', demandId, { reporter: 'LAG-MONITORING' })).statusCode).toBe(201);
    expect((await log(t, 'reader', demandId, { reporter: 'NI' })).statusCode).toBe(403);
    expect((await log(t, 'anonymous', demandId, { reporter: 'NI' })).statusCode).toBe(401);
    expect(count(t, 'status_updates')).toBe(2);
  });

  it('an editor gets 404 for a missing demand, not 403', async () => {
    const t = await createTestApp();
    const res = await log(t, 'editorNI', 999, { reporter: 'NI' });
    expect(res.statusCode).toBe(404);
    expect(json(res).code).toBe('demands.not_found');
  });

  it('an editor may correct its own updates only (a correction retracts the corrected one)', async () => {
    const t = await createTestApp();
    const { resolutionId } = await minimalRecord(t.app);
    const shared = await demandUnder(t.app, resolutionId, ['NI', 'HE']);
    const byHE = json(await log(t, 'editorHE', shared, { reporter: 'HE', status: 'fulfilled' }));
    const byNI = json(await log(t, 'editorNI', shared, { reporter: 'NI' }));
    const foreign = await log(t, 'editorNI', shared, { reporter: 'NI', corrects: byHE.id });
    expect(foreign.statusCode).toBe(403);
    expect(json(foreign).code).toBe('status_updates.correct_not_own');
    expect(json(await t.app.inject({ as: 'admin', url: `/api/v1/status-updates/${byHE.id}` })).retracted).toBe(false);
    const own = await log(t, 'editorNI', shared, { reporter: 'NI', corrects: byNI.id, status: 'under_examination' });
    expect(own.statusCode, own.body).toBe(201);
    expect(json(await t.app.inject({ as: 'admin', url: `/api/v1/status-updates/${byNI.id}` })).retracted).toBe(true);
    // The chair corrects anyone's.
    expect((await log(t, 'chair', shared, { reporter: 'NI', corrects: byHE.id })).statusCode).toBe(201);
  });

  it('retraction is for chair and admin: an editor gets 403 and nothing is retracted', async () => {
    const t = await createTestApp();
    const { demandId } = await minimalRecord(t.app);
    const u = json(await log(t, 'editorNI', demandId, { reporter: 'NI' }));
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/status-updates/${u.id}/retraction`,
      as: 'editorNI',
      payload: { reason: 'Irrtum', reporter: 'NI' },
    });
    expect(res.statusCode).toBe(403);
    expect(count(t, 'retractions')).toBe(0);
    expect(auditRows(t.database, String(res.headers['x-request-id']))).toEqual([]);
  });
});

describe('audit records of status writes', () => {
  it('a status update and a retraction each leave exactly one record', async () => {
    const t = await createTestApp();
    const { demandId } = await minimalRecord(t.app);
    const created = await log(t, 'editorNI', demandId, { reporter: 'NI', evidence: [{ kind: 'bericht', citation: 'Bericht' }] });
    expect(created.statusCode).toBe(201);
    const c = auditRows(t.database, String(created.headers['x-request-id']));
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({
      action: 'status_updates.create',
      entity: 'status_update',
      entity_id: String(json(created).id),
      before: null,
    });
    expect(c[0]?.actor).toContain('LAG Niedersachsen');
    expect(JSON.parse(c[0]?.after as string)).toEqual(json(created));

    const retracted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/status-updates/${json(created).id}/retraction`,
      as: 'chair',
      payload: { reason: 'Doppelt erfasst', reporter: 'NI' },
    });
    expect(retracted.statusCode).toBe(201);
    const r = auditRows(t.database, String(retracted.headers['x-request-id']));
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ action: 'status_updates.retract', entity: 'status_update', entity_id: String(json(created).id) });
    expect(JSON.parse(r[0]?.before as string)).toMatchObject({ retracted: false });
    expect(JSON.parse(r[0]?.after as string)).toMatchObject({ retracted: true, retraction: { reason: 'Doppelt erfasst' } });

    // Refused writes record nothing.
    const n = count(t, 'audit_log');
    const again = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/status-updates/${json(created).id}/retraction`,
      payload: { reason: 'x', reporter: 'NI' },
    });
    expect(again.statusCode).toBe(409);
    expect((await log(t, 'admin', demandId, { reporter: 'NI', asOf: '2099-01-01' })).statusCode).toBe(422);
    expect(count(t, 'audit_log')).toBe(n);
  });
});

describe('concurrent logging', () => {
  it('two editors logging status on the same demand at the same time both land', async () => {
    const t = await createTestApp();
    const { demandId } = await minimalRecord(t.app);
    const audits = count(t, 'audit_log');
    const [a, b] = await Promise.all([
      log(t, 'editorNI', demandId, { reporter: 'NI', status: 'in_progress' }),
      log(t, 'chair', demandId, { reporter: 'NW', status: 'partially_fulfilled' }),
    ]);
    expect(a.statusCode, a.body).toBe(201);
    expect(b.statusCode, b.body).toBe(201);
    expect(count(t, 'audit_log')).toBe(audits + 2);
    expect(auditRows(t.database, String(a.headers['x-request-id']))).toHaveLength(1);
    expect(auditRows(t.database, String(b.headers['x-request-id']))).toHaveLength(1);
    // Same as-of date: the later created wins, then the higher id.
    const updates = [json(a), json(b)] as { id: number; created: string; status: string }[];
    const later = updates.sort((x, y) => (x.created === y.created ? x.id - y.id : x.created < y.created ? -1 : 1))[1];
    const demand = json(await t.app.inject({ as: 'admin', url: `/api/v1/demands/${demandId}` }));
    expect(demand.status).toMatchObject({ key: later?.status, updateId: later?.id });
    expect(demand.statusHistory).toHaveLength(2);
    expect(demand.statusHistory[0].id).toBe(later?.id);
  });
});
