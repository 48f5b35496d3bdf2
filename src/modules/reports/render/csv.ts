// CSV for Excel in German settings: UTF-8 with byte order mark (else Excel guesses ANSI and
// garbles umlauts), semicolons, CRLF, every field quoted, formulas neutralised.
import type { Report } from '../reports.schemas.js';
import { stripControl } from './format.js';
import { COLUMNS, demandRows, neutralise } from './table.js';

function field(value: string | number | null): string {
  if (value === null) return '""';
  const text = typeof value === 'number' ? String(value) : neutralise(stripControl(value));
  return `"${text.replace(/"/g, '""')}"`;
}

export function renderCsv(report: Report): string {
  const lines = [COLUMNS.map((c) => field(c.header)).join(';'), ...demandRows(report).map((row) => row.map(field).join(';'))];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
