// "My assignments" (GET /me/assignments): the editor's task list across rounds, with the state of
// the own answer, the office's comment on a returned draft and "overdue" after the deadline.
import { describe, expect, it } from 'vitest';
import { createTestApp, json } from './helper.js';

// The clock of the test apps stands at 2026-11-20: this round's deadline has passed.
const ROUND = { conference: 20, asOf: '2026-11-01', deadline: '2026-11-19' };

async function setUp() {
  const t = await createTestApp({ seed: true });
  const round = json(await t.request('chair', { method: 'POST', url: '/api/v1/rounds', payload: ROUND }));
  const items = json(await t.request('chair', `/api/v1/rounds/${round.id}/items?limit=200`)).items;
  const demandId = items.find((i: any) => i.demand.conference === 20).demand.id as number;
  const put = await t.request('chair', {
    method: 'PUT',
    url: `/api/v1/rounds/${round.id}/items/${demandId}/assignments`,
    headers: { 'if-match': '*' },
    payload: { groups: [{ code: 'NI', lead: true }, { code: 'HE' }] },
  });
  expect(put.statusCode, put.body).toBe(200);
  return { t, round, demandId };
}

const mine = async (t: Awaited<ReturnType<typeof createTestApp>>, as: 'editorNI' | 'editorHE' | 'chair', query = '') => {
  const res = await t.request(as, `/api/v1/me/assignments${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
};

describe('my assignments', () => {
  it('lists the own assignments with the state of the answer, the return comment and overdue', async () => {
    const { t, round, demandId } = await setUp();
    const page = await mine(t, 'editorNI', `?demand=${demandId}`);
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      round: { id: round.id, conference: 20, presentedTo: 21, deadline: '2026-11-19', state: 'open', stateLabel: 'offen' },
      demand: { id: demandId, conference: 20 },
      group: 'NI',
      groupName: 'Niedersachsen',
      lead: true,
      state: 'none',
      stateLabel: 'noch nicht begonnen',
      overdue: true,
      drafts: [],
    });

    const created = await t.request('editorNI', {
      method: 'POST',
      url: `/api/v1/rounds/${round.id}/drafts`,
      payload: { demandId, group: 'NI', status: 'in_progress', narrative: 'Gespräche laufen.' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const draftId = json(created).id as number;
    expect((await mine(t, 'editorNI', `?demand=${demandId}`)).items[0]).toMatchObject({ state: 'draft', overdue: true });

    expect((await t.request('editorNI', { method: 'POST', url: `/api/v1/drafts/${draftId}/submission` })).statusCode).toBe(200);
    expect((await mine(t, 'editorNI', `?demand=${demandId}`)).items[0]).toMatchObject({
      state: 'submitted',
      stateLabel: 'eingereicht',
      overdue: false,
    });

    const returned = await t.request('chair', {
      method: 'POST',
      url: `/api/v1/drafts/${draftId}/return`,
      payload: { comment: 'Bitte den Beleg nachreichen.' },
    });
    expect(returned.statusCode, returned.body).toBe(200);
    const after = (await mine(t, 'editorNI', `?demand=${demandId}`)).items[0];
    expect(after).toMatchObject({ state: 'returned', overdue: true });
    expect(after.drafts).toEqual([
      expect.objectContaining({
        id: draftId,
        state: 'returned',
        stateLabel: 'zurückgegeben',
        returnComment: 'Bitte den Beleg nachreichen.',
      }),
    ]);

    // Resubmitted: the comment belongs to the return, not to the draft any more.
    await t.request('editorNI', { method: 'POST', url: `/api/v1/drafts/${draftId}/submission` });
    expect((await mine(t, 'editorNI', `?demand=${demandId}`)).items[0].drafts[0].returnComment).toBeNull();
  });

  it('shows each group only its own assignments and drafts; chair sees all; readers and anonymous are refused', async () => {
    const { t, round, demandId } = await setUp();
    await t.request('editorNI', {
      method: 'POST',
      url: `/api/v1/rounds/${round.id}/drafts`,
      payload: { demandId, group: 'NI', status: 'in_progress', narrative: 'Nur für NI.' },
    });
    const he = await mine(t, 'editorHE', `?demand=${demandId}`);
    expect(he.items).toHaveLength(1);
    expect(he.items[0]).toMatchObject({ group: 'HE', lead: false, state: 'none', drafts: [] });

    const all = await mine(t, 'editorNI', '?limit=200');
    expect(all.items.every((i: any) => i.group === 'NI')).toBe(true);
    expect(all.total).toBe(all.items.length);

    const chair = await mine(t, 'chair', `?demand=${demandId}`);
    expect(chair.items.map((i: any) => i.group)).toEqual(['NI', 'HE']);

    expect((await mine(t, 'editorNI', '?roundState=closed')).total).toBe(0);
    expect((await mine(t, 'editorNI', `?round=${round.id}&roundState=open`)).total).toBe(all.total);

    expect((await t.request('reader', '/api/v1/me/assignments')).statusCode).toBe(403);
    expect((await t.request('anonymous', '/api/v1/me/assignments')).statusCode).toBe(401);
  });
});
