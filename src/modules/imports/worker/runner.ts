// Where the import's heavy steps run. The server uses a pool of one worker thread with a time and
// memory budget: a hostile document costs that worker, never the event loop, and a budget overrun
// ends the worker (piscina terminates a thread whose task is aborted) instead of the process.
// Tests and tools without a pool run the same code in process.
import { IMPORT_WORKER_FILE } from '../../../paths.js';
import { lazyPool } from '../../../worker-pool.js';
import type { DraftMetaAhead, SerialisedDraft } from '../imports.dto.js';
import type { LinkCorpus } from '../imports.links.js';
import type { BodyRef } from '../parse/bodies.js';
import { NotACollectionError } from '../parse/index.js';
import { PdfError, type PdfText } from '../pdf.js';
import { UploadRefusal } from '../upload-text.js';
import { type ImportOutcome, type ImportSource, type ImportTask, runImportTask } from './task.js';

export interface ImportRunner {
  /**
   * Reads a new draft: every demand with its link suggestions against the corpus, serialised with
   * the draft's other fields; only the fingerprint when it is one of `known`.
   */
  parse(source: ImportSource, bodies: readonly BodyRef[], corpus: LinkCorpus, draft: DraftMetaAhead, known: string[]): Promise<ParsedDraft>;
  extractPdf(data: Uint8Array): Promise<PdfText>;
  /** Starts the worker ahead of the first import (a pool only; in process there is none). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The document took more time or memory than an import may; it is refused, the server goes on. */
export class ImportBudgetError extends Error {}
/** Too many imports are waiting already; the client should come back later. */
export class ImportBusyError extends Error {}

export interface ImportPoolOptions {
  /** Time one task may take, in milliseconds (default 60 s). */
  timeoutMs?: number;
  /** Heap of the worker in MB (default 768: pdf.js alone takes about 200). */
  maxHeapMb?: number;
  /** Tasks that may wait for the worker (default 4). */
  maxQueue?: number;
}

export interface ParsedDraft {
  /** The document's identity (fingerprint.ts). */
  fingerprint: string;
  /** Absent when the fingerprint was one of the known ones. */
  serialised?: SerialisedDraft | undefined;
}

function unwrap(outcome: ImportOutcome): ParsedDraft | PdfText {
  if (outcome.ok) {
    return 'fingerprint' in outcome ? { fingerprint: outcome.fingerprint, serialised: outcome.serialised } : outcome.pdf;
  }
  if (outcome.error === 'not_a_collection') throw new NotACollectionError(outcome.message);
  if (outcome.error === 'refused') throw new UploadRefusal(outcome.code, outcome.message);
  throw new PdfError(outcome.code, outcome.message);
}

async function inProcess(task: ImportTask) {
  return unwrap(await runImportTask(task));
}

export const inProcessRunner: ImportRunner = {
  parse: async (source, bodies, corpus, draft, known) =>
    (await inProcess({ kind: 'parse', source, bodies: [...bodies], corpus, draft, known })) as ParsedDraft,
  extractPdf: async (data) => (await inProcess({ kind: 'pdf', data })) as PdfText,
  start: async () => {},
  close: async () => {},
};

export function createImportPool(options: ImportPoolOptions = {}): ImportRunner {
  const timeoutMs = options.timeoutMs ?? 60_000;
  // Piscina's own maxQueue does not apply here: a task with an abort signal that finds no free
  // worker waits in a queue of its own that has no limit. So the runner counts what it holds itself.
  const maxQueue = options.maxQueue ?? 4;
  let holding = 0;
  const pool = lazyPool({
    filename: IMPORT_WORKER_FILE,
    // The one worker stays once started: a cold one (thread, module load, unoptimised parser)
    // added about a second to an import of 1 MB, and imports are rare enough to always find it cold.
    minThreads: 1,
    maxThreads: 1,
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 768, maxYoungGenerationSizeMb: 64 },
  });
  async function run(task: ImportTask, transfer?: ArrayBuffer[]) {
    if (holding >= 1 + maxQueue) throw new ImportBusyError('import queue full');
    holding++;
    let outcome: ImportOutcome;
    try {
      outcome = (await pool.run(task, { signal: AbortSignal.timeout(timeoutMs), transferList: transfer })) as ImportOutcome;
    } catch (err) {
      const e = err as { name?: string; message?: string; code?: string };
      if (e.message === 'Task queue is at limit') throw new ImportBusyError('import queue full');
      if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new ImportBudgetError(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'time');
      }
      throw err;
    } finally {
      holding--;
    }
    return unwrap(outcome);
  }
  return {
    parse: async (source, bodies, corpus, draft, known) => {
      // An upload's bytes move to the worker (a copy: the caller's buffer stays usable).
      const moved = 'data' in source ? { data: new Uint8Array(source.data) } : source;
      const transfer = 'data' in moved ? [moved.data.buffer as ArrayBuffer] : undefined;
      return (await run({ kind: 'parse', source: moved, bodies: [...bodies], corpus, draft, known }, transfer)) as ParsedDraft;
    },
    extractPdf: async (data) => {
      const copy = new Uint8Array(data);
      return (await run({ kind: 'pdf', data: copy }, [copy.buffer])) as PdfText;
    },
    start: () => pool.start(),
    close: () => pool.destroy(),
  };
}
