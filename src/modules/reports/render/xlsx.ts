// XLSX through exceljs: the summary first, then one working sheet each for the demands, the
// recurring threads, the missing updates, the changes and the open demands of earlier conferences.
// Every sheet has a frozen, filterable header and prints as a list: A4 landscape, the header row
// repeated on every page, as wide as one page and as many pages long as it needs; the demands
// sheet puts the columns an office reads first and prints only those (the rest are for filtering).

import { parseISO } from 'date-fns';
import ExcelJS from 'exceljs';
import { ASSESSMENT_LABELS, ASSESSMENTS } from '../../../domain/assessment.js';
import type { Report } from '../reports.schemas.js';
import { addresseeList, conferenceLine, germanDate, stripControl, topRef } from './format.js';
import { addresseeAssessments, assessmentRows, INTERNAL_MARK, MULTIPLE_ADDRESSEES_NOTE, TOTAL } from './sections.js';
import { type Cell, COLUMNS, type Column, demandRows, neutralise } from './table.js';

const text = (value: string) => neutralise(stripControl(value));

function wrappedLines(value: unknown, width: number): number {
  if (typeof value !== 'string') return 1;
  return value.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil((line.length * 1.1) / width)), 0);
}

/** Columns of the demands sheet in reading order; the first PRINTED of them form the print area. */
const DEMAND_ORDER = [
  'TOP',
  'Ziffer',
  'Forderung (Kurzfassung)',
  'Adressaten',
  'Sachstand',
  'Antworten je Adressat',
  'Gemeldet von',
  'Bewertung',
  'Status',
  'Status seit',
  'Zuständig',
  'Konferenz',
  'Beschluss',
  'Antragsteller',
  'Beschlussfassung',
  'Art',
  'Wortlaut',
  'Belege',
  'Strang',
  'Neu seit letzter Erfolgskontrolle',
  'Forderungs-ID',
];
const PRINTED = 10;

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A list sheet: styled, frozen, filterable header; text wrapped; dates as dates; printable. */
function dataSheet(book: ExcelJS.Workbook, name: string, columns: readonly Column[], rows: Cell[][], printColumns = columns.length) {
  const sheet = book.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      // As many pages wide as the printed columns need at a readable size (about 150 width units
      // per landscape A4 page), never all on one: 19 squeezed columns cannot be read on paper.
      fitToWidth: Math.max(1, Math.ceil(columns.slice(0, printColumns).reduce((sum, c) => sum + c.width, 0) / 150)),
      fitToHeight: 0,
      printTitlesRow: '1:1',
      printArea: `A1:${columnLetter(printColumns)}${rows.length + 1}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${name}&RSeite &P von &N` },
  });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1B4F72' } };
  header.alignment = { vertical: 'top', wrapText: true };
  header.height = 30;
  for (const row of rows) {
    const values = row.map((value, i) => {
      if (value === null) return null;
      if (columns[i]?.kind === 'date' && typeof value === 'string') return parseISO(`${value}T00:00:00Z`);
      return typeof value === 'string' ? text(value) : value;
    });
    const added = sheet.addRow(values);
    added.alignment = { vertical: 'top', wrapText: true };
    // Spreadsheet programs do not grow a row to its wrapped text on opening; estimate the lines
    // (up to Excel's maximum row height of 409 pt, so even the longest Wortlaut is not cut).
    added.height = Math.min(409, 15 * Math.max(1, ...values.map((v, i) => wrappedLines(v, columns[i]?.width ?? 10))));
  }
  columns.forEach((c, i) => {
    if (c.kind === 'date') sheet.getColumn(i + 1).numFmt = 'dd.mm.yyyy';
    if (c.kind === 'int') sheet.getColumn(i + 1).alignment = { horizontal: 'right', vertical: 'top' };
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

function summarySheet(book: ExcelJS.Workbook, report: Report): void {
  const summary = book.addWorksheet('Zusammenfassung', {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  summary.columns = [
    { width: 56 },
    { width: 10 },
    { width: 10 },
    { width: 14 },
    { width: 14 },
    { width: 14 },
    { width: 14 },
    { width: 14 },
  ];
  const s = report.summary;
  const rows: (string | number | null)[][] = [
    [text(report.title)],
    [text(report.subtitle)],
    [text(conferenceLine(report.conference))],
    [`Stichtag: ${germanDate(report.asOf)}`],
    [`Änderungen seit: ${germanDate(report.since)}`],
    [report.audience === 'public' ? 'öffentliche Fassung' : 'interne Fassung (nicht zur Veröffentlichung)'],
    [],
  ];
  // The same scale, mapping and words as the PDF and DOCX: Bewertung (src/domain/assessment.ts),
  // with the detailed statuses behind each count; addressees grouped as the annex groups them.
  const bold: number[] = [];
  bold.push(rows.length + 1);
  rows.push(['Bewertung', 'Anzahl', 'Anteil', 'davon nach Status']);
  rows.push(...assessmentRows(report).map((r) => [r.label, r.count, s.demands ? r.count / s.demands : 0, r.statuses || '–']));
  bold.push(rows.length + 1);
  rows.push([TOTAL, s.demands, s.demands ? 1 : 0], []);
  bold.push(rows.length + 1);
  rows.push(['Adressat', 'Anzahl', null, ...ASSESSMENTS.map((a) => ASSESSMENT_LABELS[a])]);
  rows.push(...addresseeAssessments(report).map((a) => [text(a.name), a.total, null, ...ASSESSMENTS.map((x) => a.counts[x])]));
  rows.push([], [MULTIPLE_ADDRESSEES_NOTE]);
  summary.addRows(rows);
  summary.getRow(1).font = { bold: true, size: 14 };
  summary.getColumn(3).numFmt = '0%';
  for (const r of bold) summary.getRow(r).font = { bold: true };
}

export async function renderXlsx(report: Report): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Erfolgskontrolle IntMK';
  book.title = report.title;
  book.subject = `${report.subtitle}, Stichtag ${germanDate(report.asOf)}`;
  book.created = new Date(report.generated);

  summarySheet(book, report);

  const order = DEMAND_ORDER.map((h) => COLUMNS.findIndex((c) => c.header === h));
  dataSheet(
    book,
    'Forderungen',
    order.map((i) => COLUMNS[i] as Column),
    demandRows(report).map((row) => order.map((i) => row[i] ?? null)),
    PRINTED,
  );

  const threadColumns: Column[] = [
    { header: 'Strang', width: 36 },
    { header: 'Erstmals erhoben', width: 10, kind: 'int' },
    { header: 'Status des Strangs', width: 16 },
    { header: 'Jahre offen', width: 8, kind: 'int' },
    { header: 'Konferenz', width: 10, kind: 'int' },
    { header: 'TOP', width: 16 },
    { header: 'Bezug', width: 14 },
    { header: 'Forderung (Kurzfassung)', width: 50 },
    { header: 'Status', width: 16 },
  ];
  dataSheet(
    book,
    'Stränge',
    threadColumns,
    report.threads.flatMap((t) =>
      t.repetitions.map((r): Cell[] => [
        t.title,
        t.firstRaised,
        t.statusLabel,
        t.yearsOpen,
        r.conference,
        topRef(r.top, r.ziffer),
        r.relationLabel,
        r.summary,
        r.statusLabel,
      ]),
    ),
  );

  const refColumns: Column[] = [
    { header: 'Zuständig', width: 24 },
    { header: 'Konferenz', width: 10, kind: 'int' },
    { header: 'TOP', width: 16 },
    { header: 'Forderung (Kurzfassung)', width: 56 },
    { header: 'Adressaten', width: 28 },
    { header: 'Status', width: 16 },
    { header: 'letzter Sachstand', width: 12, kind: 'date' },
  ];
  // The chase list: with a round, who leads, the group's last released Sachstand and the deadline.
  const withRound = report.replyDeadline !== null;
  dataSheet(
    book,
    'Ausstehende Rückmeldungen',
    withRound
      ? [
          ...refColumns,
          { header: 'federführend', width: 12 },
          { header: 'Stelle zuletzt gemeldet', width: 14, kind: 'date' },
          { header: 'Rückmeldefrist', width: 12, kind: 'date' },
        ]
      : refColumns,
    report.missing.flatMap((g) =>
      g.demands.map((d): Cell[] => [
        g.responsible.name,
        d.conference,
        topRef(d.top, d.ziffer),
        d.summary,
        addresseeList(d.addressees),
        d.statusLabel,
        d.lastUpdateAsOf,
        ...(withRound ? [d.lead ? 'ja' : 'nein', g.lastReported, report.replyDeadline] : []),
      ]),
    ),
  );

  dataSheet(
    book,
    'Änderungen',
    [
      { header: 'Datum', width: 12, kind: 'date' },
      { header: 'Konferenz', width: 10, kind: 'int' },
      { header: 'TOP', width: 16 },
      { header: 'Forderung (Kurzfassung)', width: 46 },
      { header: 'vorher', width: 16 },
      { header: 'jetzt', width: 16 },
      { header: 'Gemeldet von', width: 20 },
      { header: 'Sachstand', width: 60 },
    ],
    report.changes.map((c): Cell[] => [
      c.update.asOf,
      c.demand.conference,
      topRef(c.demand.top, c.demand.ziffer),
      c.demand.summary,
      c.before.statusLabel,
      c.after.statusLabel,
      c.update.reporterName,
      `${c.update.internal ? `${INTERNAL_MARK}: ` : ''}${c.update.narrative}`,
    ]),
  );

  // Objections exist only in the internal version; the public workbook has no such sheet.
  if (report.audience === 'internal') {
    dataSheet(
      book,
      'Beanstandungen',
      [
        { header: 'Erhoben am', width: 12, kind: 'date' },
        { header: 'Land', width: 20 },
        { header: 'Konferenz', width: 10, kind: 'int' },
        { header: 'TOP', width: 16 },
        { header: 'Forderung (Kurzfassung)', width: 46 },
        { header: 'Sachstand vom', width: 12, kind: 'date' },
        { header: 'Grund', width: 60 },
      ],
      report.objections.map((o): Cell[] => [
        o.raised,
        o.land.name,
        o.demand.conference,
        topRef(o.demand.top, o.demand.ziffer),
        o.demand.summary,
        o.statusUpdateAsOf,
        o.reason,
      ]),
    );
  }

  dataSheet(
    book,
    'Frühere Konferenzen',
    refColumns.slice(1),
    report.earlierOpen.map((d): Cell[] => [
      d.conference,
      topRef(d.top, d.ziffer),
      d.summary,
      addresseeList(d.addressees),
      d.statusLabel,
      d.lastUpdateAsOf,
    ]),
  );

  // The summary sheet opens first.
  book.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return Buffer.from(await book.xlsx.writeBuffer());
}
