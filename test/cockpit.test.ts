// The reads the chair's office uses to run a round in the browser (issue #16): scope before
// opening, the review queue beside the previous status and the wording, the round's outbox and a
// reminder to one group now. Chair and admin only; editors and readers are refused.
import { describe, expect, it } from 'vitest';
import { createTestApp, json, parsedAuditRows } from './helper.js';

const ROUND = { conference: 20, asOf: '2026-11-15', deadline: '2026-12-15' };

describe('round cockpit reads', () => {
  it('previews the scope with the same rule as opening, and names a round already open', async () => {
    const t = await createTestApp({ seed: true });
    const url = `/api/v1/rounds/scope-preview?conference=20&deadline=${ROUND.deadline}`;
    const preview = await t.request('chair', url);
    expect(preview.statusCode, preview.body).toBe(200);
    const p = json(preview);
    expect(p.openRound).toBeNull();
    expect(p.count).toBe(p.demands.length);
    expect(p.demands[0]).toMatchObject({ top: expect.any(String), kindLabel: expect.any(String), statusLabel: expect.any(String) });
    // Keeping standing commitments widens the scope (or keeps it), never narrows it.
    const wider = json(await t.request('chair', `${url}&excludeStanding=false&excludeNotYetDue=false`));
    expect(wider.count).toBeGreaterThanOrEqual(p.count);

    const created = json(await t.request('chair', { method: 'POST', url: '/api/v1/rounds', payload: ROUND }));
    expect(created.itemCount).toBe(p.count);
    const items = json(await t.request('chair', `/api/v1/rounds/${created.id}/items?limit=200`)).items.map((i: any) => i.demand.id);
    expect(items).toEqual(p.demands.map((d: any) => d.id));
    expect(json(await t.request('chair', url)).openRound).toBe(created.id);

    expect((await t.request('chair', '/api/v1/rounds/scope-preview?conference=99&deadline=2026-12-15')).statusCode).toBe(404);
    expect((await t.request('editorNI', url)).statusCode).toBe(403);
    expect((await t.request('reader', url)).statusCode).toBe(403);
    expect((await t.request('anonymous', url)).statusCode).toBe(401);
  });

  it('lists submitted drafts beside the previous status and the wording, in the order they came in', async () => {
    const t = await createTestApp({ seed: true });
    const round = json(await t.request('chair', { method: 'POST', url: '/api/v1/rounds', payload: ROUND }));
    const items = json(await t.request('chair', `/api/v1/rounds/${round.id}/items?limit=200`)).items;
    const [a, b] = items.filter((i: any) => i.demand.conference === 20).slice(0, 2);
    for (const item of [a, b]) {
      const put = await t.request('chair', {
        method: 'PUT',
        url: `/api/v1/rounds/${round.id}/items/${item.demand.id}/assignments`,
        headers: { 'if-match': '*' },
        payload: { groups: [{ code: 'NI', lead: true }] },
      });
      expect(put.statusCode, put.body).toBe(200);
    }
    const ids: number[] = [];
    for (const item of [b, a]) {
      const d = await t.request('editorNI', {
        method: 'POST',
        url: `/api/v1/rounds/${round.id}/drafts`,
        payload: { demandId: item.demand.id, group: 'NI', status: 'in_progress', narrative: `Sachstand zu ${item.demand.id}` },
      });
      expect(d.statusCode, d.body).toBe(201);
      ids.push(json(d).id);
    }
    // Only the second is submitted first; the queue shows submitted drafts only.
    await t.request('editorNI', { method: 'POST', url: `/api/v1/drafts/${ids[1]}/submission` });
    await t.request('editorNI', { method: 'POST', url: `/api/v1/drafts/${ids[0]}/submission` });
    const queue = await t.request('chair', `/api/v1/rounds/${round.id}/review-queue`);
    expect(queue.statusCode, queue.body).toBe(200);
    const q = json(queue);
    expect(q.total).toBe(2);
    expect(q.items.map((i: any) => i.draft.id)).toEqual([ids[1], ids[0]]);
    const first = q.items[0];
    expect(first.demand.wording.length).toBeGreaterThan(first.demand.summary.length - 1);
    expect(first.demand.resolutionTitle).toEqual(expect.any(String));
    expect(first.previous).toMatchObject({ status: expect.any(String), statusLabel: expect.any(String) });
    expect(first.draft.state).toBe('submitted');

    // Accepted ones leave the queue; asked for, they are listed.
    await t.request('chair', { method: 'POST', url: `/api/v1/drafts/${ids[0]}/acceptance` });
    expect(json(await t.request('chair', `/api/v1/rounds/${round.id}/review-queue`)).total).toBe(1);
    expect(json(await t.request('chair', `/api/v1/rounds/${round.id}/review-queue?state=accepted`)).items[0].draft.id).toBe(ids[0]);

    expect((await t.request('editorNI', `/api/v1/rounds/${round.id}/review-queue`)).statusCode).toBe(403);
    expect((await t.request('chair', '/api/v1/rounds/999/review-queue')).statusCode).toBe(404);
  });

  it('reminds one group now: one mail per active editor with e-mail, in the round outbox the chair reads', async () => {
    const t = await createTestApp({ seed: true });
    t.services.auth.create({ name: 'Referat NI', role: 'editor', lands: ['NI'], email: 'ni@example.org' });
    const round = json(await t.request('chair', { method: 'POST', url: '/api/v1/rounds', payload: ROUND }));
    const item = json(await t.request('chair', `/api/v1/rounds/${round.id}/items?limit=1`)).items[0];
    await t.request('chair', {
      method: 'PUT',
      url: `/api/v1/rounds/${round.id}/items/${item.demand.id}/assignments`,
      headers: { 'if-match': '*' },
      payload: { groups: [{ code: 'NI', lead: true }, { code: 'HE' }] },
    });

    const sent = await t.request('chair', { method: 'POST', url: `/api/v1/rounds/${round.id}/reminders`, payload: { group: 'NI' } });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(json(sent)).toMatchObject({ group: 'NI', queued: 1, pending: 0 });
    expect(json(sent).missing).toBeGreaterThan(0);

    const mails = await t.request('chair', `/api/v1/rounds/${round.id}/mails`);
    expect(mails.statusCode, mails.body).toBe(200);
    const m = json(mails);
    expect(m.total).toBe(1);
    expect(m.items[0]).toMatchObject({ group: 'NI', recipient: 'ni@example.org', state: 'outbox', round: round.id });
    expect(m.items[0].body).toContain(item.demand.summary);
    expect(parsedAuditRows(t.database).some((r) => r.action === 'rounds.remind')).toBe(true);

    // HE has nobody to write to: said so, nothing queued.
    const nobody = await t.request('chair', { method: 'POST', url: `/api/v1/rounds/${round.id}/reminders`, payload: { group: 'HE' } });
    expect(nobody.statusCode).toBe(409);
    expect(json(nobody).code).toBe('reminders.no_recipients');
    // A group without assignment in the round.
    const none = await t.request('chair', { method: 'POST', url: `/api/v1/rounds/${round.id}/reminders`, payload: { group: 'ZZ-NONE' } });
    expect(none.statusCode).toBe(422);

    expect((await t.request('editorNI', `/api/v1/rounds/${round.id}/mails`)).statusCode).toBe(403);
    expect(
      (await t.request('editorNI', { method: 'POST', url: `/api/v1/rounds/${round.id}/reminders`, payload: { group: 'NI' } })).statusCode,
    ).toBe(403);
  });
});
