// The reporting round end to end through the API on the seeded record of the 20th IntMK: open,
// assign, draft, return, resubmit, accept, preview, release, object, decide.
import { describe, expect, it } from 'vitest';
import { createTestApp, json, parsedAuditRows } from './helper.js';

const ROUND = { conference: 20, asOf: '2026-11-15', deadline: '2026-12-15' };

async function openRound() {
  const t = await createTestApp({ seed: true });
  const res = await t.request('chair', { method: 'POST', url: '/api/v1/rounds', payload: ROUND });
  expect(res.statusCode, res.body).toBe(201);
  return { t, round: json(res) };
}

describe('reporting round', () => {
  it('runs end to end: open, assign, draft, return, resubmit, accept, preview, release, object, uphold', async () => {
    const { t, round } = await openRound();
    expect(round).toMatchObject({ conference: 20, presentedTo: 21, state: 'open', objectionDays: 28 });
    expect(round.itemCount).toBeGreaterThan(50);

    // One open round per conference.
    const again = await t.request('admin', { method: 'POST', url: '/api/v1/rounds', payload: ROUND });
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('rounds.already_open');

    const items = json(await t.request('chair', `/api/v1/rounds/${round.id}/items?limit=200`)).items;
    expect(items).toHaveLength(round.itemCount);
    // Defaults: the demand's responsible codes, the first one leads.
    const withDefault = items.find((i: any) => i.assignments.length > 0);
    expect(withDefault.assignments[0].lead).toBe(true);
    const item = items.find((i: any) => i.demand.conference === 20 && i.demand.addressees.length > 0);
    const demandId = item.demand.id as number;

    // Assign NI (lead) and HE.
    const put = await t.request('chair', {
      method: 'PUT',
      url: `/api/v1/rounds/${round.id}/items/${demandId}/assignments`,
      headers: { 'if-match': '*' },
      payload: { groups: [{ code: 'NI', lead: true }, { code: 'HE' }] },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(json(put)).toEqual([
      { code: 'NI', name: 'Niedersachsen', lead: true },
      { code: 'HE', name: 'Hessen', lead: false },
    ]);

    // Bulk: every demand under TOP 4.5 to the LAG.
    const bulk = await t.request('chair', {
      method: 'POST',
      url: `/api/v1/rounds/${round.id}/assignments`,
      payload: { top: '4.5', groups: ['LAG-MONITORING'], lead: 'LAG-MONITORING', mode: 'replace' },
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(json(bulk).matched).toBeGreaterThan(0);

    // The LAG editor sees the round through its assignments; only those items.
    const lagItems = json(await t.request('editorLAG', `/api/v1/rounds/${round.id}/items?limit=200`)).items;
    expect(lagItems.length).toBe(json(bulk).matched);

    // NI drafts; an editor of another group may not draft for NI.
    const draftBody = {
      demandId,
      group: 'NI',
      status: 'in_progress',
      narrative: 'Der Bund hat Gespräche aufgenommen.',
      evidence: [{ kind: 'schreiben', citation: 'Schreiben des BMI vom 3.11.2026', date: '2026-11-03' }],
    };
    const foreign = await t.request('editorHE', { method: 'POST', url: `/api/v1/rounds/${round.id}/drafts`, payload: draftBody });
    expect(foreign.statusCode).toBe(403);
    const created = await t.request('editorNI', { method: 'POST', url: `/api/v1/rounds/${round.id}/drafts`, payload: draftBody });
    expect(created.statusCode, created.body).toBe(201);
    const draft = json(created);
    expect(draft).toMatchObject({ state: 'draft', group: 'NI', status: 'in_progress', addressee: null });

    // Nobody else sees it: HE's editor (assigned to the same demand, other group), the reader, anonymous.
    expect((await t.request('editorHE', `/api/v1/drafts/${draft.id}`)).statusCode).toBe(404);
    expect((await t.request('reader', `/api/v1/drafts/${draft.id}`)).statusCode).toBe(403);
    expect((await t.request('anonymous', `/api/v1/drafts/${draft.id}`)).statusCode).toBe(401);
    expect(json(await t.request('editorHE', `/api/v1/rounds/${round.id}/drafts`)).items).toEqual([]);

    // Submit, return with a comment, the editor sees it, edits, resubmits; the chair accepts.
    expect((await t.request('editorNI', { method: 'POST', url: `/api/v1/drafts/${draft.id}/submission` })).statusCode).toBe(200);
    const editLocked = await t.request('editorNI', {
      method: 'PATCH',
      url: `/api/v1/drafts/${draft.id}`,
      headers: { 'if-match': '*' },
      payload: { narrative: 'x' },
    });
    expect(editLocked.statusCode).toBe(409);
    const returned = await t.request('chair', {
      method: 'POST',
      url: `/api/v1/drafts/${draft.id}/return`,
      payload: { comment: 'Bitte das Datum des Gesprächs nennen.' },
    });
    expect(returned.statusCode, returned.body).toBe(200);
    const seen = await t.request('editorNI', `/api/v1/drafts/${draft.id}`);
    expect(json(seen).state).toBe('returned');
    expect(json(seen).events.map((e: any) => [e.event, e.comment])).toContainEqual(['returned', 'Bitte das Datum des Gesprächs nennen.']);
    const edited = await t.request('editorNI', {
      method: 'PATCH',
      url: `/api/v1/drafts/${draft.id}`,
      headers: { 'if-match': seen.headers.etag as string },
      payload: { narrative: 'Der Bund hat am 3.11.2026 Gespräche aufgenommen.' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await t.request('editorNI', { method: 'POST', url: `/api/v1/drafts/${draft.id}/submission` })).statusCode).toBe(200);
    // The chair edits with a note (required), then accepts.
    const noNote = await t.request('chair', {
      method: 'PATCH',
      url: `/api/v1/drafts/${draft.id}`,
      headers: { 'if-match': '*' },
      payload: { status: 'under_examination' },
    });
    expect(noNote.statusCode).toBe(422);
    const chairEdit = await t.request('chair', {
      method: 'PATCH',
      url: `/api/v1/drafts/${draft.id}`,
      headers: { 'if-match': '*' },
      payload: { status: 'under_examination', note: 'Status an die Formulierung angepasst.' },
    });
    expect(chairEdit.statusCode, chairEdit.body).toBe(200);
    expect((await t.request('chair', { method: 'POST', url: `/api/v1/drafts/${draft.id}/acceptance` })).statusCode).toBe(200);

    // A Zwischenbericht needs its expected date.
    const interimBad = await t.request('editorHE', {
      method: 'POST',
      url: `/api/v1/rounds/${round.id}/drafts`,
      payload: { demandId, group: 'HE', kind: 'zwischenbericht', status: 'under_examination', narrative: 'Noch in Prüfung.' },
    });
    expect(interimBad.statusCode).toBe(422);

    // Progress: NI accepted, HE missing.
    const progress = json(await t.request('chair', `/api/v1/rounds/${round.id}/progress`));
    const ni = progress.groups.find((g: any) => g.code === 'NI');
    const he = progress.groups.find((g: any) => g.code === 'HE');
    expect(ni).toMatchObject({ accepted: 1 });
    expect(he.assigned).toBeGreaterThanOrEqual(1);
    expect(he).toMatchObject({ notStarted: he.assigned, missing: he.assigned, overdue: 0 });

    // Preview shows exactly what becomes public; the release writes exactly that.
    const preview = json(await t.request('chair', `/api/v1/rounds/${round.id}/release-preview`));
    expect(preview.releases).toHaveLength(1);
    expect(preview.releases[0]).toMatchObject({
      draftId: draft.id,
      demandId,
      reporter: 'NI',
      status: 'under_examination',
      asOf: '2026-11-15',
      narrative: 'Der Bund hat am 3.11.2026 Gespräche aufgenommen.',
      visibility: 'public',
      public: true,
    });
    const auditBefore = t.services.audit.count();
    const released = await t.request('chair', { method: 'POST', url: `/api/v1/rounds/${round.id}/release`, payload: {} });
    expect(released.statusCode, released.body).toBe(200);
    const result = json(released);
    expect(result.round.state).toBe('closed');
    expect(result.updates).toHaveLength(1);
    const updateId = result.updates[0].statusUpdateId;
    expect(t.services.audit.count()).toBe(auditBefore + 1);
    const event = parsedAuditRows(t.database).at(-1);
    expect(event).toMatchObject({ action: 'rounds.release', entity: 'round', entity_id: String(round.id) });
    expect(event?.after.statusUpdates).toEqual([updateId]);

    // The public sees the released Sachstand as the preview said, with its evidence.
    const pub = json(await t.request('anonymous', `/api/v1/status-updates/${updateId}`));
    expect(pub).toMatchObject({ demandId, status: 'under_examination', reporter: 'NI', asOf: '2026-11-15' });
    expect(pub.evidence[0].citation).toBe('Schreiben des BMI vom 3.11.2026');
    expect(json(await t.request('anonymous', `/api/v1/demands/${demandId}`)).status.key).toBe('under_examination');
    // The draft and its comments are still not public.
    expect((await t.request('anonymous', `/api/v1/rounds/${round.id}/drafts`)).statusCode).toBe(401);

    // "unbeantwortet seit n Runden": answered once for this demand, unanswered for the others.
    const after = json(await t.request('chair', `/api/v1/rounds/${round.id}/items?limit=200`)).items;
    expect(after.find((i: any) => i.demand.id === demandId).answered).toEqual({ rounds: 1, answered: 1, unansweredSince: 0 });
    expect(after.find((i: any) => i.demand.id !== demandId).answered).toEqual({ rounds: 1, answered: 0, unansweredSince: 1 });

    // HE objects; NI (not the objecting Land) may not object in HE's name; the chair upholds.
    const notOwn = await t.request('editorNI', {
      method: 'POST',
      url: `/api/v1/rounds/${round.id}/objections`,
      payload: { statusUpdateId: updateId, land: 'HE', reason: 'x' },
    });
    expect(notOwn.statusCode).toBe(403);
    const objection = await t.request('editorHE', {
      method: 'POST',
      url: `/api/v1/rounds/${round.id}/objections`,
      payload: { statusUpdateId: updateId, land: 'HE', reason: 'Die Gespräche sind abgebrochen worden.' },
    });
    expect(objection.statusCode, objection.body).toBe(201);
    const open = json(await t.request('chair', `/api/v1/rounds/${round.id}/objections?state=open`)).items;
    expect(open.map((o: any) => o.land)).toEqual(['HE']);
    expect((await t.request('editorLAG', `/api/v1/objections/${json(objection).id}`)).statusCode).toBe(404);
    // The open objection is in the internal report model for the annex (with the demand, who, when); never in the public one.
    const reportOf = async (audience: 'internal' | 'public') =>
      json(await t.request('chair', `/api/v1/conferences/20/erfolgskontrolle?format=json&audience=${audience}`));
    const internalReport = await reportOf('internal');
    expect(internalReport.objections).toEqual([
      expect.objectContaining({
        id: json(objection).id,
        round: round.id,
        statusUpdateId: updateId,
        statusUpdateAsOf: '2026-11-15',
        land: { code: 'HE', name: 'Hessen' },
        reason: 'Die Gespräche sind abgebrochen worden.',
        demand: expect.objectContaining({ id: demandId, conference: 20, status: 'under_examination' }),
      }),
    ]);
    expect(internalReport.objections[0].raised).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await reportOf('public')).objections).toEqual([]);
    const decided = await t.request('chair', {
      method: 'POST',
      url: `/api/v1/objections/${json(objection).id}/decision`,
      payload: { decision: 'upheld', reason: 'Hessen hat recht.', status: 'open', narrative: 'Die Gespräche wurden abgebrochen.' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(json(decided)).toMatchObject({ state: 'upheld', decisionReason: 'Hessen hat recht.' });
    const replacement = json(await t.request('anonymous', `/api/v1/status-updates/${json(decided).replacementId}`));
    expect(replacement).toMatchObject({ correctsId: updateId, status: 'open' });
    expect(json(await t.request('anonymous', `/api/v1/status-updates/${updateId}`)).retracted).toBe(true);
    // Decided, it leaves the list of open objections.
    expect((await reportOf('internal')).objections).toEqual([]);
  });

  it('leaves out mandates not yet due and standing self-commitments unless asked to keep them', async () => {
    const { t, round } = await openRound();
    const t2 = t;
    const res = await t2.request('chair', {
      method: 'POST',
      url: '/api/v1/rounds',
      payload: { ...ROUND, conference: 18, excludeNotYetDue: false, excludeStanding: false },
    });
    expect(res.statusCode, res.body).toBe(201);
    // Earlier conference rounds only take open demands; the scope of 20 never includes closed ones.
    const items = json(await t.request('chair', `/api/v1/rounds/${round.id}/items?limit=200`)).items;
    for (const i of items) expect(['fulfilled', 'rejected', 'obsolete', 'report_delivered']).not.toContain(i.demand.status);
  });

  it('inside an open round editors log status updates only for their assignments', async () => {
    const { t, round } = await openRound();
    const items = json(await t.request('chair', `/api/v1/rounds/${round.id}/items?limit=200`)).items;
    const demandId = items[0].demand.id;
    await t.request('chair', {
      method: 'PUT',
      url: `/api/v1/rounds/${round.id}/items/${demandId}/assignments`,
      headers: { 'if-match': '*' },
      payload: { groups: [{ code: 'HE', lead: true }] },
    });
    const post = (as: 'editorNI' | 'editorHE', reporter: string) =>
      t.request(as, {
        method: 'POST',
        url: `/api/v1/demands/${demandId}/status-updates`,
        payload: { status: 'in_progress', asOf: '2026-11-01', narrative: 'Fortgang.', reporter },
      });
    expect((await post('editorNI', 'NI')).statusCode).toBe(403);
    expect((await post('editorHE', 'HE')).statusCode).toBe(201);
  });

  it("the report's chase list comes from the round's assignments", async () => {
    const { t, round } = await openRound();
    const items = json(await t.request('chair', `/api/v1/rounds/${round.id}/items?limit=200`)).items;
    const demandId = items.find((i: any) => i.demand.conference === 20).demand.id;
    await t.request('chair', {
      method: 'PUT',
      url: `/api/v1/rounds/${round.id}/items/${demandId}/assignments`,
      headers: { 'if-match': '*' },
      payload: { groups: [{ code: 'LAG-MONITORING', lead: true }] },
    });
    const missingOf = async () => {
      const report = json(
        await t.request('chair', '/api/v1/conferences/20/erfolgskontrolle?format=json&audience=internal&asOf=2026-11-20'),
      );
      return new Map(report.missing.map((g: any) => [g.responsible.code, g.demands.map((d: any) => d.id)]));
    };
    let missing = await missingOf();
    expect(missing.get('LAG-MONITORING')).toEqual([demandId]);
    const unassigned = items.filter((i: any) => i.assignments.length === 0 && i.demand.id !== demandId).length;
    // Unassigned demands in scope are listed apart (those the report covers: its own and the earlier ones it shows).
    const unassignedListed = ((missing.get('-') as number[] | undefined) ?? []).length;
    expect(unassignedListed).toBeGreaterThan(0);
    expect(unassignedListed).toBeLessThanOrEqual(unassigned);

    const draft = json(
      await t.request('editorLAG', {
        method: 'POST',
        url: `/api/v1/rounds/${round.id}/drafts`,
        payload: { demandId, group: 'LAG-MONITORING', status: 'in_progress', narrative: 'Die LAG berichtet.' },
      }),
    );
    await t.request('editorLAG', { method: 'POST', url: `/api/v1/drafts/${draft.id}/submission` });
    await t.request('chair', { method: 'POST', url: `/api/v1/drafts/${draft.id}/acceptance` });
    await t.request('chair', { method: 'POST', url: `/api/v1/rounds/${round.id}/release`, payload: { drafts: [draft.id] } });
    missing = await missingOf();
    expect(missing.get('LAG-MONITORING')).toBeUndefined();
  });

  it("keeps a draft's history append-only: the database refuses to change or delete its events (migration 0012)", async () => {
    const { t, round } = await openRound();
    const items = json(await t.request('chair', `/api/v1/rounds/${round.id}/items?limit=200`)).items;
    const demandId = items[0].demand.id;
    await t.request('chair', {
      method: 'PUT',
      url: `/api/v1/rounds/${round.id}/items/${demandId}/assignments`,
      headers: { 'if-match': '*' },
      payload: { groups: [{ code: 'NI', lead: true }] },
    });
    const draft = json(
      await t.request('editorNI', {
        method: 'POST',
        url: `/api/v1/rounds/${round.id}/drafts`,
        payload: { demandId, group: 'NI', status: 'in_progress', narrative: 'Fortgang.' },
      }),
    );
    await t.request('editorNI', { method: 'POST', url: `/api/v1/drafts/${draft.id}/submission` });
    await t.request('chair', { method: 'POST', url: `/api/v1/drafts/${draft.id}/return`, payload: { comment: 'Bitte belegen.' } });
    const sqlite = t.database.sqlite;
    const events = () => sqlite.prepare('SELECT id, event, comment FROM round_draft_events WHERE draft_id = ? ORDER BY id').all(draft.id);
    const before = events();
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(() => sqlite.prepare("UPDATE round_draft_events SET comment = 'umgeschrieben'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("UPDATE round_draft_events SET event = 'accepted' WHERE draft_id = ?").run(draft.id)).toThrow(
      /append-only/,
    );
    expect(() => sqlite.prepare('DELETE FROM round_draft_events WHERE draft_id = ?').run(draft.id)).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM round_draft_events').run()).toThrow(/append-only/);
    expect(events()).toEqual(before);
    // Appending goes on: the editor resubmits, a new event follows the old ones.
    expect((await t.request('editorNI', { method: 'POST', url: `/api/v1/drafts/${draft.id}/submission` })).statusCode).toBe(200);
    expect(events().slice(0, before.length)).toEqual(before);
    expect(events().length).toBe(before.length + 1);
  });
});

describe('deleting what a round drafts on', () => {
  it('409 with a German reason for the demand and its resolution while a draft exists; nothing deleted', async () => {
    const { t, round } = await openRound();
    const items = json(await t.request('chair', `/api/v1/rounds/${round.id}/items?limit=200`)).items as { demand: { id: number } }[];
    // A demand of the round whose resolution has no Sachstand yet, so only the draft holds it.
    const demandId = t.database.sqlite
      .prepare(
        `SELECT d.id FROM demands d WHERE d.id IN (${items.map((i) => i.demand.id).join(',')}) AND NOT EXISTS
           (SELECT 1 FROM status_updates s JOIN demands o ON o.id = s.demand_id WHERE o.resolution_id = d.resolution_id) LIMIT 1`,
      )
      .pluck()
      .get() as number;
    expect(demandId).toBeTypeOf('number');
    const resolutionId = json(await t.request('chair', `/api/v1/demands/${demandId}`)).resolution.id as number;
    const assign = await t.request('chair', {
      method: 'PUT',
      url: `/api/v1/rounds/${round.id}/items/${demandId}/assignments`,
      headers: { 'if-match': '*' },
      payload: { groups: [{ code: 'NI', lead: true }] },
    });
    expect(assign.statusCode, assign.body).toBe(200);
    const drafted = await t.request('editorNI', {
      method: 'POST',
      url: `/api/v1/rounds/${round.id}/drafts`,
      payload: { demandId, group: 'NI', status: 'in_progress', narrative: 'Gespräche laufen.', evidence: [] },
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    const deletions = () => t.database.sqlite.prepare('SELECT count(*) FROM deletions').pluck().get();

    const demand = await t.request('admin', { method: 'DELETE', url: `/api/v1/demands/${demandId}`, headers: { 'if-match': '*' } });
    expect(demand.statusCode).toBe(409);
    expect(demand.headers['content-type']).toContain('application/problem+json');
    expect(json(demand)).toMatchObject({
      code: 'demands.has_drafts',
      detail: expect.stringContaining('einen Sachstandsentwurf einer Berichtsrunde'),
    });

    const resolution = await t.request('admin', {
      method: 'DELETE',
      url: `/api/v1/resolutions/${resolutionId}`,
      headers: { 'if-match': '*' },
    });
    expect(resolution.statusCode).toBe(409);
    expect(json(resolution)).toMatchObject({
      code: 'resolutions.has_drafts',
      detail: expect.stringContaining('gibt es einen Sachstandsentwurf einer Berichtsrunde'),
    });
    expect(deletions()).toBe(0);
    expect((await t.request('chair', `/api/v1/demands/${demandId}`)).statusCode).toBe(200);
  });
});

describe('bulk assignment by conference', () => {
  it('a TOP number of the reported conference does not catch the same number of an earlier one', async () => {
    const { t, round } = await openRound();
    const items = json(await t.request('chair', `/api/v1/rounds/${round.id}/items?limit=200`)).items as {
      demand: { id: number; conference: number; top: string };
    }[];
    // A TOP number that demands of the 20th and of an earlier conference in scope share.
    const tops = (conference: (n: number) => boolean) =>
      new Set(items.filter((i) => conference(i.demand.conference)).map((i) => i.demand.top));
    const earlier = tops((n) => n < 20);
    const top = [...tops((n) => n === 20)].find((x) => earlier.has(x));
    expect(top, 'the seeded round has a TOP number in two conferences').toBeDefined();
    const bulk = (body: object) =>
      t.request('chair', { method: 'POST', url: `/api/v1/rounds/${round.id}/assignments`, payload: { groups: ['NI'], ...body } });

    const all = json(await bulk({ top }));
    const of20 = json(await bulk({ top, conference: 20 }));
    const expected = items.filter((i) => i.demand.top === top);
    expect(all.matched).toBe(expected.length);
    expect(of20.demandIds).toEqual(
      expected
        .filter((i) => i.demand.conference === 20)
        .map((i) => i.demand.id)
        .sort((a, b) => a - b),
    );
    expect(of20.matched).toBeLessThan(all.matched);

    // The conference alone is a filter too: every demand of it in the round.
    const whole = json(await bulk({ conference: 20 }));
    expect(whole.matched).toBe(items.filter((i) => i.demand.conference === 20).length);
    // Still one filter at least, and the message names them all.
    const none = await bulk({});
    expect(none.statusCode).toBe(422);
    expect(json(none).detail).toBe('Bitte mindestens eines angeben: Konferenz, TOP, Adressat oder Thema.');
  });
});
