// One row per demand of the reported conference, with every column, for CSV and XLSX.
import type { Report } from '../reports.schemas.js';
import { addresseeList, evidenceLines } from './format.js';
import { addresseeAnswers, bewertungOf, INTERNAL_MARK } from './sections.js';

export interface Column {
  header: string;
  /** Width in characters, for XLSX. */
  width: number;
  kind?: 'date' | 'int';
}

export const COLUMNS: readonly Column[] = [
  { header: 'Konferenz', width: 10, kind: 'int' },
  { header: 'TOP', width: 8 },
  { header: 'Beschluss', width: 40 },
  { header: 'Antragsteller', width: 24 },
  { header: 'Beschlussfassung', width: 16 },
  { header: 'Ziffer', width: 7 },
  { header: 'Art', width: 14 },
  { header: 'Adressaten', width: 28 },
  { header: 'Forderung (Kurzfassung)', width: 50 },
  { header: 'Wortlaut', width: 70 },
  { header: 'Bewertung', width: 16 },
  { header: 'Status', width: 18 },
  { header: 'Status seit', width: 12, kind: 'date' },
  { header: 'Sachstand', width: 70 },
  { header: 'Antworten je Adressat', width: 40 },
  { header: 'Belege', width: 50 },
  { header: 'Gemeldet von', width: 20 },
  { header: 'Zuständig', width: 24 },
  { header: 'Strang', width: 36 },
  { header: 'Neu seit letzter Erfolgskontrolle', width: 12 },
  { header: 'Forderungs-ID', width: 12, kind: 'int' },
];

export type Cell = string | number | null;

export function demandRows(report: Report): Cell[][] {
  const rows: Cell[][] = [];
  for (const r of report.resolutions) {
    for (const d of r.demands) {
      rows.push([
        report.conference.number,
        r.top,
        r.title,
        r.proposers,
        r.adoption,
        d.ziffer,
        d.kindLabel,
        addresseeList(d.addressees),
        d.summary,
        d.wording,
        bewertungOf(d).label,
        d.statusLabel,
        d.statusAsOf,
        d.update ? `${d.update.internal ? `${INTERNAL_MARK}: ` : ''}${d.update.narrative}` : null,
        // Only where the addressees' answers differ; empty where they share one.
        addresseeAnswers(d).join('\n') || null,
        d.update ? evidenceLines(d.update).join('\n') : null,
        d.update?.reporterName ?? null,
        d.responsible.map((x) => x.name).join(', '),
        d.thread?.title ?? null,
        d.changedSinceLastReport ? 'ja' : 'nein',
        d.id,
      ]);
    }
  }
  return rows;
}

/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return before
 * one) as a formula; a leading apostrophe keeps such text text (OWASP's advice for CSV injection).
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
