// A new draft is serialised once, in the import worker, from pieces (imports.dto.ts): the bytes
// must be what JSON.stringify gives for the stored document and for the answer, whatever the text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BODIES } from '../src/domain/vocab.js';
import { fingerprintOf } from '../src/modules/imports/fingerprint.js';
import { type NewDraftMeta, newDraftAnswer, serialiseNew, summaryOf, toDto } from '../src/modules/imports/imports.dto.js';
import { parseDocument } from '../src/modules/imports/parse/index.js';
import { runImportTask } from '../src/modules/imports/worker/task.js';
import { SEEDS_DIR } from '../src/paths.js';
import { jsonOf } from '../src/shared/json.js';

const meta: NewDraftMeta = {
  fingerprint: 'f'.repeat(64),
  status: 'draft',
  filename: 'sammlung "resolutions":[] .txt',
  contentType: 'text/plain',
  pages: null,
  characters: 1,
  created: '2026-12-06T09:00:00.000Z',
  modified: '2026-12-06T09:00:00.000Z',
};

function parsed() {
  return parseDocument(readFileSync(`${SEEDS_DIR}/sources/intmk-20-2025-goettingen-beschluesse.txt`, 'utf8'), { bodies: DEFAULT_BODIES });
}

describe('serialising a new draft from pieces', () => {
  it('gives JSON.stringify of the document and of the answer, also with key-like text in its strings', () => {
    const doc = parsed();
    // Text that looks like the key the answer is assembled around, in every place text can be.
    doc.warnings.push('"resolutions":[]', ',"resolutions":[],"warnings":[]');
    doc.conference.place = '"resolutions":[] \u201eGöttingen\u201c \ud83d\ude00';
    doc.resolutions[0]!.title = '\\"resolutions":[]';
    const { draft, rest, summary } = serialiseNew(meta, doc);
    // serialiseNew filled in the defaults in place; the document is stored with them.
    expect(Buffer.from(draft).toString('utf8')).toBe(JSON.stringify(doc));
    const dto = toDto({ ...meta, conferenceNumber: doc.conference.number, draft: doc, id: 0, committedConference: null, committed: null });
    expect(`{"id":0,${Buffer.from(rest).toString('utf8')}`).toBe(JSON.stringify(dto));
    const { resolutions: _r, warnings: _w, ...expected } = dto;
    expect(summary).toEqual(expected);
  });

  it('answers with an object that serialises to its bytes, its TOPs and warnings read from them', () => {
    const doc = parsed();
    const { rest, summary } = serialiseNew(meta, doc);
    const answer = newDraftAnswer(summary, 7, rest);
    const bytes = jsonOf(answer);
    expect(Buffer.isBuffer(bytes)).toBe(true);
    // Serialised without its bytes (the getters read them), the object gives the same text.
    expect(JSON.stringify(answer)).toBe(bytes.toString());
    expect(answer.id).toBe(7);
    expect(answer.resolutions).toEqual(JSON.parse(JSON.stringify(doc.resolutions)));
    expect(answer.warnings).toEqual(doc.warnings);
    expect(summaryOf(answer)).toEqual({ ...summary, id: 7 });
  });

  it('gives only the fingerprint of a document that a draft was read from already', async () => {
    const text = readFileSync(`${SEEDS_DIR}/sources/intmk-20-2025-goettingen-beschluesse.txt`, 'utf8');
    const task = {
      kind: 'parse' as const,
      source: { text },
      bodies: [...DEFAULT_BODIES],
      corpus: { demands: [], threads: [] },
      draft: meta,
    };
    const known = await runImportTask({ ...task, known: [fingerprintOf(text)] });
    expect(known).toEqual({ ok: true, fingerprint: fingerprintOf(text) });
    const fresh = await runImportTask({ ...task, known: ['0'.repeat(64)] });
    expect(fresh).toMatchObject({ ok: true, fingerprint: fingerprintOf(text), serialised: { summary: { counts: { resolutions: 27 } } } });
  });

  it('stores a document with other keys as JSON.stringify gives it', () => {
    const doc = parsed();
    const other = { warnings: doc.warnings, conference: doc.conference, resolutions: doc.resolutions };
    expect(Buffer.from(serialiseNew(meta, other).draft).toString('utf8')).toBe(JSON.stringify(other));
  });
});
