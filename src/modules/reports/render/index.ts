// One entry point for every format. The light formats render in the calling thread; DOCX, PDF
// and XLSX take tens to hundreds of milliseconds of CPU and go to a worker pool when there is one.

import type { Report, ReportFormat } from '../reports.schemas.js';
import { withBreaks } from './breaks.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';

export const MEDIA_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  html: 'text/html',
  md: 'text/markdown',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The non-JSON responses of the report route, for the OpenAPI document. */
export const REPORT_ALTERNATIVE_CONTENT = {
  getErfolgskontrolle: Object.fromEntries(
    (Object.entries(MEDIA_TYPES) as [ReportFormat, string][])
      .filter(([format]) => format !== 'json')
      .map(([format, type]) => [
        type,
        {
          schema: type.startsWith('text/')
            ? { type: 'string', description: `Bericht als ${format.toUpperCase()}` }
            : { type: 'string', format: 'binary' },
        },
      ]),
  ),
};

export const HEAVY_FORMATS: readonly ReportFormat[] = ['docx', 'pdf', 'xlsx'];

export interface Rendered {
  body: Buffer | string;
  contentType: string;
  fileName: string;
}

type HeavyRenderers = typeof import('./heavy.js');
let heavy: Promise<HeavyRenderers> | undefined;
const loadHeavy = () => {
  heavy ??= import('./heavy.js');
  return heavy;
};

/**
 * Renders in this thread; the worker pool calls the same function with the heavy renderers it
 * imported itself. Without a pool they are loaded on first use, so a server's own thread never
 * carries the DOCX, PDF and XLSX libraries it does not use.
 */
export async function renderInProcess(
  report: Report,
  format: Exclude<ReportFormat, 'json'>,
  renderers: () => Promise<HeavyRenderers> = loadHeavy,
): Promise<Buffer | string> {
  switch (format) {
    case 'html':
      return renderHtml(report);
    case 'md':
      return renderMarkdown(report);
    case 'csv':
      return renderCsv(report);
    case 'xlsx':
      return (await renderers()).renderXlsx(report);
    case 'docx':
      return (await renderers()).renderDocx(report);
    case 'pdf':
      return (await renderers()).renderPdf(withBreaks(report));
  }
}

export function contentTypeOf(format: ReportFormat): string {
  const type = MEDIA_TYPES[format];
  return type.startsWith('text/') || format === 'json' ? `${type}; charset=utf-8` : type;
}
