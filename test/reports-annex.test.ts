// The annex as the office reads it: its default Stichtag, addressees grouped as the Länder read
// them, the XLSX summary on the Bewertung scale.
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { ASSESSMENT_LABELS, ASSESSMENTS } from '../src/domain/assessment.js';
import { renderInProcess } from '../src/modules/reports/render/index.js';
import { addresseeAssessments } from '../src/modules/reports/render/sections.js';
import type { Report } from '../src/modules/reports/reports.schemas.js';
import { defaultAsOf } from '../src/modules/reports/reports.service.js';
import { pdfText } from './documents.js';
import { createTestApp, json } from './helper.js';

vi.setConfig({ testTimeout: 60_000 });

const URL20 = '/api/v1/conferences/20/erfolgskontrolle?asOf=2026-03-31&audience=internal';

describe('default Stichtag', () => {
  it('is today while the conference the annex is presented to is ahead, else the day before it', () => {
    expect(defaultAsOf(undefined, '2026-12-02')).toBe('2026-12-02');
    expect(defaultAsOf({ start_date: '2027-05-10', year: 2027 }, '2026-12-02')).toBe('2026-12-02');
    expect(defaultAsOf({ start_date: '2026-06-11', year: 2026 }, '2026-12-02')).toBe('2026-06-10');
    expect(defaultAsOf({ start_date: '2026-03-01', year: 2026 }, '2026-03-01')).toBe('2026-02-28');
    // Without a recorded date: past only once its year is.
    expect(defaultAsOf({ start_date: null, year: 2026 }, '2026-12-02')).toBe('2026-12-02');
    expect(defaultAsOf({ start_date: null, year: 2024 }, '2026-12-02')).toBe('2023-12-31');
  });

  it('the annex of the 18th (presented to the 19th, 2024) defaults to a Stichtag before 2024', async () => {
    const t = await createTestApp({ seed: true });
    const r18 = json<Report>(await t.app.inject({ as: 'admin', url: '/api/v1/conferences/18/erfolgskontrolle?audience=internal' }));
    expect(r18.asOf).toBe('2023-12-31');
    const r20 = json<Report>(await t.app.inject({ as: 'admin', url: '/api/v1/conferences/20/erfolgskontrolle?audience=internal' }));
    expect(r20.asOf).toBe('2026-11-20');
  });
});

describe('addressees as the annex groups them', () => {
  it('counts Bund and Bundesregierung as one addressee, a demand addressed to both once', async () => {
    const t = await createTestApp({ seed: true });
    const report = json<Report>(await t.app.inject({ as: 'admin', url: URL20 }));
    const demands = report.resolutions.flatMap((r) => r.demands);
    const federal = demands.filter((d) => d.addressees.some((a) => a.code === 'BUND' || a.code === 'BREG'));
    expect(demands.some((d) => d.addressees.some((a) => a.code === 'BREG'))).toBe(true);
    const rows = addresseeAssessments(report);
    expect(rows.map((r) => r.name)).not.toContain('Bundesregierung');
    expect(rows.find((r) => r.name.startsWith('Bund '))?.total).toBe(federal.length);
  });
});

describe('XLSX summary', () => {
  it('is on the Bewertung scale, with the same labels and counts as the PDF and DOCX', async () => {
    const t = await createTestApp({ seed: true });
    const report = json<Report>(await t.app.inject({ as: 'admin', url: URL20 }));
    const res = await t.app.inject({ as: 'admin', url: `${URL20}&format=xlsx` });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Zusammenfassung');
    const values: unknown[][] = [];
    sheet?.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const header = values.findIndex((v) => v[0] === 'Bewertung');
    expect(header).toBeGreaterThan(0);
    const labels = values.slice(header + 1, header + 1 + ASSESSMENTS.length).map((v) => v[0]);
    expect(labels).toEqual(ASSESSMENTS.map((a) => ASSESSMENT_LABELS[a]));
    const counted = values.slice(header + 1, header + 1 + ASSESSMENTS.length).reduce((n, v) => n + Number(v[1]), 0);
    expect(counted).toBe(report.summary.demands);
    expect(values.some((v) => v[0] === 'Bund (auch: Bundesregierung)')).toBe(true);
  });
});

describe('open objections', () => {
  it('are listed in the internal annex in every format, with demand, Land, date and reason', async () => {
    const t = await createTestApp({ seed: true });
    const report = json<Report>(await t.app.inject({ as: 'admin', url: URL20 }));
    const d = report.resolutions.flatMap((r) => r.demands)[0];
    if (!d) throw new Error('no demand');
    report.objections = [
      {
        id: 1,
        round: 1,
        demand: {
          id: d.id,
          conference: 20,
          top: '2.1.a',
          ziffer: '3',
          summary: d.summary,
          addressees: d.addressees,
          status: d.status,
          statusLabel: d.statusLabel,
          lastUpdateAsOf: null,
          statusByAddressee: [],
        } as unknown as Report['objections'][number]['demand'],
        statusUpdateId: 7,
        statusUpdateAsOf: '2026-02-10',
        land: { code: 'BY', name: 'Bayern' },
        reason: 'Der Sachstand übergeht die Protokollnotiz zu Ziffer 3.',
        raised: '2026-02-20',
      },
    ];
    const md = String(await renderInProcess(report, 'md'));
    expect(md).toContain('### Offene Beanstandungen');
    expect(md).toContain('Bayern, 20.02.2026');
    const html = String(await renderInProcess(report, 'html')).replace(/\u00ad/g, '');
    expect(html).toContain('Der Sachstand übergeht die Protokollnotiz zu Ziffer 3.');
    expect(html).toContain('20. IntMK TOP 2.1.a Ziffer 3 · Sachstand vom 10.02.2026');
    const { text } = await pdfText((await renderInProcess(report, 'pdf')) as Buffer);
    expect(text.replace(/\s+/g, ' ')).toContain('Offene Beanstandungen');
    expect(text.replace(/-\s+/g, '').replace(/\s+/g, ' ')).toContain('Protokollnotiz zu Ziffer 3');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await renderInProcess(report, 'xlsx')) as unknown as ArrayBuffer);
    expect(book.getWorksheet('Beanstandungen')?.getRow(2).getCell(2).value).toBe('Bayern');
  });
});

describe('progress over time', () => {
  it('the last conferences by Bewertung now and at the previous annex, and per addressee', async () => {
    const t = await createTestApp({ seed: true });
    const r = json<Report>(await t.app.inject({ as: 'admin', url: URL20 }));
    expect(r.progress.previousAsOf).toBe('2025-04-22');
    expect(r.progress.conferences.map((c) => c.number)).toEqual([16, 18, 20]);
    const c18 = r.progress.conferences[1];
    const c20 = r.progress.conferences[2];
    expect(c20?.before).toBeNull();
    expect(c20?.demands).toBe(r.summary.demands);
    // The 20th IntMK's own statements on the 18th's demands count as progress since the last annex.
    expect(c18?.now.done).toBeGreaterThan(c18?.before?.done ?? 0);
    for (const c of r.progress.conferences) expect(Object.values(c.now).reduce((n, k) => n + k, 0)).toBe(c.demands);
    expect(r.progress.byAddressee[0]?.name).toBe('Bund (auch: Bundesregierung)');
    const md = (await t.app.inject({ as: 'admin', url: `${URL20}&format=md` })).body;
    expect(md).toContain('### Fortschritt seit der letzten Erfolgskontrolle');
    expect(md).toMatch(/\| 18\. IntMK \(2023\) \| 52 \| \d+ \| \d+ \(\d+\) \|/);
  });
});
