// Typography and form of the annex: hyphenation instead of words broken anywhere, a real table of
// contents in DOCX, bookmarks per TOP in the PDF, a printable XLSX.
import JSZip from 'jszip';
import { describe, expect, it, vi } from 'vitest';
import { releaseFullRound } from '../bench/released-round.js';
import { fitWords, softHyphenate } from '../src/modules/reports/render/hyphenate.js';
import { renderInProcess } from '../src/modules/reports/render/index.js';
import { SILENT_HEADING } from '../src/modules/reports/render/sections.js';
import type { Report } from '../src/modules/reports/reports.schemas.js';
import { pdfBrokenWords, pdfOutline, pdfText } from './documents.js';
import { createTestApp, json } from './helper.js';

// Each test renders whole documents: on a shared machine they need more than the default 20 s.
vi.setConfig({ testTimeout: 60_000 });

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
    const res = await t.app.inject({ as: 'admin', url: `${URL20}&format=docx` });
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
    const report = json<Report>(await t.app.inject({ as: 'admin', url: URL20 }));
    const res = await t.app.inject({ as: 'admin', url: `${URL20}&format=pdf` });
    expect(res.statusCode).toBe(200);
    const outline = await pdfOutline(res.rawPayload);
    const tops = outline.flatMap((o) => o.items.map((i) => i.title)).filter((title) => title.startsWith('TOP '));
    // One per TOP: those without follow-up lead to the line that lists them.
    expect([...tops].sort()).toEqual(report.resolutions.map((r) => `TOP ${r.top} ${r.title}`).sort());
    // Half the length it had (35 pages): what repeats is referred to, not printed again.
    expect((await pdfText(res.rawPayload)).pages).toBeLessThanOrEqual(19);
    const vocabulary = new Set(JSON.stringify(report).match(/\p{L}+/gu) ?? []);
    expect(await pdfBrokenWords(res.rawPayload, vocabulary)).toEqual([]);
  }, 60_000);

  it('PDF: hard hyphens stay, in bold too, even where the text brings a soft hyphen', async () => {
    const t = await createTestApp({ seed: true });
    const report = json<Report>(await t.app.inject({ as: 'admin', url: URL20 }));
    // A soft hyphen from an imported text, in a bold thread title: pdfmake used to hide every "-"
    // of the bold face once it met one ("Bund-Länder" printed as "BundLänder").
    const thread = report.threads[0];
    if (!thread) throw new Error('no thread');
    thread.title = `Dauer\u00adaufgabe: ${thread.title}`;
    const { text } = await pdfText((await renderInProcess(report, 'pdf')) as Buffer);
    const compounds = [...new Set(JSON.stringify(report).match(/\p{L}+(?:-\p{L}+)+/gu) ?? [])];
    expect(compounds).toContain('Bund-Länder-Integrationsbarometer');
    const flat = text.replace(/-\n/g, '-').replace(/\s+/g, ' ');
    const lost = compounds.filter((c) => !flat.includes(c) && flat.includes(c.replaceAll('-', '')));
    expect(lost).toEqual([]);
  }, 60_000);
});

describe('the usual form', () => {
  it('one table per TOP with Beschluss | Adressat | Sachstand | Bewertung; TOPs without follow-up on one line', async () => {
    const t = await createTestApp({ seed: true });
    const report = json<Report>(await t.app.inject({ as: 'admin', url: URL20 }));
    const html = (await t.app.inject({ as: 'admin', url: `${URL20}&format=html` })).body.replace(/\u00ad/g, '');
    const withDemands = report.resolutions.filter((r) => r.demands.length > 0);
    expect(
      html.match(
        /<th>Beschluss \(Ziffer, kurz\)<\/th><th>Adressat<\/th><th>Sachstand \(Quelle, Datum, gemeldet von\)<\/th><th>Bewertung<\/th>/g,
      ),
    ).toHaveLength(withDemands.length);
    const quiet = report.resolutions.filter((r) => r.demands.length === 0);
    expect(quiet.length).toBeGreaterThan(0);
    expect(html).toContain(`Ohne nachzuverfolgende Forderungen: TOP ${quiet[0]?.top}`);
    for (const q of quiet) expect(html).not.toContain(`<h3 id="top-${q.top.replace(/[^A-Za-z0-9]/g, '-')}"`);
    expect(html).not.toContain('Kein Sachstand gemeldet');
    // Markdown as the other formats: the demands without a Sachstand on a list under their TOP, a
    // table for those with one (after a released round).
    const silentMd = (await t.app.inject({ as: 'admin', url: `${URL20}&format=md` })).body;
    expect(silentMd.split(`**${SILENT_HEADING}**`).length - 1).toBe(withDemands.filter((r) => r.demands.some((d) => !d.update)).length);
    expect(silentMd).toContain('Daueraufgabe');
    releaseFullRound(t.database.sqlite, t.services, t.clock);
    const md = (await t.app.inject({ as: 'admin', url: `${URL20}&format=md` })).body;
    expect(md).toContain('| Beschluss (Ziffer, kurz) | Adressat | Sachstand (Quelle, Datum, gemeldet von) | Bewertung |');
  });
});

describe('cover', () => {
  it('names the reported conference’s chair and the presenting chair, without falling back from one to the other', async () => {
    const t = await createTestApp({ seed: true });
    const md = (await t.app.inject({ as: 'admin', url: `${URL20}&format=md` })).body;
    expect(md).toContain('# Anlage zur Erfolgskontrolle der 20. IntMK');
    expect(md).toContain('- Vorsitz der 20. IntMK: Niedersachsen');
    expect(md).toContain('- Vorsitz der 21. IntMK: Nordrhein-Westfalen');
    expect(md).toContain('Vorsitzland Nordrhein-Westfalen – Geschäftsstelle der IntMK');
    // The 18th: its own chair is Hessen; the chair of the 19th is not in the record, so none is named.
    const md18 = (await t.app.inject({ as: 'admin', url: '/api/v1/conferences/18/erfolgskontrolle?asOf=2024-03-31&format=md' })).body;
    expect(md18).toContain('- Vorsitz der 18. IntMK: Hessen');
    expect(md18).not.toContain('- Vorsitz der 19. IntMK: Hessen');
  });
});
