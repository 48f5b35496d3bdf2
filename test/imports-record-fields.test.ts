// An imported conference is as rich as a seeded one: the import draft carries the record model's
// fields (lead addressee, duty to report back, due date, responsible, topics, mentions of earlier
// raisings, thread relations, Ziffer headings, closing text, subtitle, who withdrew an item, notes
// about one demand or one Land's budget reservation), the reviewer corrects them, the commit writes them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_DIR } from '../bench/import-eval.js';
import { DEFAULT_BODIES } from '../src/domain/vocab.js';
import { demandContext, leadAddresseeOf, mentionsOf, reportsBack } from '../src/modules/imports/parse/demands.js';
import { createTestApp, json, type TestApp } from './helper.js';

const TEXT_18 = readFileSync(`${DOCUMENT_DIR}intmk-18-2023-wiesbaden-niederschrift.txt`);

function upload(t: TestApp, body: Buffer | string) {
  return t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/imports', headers: { 'content-type': 'text/plain' }, payload: body });
}
const patch = (t: TestApp, url: string, payload: unknown) =>
  t.app.inject({ as: 'admin', method: 'PATCH', url, payload: payload as object });

describe('the parser fills what the text says', () => {
  const ctx = demandContext(DEFAULT_BODIES, '', 18);
  it('lead addressee, duty to report back, earlier raisings', () => {
    const kmk =
      'Die Länder bitten erneut federführend die KMK, unter Beachtung der jeweiligen Zuständigkeiten Daten zu liefern und die IntMK entsprechend zu informieren.';
    expect(leadAddresseeOf(kmk, ['KMK'], ctx)).toBe('KMK');
    expect(leadAddresseeOf(kmk, ['BUND'], ctx)).toBeNull();
    expect(reportsBack(kmk)).toBe(true);
    expect(reportsBack('Der Vertreter wird der IntMK über den Fortgang der Umsetzung regelmäßig zu berichten haben.')).toBe(true);
    // A genitive: the IntMK's office informs others.
    expect(
      reportsBack('Die Geschäftsstelle der IntMK wird gebeten, die JFMK, KMK, ASMK sowie GMK über diesen Beschluss zu informieren.'),
    ).toBe(false);
    expect(
      mentionsOf('Die IntMK fordert fast durchgängig seit 2011, die Integrationskurse zu öffnen.', {
        conference: 20,
        year: 2025,
        top: '2.1.b',
      }),
    ).toEqual([{ year: 2011, conference: null, text: 'fast durchgängig seit 2011', citation: '20. IntMK 2025, TOP 2.1.b' }]);
    // A date that is no earlier raising of a demand.
    expect(
      mentionsOf('Eine Erhöhung der seit 2008 nicht erhöhten Kostenpauschale ist erforderlich.', {
        conference: 20,
        year: 2025,
        top: '5.2',
      }),
    ).toEqual([]);
  });
});

