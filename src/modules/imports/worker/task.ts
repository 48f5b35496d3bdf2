// Runs in a worker thread of the import pool: the parser and the PDF reader, whose cost grows with
// the document, never on the thread that answers requests. Errors cross the thread boundary as
// plain data (classes do not survive structured cloning) and are rebuilt by the runner.

import { lowerThisThreadsPriority } from '../../../worker-priority.js';
import { fingerprintOfLines } from '../fingerprint.js';
import { type DraftMetaAhead, type SerialisedDraft, serialiseNew } from '../imports.dto.js';
import { type LinkCorpus, linkIndexOf } from '../imports.links.js';
import type { BodyRef } from '../parse/bodies.js';
import { NotACollectionError, parseDocument } from '../parse/index.js';
import { normalizeText } from '../parse/normalize.js';
import { extractPdfText, PdfError, type PdfErrorCode, type PdfText } from '../pdf.js';
import { decodeUpload, type RefusalCode, UploadRefusal } from '../upload-text.js';

lowerThisThreadsPriority();

/**
 * A parse reads a new draft: the document's fingerprint, from the same normalised lines, its
 * resolutions and demands, their link suggestions against the corpus (about as costly as the parse
 * itself), all serialised with the draft's other fields (imports.dto.ts).
 */
export type ImportTask =
  | { kind: 'parse'; source: ImportSource; bodies: BodyRef[]; corpus: LinkCorpus; draft: DraftMetaAhead; known: string[] }
  | { kind: 'pdf'; data: Uint8Array };

/** A text (read from a PDF), or an uploaded text file's bytes, decoded where the parse runs. */
export type ImportSource = { text: string } | { data: Uint8Array };

export type ImportOutcome =
  | { ok: true; fingerprint: string; serialised?: SerialisedDraft }
  | { ok: false; error: 'refused'; code: RefusalCode; message: string }
  | { ok: true; pdf: PdfText }
  | { ok: false; error: 'not_a_collection'; message: string }
  | { ok: false; error: 'pdf'; code: PdfErrorCode; message: string };

export async function runImportTask(task: ImportTask): Promise<ImportOutcome> {
  try {
    if (task.kind === 'parse') {
      const text = 'text' in task.source ? task.source.text : decodeUpload(task.source.data);
      const normalized = normalizeText(text);
      const fingerprint = fingerprintOfLines(normalized.lines);
      // A document a draft was read from already: its fingerprint is all the service needs.
      if (task.known.includes(fingerprint)) return { ok: true, fingerprint };
      const doc = parseDocument(text, { bodies: task.bodies, normalized });
      const index = linkIndexOf(task.corpus, doc.conference.number);
      for (const r of doc.resolutions) for (const d of r.demands) d.suggestions = index.suggest(d);
      // With the row's other fields, the new draft is serialised here, off the event loop.
      return { ok: true, fingerprint, serialised: serialiseNew({ ...task.draft, characters: text.length, fingerprint }, doc) };
    }
    return { ok: true, pdf: await extractPdfText(task.data) };
  } catch (err) {
    if (err instanceof NotACollectionError) return { ok: false, error: 'not_a_collection', message: err.message };
    if (err instanceof UploadRefusal) return { ok: false, error: 'refused', code: err.code, message: err.message };
    if (err instanceof PdfError) return { ok: false, error: 'pdf', code: err.code, message: err.message };
    throw err;
  }
}

export default runImportTask;
