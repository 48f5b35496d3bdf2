// The pools of worker threads (renders, imports) are piscina pools made on their first task, or
// when `start()` is called: the server's start needs neither piscina nor a thread.
import type { Piscina } from 'piscina';
import { workerExecArgv } from './paths.js';

type PoolOptions = ConstructorParameters<typeof Piscina>[0] & { filename: string };

export interface LazyPool {
  run(task: unknown, options: Parameters<Piscina['run']>[1]): Promise<unknown>;
  /** Makes the pool now, without a task: its `minThreads` start and load their file. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** A pool of threads of `options.filename` (with tsx's loader for the sources), made on the first run. */
export function lazyPool(options: PoolOptions): LazyPool {
  let pool: Promise<Piscina> | undefined;
  const made = () =>
    (pool ??= import('piscina').then(
      ({ Piscina }) => new Piscina({ minThreads: 0, execArgv: workerExecArgv(options.filename), ...options }),
    ));
  return {
    async run(task, runOptions) {
      return (await made()).run(task, runOptions);
    },
    async start() {
      await made();
    },
    async destroy() {
      if (pool) await (await pool).destroy();
    },
  };
}
