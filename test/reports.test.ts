import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { Piscina } from 'piscina';
import { describe, expect, it, vi } from 'vitest';
import { negotiate } from '../src/modules/reports/reports.routes.js';
import type { Report } from '../src/modules/reports/reports.schemas.js';
import { pdfText } from './documents.js';
import { createTestApp, json, minimalRecord, type TestApp } from './helper.js';

const URL20 = '/api/v1/conferences/20/erfolgskontrolle';

async function report(t: TestApp, query = ''): Promise<Report> {
  const res = await t.app.inject({ as: 'admin', url: `${URL20}${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return json<Report>(res);
}

async function postUpdate(t: TestApp, demandId: number, body: Record<string, unknown>) {
  const res = await t.app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/demands/${demandId}/status-updates`,
    payload: { narrative: 'Sachstand', reporter: 'NI', ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res);
}

describe('Erfolgskontrolle as JSON on the seeded record', () => {
  it('reports the 20th IntMK to the 21st: TOPs in order, statuses, threads, counts', async () => {
    const t = await createTestApp({ seed: true });
    const r = await report(t, '?audience=internal&asOf=2026-03-31');
    expect(r).toMatchObject({
      title: 'Erfolgskontrolle der 20. IntMK',
      subtitle: 'vorgelegt zur 21. IntMK',
      chair: { code: 'NW', name: 'Nordrhein-Westfalen' },
      asOf: '2026-03-31',
      // Changes count from the last day of the reported conference (23–24 April 2025).
      since: '2025-04-24',
      conference: { number: 20, place: 'Göttingen', startDate: '2025-04-23' },
    });
    expect(r.resolutions.map((x) => x.top).slice(0, 7)).toEqual(['A', '1.1', '1.2', '1.3', '2.1.a', '2.1.b', '3.1']);
    expect(r.resolutions.at(-1)?.top).toBe('7.7');
    expect(r.summary).toMatchObject({ resolutions: 27, demands: 98 });
    const count = (s: string) => r.summary.byStatus.find((b) => b.status === s)?.count;
    // No success of the 20th IntMK that is not an outcome of its demands (the 2009 and 2011
    // look-backs are thread mentions, their fulfilments statuses of earlier demands).
    expect(count('fulfilled') ?? 0).toBe(0);
    expect(count('largely_fulfilled') ?? 0).toBe(0);
    const { fulfilled, partly, open, closedOtherwise } = r.summary.shares;
    expect(fulfilled + partly + open + closedOtherwise).toBe(98);
    const top21b = r.resolutions.find((x) => x.top === '2.1.b');
    expect(top21b?.demands.every((d) => d.status === 'open')).toBe(true);

    // The MBE thread spans both conferences; the citizenship thread is closed, so not "years open".
    const mbe = r.threads.find((x) => x.title.includes('Migrationsberatung') || x.title.includes('MBE'));
    expect(new Set(mbe?.repetitions.map((x) => x.conference))).toEqual(new Set([18, 20]));
    const c4 = r.threads.find((x) => x.title.includes('C4'));
    expect(c4?.repetitions.map((x) => `${x.conference}/${x.top}/${x.ziffer}`)).toEqual(expect.arrayContaining(['18/1.4/5', '20/3.1/7']));
    expect(c4).toMatchObject({ firstRaised: 2020, yearsOpen: 6 });
    const courses = r.threads.find((x) => x.title.includes('Zugang aller Zugewanderten zu Integrationskursen'));
    expect(courses).toMatchObject({ firstRaised: 2011, status: 'open', yearsOpen: 15 });
    expect(r.summary.oldestOpenThreads.every((x) => x.yearsOpen !== null)).toBe(true);

    // Earlier conferences: every still open demand of an earlier conference is followed, not only
    // those in a touched thread; a fulfilled one is not listed.
    expect(r.earlierOpen.every((d) => d.conference < 20 && !['fulfilled', 'report_delivered'].includes(d.status))).toBe(true);
    const r18 = json<Report>(
      await t.app.inject({ as: 'admin', url: '/api/v1/conferences/18/erfolgskontrolle?audience=internal&asOf=2026-03-31' }),
    );
    const closed = ['fulfilled', 'report_delivered', 'rejected', 'obsolete'];
    const open18 = r18.resolutions.flatMap((x) => x.demands).filter((d) => !closed.includes(d.status));
    expect(open18.length).toBeGreaterThan(30);
    expect(
      r.earlierOpen
        .filter((d) => d.conference === 18)
        .map((d) => d.id)
        .sort(),
    ).toEqual(open18.map((d) => d.id).sort());
    // The conference's own statements, dated on its days, are not changes since the last report.
    expect(r.changes.every((c) => c.update.asOf > '2025-04-24')).toBe(true);
    // No years open for a thread that is (partly) fulfilled or closed.
    const stillOpen = ['open', 'under_examination', 'in_progress', 'reiterated'];
    expect(r.threads.filter((x) => !stillOpen.includes(x.status)).every((x) => x.yearsOpen === null)).toBe(true);
    // Every open demand without an update in the cycle is chased from someone.
    const missing = new Set(r.missing.flatMap((g) => g.demands.map((d) => d.id)));
    const openWithout = r.resolutions.flatMap((x) => x.demands).filter((d) => !d.changedSinceLastReport && d.status === 'open');
    expect(openWithout.every((d) => missing.has(d.id))).toBe(true);
  });

  it('sends a file name and refuses unknown conferences and inverted dates', async () => {
    const t = await createTestApp({ seed: true });
    const res = await t.app.inject({ as: 'admin', url: `${URL20}?asOf=2026-03-31` });
    expect(res.headers['content-disposition']).toBe('inline; filename="Erfolgskontrolle_20_IntMK_Stichtag_2026-03-31.json"');
    expect(res.headers.vary).toBe('Accept');

    const missing = await t.app.inject({ as: 'admin', url: '/api/v1/conferences/99/erfolgskontrolle' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const inverted = await t.app.inject({ as: 'admin', url: `${URL20}?asOf=2025-01-01&since=2025-06-01` });
    expect(inverted.statusCode).toBe(422);
    expect(json(inverted).detail).toContain('Stichtag');
    const badDate = await t.app.inject({ as: 'admin', url: `${URL20}?asOf=31.03.2026` });
    expect(badDate.statusCode).toBe(400);
  });
});

describe('as-of rule', () => {
  it('counts only updates dated on or before the Stichtag, so a later update leaves the report unchanged', async () => {
    const t = await createTestApp({ seed: true });
    const before = await report(t, '?asOf=2025-04-23&audience=internal');
    expect(before.summary.byStatus.find((b) => b.status === 'open')?.count).toBe(98);
    const at = await report(t, '?asOf=2025-04-24&audience=internal');
    expect(at.summary.byStatus.find((b) => b.status === 'open')?.count).toBe(98);

    const fixed = await report(t, '?asOf=2025-12-31&audience=internal');
    const demand = fixed.resolutions.find((x) => x.top === '4.5')?.demands[0];
    expect(demand).toBeDefined();
    await postUpdate(t, demand?.id as number, { status: 'rejected', asOf: '2026-01-15' });
    const again = await report(t, '?asOf=2025-12-31&audience=internal');
    expect({ ...again, generated: '' }).toEqual({ ...fixed, generated: '' });

    const later = await report(t, '?asOf=2026-01-15&audience=internal');
    expect(later.resolutions.find((x) => x.top === '4.5')?.demands[0]).toMatchObject({ status: 'rejected', changedSinceLastReport: true });
    expect(later.changes[0]).toMatchObject({ demand: { id: demand?.id }, after: { status: 'rejected' } });
    expect(later.summary.shares.closedOtherwise).toBe(1);
  });
});

describe('audience rule', () => {
  it('leaves everything internal out of the public report, counts and every format included', async () => {
    const t = await createTestApp();
    const { resolutionId, demandId } = await minimalRecord(t.app);
    const secret = 'GEHEIMMARKER';
    const internalDemand = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/resolutions/${resolutionId}/demands`,
      payload: {
        kind: 'bitte',
        addressees: ['KMK'],
        wording: `${secret} Wortlaut`,
        summary: `${secret} Kurzfassung`,
        visibility: 'internal',
      },
    });
    expect(internalDemand.statusCode).toBe(201);
    await postUpdate(t, json(internalDemand).id, { status: 'rejected', asOf: '2025-06-01', narrative: `${secret} intern` });
    await postUpdate(t, demandId, { status: 'in_progress', asOf: '2025-06-01', narrative: 'öffentlich' });
    await postUpdate(t, demandId, {
      status: 'rejected',
      asOf: '2025-07-01',
      narrative: `${secret} internes Votum`,
      visibility: 'internal',
      evidence: [{ kind: 'schreiben', citation: `${secret} Schreiben`, date: '2025-07-01' }],
    });
    const rejected = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/conferences/20/resolutions',
      payload: { top: '9.9', title: `${secret} abgelehnter Antrag`, proposers: ['BE'], adoption: 'abgelehnt' },
    });
    expect(rejected.statusCode).toBe(201);

    const pub = await report(t, '?asOf=2026-01-01');
    expect(JSON.stringify(pub)).not.toContain(secret);
    expect(pub.summary).toMatchObject({ resolutions: 1, demands: 1 });
    expect(pub.resolutions[0]?.demands[0]).toMatchObject({ status: 'in_progress', update: { narrative: 'öffentlich' } });
    expect(pub.summary.byAddressee.map((a) => a.code)).toEqual(['BREG']);
    for (const format of ['html', 'md', 'csv']) {
      const res = await t.app.inject({ as: 'admin', url: `${URL20}?asOf=2026-01-01&format=${format}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(secret);
    }
    const docx = await t.app.inject({ as: 'admin', url: `${URL20}?asOf=2026-01-01&format=docx` });
    expect((await mammoth.extractRawText({ buffer: docx.rawPayload })).value).not.toContain(secret);
    const pdf = await t.app.inject({ as: 'admin', url: `${URL20}?asOf=2026-01-01&format=pdf` });
    expect((await pdfText(pdf.rawPayload)).text).not.toContain(secret);
    const xlsx = await t.app.inject({ as: 'admin', url: `${URL20}?asOf=2026-01-01&format=xlsx` });
    const zip = await JSZip.loadAsync(xlsx.rawPayload);
    for (const file of Object.values(zip.files).filter((f) => !f.dir)) expect(await file.async('string')).not.toContain(secret);

    const internal = await report(t, '?asOf=2026-01-01&audience=internal');
    expect(internal.summary).toMatchObject({ resolutions: 2, demands: 2 });
    expect(JSON.stringify(internal)).toContain(`${secret} internes Votum`);
    // The internal version marks every internal item "nur intern"; the public one has none.
    expect(internal.resolutions.find((r) => r.top === '9.9')?.internal).toBe(true);
    expect(internal.resolutions.flatMap((r) => r.demands).filter((d) => d.internal)).toHaveLength(1);
    expect(pub.resolutions.every((r) => !r.internal && r.demands.every((d) => !d.internal))).toBe(true);
    const md = (await t.app.inject({ as: 'admin', url: `${URL20}?asOf=2026-01-01&format=md&audience=internal` })).body;
    expect(md).toContain(`**nur intern** **Bitte:** ${secret} Kurzfassung`);
    expect(md).toContain('abgelehnter Antrag (nur intern)');
  });
});

describe('formats', () => {
  it('negotiates by Accept, lets ?format win, and answers 406 for what it cannot make', async () => {
    expect(negotiate(undefined)).toBe('json');
    expect(negotiate('application/pdf')).toBe('pdf');
    expect(negotiate('text/html;q=0.5, text/markdown')).toBe('md');
    expect(negotiate('image/png, */*;q=0.1')).toBe('json');
    expect(negotiate('image/png')).toBeNull();
    expect(negotiate('application/pdf;q=0, text/csv')).toBe('csv');

    const t = await createTestApp({ seed: true });
    const pdf = await t.app.inject({ as: 'admin', url: URL20, headers: { accept: 'application/pdf' } });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const overridden = await t.app.inject({ as: 'admin', url: `${URL20}?format=md`, headers: { accept: 'application/pdf' } });
    expect(overridden.headers['content-type']).toBe('text/markdown; charset=utf-8');
    const refused = await t.app.inject({ as: 'admin', url: URL20, headers: { accept: 'image/png' } });
    expect(refused.statusCode).toBe(406);
    expect(json(refused).detail).toContain('format');
  });

  it('yields a valid file in every format for the seeded 20th IntMK', async () => {
    const t = await createTestApp({ seed: true });
    const get = (format: string) => t.app.inject({ as: 'admin', url: `${URL20}?format=${format}&asOf=2026-03-31&audience=internal` });

    const html = await get('html');
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.body).toMatch(/^<!DOCTYPE html><html lang="de">/);
    expect(html.body).toContain('<h1>Anlage zur Erfolgskontrolle der 20. IntMK</h1>');
    expect(html.body).toContain('31. März 2026');
    expect(html.body).toContain('<svg');

    const md = await get('md');
    expect(md.body).toContain('# Anlage zur Erfolgskontrolle der 20. IntMK');
    expect(md.body).toContain('### TOP 4.5 ');

    const docx = await get('docx');
    expect(docx.headers['content-disposition']).toBe('attachment; filename="Erfolgskontrolle_20_IntMK_Stichtag_2026-03-31_intern.docx"');
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const documentXml = await zip.file('word/document.xml')?.async('string');
    expect(documentXml).toContain('Erfolgskontrolle der 20. IntMK');
    expect(documentXml).toContain('w:tblHeader');
    const text = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value;
    expect(text).toContain('Wiederkehrende Forderungen');
    expect(text).toContain('31. März 2026');

    const pdf = await get('pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const parsed = await pdfText(pdf.rawPayload);
    expect(parsed.pages).toBeGreaterThan(5);
    expect(parsed.text).toContain('Erfolgskontrolle der 20. IntMK');
    expect(parsed.text).toContain('Göttingen');

    const csv = await get('csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toMatch(/^"Konferenz";"TOP";"Beschluss";/);
    expect(csv.body).toContain('"offen"');

    const xlsx = await get('xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Forderungen');
    expect(sheet?.rowCount).toBe(99);
    expect(sheet?.getRow(1).getCell(1).value).toBe('TOP');
    // The summary opens first; working sheets for threads, missing updates, changes, objections (internal) and earlier conferences follow.
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'Zusammenfassung',
      'Forderungen',
      'Stränge',
      'Ausstehende Rückmeldungen',
      'Änderungen',
      'Beanstandungen',
      'Frühere Konferenzen',
    ]);
    expect(book.getWorksheet('Zusammenfassung')?.getRow(1).getCell(1).value).toBe('Erfolgskontrolle der 20. IntMK');
    // Printable: landscape, the header row on every page, as wide as its columns need at a readable
    // size (the demands sheet: two pages), as long as needed.
    expect(sheet?.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 2, fitToHeight: 0, printTitlesRow: '1:1' });
  }, 60_000);

  it('renders every format for a conference without resolutions and without a next conference', async () => {
    const t = await createTestApp();
    const conf = await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/conferences', payload: { number: 30, year: 2035 } });
    expect(conf.statusCode).toBe(201);
    const r = json<Report>(await t.app.inject({ as: 'admin', url: '/api/v1/conferences/30/erfolgskontrolle?asOf=2036-01-01' }));
    expect(r).toMatchObject({ subtitle: 'vorgelegt zur 31. IntMK', presentedTo: null, chair: null, since: '2035-01-01' });
    expect(r.summary).toMatchObject({ resolutions: 0, demands: 0 });
    for (const format of ['html', 'md', 'docx', 'pdf', 'csv', 'xlsx']) {
      const res = await t.app.inject({ as: 'admin', url: `/api/v1/conferences/30/erfolgskontrolle?asOf=2036-01-01&format=${format}` });
      expect(res.statusCode, format).toBe(200);
      expect(res.rawPayload.length, format).toBeGreaterThan(100);
    }
  });

  it('renders DOCX and PDF in worker threads when the app has a pool', async () => {
    const run = vi.spyOn(Piscina.prototype, 'run');
    const t = await createTestApp({ seed: true, reportWorkers: 1 });
    const [docx, pdf] = await Promise.all([
      t.app.inject({ as: 'admin', url: `${URL20}?format=docx` }),
      t.app.inject({ as: 'admin', url: `${URL20}?format=pdf` }),
    ]);
    expect(docx.statusCode).toBe(200);
    expect((await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')).not.toBeNull();
    expect((await pdfText(pdf.rawPayload)).text).toContain('Erfolgskontrolle der 20. IntMK');
    expect(run.mock.calls.map(([task]) => (task as { format: string }).format).sort()).toEqual(['docx', 'pdf']);
    run.mockRestore();
  }, 60_000); // DOCX and PDF of the seeded record (three conferences) in worker threads: slow on a shared machine
});

describe('internal audience needs a login', () => {
  const SECRET = 'GEHEIMMARKER';

  async function withInternalDemand(options: { responseCacheBytes?: number } = {}) {
    const t = await createTestApp(options);
    const { resolutionId } = await minimalRecord(t.app);
    const res = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/resolutions/${resolutionId}/demands`,
      payload: {
        kind: 'bitte',
        addressees: ['KMK'],
        wording: `${SECRET} Wortlaut`,
        summary: `${SECRET} Kurzfassung`,
        visibility: 'internal',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return t;
  }

  it('anonymous internal → 401; reader internal → 200 with internal content, not stored; anonymous public → 200 without', async () => {
    const t = await withInternalDemand();
    for (const query of ['?audience=internal', '?audience=internal&format=html', '?audience=internal&format=csv&asOf=2026-01-01']) {
      const anon = await t.request('anonymous', `${URL20}${query}`);
      expect(anon.statusCode, query).toBe(401);
      expect(json(anon).code).toBe('reports.internal_requires_login');
      expect(anon.headers['www-authenticate']).toBe('Bearer');
      expect(anon.body).not.toContain(SECRET);
    }

    const reader = await t.request('reader', `${URL20}?audience=internal`);
    expect(reader.statusCode, reader.body).toBe(200);
    expect(json<Report>(reader).audience).toBe('internal');
    expect(reader.body).toContain(SECRET);
    expect(reader.headers['cache-control']).toBe('no-store');
    const editor = await t.request('editorHE', `${URL20}?audience=internal&format=md`);
    expect(editor.statusCode).toBe(200);
    expect(editor.body).toContain(SECRET);

    for (const query of ['', '?audience=public']) {
      const pub = await t.request('anonymous', `${URL20}${query}`);
      expect(pub.statusCode, query).toBe(200);
      expect(json<Report>(pub).audience).toBe('public');
      expect(pub.body).not.toContain(SECRET);
    }
  });

  it('the response cache never serves a report, so no internal report reaches an anonymous caller', async () => {
    const t = await withInternalDemand({ responseCacheBytes: 8 * 1024 * 1024 });
    // The cache works for other routes of this app …
    await t.request('anonymous', '/api/v1/conferences/20');
    expect((await t.request('anonymous', '/api/v1/conferences/20')).headers['x-cache']).toBe('hit');
    // … but the report route opts out: a signed-in internal report is never stored or replayed.
    for (let i = 0; i < 2; i++) {
      const reader = await t.request('reader', `${URL20}?audience=internal`);
      expect(reader.statusCode).toBe(200);
      expect(reader.body).toContain(SECRET);
      expect(reader.headers['x-cache']).toBeUndefined();
      const anon = await t.request('anonymous', `${URL20}?audience=internal`);
      expect(anon.statusCode).toBe(401);
      expect(anon.headers['x-cache']).toBeUndefined();
      const pub = await t.request('anonymous', URL20);
      expect(pub.statusCode).toBe(200);
      expect(pub.body).not.toContain(SECRET);
      expect(pub.headers['x-cache']).toBeUndefined();
    }
  });

  it('documents the 401 in the OpenAPI document', async () => {
    const t = await createTestApp();
    const doc = json(await t.app.inject({ as: 'admin', url: '/openapi.json' }));
    const op = doc.paths['/api/v1/conferences/{number}/erfolgskontrolle'].get;
    expect(Object.keys(op.responses)).toContain('401');
    expect(op.description).toContain('audience=internal');
    const asOf = op.parameters.find((p: { name: string }) => p.name === 'asOf');
    expect(asOf.schema.maxLength).toBe(10);
  });
});
