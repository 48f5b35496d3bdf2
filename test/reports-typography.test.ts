// Typography and form of the annex: hyphenation instead of words broken anywhere, a real table of
// contents in DOCX, bookmarks per TOP in the PDF, a printable XLSX.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { fitWords, softHyphenate } from '../src/modules/reports/render/hyphenate.js';
import type { Report } from '../src/modules/reports/reports.schemas.js';
import { pdfBrokenWords, pdfOutline } from './documents.js';
import { createTestApp, json } from './helper.js';

const URL20 = '/api/v1/conferences/20/erfolgskontrolle?asOf=2026-03-31&audience=internal';

describe('German hyphenation', () => {
  it('breaks a compound that does not fit at a syllable, with a hyphen, and leaves the rest alone', () => {
    const chars = (s: string) => s.length;
    expect(fitWords('Reform des Staatsangehörigkeitsrechts: Mehrstaatigkeit', 22, chars)).toBe(
      'Reform des Staatsangehörigkeits-\nrechts: Mehrstaatigkeit',
    );
    for (const line of fitWords('Verpflichtungsermächtigungen Anerkennungsberatungsstellen', 12, chars).split(/[\n ]/)) {
      expect(line.length).toBeLessThanOrEqual(12);
    }
    // A URL breaks after its separators; a run of letters without syllables between characters, with a hyphen.
    expect(
      fitWords('https://example.org/a/very/long/path', 16, chars)
        .split('\n')
        .every((l) => l.length <= 16),
    ).toBe(true);
    const cut = fitWords('x'.repeat(50), 10, chars).split('\n');
    expect(cut.every((l) => l.length <= 10)).toBe(true);
    expect(cut.slice(0, -1).every((l) => l.endsWith('-'))).toBe(true);
    expect(softHyphenate('Anerkennungsberatungsstellen und Bund')).toBe(
      'An\u00ader\u00adken\u00adnungs\u00adbe\u00adra\u00adtungs\u00adstel\u00adlen und Bund',
    );
  });
});

describe('documents of the 20th IntMK', () => {
  it('DOCX: a table-of-contents field, heading styles, Arial, German language and automatic hyphenation', async () => {
    const t = await createTestApp({ seed: true });
    const res = await t.app.inject(`${URL20}&format=docx`);
    expect(res.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const document = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
    const settings = (await zip.file('word/settings.xml')?.async('string')) ?? '';
    expect(document).toMatch(/<w:instrText[^>]*> TOC \\o &quot;1-1&quot; \\h/);
    expect(document).toMatch(/<w:fldChar w:fldCharType="begin"\/><\/w:r><w:r><w:instrText/);
    expect(document).toContain('PAGEREF _Toc_Abschnitt_2');
    expect(document).toContain('<w:bookmarkStart w:name="_Toc_Abschnitt_2"');
    expect(document).toContain('<w:pStyle w:val="Heading1"/>');
    expect(document).toContain('<w:pStyle w:val="Heading2"/>');
    expect(styles).toMatch(/w:styleId="Heading1"/);
    expect(styles).toMatch(/w:styleId="Heading2"/);
    expect(styles).toContain('w:ascii="Arial"');
    expect(styles).toContain('w:val="de-DE"');
    expect(settings).toMatch(/<w:autoHyphenation( w:val="(true|1)")?\/>/);
    // Rows are kept on one page.
    expect(document).toContain('<w:cantSplit/>');
  });

  it('PDF: one bookmark per TOP under its section, and no word broken across lines without a hyphen', async () => {
    const t = await createTestApp({ seed: true });
    const report = json<Report>(await t.app.inject(URL20));
    const res = await t.app.inject(`${URL20}&format=pdf`);
    expect(res.statusCode).toBe(200);
    const outline = await pdfOutline(res.rawPayload);
    const tops = outline.flatMap((o) => o.items.map((i) => i.title)).filter((title) => title.startsWith('TOP '));
    expect(tops).toEqual(report.resolutions.map((r) => `TOP ${r.top} ${r.title}`));
    const vocabulary = new Set(JSON.stringify(report).match(/\p{L}+/gu) ?? []);
    expect(await pdfBrokenWords(res.rawPayload, vocabulary)).toEqual([]);
  }, 60_000);
});
