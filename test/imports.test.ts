// Import through the API: upload (text and PDF), draft, corrections, link suggestions, commit in
// one transaction, idempotence by fingerprint, and refusals of bad input that write nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_DIR } from '../bench/import-eval.js';
import { makePdf, paginate } from '../bench/import-pdf.js';
import { MAX_IMPORT_BYTES } from '../src/modules/imports/imports.service.js';
import { createTestApp, json, type TestApp } from './helper.js';

const TEXT_18 = readFileSync(`${DOCUMENT_DIR}intmk-18-2023-wiesbaden-niederschrift.txt`);
const TEXT_20 = readFileSync(`${DOCUMENT_DIR}intmk-20-2025-goettingen-beschluesse.txt`);

function upload(t: TestApp, body: Buffer | string, contentType = 'text/plain', filename?: string) {
  return t.app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/imports${filename ? `?filename=${encodeURIComponent(filename)}` : ''}`,
    headers: { 'content-type': contentType },
    payload: body,
  });
}

function counts(t: TestApp) {
  const q = (sql: string) => (t.database.sqlite.prepare(sql).get() as { n: number }).n;
  return {
    drafts: q('SELECT count(*) AS n FROM import_drafts'),
    conferences: q('SELECT count(*) AS n FROM conferences'),
    resolutions: q('SELECT count(*) AS n FROM resolutions'),
    demands: q('SELECT count(*) AS n FROM demands'),
    threads: q('SELECT count(*) AS n FROM threads'),
  };
}

describe('import of a text document', () => {
  it('reads the 2023 minutes into a draft, returns it again for the same document, and commits once', async () => {
    const t = await createTestApp();
    const res = await upload(t, TEXT_18, 'text/plain; charset=utf-8', 'intmk-18.txt');
    expect(res.statusCode).toBe(201);
    const draft = json(res);
    expect(res.headers.location).toBe(`/api/v1/imports/${draft.id}`);
    expect(draft).toMatchObject({
      status: 'draft',
      source: { filename: 'intmk-18.txt', contentType: 'text/plain', pages: null },
      conference: { number: 18, year: 2023, startDate: '2023-04-26', endDate: '2023-04-27', place: 'Wiesbaden', chairLand: 'HE' },
    });
    expect(draft.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(draft.counts.resolutions).toBe(32);
    const top41 = draft.resolutions.find((r: any) => r.top === '4.1');
    expect(top41).toMatchObject({
      agendaHeading: 'Integration, Teilhabe und gesellschaftlicher Zusammenhalt',
      proposers: ['BW', 'BY', 'BB', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN'],
      coordinatingLand: 'NW',
      adoption: 'einstimmig',
      circular: { number: '01/2023', date: '2023-03-29' },
    });
    expect(top41.demands[0]).toMatchObject({ key: '4.1-3', ziffer: '3', kind: 'appell', addressees: ['BREG'] });
    const top43 = draft.resolutions.find((r: any) => r.top === '4.3');
    expect(top43.demands[0].cues).toContainEqual({ kind: 'cue_word', text: 'erneut', conference: null, top: null });
    expect(draft.resolutions.find((r: any) => r.top === '7.3')).toMatchObject({ adoption: 'zusammengelegt', mergedIntoTop: '7.2' });
    // Only the draft is written before the commit.
    expect(counts(t)).toMatchObject({ drafts: 1, conferences: 0, resolutions: 0 });

    const got = await t.app.inject({ as: 'admin', method: 'GET', url: `/api/v1/imports/${draft.id}` });
    expect(got.statusCode).toBe(200);
    expect(json(got).resolutions).toEqual(draft.resolutions);

    const again = await upload(t, TEXT_18);
    expect(again.statusCode).toBe(200);
    expect(json(again).id).toBe(draft.id);
    expect(counts(t).drafts).toBe(1);

    const commit = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${draft.id}/commit` });
    expect(commit.statusCode).toBe(200);
    expect(json(commit)).toEqual({
      draft: draft.id,
      conference: 18,
      resolutions: 32,
      demands: draft.counts.demands,
      threadLinks: 0,
      threadMentions: 0,
    });
    const list = json(await t.app.inject({ as: 'admin', method: 'GET', url: '/api/v1/conferences/18/resolutions?limit=200' }));
    expect(list.total).toBe(32);
    const written = json(await t.app.inject({ as: 'admin', method: 'GET', url: '/api/v1/conferences/18/resolutions/4.1' }));
    expect(written).toMatchObject({ title: top41.title, coordinatingLand: 'NW', circular: { number: '01/2023' } });
    expect(written.demands[0]).toMatchObject({ kind: 'appell', addressees: [{ code: 'BREG' }] });

    const before = counts(t);
    const twice = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${draft.id}/commit` });
    expect(twice.statusCode).toBe(409);
    expect(twice.headers['content-type']).toContain('application/problem+json');
    expect(json(twice).code).toBe('imports.already_committed');
    const third = await upload(t, TEXT_18);
    expect(third.statusCode).toBe(200);
    expect(json(third).status).toBe('committed');
    expect(counts(t)).toEqual(before);
  });

  it('answers an upload with the draft exactly as a GET reads it afterwards, with its ETag, and audits its summary', async () => {
    const t = await createTestApp();
    const res = await upload(t, TEXT_20, 'text/plain', 'intmk-20.txt');
    expect(res.statusCode).toBe(201);
    const got = await t.app.inject({ as: 'admin', method: 'GET', url: `/api/v1/imports/${json(res).id}` });
    expect(got.statusCode).toBe(200);
    expect(res.body).toBe(got.body);
    expect(res.headers.etag).toBe(got.headers.etag);
    const audited = t.database.sqlite.prepare("SELECT after FROM audit_log WHERE action = 'imports.create'").pluck().get() as string;
    const { resolutions: _r, warnings: _w, ...summary } = json(got);
    expect(JSON.parse(audited)).toEqual(summary);
  });

  it('refuses to commit a conference that is already recorded (409), writing nothing', async () => {
    const t = await createTestApp({ seed: true });
    const draft = json(await upload(t, TEXT_20));
    expect(draft.conference.number).toBe(20);
    const before = counts(t);
    const res = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${draft.id}/commit` });
    expect(res.statusCode).toBe(409);
    expect(json(res)).toMatchObject({ code: 'imports.conference_exists', status: 409 });
    expect(json(res).detail).toContain('20. IntMK');
    expect(counts(t)).toEqual(before);
  });

  it('rolls the whole commit back when a late part fails', async () => {
    const t = await createTestApp();
    const draft = json(await upload(t, TEXT_18));
    // TOP 7.4 comes late in the document: conference and earlier TOPs are written before it fails.
    const patched = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/imports/${draft.id}/resolutions/7.4`,
      payload: {
        notes: [{ kind: 'protokollnotiz', lands: ['BY'], ziffer: '9', text: 'Bezieht sich auf eine Ziffer, die es nicht gibt.' }],
      },
    });
    expect(patched.statusCode).toBe(200);
    const audited = t.services.audit.count();
    const res = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${draft.id}/commit` });
    expect(res.statusCode).toBe(422);
    expect(json(res).code).toBe('resolutions.unknown_ziffer');
    expect(counts(t)).toMatchObject({ conferences: 0, resolutions: 0, demands: 0 });
    expect(t.services.audit.count()).toBe(audited);
    expect(json(await t.app.inject({ as: 'admin', method: 'GET', url: `/api/v1/imports/${draft.id}` })).status).toBe('draft');
  });

  it('applies corrections: conference, resolution, demand, rejected demand; unknown addressees are refused at commit', async () => {
    const t = await createTestApp();
    const draft = json(await upload(t, TEXT_18));
    const conf = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/imports/${draft.id}/conference`,
      payload: { place: 'Wiesbaden (Biebrich)' },
    });
    expect(json(conf).conference.place).toBe('Wiesbaden (Biebrich)');
    const res = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/imports/${draft.id}/resolutions/4.3`,
      payload: { title: 'MBE finanzieren' },
    });
    expect(json(res).resolutions.find((r: any) => r.top === '4.3').title).toBe('MBE finanzieren');
    const bad = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/imports/${draft.id}/demands/4.3-2`,
      payload: { addressees: ['NIEMAND'] },
    });
    expect(bad.statusCode).toBe(200);
    const refused = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${draft.id}/commit` });
    expect(refused.statusCode).toBe(422);
    expect(json(refused).code).toBe('imports.unknown_body');
    expect(counts(t).conferences).toBe(0);

    await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/imports/${draft.id}/demands/4.3-2`,
      payload: { addressees: ['BUND', 'BMI'], kind: 'forderung' },
    });
    const rejected = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/imports/${draft.id}/demands/4.3-3`,
      payload: { accepted: false },
    });
    expect(json(rejected).resolutions.find((r: any) => r.top === '4.3').demands[1].accepted).toBe(false);
    const commit = json(await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${draft.id}/commit` }));
    expect(commit.demands).toBe(draft.counts.demands - 1);
    const written = json(await t.app.inject({ as: 'admin', method: 'GET', url: '/api/v1/conferences/18/resolutions/4.3' }));
    expect(written.title).toBe('MBE finanzieren');
    expect(written.demands.map((d: any) => d.addressees.map((a: any) => a.code))).toEqual([['BUND', 'BMI']]);
    expect(json(await t.app.inject({ as: 'admin', method: 'GET', url: '/api/v1/conferences/18' })).place).toBe('Wiesbaden (Biebrich)');

    const late = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/imports/${draft.id}/resolutions/4.3`,
      payload: { title: 'x' },
    });
    expect(late.statusCode).toBe(409);
  });

  it('answers 404 for unknown drafts, TOPs, demands and suggestions; deletes an open draft', async () => {
    const t = await createTestApp();
    expect((await t.app.inject({ as: 'admin', method: 'GET', url: '/api/v1/imports/99' })).statusCode).toBe(404);
    const draft = json(await upload(t, TEXT_18));
    const cases = [
      [`/api/v1/imports/${draft.id}/resolutions/9.9`, 'PATCH', { title: 'x' }, 'imports.resolution_not_found'],
      [`/api/v1/imports/${draft.id}/demands/9.9-1`, 'PATCH', { kind: 'bitte' }, 'imports.demand_not_found'],
      [`/api/v1/imports/${draft.id}/suggestions/x:d1`, 'PUT', { decision: 'accepted' }, 'imports.suggestion_not_found'],
    ] as const;
    for (const [url, method, payload, code] of cases) {
      const res = await t.app.inject({ as: 'admin', method, url, payload });
      expect(res.statusCode).toBe(404);
      expect(json(res).code).toBe(code);
    }
    expect((await t.app.inject({ as: 'admin', method: 'DELETE', url: `/api/v1/imports/${draft.id}` })).statusCode).toBe(204);
    expect((await t.app.inject({ as: 'admin', method: 'GET', url: `/api/v1/imports/${draft.id}` })).statusCode).toBe(404);
    expect(counts(t).drafts).toBe(0);
  });
});

