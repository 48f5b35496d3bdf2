// The report model as a pure function of rows: no database, no app.
import { describe, expect, it } from 'vitest';
import { reportModel } from '../src/modules/reports/report.model.js';
import type { ConferenceRow, DemandRow, ReportRows, UpdateRow } from '../src/modules/reports/report.queries.js';

const conference = (number: number, year: number, start: string): ConferenceRow => ({
  id: number,
  number,
  year,
  start_date: start,
  end_date: null,
  place: null,
  chair_land: 'NW',
});
const c18 = conference(18, 2023, '2023-04-20');
const c20 = conference(20, 2025, '2025-04-23');

const demand = (id: number, c: ConferenceRow, extra: Partial<DemandRow> = {}): DemandRow => ({
  id,
  resolution_id: c.number * 100,
  conference: c.number,
  c_year: c.year,
  c_start: c.start_date,
  c_end: null,
  top: '1.1',
  ziffer: String(id),
  kind: 'forderung',
  summary: `Forderung ${id}`,
  wording: `Wortlaut ${id}`,
  responsible: '[]',
  proposers: '["NI"]',
  all_laender: 0,
  coordinating_land: null,
  due_date: null,
  visibility: 'public',
  r_visibility: 'public',
  r_adoption: 'einstimmig',
  ...extra,
});

let nextUpdate = 1;
const update = (demandId: number, status: UpdateRow['status'], asOf: string, extra: Partial<UpdateRow> = {}): UpdateRow => ({
  id: nextUpdate++,
  demand_id: demandId,
  status,
  asOf,
  created: `${asOf}T12:00:00.000Z`,
  retracted: false,
  narrative: `Sachstand ${status}`,
  reporter: 'NI',
  ...extra,
});

function rows(updates: UpdateRow[]): ReportRows {
  return {
    conference: c20,
    next: conference(21, 2026, '2026-04-22'),
    bodyNames: [{ code: 'BUND', name: 'Bundesregierung' }],
    resolutions: [
      {
        id: 2000,
        top: '1.1',
        title: 'Sprachförderung',
        agenda_heading: null,
        green_list: null,
        proposers: '["NI"]',
        all_laender: 0,
        coordinating_land: null,
        adoption: 'einstimmig',
        budget_reservation: null,
        visibility: 'public',
      },
    ],
    votes: [],
    ownDemands: [demand(1, c20), demand(2, c20)],
    otherDemands: [demand(10, c18)],
    addressees: [{ demand_id: 1, code: 'BUND', name: 'Bundesregierung' }],
    updates,
    evidence: [],
    reportedInCycle: [
      ...new Set(updates.filter((u) => !u.retracted && u.asOf > '2025-04-23' && u.asOf <= '2026-03-31').map((u) => u.demand_id)),
    ],
    threads: [
      {
        id: 7,
        title: 'Sprachförderung',
        origin_text: 'seit 2011',
        mentions: JSON.stringify([{ year: 2011, text: 'seit 2011', citation: 'Beschluss' }]),
      },
    ],
    members: [
      { thread_id: 7, demand_id: 10, position: 0, relation: 'raised_first' },
      { thread_id: 7, demand_id: 1, position: 1, relation: 'reiterated' },
    ],
  };
}

const window = { asOf: '2026-03-31', since: '2025-04-23', audience: 'internal' as const, generated: '2026-04-01T00:00:00.000Z' };

