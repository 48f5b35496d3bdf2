// Hostile import input: the parser is linear in the document (each pathological shape below took
// seconds to minutes before), and the parse runs in a worker with a time budget, off the event loop.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../src/modules/imports/fingerprint.js';
import { parseDocument } from '../src/modules/imports/parse/index.js';
import { createTestApp, json, type TestApp } from './helper.js';

const HEAD = '20. Integrationsministerkonferenz 2025\nTOP\tThema\n';
const TOP = 'TOP 1.1 Titel\nAntragsteller: Bayern\nDie IntMK hat einstimmig beschlossen:\n1. Die IntMK bittet den Bund, ';
const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Each shape made one step of the parser superlinear before. */
const SHAPES: Record<string, (size: number) => string> = {
  // lands.ts: the proposer tail regex backtracked exponentially (26 names: 3 s, ×4 per two more).
  'agenda row with "Bayern " × 26': () => `${HEAD}1.1\tTitel ${'Bayern '.repeat(26)}x\n${TOP}x.`,
  'agenda row of Land names': (n) => `${HEAD}1.1\tTitel ${fill('Bayern ', n)}x\n${TOP}x.`,
  // demands.ts: "(z. Z. Land)" without a closing bracket scanned to the end from every occurrence.
  'repeated "(z. Z. "': (n) => HEAD + TOP + fill('(z. Z. ', n),
  // normalize.ts: trailing-blank regexes retried from every blank of a long inner run.
  'a long run of blanks': (n) => `${HEAD + TOP}a${fill(' ', n)}b.`,
  'a long run of tabs and blanks': (n) => `${HEAD}1.1\t${fill('\t ', n)}x\n${TOP}`,
  // sentences.ts: the word before each abbreviation was searched in the whole sentence so far.
  'abbreviations in one sentence': (n) => HEAD + TOP + fill('z. B. ', n),
  // tops.ts: every continued paragraph re-joined the whole Ziffer.
  'continued Ziffern': (n) => `${HEAD + TOP}\n${fill('1. Fortsetzung der Ziffer ohne Satzende\n', n)}`,
  // bodies.ts: the BMFSFJ alias scanned to the next punctuation from every mention.
  'ministry names without punctuation': (n) => HEAD + TOP + fill('Bundesministerium für Familie ', n),
  // layout.ts: an unclosed "<" scanned to the end.
  'unclosed markup': (n) => HEAD + TOP + fill('<p', n),
};

/**
 * Milliseconds of CPU the parse takes, the best of a few runs: CPU time rather than wall time, so
 * that other processes on a loaded machine do not count against the parser.
 */
