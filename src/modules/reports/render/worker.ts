// Runs in a worker thread of the report pool: renders one report and hands the bytes back
// without copying them.
import { Piscina } from 'piscina';
import { lowerThisThreadsPriority } from '../../../worker-priority.js';
import type { Report, ReportFormat } from '../reports.schemas.js';
import * as heavy from './heavy.js';
import { renderInProcess } from './index.js';

lowerThisThreadsPriority();

export default async function render(task: { report: Report; format: Exclude<ReportFormat, 'json'> }) {
  const out = await renderInProcess(task.report, task.format, async () => heavy);
  const bytes = typeof out === 'string' ? Buffer.from(out, 'utf8') : out;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return Piscina.move(copy);
}