describe('reportModel', () => {
  it('flags a demand whose date passed before the Stichtag while it is not done; the internal version asks to check it', () => {
    const base = rows([update(2, 'fulfilled', '2025-12-01')]);
    const withDue = {
      ...base,
      ownDemands: [
        demand(1, c20, { due_date: '2025-12-31' }),
        demand(2, c20, { due_date: '2025-12-31' }),
        demand(3, c20, { due_date: '2026-06-30' }),
      ],
    };
    const notes = (audience: 'internal' | 'public') =>
      reportModel(withDue, { ...window, audience })
        .resolutions.flatMap((r) => r.demands)
        .map((d) => [d.id, d.dueNote]);
    expect(notes('internal')).toEqual([
      [1, 'Frist 31.12.2025 verstrichen – prüfen: überholt?'],
      [2, null], // done
      [3, null], // not yet due at the Stichtag
    ]);
    expect(notes('public')[0]).toEqual([1, 'Frist 31.12.2025 verstrichen']);
  });

  it('takes each demand status from its latest update up to the Stichtag; back-dated and retracted ones do not override', () => {
    const r = reportModel(
      rows([
        update(1, 'in_progress', '2025-09-01'),
        update(1, 'under_examination', '2025-06-01', { created: '2026-02-01T00:00:00.000Z' }), // back-dated
        update(2, 'fulfilled', '2026-01-10', { retracted: true }),
        update(2, 'partially_fulfilled', '2025-11-01'),
        update(1, 'fulfilled', '2026-06-01'), // after the Stichtag
      ]),
      window,
    );
    const demands = r.resolutions[0]?.demands ?? [];
    expect(demands.map((d) => [d.id, d.status])).toEqual([
      [1, 'in_progress'],
      [2, 'partially_fulfilled'],
    ]);
    expect(r.summary.demands).toBe(2);
    expect(r.changes.map((c) => [c.demand.id, c.before.status, c.after.status])).toEqual([
      [2, 'open', 'partially_fulfilled'],
      [1, 'open', 'in_progress'],
    ]);
  });

  it('gives a thread its latest member’s status, and no years open once that member is fulfilled', () => {
    const r = reportModel(rows([update(10, 'in_progress', '2024-01-01'), update(1, 'fulfilled', '2025-12-01')]), window);
    const thread = r.threads[0];
    expect(thread?.status).toBe('fulfilled');
    expect(thread?.yearsOpen).toBeNull();
    expect(thread?.firstRaised).toBe(2011);
    expect(thread?.repetitions.map((x) => [x.conference, x.status])).toEqual([
      [18, 'in_progress'],
      [20, 'fulfilled'],
    ]);
  });

  it('lists open demands without an update in the cycle as missing, and open earlier demands', () => {
    const r = reportModel(rows([update(1, 'in_progress', '2025-09-01')]), window);
    expect(r.missing.flatMap((g) => g.demands.map((d) => d.id))).toEqual([2]);
    expect(r.earlierOpen.map((d) => d.id)).toEqual([10]);
    expect(r.subtitle).toBe('vorgelegt zur 21. IntMK');
  });

  it('shows the status per addressee and derives the demand status from them by the written rule', () => {
    const base = rows([
      update(1, 'in_progress', '2025-06-01'), // for all addressees
      update(1, 'fulfilled', '2025-09-01', { addressee: 'BUND' }),
      update(1, 'rejected', '2026-06-01', { addressee: 'KMK' }), // after the Stichtag
    ]);
    const r = reportModel(
      {
        ...base,
        bodyNames: [...base.bodyNames, { code: 'KMK', name: 'Kultusministerkonferenz' }],
        addressees: [...base.addressees, { demand_id: 1, code: 'KMK', name: 'Kultusministerkonferenz' }],
      },
      window,
    );
    const d = r.resolutions[0]?.demands.find((x) => x.id === 1);
    expect(d?.statusByAddressee).toEqual([
      {
        code: 'BUND',
        name: 'Bundesregierung',
        status: 'fulfilled',
        statusLabel: 'erfüllt',
        asOf: '2025-09-01',
        source: expect.any(String),
      },
      {
        code: 'KMK',
        name: 'Kultusministerkonferenz',
        status: 'in_progress',
        statusLabel: 'in Umsetzung',
        asOf: '2025-06-01',
        source: expect.any(String),
      },
    ]);
    // One addressee met it, one is still at work: partially fulfilled (src/domain/status.ts, overallStatus).
    expect(d?.status).toBe('partially_fulfilled');
    expect(r.summary.byStatus.find((x) => x.status === 'partially_fulfilled')?.count).toBe(1);
    expect(r.changes.find((c) => c.demand.id === 1)?.demand.statusByAddressee.map((a) => a.status)).toEqual(['fulfilled', 'in_progress']);
    // Without updates every addressee is open.
    const two = reportModel(rows([]), window).resolutions[0]?.demands.find((x) => x.id === 1);
    expect(two?.statusByAddressee).toEqual([
      { code: 'BUND', name: 'Bundesregierung', status: 'open', statusLabel: 'offen', asOf: null, source: null },
    ]);
  });

  it('lists open objections with the demand, the objecting Land and the day; objections on demands outside the report are left out', () => {
    const u = update(1, 'fulfilled', '2025-09-01');
    const r = reportModel(
      {
        ...rows([u]),
        objections: [
          {
            id: 3,
            round_id: 5,
            status_update_id: u.id,
            update_as_of: u.asOf,
            demand_id: 1,
            land: 'BY',
            reason: 'Nicht erfüllt',
            created: '2025-10-02T09:00:00.000Z',
          },
          {
            id: 4,
            round_id: 5,
            status_update_id: 999,
            update_as_of: '2025-09-01',
            demand_id: 999,
            land: 'HE',
            reason: 'x',
            created: '2025-10-03T09:00:00.000Z',
          },
        ],
      },
      window,
    );
    expect(r.objections).toEqual([
      {
        id: 3,
        round: 5,
        demand: expect.objectContaining({ id: 1, conference: 20, top: '1.1', status: 'fulfilled' }),
        statusUpdateId: u.id,
        statusUpdateAsOf: '2025-09-01',
        land: { code: 'BY', name: 'Bayern' },
        reason: 'Nicht erfüllt',
        raised: '2025-10-02',
      },
    ]);
    expect(reportModel(rows([u]), window).objections).toEqual([]);
  });
});