describe('link suggestions', () => {
  it('suggests earlier demands for recurring ones and writes accepted links as threads', async () => {
    // The state "only the 18th conference is recorded", made by importing it.
    const t = await createTestApp();
    const first = json(await upload(t, TEXT_18));
    await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${first.id}/commit` });
    const earlierC4 = json(await t.app.inject({ as: 'admin', method: 'GET', url: '/api/v1/conferences/18/resolutions/1.4' })).demands.find(
      (d: any) => d.ziffer === '5',
    );

    const draft = json(await upload(t, TEXT_20));
    expect(draft.counts.suggestions).toBeGreaterThan(0);
    const c4 = draft.resolutions.find((r: any) => r.top === '3.1').demands.find((d: any) => d.ziffer === '7');
    expect(c4).toMatchObject({ kind: 'pruefbitte', addressees: ['KMK'] });
    const best = c4.suggestions[0];
    expect(best.target).toMatchObject({ type: 'demand', id: earlierC4.id });
    expect(best.score).toBeGreaterThan(0.5);
    expect(best.reasons.map((r: any) => r.kind)).toEqual(expect.arrayContaining(['text_similarity', 'cue_word']));
    expect(best.reasons.find((r: any) => r.kind === 'cue_word').text).toContain('erneut');

    const decided = await t.app.inject({
      as: 'admin',
      method: 'PUT',
      url: `/api/v1/imports/${draft.id}/suggestions/${encodeURIComponent(best.id)}`,
      payload: { decision: 'accepted' },
    });
    expect(decided.statusCode).toBe(200);
    const commit = json(await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${draft.id}/commit` }));
    expect(commit.threadLinks).toBe(1);
    const threads = json(await t.app.inject({ as: 'admin', method: 'GET', url: '/api/v1/threads' }));
    expect(threads.total).toBe(1);
    const thread = json(await t.app.inject({ as: 'admin', method: 'GET', url: `/api/v1/threads/${threads.items[0].id}` }));
    expect(thread.members.map((m: any) => [m.demand.resolution.conference, m.relation])).toEqual([
      [18, 'raised_first'],
      [20, 'reiterated'],
    ]);
  });
});

