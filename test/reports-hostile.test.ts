import http from 'node:http';
import https from 'node:https';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pdfText } from './documents.js';
import { createTestApp, json } from './helper.js';

const SCRIPT = '<script>alert(1)</script>';
const FORMULA = '=HYPERLINK("http://evil.example","klick")';
const JS_LINK = 'javascript:alert(1)';
const hostile = (label: string) => `${SCRIPT} ${label} <img src=x onerror=alert(2)> [x](${JS_LINK}) **fett** | Zelle`;

afterEach(() => {
  vi.restoreAllMocks();
});

async function hostileRecord() {
  const t = await createTestApp();
  const { app } = t;
  const conf = await app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/conferences',
    payload: { number: 20, year: 2025, startDate: '2025-04-23', place: `${SCRIPT}Göttingen`, chairLand: 'NI' },
  });
  expect(conf.statusCode, conf.body).toBe(201);
  const res = await app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/conferences/20/resolutions',
    payload: {
      top: '4.5',
      title: hostile('Titel'),
      proposers: ['NI'],
      adoption: 'einstimmig',
      budgetReservation: FORMULA,
      ziffern: [{ number: '1', text: hostile('Ziffer') }],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const dem = await app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/resolutions/${json(res).id}/demands`,
    payload: {
      ziffer: '1',
      kind: 'forderung',
      addressees: ['BREG'],
      wording: `${FORMULA} Wortlaut`,
      summary: FORMULA,
      responsible: ['NI'],
    },
  });
  expect(dem.statusCode, dem.body).toBe(201);
  const upd = await app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/demands/${json(dem).id}/status-updates`,
    payload: {
      status: 'in_progress',
      asOf: '2025-06-01',
      reporter: 'NI',
      narrative: `${hostile('Sachstand')}\n+49 -1 @SUM(A1) ${'x'.repeat(300)} 🎉`,
      evidence: [{ kind: 'schreiben', citation: `@cmd ${SCRIPT}`, date: '2025-06-01', url: 'https://evil.example/?<script>' }],
    },
  });
  expect(upd.statusCode, upd.body).toBe(201);
  return t;
}

describe('hostile text in the record', () => {
  it('stays inert in every format, and rendering asks nothing of the network', async () => {
    const t = await hostileRecord();
    const calls = [
      vi.spyOn(http, 'request'),
      vi.spyOn(http, 'get'),
      vi.spyOn(https, 'request'),
      vi.spyOn(https, 'get'),
      vi.spyOn(globalThis, 'fetch'),
    ];
    const get = (format: string) =>
      t.app.inject({ as: 'admin', url: `/api/v1/conferences/20/erfolgskontrolle?format=${format}&asOf=2026-01-01` });

    const html = (await get('html')).body;
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    // No element carries a link, a source or an event handler; the only links are the table of
    // contents' jumps to the section anchors inside the page.
    expect(html).not.toMatch(/<[a-z]+[^>]*\s(href|src|on\w+)=(?!"#[a-z]+")/i);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');

    const md = (await get('md')).body;
    expect(md).not.toContain('<script');
    expect(md).not.toMatch(/(?<!\\)\]\(javascript/);
    expect(md).toContain('\\[x\\]');
    expect(md).toContain('\\| Zelle');

    const csv = (await get('csv')).body;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""klick"")"`);
    expect(csv).not.toMatch(/(^|;)"[=+\-@]/m);

    const xlsx = await get('xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values: string[] = [];
    book.getWorksheet('Forderungen')?.eachRow((row) => {
      row.eachCell((cell) => {
        values.push(String(cell.value));
        expect(cell.formula).toBeUndefined();
      });
    });
    expect(values).toContain(`'${FORMULA}`);
    expect(values.every((v) => !/^[=+\-@]/.test(v))).toBe(true);

    const docx = await get('docx');
    expect(docx.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const documentXml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(documentXml).not.toContain('<script');
    expect(documentXml).not.toContain('w:hyperlink');
    expect(documentXml).not.toContain('w:fldSimple w:instr="HYPERLINK');
    expect((await mammoth.extractRawText({ buffer: docx.rawPayload })).value).toContain(SCRIPT);

    const pdf = await get('pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.toString('latin1')).not.toMatch(/\/(URI|JavaScript|Launch|JS)\b/);
    expect((await pdfText(pdf.rawPayload)).text).toContain('alert(1)');

    for (const spy of calls) expect(spy).not.toHaveBeenCalled();
  });
});
