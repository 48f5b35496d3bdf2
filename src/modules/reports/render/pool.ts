// The worker pool for heavy formats (piscina: a well-kept pool with queueing, transfer of
// results and clean shutdown, which we would otherwise write ourselves).

import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { Report, ReportFormat } from '../reports.schemas.js';

export interface RenderPool {
  render(report: Report, format: Exclude<ReportFormat, 'json'>): Promise<Buffer>;
  close(): Promise<void>;
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

export function createRenderPool(threads: number): RenderPool {
  const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
  // Run from TypeScript sources (npm start, tests), a worker needs tsx's loader to import them.
  const execArgv = workerUrl.pathname.endsWith('.ts')
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
    : [];
  const pool = new Piscina({
    filename: fileURLToPath(workerUrl),
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 60_000,
    execArgv,
  });
  return {
    async render(report, format) {
      const out = (await pool.run({ report, format })) as Uint8Array;
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    },
    close: () => pool.destroy(),
  };
}
