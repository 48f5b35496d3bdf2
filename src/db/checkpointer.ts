// Checkpoints off the event loop. In WAL mode SQLite copies the log into the database file when a
// commit finds it longer than 1000 pages, on the committing thread: a 2.3 MB import draft paid for
// that every second upload (20-25 ms of the event loop). The server's connection does not
// checkpoint itself (wal_autocheckpoint = 0); a worker thread with a connection of its own does
// (checkpoint-worker.ts). Should that thread end, the connection checkpoints itself again.

import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { CHECKPOINT_WORKER_FILE, WORKER_ENTRY_FROM_SOURCES, workerExecArgv } from '../paths.js';
import type { CheckpointMessage, CheckpointWorkerData } from './checkpoint-worker.js';

/** SQLite's own default: a commit that leaves more than this many pages in the WAL checkpoints. */
const AUTOCHECKPOINT_PAGES = 1000;

export interface Checkpointer {
  /** The last checkpoint that copied frames (frames in the WAL, and copied), or null before any. */
  last(): { log: number; checkpointed: number } | null;
  /** Whether the thread runs; when it does not, the connection checkpoints itself. */
  running(): boolean;
  close(): Promise<void>;
}

export function startCheckpointer(
  sqlite: Database.Database,
  path: string,
  options: { intervalMs?: number; onError?: (message: string) => void } = {},
): Checkpointer {
  const file = CHECKPOINT_WORKER_FILE;
  const worker = new Worker(file.endsWith('.ts') ? WORKER_ENTRY_FROM_SOURCES : file, {
    workerData: { entry: file, path, intervalMs: options.intervalMs ?? 1000 } satisfies CheckpointWorkerData & { entry: string },
    execArgv: workerExecArgv(file),
    // A connection and a timer: little memory, and none of the pools' budgets needed.
    resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 },
  });
  worker.unref();
  let last: { log: number; checkpointed: number } | null = null;
  let running = true;
  sqlite.pragma('wal_autocheckpoint = 0');
  const fallBack = () => {
    if (!running) return;
    running = false;
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  worker.on('message', (m: CheckpointMessage) => {
    if (m.kind === 'checkpoint') last = { log: m.log, checkpointed: m.checkpointed };
    else options.onError?.(m.message);
  });
  worker.on('error', (err: unknown) => {
    options.onError?.(err instanceof Error ? err.message : String(err));
    fallBack();
  });
  worker.on('exit', fallBack);
  return {
    last: () => last,
    running: () => running,
    close: async () => {
      fallBack();
      await worker.terminate();
    },
  };
}
