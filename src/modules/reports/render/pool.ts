// The worker pool for heavy formats (piscina: a well-kept pool with queueing, transfer of
// results and clean shutdown, which we would otherwise write ourselves).

import { availableParallelism } from 'node:os';
import { RENDER_WORKER_FILE } from '../../../paths.js';
import { lazyPool } from '../../../worker-pool.js';
import type { Report, ReportFormat } from '../reports.schemas.js';

export interface RenderPool {
  render(report: Report, format: Exclude<ReportFormat, 'json'>): Promise<Buffer>;
  close(): Promise<void>;
}

/** The render took more time or memory than a render may. */
export class RenderBudgetError extends Error {}
/** The pool's queue is full. */
export class RenderBusyError extends Error {}

export interface RenderBudget {
  /** Time one render may take, in milliseconds (default 60 s). */
  timeoutMs?: number;
  /** Heap of a render worker in MB (default 1024). */
  maxHeapMb?: number;
  /** Renders waiting for a worker, all callers together (default 16). */
  maxQueue?: number;
}

/** Young generation of a render worker in MB (its heap is this and `maxHeapMb`). */
export const RENDER_YOUNG_GENERATION_MB = 64;

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

export function createRenderPool(threads: number, budget: RenderBudget = {}): RenderPool {
  const timeoutMs = budget.timeoutMs ?? 60_000;
  // Piscina's own maxQueue does not apply here: a task with an abort signal that finds no free
  // worker waits in a queue of its own that has no limit. So the pool counts what it holds itself.
  const maxQueue = budget.maxQueue ?? 16;
  let holding = 0;
  const pool = lazyPool({
    filename: RENDER_WORKER_FILE,
    maxThreads: threads,
    idleTimeout: 60_000,
    // A render over its heap ends its worker (ERR_WORKER_OUT_OF_MEMORY), not the server.
    resourceLimits: { maxOldGenerationSizeMb: budget.maxHeapMb ?? 1024, maxYoungGenerationSizeMb: RENDER_YOUNG_GENERATION_MB },
  });
  return {
    async render(report, format) {
      if (holding >= threads + maxQueue) throw new RenderBusyError('render queue full');
      holding++;
      let out: Uint8Array;
      try {
        // Aborting a running task terminates its worker; piscina starts a fresh one for the next.
        out = (await pool.run({ report, format }, { signal: AbortSignal.timeout(timeoutMs) })) as Uint8Array;
      } catch (err) {
        const e = err as { name?: string; message?: string; code?: string };
        if (e.message === 'Task queue is at limit') throw new RenderBusyError('render queue full');
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') throw new RenderBudgetError('memory');
        if (e.name === 'AbortError' || e.name === 'TimeoutError') throw new RenderBudgetError('time');
        throw err;
      } finally {
        holding--;
      }
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    },
    close: () => pool.destroy(),
  };
}
