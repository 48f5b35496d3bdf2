// XLSX through exceljs: a sheet of every demand (header frozen and filterable, text wrapped,
// dates as real dates) and a sheet with the summary counts.

import { parseISO } from 'date-fns';
import ExcelJS from 'exceljs';
import type { Report } from '../reports.schemas.js';
import { conferenceLine, germanDate, stripControl } from './format.js';
import { shareRows } from './sections.js';
import { COLUMNS, demandRows, neutralise } from './table.js';

const text = (value: string) => neutralise(stripControl(value));

function wrappedLines(value: unknown, width: number): number {
  if (typeof value !== 'string') return 1;
  return value.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil((line.length * 1.1) / width)), 0);
}

export async function renderXlsx(report: Report): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Erfolgskontrolle IntMK';
  book.title = report.title;
  book.subject = `${report.subtitle}, Stichtag ${germanDate(report.asOf)}`;
  book.created = new Date(report.generated);

  const sheet = book.addWorksheet('Forderungen', {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1B4F72' } };
  header.alignment = { vertical: 'top', wrapText: true };
  header.height = 30;
  for (const row of demandRows(report)) {
    const values = row.map((value, i) => {
      if (value === null) return null;
      if (COLUMNS[i]?.kind === 'date' && typeof value === 'string') return parseISO(`${value}T00:00:00Z`);
      return typeof value === 'string' ? text(value) : value;
    });
    const added = sheet.addRow(values);
    added.alignment = { vertical: 'top', wrapText: true };
    // Spreadsheet programs do not grow a row to its wrapped text on opening; estimate the lines.
    added.height = 15 * Math.min(12, Math.max(1, ...values.map((v, i) => wrappedLines(v, COLUMNS[i]?.width ?? 10))));
  }
  COLUMNS.forEach((c, i) => {
    if (c.kind === 'date') sheet.getColumn(i + 1).numFmt = 'dd.mm.yyyy';
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };

  const summary = book.addWorksheet('Zusammenfassung');
  summary.columns = [{ width: 48 }, { width: 12 }, { width: 12 }];
  const s = report.summary;
  summary.addRows([
    [text(report.title)],
    [text(report.subtitle)],
    [text(conferenceLine(report.conference))],
    [`Stichtag: ${germanDate(report.asOf)}`],
    [`Änderungen seit: ${germanDate(report.since)}`],
    [report.audience === 'public' ? 'öffentliche Fassung' : 'interne Fassung'],
    [],
    ['Status', 'Anzahl', 'Anteil'],
    ...s.byStatus.filter((b) => b.count > 0).map((b) => [b.label, b.count, s.demands ? b.count / s.demands : 0]),
    ['Gesamt', s.demands, s.demands ? 1 : 0],
    [],
    ['Gruppe', 'Anzahl', 'Anteil'],
    ...shareRows(report).map((r) => [r.label, r.count, s.demands ? r.count / s.demands : 0]),
    [],
    ['Adressat', 'Anzahl'],
    ...s.byAddressee.map((a) => [text(a.name), a.total]),
  ]);
  summary.getRow(1).font = { bold: true, size: 14 };
  summary.getColumn(3).numFmt = '0%';
  for (const r of [8, 8 + s.byStatus.filter((b) => b.count > 0).length + 3]) summary.getRow(r).font = { bold: true };

  return Buffer.from(await book.xlsx.writeBuffer());
}
