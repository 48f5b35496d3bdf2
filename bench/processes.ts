// Servers the benches start as processes of their own: started, timed to their first answered
// /health (wall and CPU time of all their threads), stopped.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../src/paths.js';

export interface Started {
  child: ChildProcess;
  wallMs: number;
  cpuMs: number;
}

/** Starts `node <args>` listening on `port` (127.0.0.1); resolves at its first answered /health. */
export async function startAndWait(args: string[], port: number, env: Record<string, string> = {}): Promise<Started> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      async (r) => {
        await r.arrayBuffer();
        return r.ok;
      },
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  return { child, wallMs: performance.now() - started, cpuMs: cpuMsOf(child) };
}

/** CPU time of a process so far, all its threads: utime and stime, in clock ticks of 10 ms. */
export function cpuMsOf(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(stat[11]) + Number(stat[12])) * 10;
}

/** Stops the process (SIGTERM: the server closes gracefully) and waits for it. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
