// Worker threads (renders, imports) run at a lower priority than the thread that answers
// requests: when the cores are busy, the event loop gets them first. On Linux every thread has its
// own nice value and setpriority(0) sets the calling thread's only; elsewhere it would lower the
// whole process, so it is left alone there.
import { setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** In a worker thread on Linux: nice 10. The main thread (tests, in-process runs) is left as it is. */
export function lowerThisThreadsPriority(): void {
  if (isMainThread || process.platform !== 'linux') return;
  try {
    setPriority(0, 10);
  } catch {
    // Not allowed (a container's policy): the worker runs at the normal priority.
  }
}
