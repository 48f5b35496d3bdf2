// Answers per addressee where they differ: after a released round in which the first addressee of a
// demand answered "erfüllt" and the others "in Umsetzung", every format shows one short line per
// addressee in the Sachstand; a demand whose addressees share one answer reads as before.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it, vi } from 'vitest';
import { releaseFullRound } from '../bench/released-round.js';
import { renderInProcess } from '../src/modules/reports/render/index.js';
import { ADDRESSEE_ANSWERS_HEADING, addresseeAnswers } from '../src/modules/reports/render/sections.js';
import type { Report } from '../src/modules/reports/reports.schemas.js';
import { pdfText } from './documents.js';
import { createTestApp, json } from './helper.js';

vi.setConfig({ testTimeout: 90_000 });

const URL20 = '/api/v1/conferences/20/erfolgskontrolle?asOf=2026-03-31&audience=internal';
const flat = (s: string) =>
  s
    .replace(/\u00ad/g, '')
    .replace(/-\s*\n\s*/g, '')
    .replace(/\s+/g, ' ');

describe('answers per addressee', () => {
  it('are shown line by line in every format where the addressees answered differently, and only there', async () => {
    const t = await createTestApp({ seed: true });
    releaseFullRound(t.database.sqlite, t.services, t.clock);
    const report = json<Report>(await t.app.inject({ as: 'admin', url: URL20 }));
    const demands = report.resolutions.flatMap((r) => r.demands);
    const split = demands.find((d) => d.statusByAddressee.length >= 2 && new Set(d.statusByAddressee.map((a) => a.status)).size > 1);
    if (!split) throw new Error('no demand whose addressees answered differently');
    const [first, second] = split.statusByAddressee;
    expect(first).toMatchObject({ status: 'fulfilled', source: `Schreiben ${first?.code}` });
    expect(second).toMatchObject({ status: 'in_progress', source: `Schreiben ${second?.code}` });
    const date = first?.asOf?.split('-').reverse().join('.');
    const lines = addresseeAnswers(split);
    expect(lines[0]).toBe(`${first?.name}: erledigt – Schreiben ${first?.code}, ${date}`);
    expect(lines[1]).toBe(`${second?.name}: offen (in Umsetzung) – Schreiben ${second?.code}, ${date}`);
    // A demand with one addressee (one answer for all) gets no such lines.
    const single = demands.filter((d) => d.update && d.statusByAddressee.length === 1);
    expect(single.length).toBeGreaterThan(0);
    for (const d of single) expect(addresseeAnswers(d)).toEqual([]);
    const withLines = demands.filter((d) => addresseeAnswers(d).length > 0).length;

    const md = String(await renderInProcess(report, 'md'));
    expect(md).toContain(`**${ADDRESSEE_ANSWERS_HEADING}**`);
    expect(md.split(`**${ADDRESSEE_ANSWERS_HEADING}**`).length - 1).toBe(withLines);
    for (const l of lines) expect(md).toContain(l.replace(/[*_|]/g, (c) => `\\${c}`));

    const html = String(await renderInProcess(report, 'html')).replace(/\u00ad/g, '');
    expect(html.split(ADDRESSEE_ANSWERS_HEADING).length - 1).toBe(withLines);
    for (const l of lines) expect(html).toContain(l);

    const pdf = flat((await pdfText((await renderInProcess(report, 'pdf')) as Buffer)).text);
    expect(pdf).toContain(ADDRESSEE_ANSWERS_HEADING);
    for (const l of lines) expect(pdf).toContain(flat(l));

    const docx = await JSZip.loadAsync((await renderInProcess(report, 'docx')) as Buffer);
    const body = (await docx.file('word/document.xml')?.async('string')) ?? '';
    const words = flat(body.replace(/<w:br\/>/g, ' ').replace(/<[^>]+>/g, ''));
    for (const l of lines) expect(words).toContain(flat(l));

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await renderInProcess(report, 'xlsx')) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Forderungen');
    const header = ((sheet?.getRow(1).values ?? []) as unknown[]).indexOf('Antworten je Adressat');
    expect(header).toBeGreaterThan(0);
    const cells: string[] = [];
    sheet?.eachRow((row, n) => {
      const v = row.getCell(header).value;
      if (n > 1 && typeof v === 'string') cells.push(v);
    });
    expect(cells).toHaveLength(withLines);
    expect(cells).toContain(lines.join('\n'));
  });
});
