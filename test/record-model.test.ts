// What the model holds since #12: Ziffer headings and closing text, a subtitle, who withdrew an
// item, agenda items without a decision, notes about one demand, a single Land's budget reservation
// apart from the resolution's own, the lead addressee and a duty to report back.
import { describe, expect, it } from 'vitest';
import { createTestApp, json } from './helper.js';

async function setup() {
  const t = await createTestApp();
  const { app } = t;
  await app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/conferences',
    payload: { number: 20, year: 2025, startDate: '2025-04-23' },
  });
  const res = await app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/conferences/20/resolutions',
    payload: {
      top: '3.1',
      title: 'Integrationsmonitoring',
      subtitle: 'Göttinger Erklärung',
      proposers: 'all',
      adoption: 'einstimmig',
      budgetReservation: 'unter Vorbehalt der jeweiligen haushaltsrechtlichen Bestimmungen',
      ziffern: [
        { number: '1', heading: 'Nutzung der Digitalisierung', text: 'Die IntMK bittet die KMK, die Daten zu prüfen.' },
        { number: '2', text: 'Die IntMK bittet den Bund um Fortsetzung.' },
      ],
      closingText: 'Die Digitalisierung der Verwaltungsprozesse ist ein entscheidender Schritt.',
      notes: [{ lands: ['BB'], budgetReservation: true, text: 'Brandenburg hat die Zustimmung unter Haushaltsvorbehalt erklärt.' }],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const resolution = json(res);
  const demand = (payload: Record<string, unknown>) =>
    app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/resolutions/${resolution.id}/demands`,
      payload: { kind: 'pruefbitte', summary: 'Daten C4', ...payload },
    });
  return { t, app, resolution, demand };
}

describe('the model holds what the documents say', () => {
  it('stores Ziffer headings, closing text, subtitle and a Land budget reservation apart from the resolution’s own', async () => {
    const { resolution } = await setup();
    expect(resolution).toMatchObject({
      subtitle: 'Göttinger Erklärung',
      budgetReservation: 'unter Vorbehalt der jeweiligen haushaltsrechtlichen Bestimmungen',
      closingText: 'Die Digitalisierung der Verwaltungsprozesse ist ein entscheidender Schritt.',
      withdrawnBy: null,
    });
    expect(resolution.ziffern[0]).toEqual({
      number: '1',
      heading: 'Nutzung der Digitalisierung',
      text: 'Die IntMK bittet die KMK, die Daten zu prüfen.',
    });
    expect(resolution.ziffern[1].heading).toBeNull();
    expect(resolution.notes[0]).toMatchObject({ lands: ['BB'], budgetReservation: true, demandId: null });
  });

  it('a demand names its lead addressee (one of its addressees) and a duty to report back', async () => {
    const { demand } = await setup();
    const ok = await demand({
      ziffer: '1',
      wording: 'bittet die KMK, die Daten zu prüfen',
      addressees: ['KMK', 'LAENDER'],
      leadAddressee: 'KMK',
      reportBack: true,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(json(ok)).toMatchObject({ leadAddressee: 'KMK', reportBack: true, threads: [], thread: null });
    const wrong = await demand({ ziffer: '1', wording: 'x', addressees: ['KMK'], leadAddressee: 'BUND' });
    expect(wrong.statusCode).toBe(422);
    expect(json(wrong).code).toBe('demands.lead_not_addressee');
    const plain = json(await demand({ ziffer: '2', wording: 'bittet den Bund um Fortsetzung', addressees: ['BUND'] }));
    expect(plain).toMatchObject({ leadAddressee: null, reportBack: false });
  });

  it('a note may be about one demand of its resolution; the public sees the link only to a public demand', async () => {
    const { t, app, resolution, demand } = await setup();
    const open = json(await demand({ ziffer: '1', wording: 'bittet die KMK', addressees: ['KMK'] }));
    const hidden = json(await demand({ ziffer: '1', wording: 'intern', addressees: ['KMK'], visibility: 'internal' }));
    const notes = (demandId: number) => [{ lands: ['BY'], ziffer: '1', demandId, text: 'Bayern trägt den Prüfauftrag nicht mit.' }];
    const patched = await app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/resolutions/${resolution.id}`,
      payload: { notes: notes(open.id) },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(json(patched).notes[0].demandId).toBe(open.id);
    expect(json(await t.request('anonymous', `/api/v1/resolutions/${resolution.id}`)).notes[0].demandId).toBe(open.id);

    await app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/resolutions/${resolution.id}`, payload: { notes: notes(hidden.id) } });
    expect(json(await t.request('anonymous', `/api/v1/resolutions/${resolution.id}`)).notes[0].demandId).toBeNull();

    const foreign = await app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/resolutions/${resolution.id}`,
      payload: { notes: notes(99_999) },
    });
    expect(foreign.statusCode).toBe(422);
    expect(json(foreign).code).toBe('resolutions.unknown_demand');
  });

  it('records who withdrew an item, and agenda items without a decision', async () => {
    const { app } = await setup();
    const post = (payload: Record<string, unknown>) =>
      app.inject({ as: 'admin', method: 'POST', url: '/api/v1/conferences/20/resolutions', payload: { proposers: ['BE'], ...payload } });
    const withdrawn = await post({ top: '4.2', title: 'Zurückgenommen', adoption: 'zurueckgezogen', withdrawnBy: ['BE'] });
    expect(json(withdrawn)).toMatchObject({ withdrawnBy: ['BE'], adoptionLabel: 'zurückgezogen' });
    const contradiction = await post({ top: '4.3', title: 'Beschlossen', adoption: 'einstimmig', withdrawnBy: ['BE'] });
    expect(contradiction.statusCode).toBe(422);
    const talk = await post({ top: '8.1', title: 'Kamingespräch', adoption: 'ohne_beschluss' });
    expect(talk.statusCode, talk.body).toBe(201);
    expect(json(talk).adoptionLabel).toBe('ohne Beschluss (nur beraten)');
  });
});
