// Import drafts under the rules of issue #5: only chair and admin write them, reading needs a
// token, every write leaves exactly one audit record, and PATCH/PUT/DELETE need a current If-Match.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_DIR } from '../bench/import-eval.js';
import { type As, auditRows, createTestApp, json, parseAuditRow, type TestApp } from './helper.js';

const TEXT_18 = readFileSync(`${DOCUMENT_DIR}intmk-18-2023-wiesbaden-niederschrift.txt`);

function upload(t: TestApp, as: As = 'admin') {
  return t.request(as, { method: 'POST', url: '/api/v1/imports', headers: { 'content-type': 'text/plain' }, payload: TEXT_18 });
}

const importAudit = (t: TestApp) => auditRows(t.database).filter((r) => r.entity === 'import');
const requestId = (res: { headers: Record<string, unknown> }) => String(res.headers['x-request-id']);

describe('If-Match on the draft corrections', () => {
  it('answers 428 without If-Match and 412 with a stale ETag, changing nothing; the ETag of GET works', async () => {
    const t = await createTestApp();
    const draft = json(await upload(t));
    const url = `/api/v1/imports/${draft.id}/conference`;
    const got = await t.app.inject({ as: 'admin', url: `/api/v1/imports/${draft.id}` });
    const etag = got.headers.etag as string;
    expect(etag).toBeTruthy();

    const missing = await t.app.inject({ as: 'admin', method: 'PATCH', url, payload: { place: 'Biebrich' }, ifMatch: false });
    expect(missing.statusCode).toBe(428);
    expect(json(missing).code).toBe('precondition.required');

    const stale = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url,
      payload: { place: 'Biebrich' },
      headers: { 'if-match': '"veraltet"' },
    });
    expect(stale.statusCode).toBe(412);
    expect(json(stale).code).toBe('precondition.failed');

    const unchanged = await t.app.inject({ as: 'admin', url: `/api/v1/imports/${draft.id}` });
    expect(unchanged.headers.etag).toBe(etag);
    expect(json(unchanged).conference.place).toBe('Wiesbaden');
    expect(importAudit(t).map((r) => r.action)).toEqual(['imports.create']);

    const ok = await t.app.inject({ as: 'admin', method: 'PATCH', url, payload: { place: 'Biebrich' }, headers: { 'if-match': etag } });
    expect(ok.statusCode).toBe(200);
    expect(json(ok).conference.place).toBe('Biebrich');
    expect(ok.headers.etag).toBeTruthy();
    expect(ok.headers.etag).not.toBe(etag);
    expect((await t.app.inject({ as: 'admin', url: `/api/v1/imports/${draft.id}` })).headers.etag).toBe(ok.headers.etag);

    // The ETag just used is stale now.
    const again = await t.app.inject({ as: 'admin', method: 'PATCH', url, payload: { place: 'Wiesbaden' }, headers: { 'if-match': etag } });
    expect(again.statusCode).toBe(412);
  });

  it('needs If-Match on every PATCH, PUT and DELETE of a draft, and none on the POSTs', async () => {
    const t = await createTestApp();
    const draft = json(await upload(t));
    const writes = [
      ['PATCH', `/api/v1/imports/${draft.id}/resolutions/4.3`, { title: 'x' }],
      ['PATCH', `/api/v1/imports/${draft.id}/demands/4.3-2`, { accepted: false }],
      ['PUT', `/api/v1/imports/${draft.id}/suggestions/x:d1`, { decision: 'accepted' }],
      ['DELETE', `/api/v1/imports/${draft.id}`, undefined],
    ] as const;
    for (const [method, url, payload] of writes) {
      const res = await t.app.inject({ as: 'admin', method, url, ...(payload ? { payload } : {}), ifMatch: false });
      expect(res.statusCode, `${method} ${url}`).toBe(428);
    }
    expect((await t.app.inject({ as: 'admin', url: `/api/v1/imports/${draft.id}` })).statusCode).toBe(200);
    const refresh = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/imports/${draft.id}/suggestions/refresh`,
      ifMatch: false,
    });
    expect(refresh.statusCode).toBe(200);
    const commit = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${draft.id}/commit`, ifMatch: false });
    expect(commit.statusCode).toBe(200);
  });
});

