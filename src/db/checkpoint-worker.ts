// The checkpointer's thread (src/db/checkpointer.ts): a connection of its own that copies the WAL's
// frames into the database file, PASSIVE (never waiting for readers or writers), every interval.
// It reports each checkpoint that copied something, and errors, to the thread that started it.

import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { lowerThisThreadsPriority } from '../worker-priority.js';

export interface CheckpointWorkerData {
  path: string;
  intervalMs: number;
}

/** What the thread posts: a checkpoint that copied frames, or the error that ended it. */
export type CheckpointMessage = { kind: 'checkpoint'; log: number; checkpointed: number } | { kind: 'error'; message: string };

lowerThisThreadsPriority();
const { path, intervalMs } = workerData as CheckpointWorkerData;
let copied = -1;

/** Says why the thread ends (a SQLite error crosses threads as its code alone) and ends it. */
function fail(err: unknown): never {
  const e = err as { message?: string; code?: string };
  parentPort?.postMessage({
    kind: 'error',
    message: [e.code, e.message].filter(Boolean).join(': ') || String(err),
  } satisfies CheckpointMessage);
  process.exit(1);
}

let checkpoint: Database.Statement<[], { busy: number; log: number; checkpointed: number }>;
try {
  checkpoint = new Database(path, { fileMustExist: true }).prepare('PRAGMA wal_checkpoint(PASSIVE)');
} catch (err) {
  fail(err);
}

setInterval(() => {
  try {
    const r = checkpoint.get();
    // `log` frames are in the WAL, `checkpointed` of them in the database file; both fall to 0
    // when the next write starts the WAL over.
    if (r && r.checkpointed !== copied) {
      copied = r.checkpointed;
      parentPort?.postMessage({ kind: 'checkpoint', log: r.log, checkpointed: r.checkpointed } satisfies CheckpointMessage);
    }
  } catch (err) {
    fail(err);
  }
}, intervalMs);
