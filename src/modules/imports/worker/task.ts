// Runs in a worker thread of the import pool: the parser and the PDF reader, whose cost grows with
// the document, never on the thread that answers requests. Errors cross the thread boundary as
// plain data (classes do not survive structured cloning) and are rebuilt by the runner.

import { lowerThisThreadsPriority } from '../../../worker-priority.js';
import { fingerprintOf } from '../fingerprint.js';
import { type NewDraftMeta, type SerialisedDraft, serialiseNew } from '../imports.dto.js';
import { type LinkCorpus, linkIndexOf } from '../imports.links.js';
import type { ParsedDocument } from '../imports.schemas.js';
import type { BodyRef } from '../parse/bodies.js';
import { NotACollectionError, parseDocument } from '../parse/index.js';
import { extractPdfText, PdfError, type PdfErrorCode, type PdfText } from '../pdf.js';

lowerThisThreadsPriority();

/**
 * A parse with a corpus also suggests the links, which costs about as much as the parse itself;
 * with a draft's other fields it also serialises the new draft (imports.dto.ts).
 */
export type ImportTask =
  | { kind: 'fingerprint'; text: string }
  | { kind: 'parse'; text: string; bodies: BodyRef[]; corpus?: LinkCorpus; draft?: NewDraftMeta }
  | { kind: 'pdf'; data: Uint8Array };

export type ImportOutcome =
  | { ok: true; fingerprint: string }
  | { ok: true; doc: ParsedDocument; serialised?: SerialisedDraft }
  | { ok: true; pdf: PdfText }
  | { ok: false; error: 'not_a_collection'; message: string }
  | { ok: false; error: 'pdf'; code: PdfErrorCode; message: string };

export async function runImportTask(task: ImportTask): Promise<ImportOutcome> {
  try {
    if (task.kind === 'fingerprint') return { ok: true, fingerprint: fingerprintOf(task.text) };
    if (task.kind === 'parse') {
      const doc = parseDocument(task.text, { bodies: task.bodies });
      if (task.corpus) {
        const index = linkIndexOf(task.corpus, doc.conference.number);
        for (const r of doc.resolutions) for (const d of r.demands) d.suggestions = index.suggest(d);
      }
      // With the row's other fields, the new draft is serialised here too, off the event loop.
      return task.draft ? { ok: true, doc, serialised: serialiseNew(task.draft, doc) } : { ok: true, doc };
    }
    return { ok: true, pdf: await extractPdfText(task.data) };
  } catch (err) {
    if (err instanceof NotACollectionError) return { ok: false, error: 'not_a_collection', message: err.message };
    if (err instanceof PdfError) return { ok: false, error: 'pdf', code: err.code, message: err.message };
    throw err;
  }
}

export default runImportTask;