describe('audit trail of imports', () => {
  it('records upload, two corrections and the commit as exactly four records of the admin', async () => {
    const t = await createTestApp();
    const admin = t.services.auth.authenticate(t.tokens.admin);
    if (!('actor' in admin)) throw new Error('admin token');
    const auditBefore = t.services.audit.count();

    const created = await upload(t);
    expect(created.statusCode).toBe(201);
    const draft = json(created);
    const etag0 = (await t.app.inject({ as: 'admin', url: `/api/v1/imports/${draft.id}` })).headers.etag as string;
    const p1 = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/imports/${draft.id}/conference`,
      payload: { place: 'Biebrich' },
      headers: { 'if-match': etag0 },
    });
    expect(p1.statusCode).toBe(200);
    const p2 = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/imports/${draft.id}/demands/4.3-3`,
      payload: { accepted: false },
      headers: { 'if-match': p1.headers.etag as string },
    });
    expect(p2.statusCode).toBe(200);
    const commit = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${draft.id}/commit` });
    expect(commit.statusCode).toBe(200);

    // The commit wrote a conference, 32 resolutions and their demands: still one record.
    expect(t.services.audit.count() - auditBefore).toBe(4);
    const rows = importAudit(t);
    expect(rows.map((r) => r.action)).toEqual(['imports.create', 'imports.update_conference', 'imports.update_demand', 'imports.commit']);
    for (const r of rows) expect(r).toMatchObject({ user_id: admin.actor.userId, entity: 'import', entity_id: String(draft.id) });
    for (const [res, action] of [
      [created, 'imports.create'],
      [p1, 'imports.update_conference'],
      [p2, 'imports.update_demand'],
      [commit, 'imports.commit'],
    ] as const) {
      const own = auditRows(t.database, requestId(res));
      expect(own.map((r) => r.action)).toEqual([action]);
    }

    const [create, conf, demand, committed] = rows.map(parseAuditRow);
    expect(create!.before).toBeNull();
    // A new draft is audited by its summary; the whole of it is the before of the first correction.
    const { resolutions: _r, warnings: _w, ...summary } = draft;
    expect(create!.after).toEqual(summary);
    expect(conf!.before).toEqual(draft);
    // before is the draft as GET returned it (whose ETag the PATCH named), after is the response.
    expect(conf!.before.conference.place).toBe('Wiesbaden');
    expect(conf!.after).toEqual(json(p1));
    expect(demand!.before).toEqual(json(p1));
    expect(demand!.after).toEqual(json(p2));
    expect(committed!.before).toMatchObject({ id: draft.id, status: 'draft' });
    expect(committed!.after).toEqual(json(commit));
    expect(committed!.after).toMatchObject({ conference: 18, resolutions: 32, demands: draft.counts.demands - 1 });
  });

  it('records the deletion of an open draft with the draft as before; a refused write records nothing', async () => {
    const t = await createTestApp();
    const draft = json(await upload(t, 'chair'));
    const got = json(await t.app.inject({ as: 'admin', url: `/api/v1/imports/${draft.id}` }));

    // The same document again writes nothing and so records nothing.
    const again = await upload(t);
    expect(again.statusCode).toBe(200);
    expect(auditRows(t.database, requestId(again))).toEqual([]);
    const bad = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/imports/${draft.id}/resolutions/9.9`,
      payload: { title: 'x' },
    });
    expect(bad.statusCode).toBe(404);
    expect(auditRows(t.database, requestId(bad))).toEqual([]);

    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/imports/${draft.id}`, as: 'chair' });
    expect(del.statusCode).toBe(204);
    const [record, ...more] = auditRows(t.database, requestId(del));
    expect(more).toEqual([]);
    expect(record).toMatchObject({ action: 'imports.delete', entity: 'import', entity_id: String(draft.id), after: null });
    expect(JSON.parse(record!.before!)).toEqual(got);
    expect(importAudit(t).map((r) => r.action)).toEqual(['imports.create', 'imports.delete']);
  });

  it('records a refresh of the suggestions and a decision on one', async () => {
    const t = await createTestApp();
    const first = json(await upload(t));
    await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${first.id}/commit` });
    const later = json(
      await t.request('admin', {
        method: 'POST',
        url: '/api/v1/imports',
        headers: { 'content-type': 'text/plain' },
        payload: readFileSync(`${DOCUMENT_DIR}intmk-20-2025-goettingen-beschluesse.txt`),
      }),
    );
    const refresh = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${later.id}/suggestions/refresh` });
    expect(refresh.statusCode).toBe(200);
    expect(auditRows(t.database, requestId(refresh)).map((r) => r.action)).toEqual(['imports.refresh_suggestions']);
    const suggestion = json(refresh).resolutions.flatMap((r: any) => r.demands.flatMap((d: any) => d.suggestions))[0];
    const decide = await t.app.inject({
      as: 'admin',
      method: 'PUT',
      url: `/api/v1/imports/${later.id}/suggestions/${encodeURIComponent(suggestion.id)}`,
      payload: { decision: 'rejected' },
      headers: { 'if-match': refresh.headers.etag as string },
    });
    expect(decide.statusCode).toBe(200);
    const [record] = auditRows(t.database, requestId(decide));
    expect(record).toMatchObject({ action: 'imports.decide_suggestion', entity_id: String(later.id) });
    expect(JSON.parse(record!.after!)).toEqual(json(decide));
  });
});

describe('link suggestions point only at what the public may see', () => {
  // Demand 3 of TOP 684 of the 18th IntMK, repeated word for word at an earlier conference.
  const EOK =
    'Die IntMK fordert den Bund daher auf, die für die EOK im Einzelplan 06 – BMI – in Kap. 0603 Tit. 684 01 veranschlagten Bundesmittel möglichst zeitnah deutlich zu erhöhen, um dem aktuell und absehbar weiterhin hohen Bedarf – insbesondere anlässlich der hohen Zugangszahlen Kriegsvertriebener aus der Ukraine – Rechnung zu tragen.';

  async function earlierDemand(t: TestApp, top: string, adoption: string, summary: string) {
    const r = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/conferences/17/resolutions',
      payload: { top, title: 'Erstorientierungskurse (EOK) stärken', proposers: 'all', adoption, visibility: 'public' },
    });
    expect(r.statusCode, r.body).toBe(201);
    const d = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/resolutions/${json(r).id}/demands`,
      payload: { kind: 'forderung', addressees: ['BUND'], wording: EOK, summary, visibility: 'public' },
    });
    expect(d.statusCode, d.body).toBe(201);
    return json(d).id as number;
  }

  it('a rejected resolution whose public demand the upload repeats yields no suggestion, nor does its thread', async () => {
    const t = await createTestApp();
    const conf = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/conferences',
      payload: { number: 17, year: 2022, startDate: '2022-04-27', endDate: '2022-04-28' },
    });
    expect(conf.statusCode, conf.body).toBe(201);
    const adopted = await earlierDemand(t, '5.1', 'einstimmig', 'Bundesmittel für die EOK erhöhen');
    const rejected = await earlierDemand(t, '5.2', 'abgelehnt', 'ABGELEHNT Bundesmittel für die EOK erhöhen');
    // A thread whose only member is the rejected demand: the public never sees it.
    const thread = await t.app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/threads',
      payload: {
        title: 'ABGELEHNT Bundesmittel für die EOK im Einzelplan 06 erhöhen',
        members: [{ demandId: rejected, relation: 'raised_first' }],
      },
    });
    expect(thread.statusCode, thread.body).toBe(201);
    const threadId = json(thread).id as number;

    const draft = json(await upload(t));
    const targets = draft.resolutions.flatMap((r: any) =>
      r.demands.flatMap((d: any) => d.suggestions.map((s: any) => `${s.target.type}:${s.target.id}`)),
    ) as string[];
    // The wording is recognised: the adopted twin is suggested …
    expect(targets).toContain(`demand:${adopted}`);
    // … the rejected one and the thread that only it belongs to are not.
    expect(targets).not.toContain(`demand:${rejected}`);
    expect(targets).not.toContain(`thread:${threadId}`);
    expect(JSON.stringify(draft)).not.toContain('ABGELEHNT');
  });

  it('a suggestion whose target went internal after the upload stops the commit (409, nothing created) until the suggestions are refreshed', async () => {
    const t = await createTestApp();
    await t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/conferences', payload: { number: 17, year: 2022 } });
    const earlier = await earlierDemand(t, '5.1', 'einstimmig', 'Bundesmittel für die EOK erhöhen');
    const draft = json(await upload(t));
    const suggestion = draft.resolutions
      .flatMap((r: any) => r.demands.flatMap((d: any) => d.suggestions))
      .find((s: any) => s.target.type === 'demand' && s.target.id === earlier);
    expect(suggestion).toBeTruthy();
    const decided = await t.app.inject({
      as: 'admin',
      method: 'PUT',
      url: `/api/v1/imports/${draft.id}/suggestions/${encodeURIComponent(suggestion.id)}`,
      payload: { decision: 'accepted' },
    });
    expect(decided.statusCode, decided.body).toBe(200);

    // Meanwhile the earlier demand goes internal, with a summary the public must not read.
    const hidden = await t.app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/demands/${earlier}`,
      payload: { visibility: 'internal', summary: 'GEHEIM interne Zusammenfassung' },
    });
    expect(hidden.statusCode, hidden.body).toBe(200);
    const auditBefore = t.services.audit.count();
    const refused = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${draft.id}/commit` });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(json(refused).code).toBe('imports.stale_suggestion');
    expect(json(refused).detail).toContain(`/api/v1/imports/${draft.id}/suggestions/refresh`);
    expect(t.services.audit.count()).toBe(auditBefore);
    expect((await t.app.inject({ as: 'admin', url: '/api/v1/conferences/18' })).statusCode).toBe(404);
    expect(json(await t.app.inject({ as: 'admin', url: '/api/v1/threads' })).total).toBe(0);

    // Refreshed, the hidden target is no longer suggested, and the commit goes through without it.
    const refreshed = json(await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${draft.id}/suggestions/refresh` }));
    const targets = refreshed.resolutions.flatMap((r: any) =>
      r.demands.flatMap((d: any) => d.suggestions.map((x: any) => `${x.target.type}:${x.target.id}`)),
    );
    expect(targets).not.toContain(`demand:${earlier}`);
    const committed = await t.app.inject({ as: 'admin', method: 'POST', url: `/api/v1/imports/${draft.id}/commit` });
    expect(committed.statusCode, committed.body).toBe(200);
    const threads = await t.request('anonymous', '/api/v1/threads');
    expect(threads.body).not.toContain('GEHEIM');
    expect(json(await t.app.inject({ as: 'admin', url: '/api/v1/threads' })).total).toBe(0);
  });
});

describe('who may read and write drafts', () => {
  it('refuses writes to editors and readers (403) and reads to anonymous callers (401)', async () => {
    const t = await createTestApp();
    for (const as of ['reader', 'editorNI', 'editorLAG'] as const) {
      const res = await upload(t, as);
      expect(res.statusCode, as).toBe(403);
    }
    expect(t.database.sqlite.prepare('SELECT count(*) AS n FROM import_drafts').get()).toEqual({ n: 0 });
    const draft = json(await upload(t, 'chair'));
    const id = draft.id;
    const writes = [
      { method: 'PATCH', url: `/api/v1/imports/${id}/conference`, payload: { place: 'x' } },
      { method: 'PATCH', url: `/api/v1/imports/${id}/resolutions/4.3`, payload: { title: 'x' } },
      { method: 'PATCH', url: `/api/v1/imports/${id}/demands/4.3-2`, payload: { accepted: false } },
      { method: 'PUT', url: `/api/v1/imports/${id}/suggestions/x:d1`, payload: { decision: 'accepted' } },
      { method: 'POST', url: `/api/v1/imports/${id}/suggestions/refresh` },
      { method: 'POST', url: `/api/v1/imports/${id}/commit` },
      { method: 'DELETE', url: `/api/v1/imports/${id}` },
    ] as const;
    for (const as of ['reader', 'editorNI', 'editorHE'] as const) {
      for (const w of writes) {
        const res = await t.app.inject({ ...w, as });
        expect(res.statusCode, `${as} ${w.method} ${w.url}`).toBe(403);
      }
      // Readers and editors may read the drafts.
      expect((await t.app.inject({ url: `/api/v1/imports/${id}`, as })).statusCode).toBe(200);
    }
    for (const w of writes) expect((await t.app.inject({ ...w, as: 'anonymous' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/imports', as: 'anonymous' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `/api/v1/imports/${id}`, as: 'anonymous' })).statusCode).toBe(401);
    expect(json(await t.app.inject({ as: 'admin', url: `/api/v1/imports/${id}` }))).toEqual(draft);
    expect(importAudit(t).map((r) => r.action)).toEqual(['imports.create']);
  });
});

describe('request limits', () => {
  it('refuses over-long corrections (400) and leaves the draft as it was', async () => {
    const t = await createTestApp();
    const draft = json(await upload(t));
    const cases = [
      ['conference', { place: 'x'.repeat(201) }],
      ['resolutions/4.3', { title: 'x'.repeat(1001) }],
      ['resolutions/4.3', { proposers: Array(17).fill('NI') }],
      ['resolutions/4.3', { notes: [{ kind: 'protokollnotiz', lands: Array(17).fill('BY'), ziffer: null, text: 'x' }] }],
      ['demands/4.3-2', { addressees: Array(31).fill('BUND') }],
      ['demands/4.3-2', { wording: 'x'.repeat(20_001) }],
    ] as const;
    for (const [path, payload] of cases) {
      const res = await t.app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/imports/${draft.id}/${path}`, payload });
      expect(res.statusCode, `${path} ${JSON.stringify(payload).slice(0, 60)}`).toBe(400);
    }
    expect(json(await t.app.inject({ as: 'admin', url: `/api/v1/imports/${draft.id}` }))).toEqual(draft);
  });
});

const exec = promisify(execFile);

describe('npm run import', () => {
  it('audits the CLI writes as cli:import, one record for the upload and one for the commit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
    try {
      const path = join(dir, 'db.sqlite');
      const file = `${DOCUMENT_DIR}intmk-18-2023-wiesbaden-niederschrift.txt`;
      await exec('npx', ['tsx', 'src/cli/import.ts', file, '--commit'], {
        env: { ...process.env, DATABASE_PATH: path, LOG_LEVEL: 'silent' },
      });
      const db = new Database(path, { readonly: true });
      try {
        const rows = auditRows({ sqlite: db });
        expect(rows.map((r) => [r.action, r.actor, r.user_id, r.request_id, r.entity])).toEqual([
          ['imports.create', 'cli:import', null, null, 'import'],
          ['imports.commit', 'cli:import', null, null, 'import'],
        ]);
        expect(JSON.parse(rows[1]!.after!)).toMatchObject({ conference: 18, resolutions: 32 });
        expect(db.prepare('SELECT count(*) AS n FROM resolutions').get()).toEqual({ n: 32 });
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
