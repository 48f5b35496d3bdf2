// Answers per addressee: a demand addressed to several bodies has a status per addressee and an
// overall status by the one rule of src/domain/status.ts; updates without an addressee concern all.
import { describe, expect, it } from 'vitest';
import { overallStatus } from '../src/domain/status.js';
import { createTestApp, json, minimalRecord } from './helper.js';

describe('overall status from the statuses per addressee', () => {
  it('follows the written rule', () => {
    expect(overallStatus([])).toBe('open');
    expect(overallStatus(['in_progress', 'in_progress'])).toBe('in_progress');
    expect(overallStatus(['fulfilled', 'report_delivered'])).toBe('fulfilled');
    expect(overallStatus(['rejected', 'obsolete'])).toBe('rejected');
    expect(overallStatus(['obsolete', 'obsolete', 'obsolete'])).toBe('obsolete');
    expect(overallStatus(['fulfilled', 'rejected'])).toBe('partially_fulfilled');
    expect(overallStatus(['fulfilled', 'open'])).toBe('partially_fulfilled');
    expect(overallStatus(['largely_fulfilled', 'under_examination'])).toBe('partially_fulfilled');
    expect(overallStatus(['open', 'under_examination', 'rejected'])).toBe('under_examination');
    expect(overallStatus(['reiterated', 'open'])).toBe('reiterated');
  });
});

describe('status per addressee through the API', () => {
  it('lists show the status per addressee and overall; updates for all addressees set every one', async () => {
    const t = await createTestApp();
    const { resolutionId } = await minimalRecord(t.app);
    const demand = json(
      await t.app.inject({
        as: 'admin',
        method: 'POST',
        url: `/api/v1/resolutions/${resolutionId}/demands`,
        payload: {
          kind: 'forderung',
          addressees: ['BUND', 'KMK'],
          wording: 'Bund und KMK werden gebeten, Daten zu liefern.',
          summary: 'Daten liefern',
        },
      }),
    );
    const log = (payload: Record<string, unknown>) =>
      t.app.inject({
        as: 'admin',
        method: 'POST',
        url: `/api/v1/demands/${demand.id}/status-updates`,
        payload: { reporter: 'NI', narrative: 'Sachstand.', ...payload },
      });

    // Before any update naming an addressee: each addressee has the demand's status.
    expect((await log({ status: 'under_examination', asOf: '2026-01-10' })).statusCode).toBe(201);
    let d = json(await t.app.inject({ as: 'admin', url: `/api/v1/demands/${demand.id}` }));
    expect(d.status.key).toBe('under_examination');
    expect(d.statusByAddressee.map((a: any) => [a.code, a.key])).toEqual([
      ['BUND', 'under_examination'],
      ['KMK', 'under_examination'],
    ]);

    // The Bund fulfils, the KMK has not answered: partially fulfilled overall.
    const bund = await log({ status: 'fulfilled', asOf: '2026-02-01', addressee: 'BUND' });
    expect(bund.statusCode, bund.body).toBe(201);
    expect(json(bund).addressee).toBe('BUND');
    d = json(await t.app.inject({ as: 'admin', url: `/api/v1/demands/${demand.id}` }));
    expect(d.status.key).toBe('partially_fulfilled');
    expect(d.statusByAddressee.map((a: any) => [a.code, a.key])).toEqual([
      ['BUND', 'fulfilled'],
      ['KMK', 'under_examination'],
    ]);
    // Lists and the public see both.
    const listed = json(await t.request('anonymous', `/api/v1/demands?resolution=${resolutionId}&limit=200`)).items.find(
      (x: any) => x.id === demand.id,
    );
    expect(listed.status.key).toBe('partially_fulfilled');
    expect(listed.statusByAddressee.map((a: any) => a.key)).toEqual(['fulfilled', 'under_examination']);
    // The Erfolgskontrolle shows both too, by the same rule, at its Stichtag.
    const reportDemand = async (asOf: string) =>
      json(await t.request('anonymous', `/api/v1/conferences/20/erfolgskontrolle?format=json&asOf=${asOf}`))
        .resolutions.flatMap((r: any) => r.demands)
        .find((x: any) => x.id === demand.id);
    let inReport = await reportDemand('2026-02-15');
    expect(inReport.status).toBe('partially_fulfilled');
    expect(inReport.statusByAddressee.map((a: any) => [a.code, a.status, a.asOf])).toEqual([
      ['BUND', 'fulfilled', '2026-02-01'],
      ['KMK', 'under_examination', '2026-01-10'],
    ]);
    inReport = await reportDemand('2026-01-20');
    expect(inReport.statusByAddressee.map((a: any) => a.status)).toEqual(['under_examination', 'under_examination']);

    // An addressee the demand does not have is refused.
    expect((await log({ status: 'fulfilled', asOf: '2026-02-02', addressee: 'BMI' })).statusCode).toBe(422);

    // A later update for all addressees sets every one.
    await log({ status: 'in_progress', asOf: '2026-03-01' });
    d = json(await t.app.inject({ as: 'admin', url: `/api/v1/demands/${demand.id}` }));
    expect(d.status.key).toBe('in_progress');
    expect(d.statusByAddressee.map((a: any) => a.key)).toEqual(['in_progress', 'in_progress']);
  });
});
