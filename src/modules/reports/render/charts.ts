// Charts as plain SVG strings: inline in HTML, drawn by pdfmake in the PDF, rasterised for DOCX.
// All text goes through xml(), so nothing from the record can become markup.
import { ASSESSMENT_COLORS, ASSESSMENT_LABELS, ASSESSMENTS, type Assessment } from '../../../domain/assessment.js';
import type { Report, ReportThread } from '../reports.schemas.js';
import { FONT_FAMILY } from './fonts.js';
import { STATUS_COLORS, stripControl } from './format.js';
import { fitWords } from './hyphenate.js';
import { addresseeAssessments } from './sections.js';

/** Escapes markup and drops control characters, which XML (and so resvg) refuses. */
export function xml(text: string): string {
  return stripControl(text).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const WIDTH = 760;
const FONT = `font-family="${FONT_FAMILY}, Arial, sans-serif"`;

function legend(items: { label: string; color: string }[], y: number): { svg: string; height: number } {
  let x = 0;
  let row = 0;
  const parts: string[] = [];
  for (const { label, color } of items) {
    const w = 30 + label.length * 8.4;
    if (x + w > WIDTH) {
      x = 0;
      row++;
    }
    const ty = y + row * 24;
    parts.push(
      `<rect x="${x}" y="${ty}" width="14" height="14" fill="${color}"/>`,
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

/** Stacked bars: per addressee, how many demands of the reported conference are in which Bewertung. */
export function statusByAddresseeChart(report: Report, maxRows = 12): string {
  let rows = addresseeAssessments(report).map((a) => ({ name: a.name, total: a.total, counts: a.counts }));
  if (rows.length > maxRows) {
    const rest = rows.slice(maxRows - 1);
    const counts = Object.fromEntries(ASSESSMENTS.map((x) => [x, rest.reduce((n, r) => n + r.counts[x], 0)])) as Record<Assessment, number>;
    rows = [...rows.slice(0, maxRows - 1), { name: `Weitere (${rest.length})`, total: rest.reduce((n, r) => n + r.total, 0), counts }];
  }
  const labelWidth = 300;
  const barWidth = WIDTH - labelWidth - 50;
  const max = Math.max(1, ...rows.map((r) => r.total));
  const used = ASSESSMENTS.filter((a) => rows.some((r) => r.counts[a] > 0));
  const parts: string[] = [];
  // Labels are wrapped, never cut: a long name ("LAG „Indikatorenentwicklung und Monitoring“")
  // takes two or three lines and its row grows with it.
  let y = 0;
  for (const r of rows) {
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
    for (const a of ASSESSMENTS) {
      if (r.counts[a] === 0) continue;
      const w = (r.counts[a] / max) * barWidth;
      parts.push(`<rect x="${x.toFixed(1)}" y="${bar.toFixed(1)}" width="${w.toFixed(1)}" height="20" fill="${ASSESSMENT_COLORS[a]}"/>`);
      x += w;
    }
    parts.push(`<text x="${(x + 5).toFixed(1)}" y="${(bar + 15).toFixed(1)}" font-size="14" ${FONT} fill="#222">${r.total}</text>`);
    y += rowHeight;
  }
  const top = y + 10;
  const key = legend(
    (used.length ? used : (['open'] as Assessment[])).map((a) => ({ label: ASSESSMENT_LABELS[a], color: ASSESSMENT_COLORS[a] })),
    top,
  );
  const height = top + key.height;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img"><title>Bewertung der Forderungen nach Adressat</title><rect width="${WIDTH}" height="${height}" fill="#fff"/>${parts.join('')}${key.svg}</svg>`;
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
