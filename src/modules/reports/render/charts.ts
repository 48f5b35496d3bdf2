// Charts as plain SVG strings: inline in HTML, drawn by pdfmake in the PDF, rasterised for DOCX.
// All text goes through xml(), so nothing from the record can become markup.
import { STATUS_LABELS, STATUSES, type Status } from '../../../domain/vocab.js';
import type { Report, ReportThread } from '../reports.schemas.js';
import { FONT_FAMILY } from './fonts.js';
import { STATUS_COLORS, stripControl } from './format.js';
import { fitWords } from './hyphenate.js';

/** Escapes markup and drops control characters, which XML (and so resvg) refuses. */
export function xml(text: string): string {
  return stripControl(text).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const WIDTH = 760;
const FONT = `font-family="${FONT_FAMILY}, Arial, sans-serif"`;

function legend(statuses: Status[], y: number): { svg: string; height: number } {
  let x = 0;
  let row = 0;
  const parts: string[] = [];
  for (const s of statuses) {
    const label = STATUS_LABELS[s];
    const w = 30 + label.length * 8.4;
    if (x + w > WIDTH) {
      x = 0;
      row++;
    }
    const ty = y + row * 24;
    parts.push(
      `<rect x="${x}" y="${ty}" width="14" height="14" fill="${STATUS_COLORS[s]}"/>`,
      `<text x="${x + 19}" y="${ty + 12}" font-size="14" ${FONT} fill="#222">${xml(label)}</text>`,
    );
    x += w;
  }
  return { svg: parts.join(''), height: (row + 1) * 24 };
}

const LABEL_CHARS = 36;
const LABEL_LINE = 17;

/**
 * Breaks a label into lines of at most `max` characters at spaces (a word longer than that at a
 * syllable, with a hyphen); at most three lines, the third holding the rest.
 */
export function wrapLabel(text: string, max: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const pieces = fitWords(word, max, (s) => Array.from(s).length).split('\n');
    for (const piece of pieces) {
      if (line && Array.from(`${line} ${piece}`).length > max) {
        lines.push(line);
        line = piece;
      } else {
        line = line ? (line.endsWith('-') && pieces.length > 1 ? `${line}${piece}` : `${line} ${piece}`) : piece;
      }
    }
  }
  if (line) lines.push(line);
  return lines.length > 3 ? [...lines.slice(0, 2), lines.slice(2).join(' ')] : lines;
}

/** Stacked bars: per addressee, how many demands are in which status. */
export function statusByAddresseeChart(report: Report, maxRows = 12): string {
  let rows = report.summary.byAddressee.map((a) => ({ name: a.name, total: a.total, byStatus: a.byStatus }));
  if (rows.length > maxRows) {
    const rest = rows.slice(maxRows - 1);
    const merged = STATUSES.map((status) => ({
      status,
      label: STATUS_LABELS[status],
      count: rest.reduce((n, r) => n + (r.byStatus.find((b) => b.status === status)?.count ?? 0), 0),
    }));
    rows = [
      ...rows.slice(0, maxRows - 1),
      { name: `Weitere (${rest.length})`, total: rest.reduce((n, r) => n + r.total, 0), byStatus: merged },
    ];
  }
  const labelWidth = 300;
  const barWidth = WIDTH - labelWidth - 50;
  const max = Math.max(1, ...rows.map((r) => r.total));
  const used = STATUSES.filter((s) => rows.some((r) => (r.byStatus.find((b) => b.status === s)?.count ?? 0) > 0));
  const parts: string[] = [];
  // Labels are wrapped, never cut: a long name ("LAG „Indikatorenentwicklung und Monitoring“")
  // takes two or three lines and its row grows with it.
  let y = 0;
  rows.forEach((r) => {
    const lines = wrapLabel(r.name, LABEL_CHARS);
    const rowHeight = Math.max(28, lines.length * LABEL_LINE + 12);
    const bar = y + (rowHeight - 20) / 2;
    const firstBaseline = y + rowHeight / 2 + 5 - ((lines.length - 1) * LABEL_LINE) / 2;
    parts.push(
      `<text x="${labelWidth - 8}" y="${firstBaseline.toFixed(1)}" font-size="14" ${FONT} text-anchor="end" fill="#222">${lines
        .map((l, k) => `<tspan x="${labelWidth - 8}" y="${(firstBaseline + k * LABEL_LINE).toFixed(1)}">${xml(l)}</tspan>`)
        .join('')}</text>`,
    );
    let x = labelWidth;
    for (const b of r.byStatus) {
      if (b.count === 0) continue;
      const w = (b.count / max) * barWidth;
      parts.push(`<rect x="${x.toFixed(1)}" y="${bar.toFixed(1)}" width="${w.toFixed(1)}" height="20" fill="${STATUS_COLORS[b.status]}"/>`);
      x += w;
    }
    parts.push(`<text x="${(x + 5).toFixed(1)}" y="${(bar + 15).toFixed(1)}" font-size="14" ${FONT} fill="#222">${r.total}</text>`);
    y += rowHeight;
  });
  const top = y + 10;
  const key = legend(used.length ? used : ['open'], top);
  const height = top + key.height;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img"><title>Status der Forderungen nach Adressat</title><rect width="${WIDTH}" height="${height}" fill="#fff"/>${parts.join('')}${key.svg}</svg>`;
}

