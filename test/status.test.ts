import { describe, expect, it } from 'vitest';
import { createTestApp, json, minimalRecord } from './helper.js';

async function post(app: Awaited<ReturnType<typeof createTestApp>>['app'], demandId: number, body: Record<string, unknown>) {
  return app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/demands/${demandId}/status-updates`,
    payload: { narrative: 'Sachstand', reporter: 'NI', ...body },
  });
}

describe('derived current status', () => {
  it('is "offen" without updates and follows the latest as-of date', async () => {
    const { app } = await createTestApp();
    const { demandId } = await minimalRecord(app);
    expect(json(await app.inject({ as: 'admin', url: `/api/v1/demands/${demandId}` })).status).toMatchObject({
      key: 'open',
      label: 'offen',
      updateId: null,
    });

    const first = await post(app, demandId, { status: 'in_progress', asOf: '2025-06-01' });
    expect(first.statusCode).toBe(201);
    const later = json(await post(app, demandId, { status: 'partially_fulfilled', asOf: '2025-09-01' }));
    // Back-dated: created later but dated earlier; must not override the later one.
    const backdated = await post(app, demandId, { status: 'rejected', asOf: '2025-03-01' });
    expect(backdated.statusCode).toBe(201);

    const demand = json(await app.inject({ as: 'admin', url: `/api/v1/demands/${demandId}` }));
    expect(demand.status).toMatchObject({ key: 'partially_fulfilled', label: 'teilweise erfüllt', asOf: '2025-09-01', updateId: later.id });
    expect(demand.statusHistory.map((u: { asOf: string }) => u.asOf)).toEqual(['2025-09-01', '2025-06-01', '2025-03-01']);
  });

  it('breaks ties on the same as-of date by the later created update', async () => {
    const { app } = await createTestApp();
    const { demandId } = await minimalRecord(app);
    await post(app, demandId, { status: 'in_progress', asOf: '2025-06-01' });
    const second = json(await post(app, demandId, { status: 'fulfilled', asOf: '2025-06-01' }));
    const demand = json(await app.inject({ as: 'admin', url: `/api/v1/demands/${demandId}` }));
    expect(demand.status.updateId).toBe(second.id);
    expect(demand.status.key).toBe('fulfilled');
    expect(demand.openSince).toBeNull();
    expect(demand.yearsOpen).toBeNull();
  });

  it('ignores retracted updates and falls back to the previous one', async () => {
    const { app } = await createTestApp();
    const { demandId } = await minimalRecord(app);
    const a = json(await post(app, demandId, { status: 'in_progress', asOf: '2025-06-01' }));
    const b = json(await post(app, demandId, { status: 'fulfilled', asOf: '2025-07-01' }));
    const res = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/status-updates/${b.id}/retraction`,
      payload: { reason: 'Irrtümlich erfasst', reporter: 'NI' },
    });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ retracted: true, retraction: { reason: 'Irrtümlich erfasst' } });
    let demand = json(await app.inject({ as: 'admin', url: `/api/v1/demands/${demandId}` }));
    expect(demand.status).toMatchObject({ key: 'in_progress', updateId: a.id });
    expect(demand.statusHistory).toHaveLength(2);

    const again = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/status-updates/${b.id}/retraction`,
      payload: { reason: 'x', reporter: 'NI' },
    });
    expect(again.statusCode).toBe(409);

    await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/status-updates/${a.id}/retraction`,
      payload: { reason: 'falsch', reporter: 'NI' },
    });
    demand = json(await app.inject({ as: 'admin', url: `/api/v1/demands/${demandId}` }));
    expect(demand.status).toMatchObject({ key: 'open', updateId: null });
  });

  it('a correction retracts the corrected update in the same write', async () => {
    const { app } = await createTestApp();
    const { demandId } = await minimalRecord(app);
    const wrong = json(await post(app, demandId, { status: 'fulfilled', asOf: '2025-06-01' }));
    const fix = await post(app, demandId, {
      status: 'partially_fulfilled',
      asOf: '2025-06-01',
      corrects: wrong.id,
      correctionReason: 'Nur teilweise',
    });
    expect(fix.statusCode).toBe(201);
    expect(json(fix).correctsId).toBe(wrong.id);
    const history = json(await app.inject({ as: 'admin', url: `/api/v1/demands/${demandId}/status-updates` })).items;
    const old = history.find((u: { id: number }) => u.id === wrong.id);
    expect(old).toMatchObject({ retracted: true, retraction: { replacementId: json(fix).id, reason: 'Nur teilweise' } });
    expect(json(await app.inject({ as: 'admin', url: `/api/v1/demands/${demandId}` })).status.key).toBe('partially_fulfilled');
  });

  it('keeps evidence and lists updates across demands with filters', async () => {
    const { app } = await createTestApp();
    const { demandId } = await minimalRecord(app);
    await post(app, demandId, {
      status: 'largely_fulfilled',
      asOf: '2025-04-24',
      reporter: 'LAG-MONITORING',
      evidence: [{ kind: 'gesetz', citation: 'Gesetz vom 21.12.2022', date: '2022-12-21', url: 'https://www.bgbl.de/x' }],
    });
    await post(app, demandId, { status: 'in_progress', asOf: '2024-01-10', reporter: 'HE' });
    const page = json(await app.inject({ as: 'admin', url: '/api/v1/status-updates?since=2025-01-01&reporter=LAG-MONITORING' }));
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      status: 'largely_fulfilled',
      statusLabel: 'überwiegend erfüllt',
      reporterName: 'LAG „Indikatorenentwicklung und Monitoring“',
    });
    expect(page.items[0].evidence[0]).toMatchObject({ kind: 'gesetz', kindLabel: 'Gesetz', date: '2022-12-21' });
    expect(json(await app.inject({ as: 'admin', url: '/api/v1/status-updates?until=2024-12-31' })).items[0].reporterName).toBe('Hessen');
  });
});