function fastest(text: string, runs = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = process.cpuUsage();
    try {
      parseDocument(text);
    } catch {
      // Not a collection is an answer too; only the time counts here.
    }
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe('import parser on hostile input', () => {
  parseDocument(`${HEAD + TOP}x.`); // compiles the patterns once, outside the measurements

  for (const [name, make] of Object.entries(SHAPES)) {
    it(`is linear: ${name} (< 100 ms per 100 KB)`, () => {
      const text = make(200_000);
      const ms = fastest(text);
      expect(ms, `${(text.length / 1000).toFixed(0)} KB took ${ms.toFixed(0)} ms`).toBeLessThan(
        Math.max(100, (100 * text.length) / 100_000),
      );
    });
  }
});

describe('import parsing in the worker', () => {
  const collection = readFileSync(new URL('./fixtures/imports/synthetic-21-2026-niederschrift.txt', import.meta.url), 'utf8');
  /** An admin uploads the text as an import. */
  const uploadText = (t: TestApp, text: string) =>
    t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/imports', headers: { 'content-type': 'text/plain' }, payload: text });

  it('keeps the event loop free while a large document is fingerprinted and parsed', async () => {
    const t = await createTestApp({ importWorker: true });
    // About 1 MB: the collection many times over (its repeated TOPs only add warnings).
    const big = Array.from({ length: Math.ceil(1_000_000 / collection.length) }, () => collection).join('\n');
    // The worker starts on the first import; what is measured is the parse.
    const warm = await uploadText(t, collection);
    expect(warm.statusCode).toBe(201);
    const elu = performance.eventLoopUtilization();
    const started = performance.now();
    const res = await uploadText(t, big);
    const took = performance.now() - started;
    // Time the event loop was busy during the import (pauses while another process has the CPU do not count).
    const busy = performance.eventLoopUtilization(elu).active;
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res).counts.resolutions).toBeGreaterThan(0);
    // The worker computes the fingerprint too, as the in-process runner does.
    expect(json(res).fingerprint).toBe(fingerprintOf(big));
    // Wall time, like the event loop's busy time it is compared with.
    const before = performance.now();
    parseDocument(big);
    const inProcess = performance.now() - before;
    expect(
      busy,
      `event loop busy ${busy.toFixed(0)} ms of ${took.toFixed(0)} ms; the parse alone takes ${inProcess.toFixed(0)} ms`,
    ).toBeLessThan(inProcess * 0.8);
  }, 120_000);

  it('answers with the draft the worker serialised exactly as a GET reads it afterwards, and audits its summary', async () => {
    const t = await createTestApp({ importWorker: true });
    const res = await uploadText(t, collection);
    expect(res.statusCode, res.body).toBe(201);
    const got = await t.app.inject({ as: 'admin', method: 'GET', url: `/api/v1/imports/${json(res).id}` });
    expect(res.body).toBe(got.body);
    expect(res.headers.etag).toBe(got.headers.etag);
    const audited = t.database.sqlite.prepare("SELECT after FROM audit_log WHERE action = 'imports.create'").pluck().get() as string;
    const { resolutions: _r, warnings: _w, ...summary } = json(got);
    expect(JSON.parse(audited)).toEqual(summary);
    expect(t.services.audit.verify()).toMatchObject({ ok: true });
  }, 60_000);

  it('decodes a text file in the worker: Windows-1252 read, binary and blank files refused with their problem, nothing written', async () => {
    const t = await createTestApp({ importWorker: true });
    const upload = (payload: Buffer) =>
      t.app.inject({ as: 'admin', method: 'POST', url: '/api/v1/imports', headers: { 'content-type': 'text/plain' }, payload });
    const binary = await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x41]));
    expect(binary.statusCode).toBe(422);
    expect(json(binary)).toMatchObject({ code: 'imports.not_text', detail: expect.stringContaining('Binärdaten') });
    const blank = await upload(Buffer.from(' \n\t\n'));
    expect(json(blank)).toMatchObject({ status: 422, code: 'imports.empty' });
    expect(t.database.sqlite.prepare('SELECT count(*) FROM import_drafts').pluck().get()).toBe(0);
    // Windows-1252, which is no UTF-8: ü as 0xFC, and „ “ – as 0x84 0x93 0x96 (Latin-1 has no such letters).
    const text = collection.replace(/Bayern/g, 'B\u00fcren');
    const cp1252: Record<string, number> = { '„': 0x84, '“': 0x93, '–': 0x96 };
    const bytes = Buffer.from([...text].map((c) => cp1252[c] ?? (c.charCodeAt(0) < 0x100 ? c.charCodeAt(0) : Number.NaN)));
    expect(bytes.includes(0x84) && bytes.includes(0x93) && bytes.includes(0x96)).toBe(true);
    const cp = await upload(bytes);
    expect(cp.statusCode, cp.body).toBe(201);
    expect(json(cp).source.characters).toBe(text.length);
    expect(cp.body).toContain('Büren');
    // Read as the text it was written from: a Latin-1 decoder would make 0x84 a control character.
    expect(json(cp).fingerprint).toBe(fingerprintOf(text));
  }, 60_000);

  it('warms the worker up on a published collection, writing nothing', async () => {
    const t = await createTestApp({ importWorker: true });
    const rows = () =>
      t.database.sqlite.prepare('SELECT (SELECT count(*) FROM import_drafts) + (SELECT count(*) FROM audit_log) AS n').pluck().get();
    const before = rows();
    await t.app.services.imports.warmUp();
    expect(rows()).toBe(before);
  }, 60_000);

  it('refuses a document that overruns the time budget with 422, and the next import works', async () => {
    const t = await createTestApp({ importWorker: { timeoutMs: 1 } });
    const res = await uploadText(t, collection);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res).code).toBe('imports.over_budget');
  }, 60_000);

  it('answers 503 problem+json with Retry-After when the import queue is full', async () => {
    const t = await createTestApp({ importWorker: { maxQueue: 1 } });
    const post = () => uploadText(t, collection);
    // One runs, one waits, the others are refused at once (piscina alone queued them without limit).
    const answers = await Promise.all([post(), post(), post(), post()]);
    const busy = answers.filter((a) => a.statusCode === 503);
    expect(busy.length).toBeGreaterThanOrEqual(2);
    // 200: the same document again, already imported.
    for (const a of answers) expect([200, 201, 503]).toContain(a.statusCode);
    for (const a of busy) {
      expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(a.headers['retry-after']).toMatch(/^\d+$/);
      expect(json(a).code).toBe('imports.busy');
    }
  }, 60_000);
});