describe('finding drafts and refreshing suggestions', () => {
  it('lists drafts newest first, filters by status, and recomputes suggestions once the earlier conference is recorded', async () => {
    const t = await createTestApp();
    // The 2025 draft comes first, when nothing earlier is recorded: no suggestions yet.
    const later = json(await upload(t, TEXT_20, 'text/plain', 'goettingen.txt'));
    expect(later.counts.suggestions).toBe(0);
    const earlier = json(await upload(t, TEXT_18));
    expect((await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${earlier.id}/commit` })).statusCode).toBe(200);

    const all = json(await t.app.inject({ as: 'admin', url: '/api/v1/imports' }));
    expect(all.total).toBe(2);
    expect(all.items.map((d: any) => d.id)).toEqual([earlier.id, later.id]);
    expect(all.items[1]).toMatchObject({ status: 'draft', source: { filename: 'goettingen.txt' }, conference: { number: 20 } });
    expect(all.items[1].resolutions).toBeUndefined();
    const open = json(await t.app.inject({ as: 'admin', url: '/api/v1/imports?status=draft&limit=1' }));
    expect(open).toMatchObject({ total: 1, next: null, items: [{ id: later.id }] });

    const refreshed = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${later.id}/suggestions/refresh` });
    expect(refreshed.statusCode).toBe(200);
    expect(json(refreshed).counts.suggestions).toBeGreaterThan(0);
    const committed = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${earlier.id}/suggestions/refresh` });
    expect(committed.statusCode).toBe(409);
  });
});

describe('import of a PDF', () => {
  it('reads a page of the 2025 collection from a PDF with a text layer', async () => {
    const t = await createTestApp();
    const lines = TEXT_20.toString('utf8').split('\n');
    const from = lines.findIndex((l) => l.startsWith('20. Integrationsministerkonferenz 2025'));
    const start = lines.findIndex((l, i) => i > 800 && l.startsWith('TOP 3.1'));
    const end = lines.findIndex((l) => l.startsWith('TOP 4.2'));
    const excerpt = [...lines.slice(from, from + 3), ...lines.slice(start, end)].join('\n');
    const pdf = makePdf(paginate(excerpt));
    const res = await upload(t, pdf, 'application/pdf', 'auszug.pdf');
    expect(res.statusCode).toBe(201);
    const draft = json(res);
    expect(draft.source).toMatchObject({ contentType: 'application/pdf', pages: pdf.toString('latin1').match(/\/Type \/Page /g)!.length });
    expect(draft.conference).toMatchObject({ number: 20, year: 2025, place: 'Göttingen' });
    expect(draft.resolutions.map((r: any) => r.top)).toEqual(['3.1', '4.1']);
    const r31 = draft.resolutions[0];
    expect(r31).toMatchObject({ title: 'Ländermonitoring, Integrationsbarometer weiterführen', proposers: 'all', adoption: 'einstimmig' });
    expect(r31.ziffern.map((z: any) => z.number)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(r31.notes).toEqual([
      {
        kind: 'protokollnotiz',
        lands: ['BB'],
        ziffer: null,
        demand: null,
        budgetReservation: true,
        text: 'Brandenburg hat die Zustimmung zu dem Antrag unter Haushaltsvorbehalt erklärt.',
      },
    ]);
    // Brandenburg's reservation is its note's; the resolution's own is Ziffer 6's (review of the seed, §1).
    expect(r31.budgetReservation).toBe('unter Vorbehalt der jeweiligen haushaltsrechtlichen Bestimmungen');
    expect(r31.demands.find((d: any) => d.ziffer === '5')).toMatchObject({
      kind: 'auftrag',
      addressees: ['LAG-MONITORING'],
      dueConference: 22,
    });
    expect(r31.demands.find((d: any) => d.ziffer === '7')).toMatchObject({ kind: 'pruefbitte', addressees: ['KMK'] });
    expect(draft.resolutions[1]).toMatchObject({ proposers: ['BE', 'BB'] });
  });
});

describe('bad input gives a 4xx problem and writes nothing', () => {
  const notIntmk = 'Protokoll des Gartenvereins\n\nEs wurde beschlossen, die Hecke zu schneiden.';
  const cases: [string, () => Buffer | string, string, number, string][] = [
    ['an empty file', () => '', 'text/plain', 422, 'imports.empty'],
    ['only whitespace', () => '   \n\n  ', 'text/plain', 422, 'imports.empty'],
    ['binary data sent as text', () => Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x41]), 'text/plain', 422, 'imports.not_text'],
    ['a text that is no IntMK collection', () => notIntmk, 'text/plain', 422, 'imports.not_intmk'],
    ['a PDF without a text layer', () => makePdf([null, null]), 'application/pdf', 422, 'imports.pdf_no_text'],
    ['a PDF that is no IntMK collection', () => makePdf(paginate(notIntmk)), 'application/pdf', 422, 'imports.not_intmk'],
    [
      'a broken PDF',
      () => Buffer.concat([makePdf(paginate(TEXT_20.toString('utf8'))).subarray(0, 3000)]),
      'application/pdf',
      422,
      'imports.pdf_broken',
    ],
    ['a file that is no PDF at all', () => 'Dies ist kein PDF.', 'application/pdf', 422, 'imports.pdf_broken'],
    ['JSON instead of a file', () => '{"text":"TOP 1"}', 'application/json', 415, 'imports.unsupported_media_type'],
    ['a file over the size limit', () => Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x41), 'text/plain', 413, 'request.too_large'],
  ];
  it.each(cases)('%s', async (_label, body, type, status, code) => {
    const t = await createTestApp();
    const before = counts(t);
    const res = await upload(t, body(), type);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = json(res);
    expect(problem).toMatchObject({ status, code });
    expect(problem.detail.length).toBeGreaterThan(10);
    expect(counts(t)).toEqual(before);
  });
});