describe('status update errors', () => {
  it('404 for a missing demand, nothing written', async () => {
    const { app, database } = await createTestApp();
    const res = await post(app, 999, { status: 'open', asOf: '2025-01-01' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(json(res).code).toBe('demands.not_found');
    expect(database.sqlite.prepare('SELECT count(*) AS n FROM status_updates').get()).toEqual({ n: 0 });
  });

  it('refuses unknown statuses, unknown reporters, future dates and unsafe URLs', async () => {
    const { app, database } = await createTestApp();
    const { demandId } = await minimalRecord(app);
    expect((await post(app, demandId, { status: 'done', asOf: '2025-01-01' })).statusCode).toBe(400);
    const reporter = await post(app, demandId, { status: 'open', asOf: '2025-01-01', reporter: 'XX' });
    expect(reporter.statusCode).toBe(422);
    expect(json(reporter).errors[0].field).toBe('body.reporter');
    expect((await post(app, demandId, { status: 'open', asOf: '2099-01-01' })).statusCode).toBe(422);
    const url = await post(app, demandId, {
      status: 'open',
      asOf: '2025-01-01',
      evidence: [{ kind: 'presse', citation: 'x', url: 'javascript:alert(1)' }],
    });
    expect(url.statusCode).toBe(400);
    expect(database.sqlite.prepare('SELECT count(*) AS n FROM status_updates').get()).toEqual({ n: 0 });
  });

  it('the database itself refuses to change or delete status history', async () => {
    const { app, database } = await createTestApp();
    const { demandId } = await minimalRecord(app);
    const u = json(await post(app, demandId, { status: 'open', asOf: '2025-01-01', evidence: [{ kind: 'bericht', citation: 'Bericht' }] }));
    expect(() => database.sqlite.prepare("UPDATE status_updates SET narrative = 'x' WHERE id = ?").run(u.id)).toThrow(/append-only/);
    expect(() => database.sqlite.prepare('DELETE FROM status_updates WHERE id = ?').run(u.id)).toThrow(/append-only/);
    expect(() => database.sqlite.prepare('DELETE FROM evidence').run()).toThrow(/append-only/);
    const del = await app.inject({ as: 'admin', method: 'DELETE', url: `/api/v1/demands/${demandId}` });
    expect(del.statusCode).toBe(409);
    expect(json(del).code).toBe('demands.has_history');
  });
});