describe('import draft → record: the record model’s fields', () => {
  it('the draft carries them, corrections set them, the commit writes them', async () => {
    const t = await createTestApp();
    const draft = json(await upload(t, TEXT_18));
    const top = (d: any, id: string) => d.resolutions.find((r: any) => r.top === id);
    // Read from the text: „Rücknahme Berlin“, „federführend die KMK … die IntMK entsprechend zu informieren“.
    expect(top(draft, '4.2').withdrawnBy).toEqual(['BE']);
    const d5 = top(draft, '1.4').demands.find((d: any) => d.key === '1.4-5');
    expect(d5).toMatchObject({
      addressees: ['KMK'],
      leadAddressee: 'KMK',
      reportBack: true,
      dueDate: null,
      responsible: [],
      topics: [],
      mentions: [],
    });
    for (const s of draft.resolutions.flatMap((r: any) => r.demands).flatMap((d: any) => d.suggestions))
      expect(s.relation).toBe('reiterated');

    // The reviewer adds what the document says and the parser does not read.
    const url = `/api/v1/imports/${draft.id}`;
    const ziffern = top(draft, '1.4').ziffern.map((z: any, i: number) => ({
      number: z.number,
      text: z.text,
      heading: i === 0 ? 'Monitoring' : null,
    }));
    const unknownNote = await patch(t, `${url}/resolutions/1.4`, {
      notes: [{ kind: 'protokollnotiz', lands: ['BY'], ziffer: '5', demand: '4.3-2', text: 'x' }],
    });
    expect(unknownNote.statusCode).toBe(422);
    expect(json(unknownNote).code).toBe('imports.note_unknown_demand');
    const res = await patch(t, `${url}/resolutions/1.4`, {
      subtitle: 'Ländermonitoring',
      ziffern,
      closingText: 'Schlusssatz.',
      notes: [
        {
          kind: 'protokollnotiz',
          lands: ['BY'],
          ziffer: '5',
          demand: '1.4-5',
          budgetReservation: true,
          text: 'Bayern stimmt unter Haushaltsvorbehalt zu.',
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const lead = await patch(t, `${url}/demands/1.4-5`, { leadAddressee: 'BUND' });
    expect(lead.statusCode).toBe(422);
    expect(json(lead).code).toBe('imports.lead_not_addressee');
    const mention = { year: 2019, conference: 14, text: 'Forderung aus der 14. IntMK', citation: '18. IntMK 2023, TOP 1.4' };
    const dem = await patch(t, `${url}/demands/1.4-5`, {
      dueDate: '2024-12-31',
      responsible: ['HE'],
      topics: ['Sprachförderung'],
      mentions: [mention],
    });
    expect(dem.statusCode, dem.body).toBe(200);

    const commit = await t.app.inject({ as: 'admin', method: 'POST', url: `${url}/commit` });
    expect(commit.statusCode, commit.body).toBe(200);
    expect(json(commit).threadMentions).toBe(1);

    const r14 = json(await t.app.inject({ as: 'admin', url: '/api/v1/conferences/18/resolutions/1.4' }));
    expect(r14.subtitle).toBe('Ländermonitoring');
    expect(r14.closingText).toBe('Schlusssatz.');
    expect(r14.ziffern[0].heading).toBe('Monitoring');
    const demandId = r14.demands.find((d: any) => d.ziffer === '5').id;
    expect(r14.notes).toEqual([expect.objectContaining({ lands: ['BY'], ziffer: '5', demandId, budgetReservation: true })]);
    expect(json(await t.app.inject({ as: 'admin', url: '/api/v1/conferences/18/resolutions/4.2' })).withdrawnBy).toEqual(['BE']);
    const demand = json(await t.app.inject({ as: 'admin', url: `/api/v1/demands/${demandId}` }));
    expect(demand).toMatchObject({
      leadAddressee: 'KMK',
      reportBack: true,
      dueDate: '2024-12-31',
      responsible: ['HE'],
      topics: ['Sprachförderung'],
    });
    // The mention starts a thread: first raised 2019, the imported demand reiterates it.
    expect(demand.threads).toHaveLength(1);
    const thread = json(await t.app.inject({ as: 'admin', url: `/api/v1/threads/${demand.threads[0].id}` }));
    expect(thread.mentions).toEqual([mention]);
    expect(thread.firstRaised).toBe(2019);
    expect(thread.members.map((m: any) => [m.demand.id, m.relation])).toEqual([[demandId, 'reiterated']]);
  });

  it('a draft stored before these fields reads, takes corrections and commits with their neutral defaults', async () => {
    const t = await createTestApp();
    const draft = json(await upload(t, TEXT_18));
    const row = t.database.sqlite.prepare('SELECT draft FROM import_drafts WHERE id = ?').get(draft.id) as { draft: string };
    const old = JSON.parse(row.draft);
    for (const r of old.resolutions) {
      delete r.withdrawnBy;
      delete r.closingText;
      for (const z of r.ziffern) delete z.heading;
      for (const n of r.notes) {
        delete n.demand;
        delete n.budgetReservation;
      }
      for (const d of r.demands) {
        for (const k of ['dueDate', 'topics', 'responsible', 'leadAddressee', 'reportBack', 'mentions']) delete d[k];
        for (const s of d.suggestions) delete s.relation;
      }
    }
    t.database.sqlite.prepare('UPDATE import_drafts SET draft = ? WHERE id = ?').run(JSON.stringify(old), draft.id);
    const read = await t.app.inject({ as: 'admin', url: `/api/v1/imports/${draft.id}` });
    expect(read.statusCode, read.body).toBe(200);
    const d5 = json(read)
      .resolutions.find((r: any) => r.top === '1.4')
      .demands.find((d: any) => d.key === '1.4-5');
    expect(d5).toMatchObject({ leadAddressee: null, reportBack: false, mentions: [], responsible: [] });
    expect((await patch(t, `/api/v1/imports/${draft.id}/demands/1.4-5`, { reportBack: true })).statusCode).toBe(200);
    const commit = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${draft.id}/commit` });
    expect(commit.statusCode, commit.body).toBe(200);
  });

  it('an accepted link joins the thread with the chosen relation, and the mentions go to that thread', async () => {
    const t = await createTestApp();
    const first = json(await upload(t, TEXT_18));
    expect((await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${first.id}/commit` })).statusCode).toBe(200);
    const draft = json(await upload(t, readFileSync(`${DOCUMENT_DIR}intmk-20-2025-goettingen-beschluesse.txt`)));
    const c4 = draft.resolutions.find((r: any) => r.top === '3.1').demands.find((d: any) => d.ziffer === '7');
    expect(c4).toMatchObject({ leadAddressee: 'KMK', reportBack: true });
    const best = c4.suggestions[0];
    const url = `/api/v1/imports/${draft.id}`;
    const firstRaised = { decision: 'accepted', relation: 'raised_first' };
    expect(
      (await t.app.inject({ as: 'admin', method: 'PUT', url: `${url}/suggestions/${encodeURIComponent(best.id)}`, payload: firstRaised }))
        .statusCode,
    ).toBe(400);
    const decided = await t.app.inject({
      as: 'admin',
      method: 'PUT',
      url: `${url}/suggestions/${encodeURIComponent(best.id)}`,
      payload: { decision: 'accepted', relation: 'extended' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const mention = { year: 2020, conference: null, text: 'bitten erneut', citation: '20. IntMK 2025, TOP 3.1 Ziffer 7 (spätestens 2020)' };
    expect((await patch(t, `${url}/demands/${c4.key}`, { mentions: [mention, mention] })).statusCode).toBe(200);
    const commit = json(await t.app.inject({ as: 'admin', method: 'POST', url: `${url}/commit` }));
    expect(commit).toMatchObject({ threadLinks: 1, threadMentions: 1 });
    const threads = json(await t.app.inject({ as: 'admin', url: '/api/v1/threads' })).items;
    expect(threads).toHaveLength(1);
    const thread = json(await t.app.inject({ as: 'admin', url: `/api/v1/threads/${threads[0].id}` }));
    expect(thread.mentions).toEqual([mention]);
    expect(thread.firstRaised).toBe(2020);
    expect(thread.members.map((m: any) => [m.demand.resolution.conference, m.relation])).toEqual([
      [18, 'raised_first'],
      [20, 'extended'],
    ]);
  });
});