/** One thread across the years: when first raised, each repetition, the status at the Stichtag. */
export function threadTimelineChart(thread: ReportThread, asOf: string): string {
  const endYear = Number(asOf.slice(0, 4));
  const startYear = Math.min(thread.firstRaised, ...thread.repetitions.map((r) => r.year));
  const span = Math.max(1, endYear - startYear);
  const left = 40;
  const right = WIDTH - 40;
  const axisY = 38;
  const xOf = (year: number) => left + ((year - startYear) / span) * (right - left);
  const parts: string[] = [
    `<line x1="${left}" y1="${axisY}" x2="${right}" y2="${axisY}" stroke="#888" stroke-width="1.5"/>`,
    `<text x="${left}" y="${axisY + 40}" font-size="13" ${FONT} text-anchor="middle" fill="#555">${startYear}</text>`,
    `<text x="${right}" y="${axisY + 40}" font-size="13" ${FONT} text-anchor="middle" fill="#555">${endYear}</text>`,
  ];
  const firstConferenceYear = Math.min(...thread.repetitions.map((r) => r.year));
  if (thread.firstRaised < firstConferenceYear) {
    const x = xOf(thread.firstRaised);
    parts.push(
      `<circle cx="${x}" cy="${axisY}" r="6" fill="#fff" stroke="#555" stroke-width="2"/>`,
      `<text x="${x}" y="${axisY - 14}" font-size="13" ${FONT} text-anchor="middle" fill="#333">seit ${thread.firstRaised}</text>`,
    );
  }
  const perYear = new Map<number, number>();
  for (const r of thread.repetitions) {
    const n = perYear.get(r.year) ?? 0;
    perYear.set(r.year, n + 1);
    const x = xOf(r.year) + n * 16;
    const label = n === 0 ? `${r.conference}. IntMK` : '';
    parts.push(
      `<circle cx="${x.toFixed(1)}" cy="${axisY}" r="7" fill="${STATUS_COLORS[r.status]}" stroke="#fff" stroke-width="1.5"><title>${xml(`${r.conference}. IntMK TOP ${r.top}: ${r.statusLabel}`)}</title></circle>`,
    );
    if (label)
      parts.push(
        `<text x="${x.toFixed(1)}" y="${axisY + 24}" font-size="13" ${FONT} text-anchor="middle" fill="#333">${xml(label)}</text>`,
      );
  }
  const status = `${thread.statusLabel}${thread.yearsOpen !== null ? ` · ${thread.yearsOpen} ${thread.yearsOpen === 1 ? 'Jahr' : 'Jahre'} offen` : ''}`;
  parts.push(
    `<text x="${right}" y="${axisY - 14}" font-size="13" ${FONT} text-anchor="end" fill="#222" font-weight="bold">${xml(status)}</text>`,
  );
  const height = 84;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img"><title>${xml(`Verlauf: ${thread.title}`)}</title><rect width="${WIDTH}" height="${height}" fill="#fff"/>${parts.join('')}</svg>`;
}
