// Charts as trees of SVG elements: written out as SVG inline in HTML and rasterised for DOCX, drawn
// from the tree directly in the PDF. All text in SVG goes through xml(), so nothing from the record
// can become markup.
import { ASSESSMENT_COLORS, ASSESSMENT_LABELS, ASSESSMENTS, type Assessment, assessmentOf } from '../../../domain/assessment.js';
import type { Report, ReportThread } from '../reports.schemas.js';
import { FONT_FAMILY } from './fonts.js';
import { stripControl } from './format.js';
import { fitWords } from './hyphenate.js';
import { threadState } from './sections.js';

/** Escapes markup and drops control characters, which XML (and so resvg) refuses. */
export function xml(text: string): string {
  return stripControl(text).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const WIDTH = 760;
const FONT = { 'font-family': `${FONT_FAMILY}, Arial, sans-serif` };

/**
 * A chart as a tree of SVG elements: attributes in the order written, text content unescaped.
 * svgOf writes it out (HTML, DOCX); the PDF draws the same tree itself (pdf-charts.ts).
 */
export interface ChartElement {
  tag: 'svg' | 'title' | 'rect' | 'line' | 'circle' | 'text' | 'tspan';
  attrs: Record<string, string | number>;
  /** The text of a title, text or tspan. */
  text?: string;
  children?: ChartElement[];
}

function el(tag: ChartElement['tag'], attrs: ChartElement['attrs'], content?: string | ChartElement[]): ChartElement {
  return typeof content === 'string' ? { tag, attrs, text: content } : content ? { tag, attrs, children: content } : { tag, attrs };
}

/** The element as SVG markup; every text through xml(). */
export function svgOf(element: ChartElement): string {
  const attrs = Object.entries(element.attrs)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');
  if (element.text !== undefined) return `<${element.tag}${attrs}>${xml(element.text)}</${element.tag}>`;
  if (element.children) return `<${element.tag}${attrs}>${element.children.map(svgOf).join('')}</${element.tag}>`;
  return `<${element.tag}${attrs}/>`;
}

/** The root of a chart: white, `height` high, with its title for screen readers. */
function chart(title: string, height: number, content: ChartElement[]): ChartElement {
  return el('svg', { xmlns: 'http://www.w3.org/2000/svg', width: WIDTH, height, viewBox: `0 0 ${WIDTH} ${height}`, role: 'img' }, [
    el('title', {}, title),
    el('rect', { width: WIDTH, height, fill: '#fff' }),
    ...content,
  ]);
}

interface LegendItem {
  label: string;
  color: string;
  /** An outline for a swatch as light as the background. */
  outline?: string;
}

function legend(items: LegendItem[], y: number): { elements: ChartElement[]; height: number } {
  let x = 0;
  let row = 0;
  const elements: ChartElement[] = [];
  for (const { label, color, outline } of items) {
    const w = 30 + label.length * 8.4;
    if (x + w > WIDTH) {
      x = 0;
      row++;
    }
    const ty = y + row * 24;
    elements.push(
      el('rect', { x, y: ty, width: 14, height: 14, fill: color, ...(outline ? { stroke: outline, 'stroke-width': 1.5 } : {}) }),
      el('text', { x: x + 19, y: ty + 12, 'font-size': 14, ...FONT, fill: '#222' }, label),
    );
    x += w;
  }
  return { elements, height: (row + 1) * 24 };
}

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

const THREAD_LABEL_CHARS = 50;
/** For a conference with several demands in a strand: the most advanced Bewertung colours its dot. */
const ASSESSMENT_RANK: Assessment[] = ['done', 'partly_done', 'overtaken', 'standing_task', 'open'];

/**
 * All strands on one time axis: a line from the year a strand was first raised to the Stichtag,
 * a dot for each conference that raised it again, coloured by that demand's Bewertung, and the
 * strand's state at the right. One figure instead of one per strand.
 */
export function threadsOverviewChart(threads: ReportThread[], asOf: string): string {
  return svgOf(threadsOverviewDrawing(threads, asOf));
}

export function threadsOverviewDrawing(threads: ReportThread[], asOf: string): ChartElement {
  const endYear = Number(asOf.slice(0, 4));
  const startYear = Math.min(
    endYear - 1,
    ...threads.map((t) => t.firstRaised),
    ...threads.flatMap((t) => t.repetitions.map((r) => r.year)),
  );
  const labelWidth = 330;
  const stateWidth = 96;
  const left = labelWidth + 10;
  const right = WIDTH - stateWidth - 10;
  const xOf = (year: number) => (left + ((year - startYear) / Math.max(1, endYear - startYear)) * (right - left)).toFixed(1);
  const parts: ChartElement[] = [];
  const gridLines: ChartElement[] = [];
  let y = 24;
  // Year ticks every few years, so the labels never collide.
  const step = Math.max(1, Math.ceil((endYear - startYear) / 8));
  for (let year = startYear; year <= endYear; year += step) {
    const line = el('line', { x1: xOf(year), y1: 20, x2: xOf(year), y2: 0, stroke: '#e3e3e3', 'stroke-width': 1 });
    gridLines.push(line);
    parts.push(el('text', { x: xOf(year), y: 14, 'font-size': 12, ...FONT, 'text-anchor': 'middle', fill: '#555' }, String(year)), line);
  }
  const used = new Set<Assessment>();
  for (const t of threads) {
    // Titles wrapped, never cut.
    const lines = wrapLabel(t.title, THREAD_LABEL_CHARS);
    const rowHeight = Math.max(22, lines.length * 14 + 6);
    const mid = (y + rowHeight / 2).toFixed(1);
    const first = y + rowHeight / 2 + 4.5 - ((lines.length - 1) * 14) / 2;
    parts.push(
      el(
        'text',
        { 'font-size': 12, ...FONT, 'text-anchor': 'end', fill: '#222' },
        lines.map((l, k) => el('tspan', { x: labelWidth, y: (first + k * 14).toFixed(1) }, l)),
      ),
    );
    const open = t.yearsOpen !== null;
    parts.push(
      el('line', {
        x1: xOf(t.firstRaised),
        y1: mid,
        x2: xOf(endYear),
        y2: mid,
        stroke: open ? '#9e9e9e' : '#c8c8c8',
        'stroke-width': open ? 3 : 1.5,
        ...(open ? {} : { 'stroke-dasharray': '4 3' }),
      }),
    );
    const firstConferenceYear = Math.min(...t.repetitions.map((r) => r.year));
    if (t.firstRaised < firstConferenceYear) {
      parts.push(el('circle', { cx: xOf(t.firstRaised), cy: mid, r: 4.5, fill: '#fff', stroke: '#555', 'stroke-width': 1.5 }));
    }
    // One dot per conference, in the colour of its most advanced Bewertung; larger for several demands.
    const byYear = new Map<number, Assessment[]>();
    for (const r of t.repetitions) byYear.set(r.year, [...(byYear.get(r.year) ?? []), assessmentOf(r.status, 'forderung')]);
    for (const [year, list] of byYear) {
      const a = ASSESSMENT_RANK.find((x) => list.includes(x)) ?? 'open';
      used.add(a);
      const radius = 5 + Math.min(3, list.length - 1);
      parts.push(el('circle', { cx: xOf(year), cy: mid, r: radius, fill: ASSESSMENT_COLORS[a], stroke: '#fff', 'stroke-width': 1.2 }));
      if (list.length > 1) {
        parts.push(
          el(
            'text',
            {
              x: xOf(year),
              y: (Number(mid) + 3.5).toFixed(1),
              'font-size': 9.5,
              ...FONT,
              'text-anchor': 'middle',
              fill: '#fff',
              'font-weight': 'bold',
            },
            String(list.length),
          ),
        );
      }
    }
    const state =
      t.yearsOpen !== null
        ? `${t.yearsOpen} ${t.yearsOpen === 1 ? 'Jahr' : 'Jahre'} offen`
        : (threadState(t) ?? ASSESSMENT_LABELS[assessmentOf(t.status, 'forderung')]);
    parts.push(
      el('text', { x: WIDTH, y: (Number(mid) + 4.5).toFixed(1), 'font-size': 12.5, ...FONT, 'text-anchor': 'end', fill: '#222' }, state),
    );
    y += rowHeight;
  }
  // The year lines run down to the last strand.
  for (const line of gridLines) line.attrs.y2 = y;
  const key = legend(
    [
      { label: 'erstmals erhoben (Beschluss nicht erfasst)', color: '#ffffff', outline: '#555' },
      ...ASSESSMENTS.filter((a) => used.has(a)).map((a) => ({ label: ASSESSMENT_LABELS[a], color: ASSESSMENT_COLORS[a] })),
    ],
    y + 12,
  );
  return chart('Wiederkehrende Forderungen im Zeitverlauf', y + 12 + key.height, [...parts, ...key.elements]);
}

/**
 * Per addressee (the four with most demands), for each of the last conferences: the share of its
 * demands with a Sachstand and the share erledigt at the Stichtag, as two bars on one track.
 */
export function progressByAddresseeChart(report: Report, maxAddressees = 4): string {
  return svgOf(progressByAddresseeDrawing(report, maxAddressees));
}

export function progressByAddresseeDrawing(report: Report, maxAddressees = 4): ChartElement {
  const rows = report.progress.byAddressee.slice(0, maxAddressees);
  const labelWidth = 120;
  const textWidth = 250;
  const track = WIDTH - labelWidth - textWidth - 20;
  const parts: ChartElement[] = [];
  let y = 0;
  for (const a of rows) {
    parts.push(el('text', { x: 0, y: y + 15, 'font-size': 13.5, ...FONT, 'font-weight': 'bold', fill: '#1f3a56' }, a.name));
    y += 22;
    for (const c of a.conferences) {
      const answered = c.demands ? c.answered / c.demands : 0;
      const done = c.demands ? c.done / c.demands : 0;
      const x0 = labelWidth;
      parts.push(
        el('text', { x: labelWidth - 8, y: y + 12, 'font-size': 12.5, ...FONT, 'text-anchor': 'end', fill: '#333' }, `${c.number}. IntMK`),
        el('rect', { x: x0, y: y + 2, width: track, height: 14, fill: '#eeeeee' }),
        el('rect', { x: x0, y: y + 2, width: (answered * track).toFixed(1), height: 14, fill: '#9ec5e8' }),
        el('rect', { x: x0, y: y + 6, width: (done * track).toFixed(1), height: 6, fill: ASSESSMENT_COLORS.done }),
        el(
          'text',
          { x: x0 + track + 10, y: y + 13, 'font-size': 12.5, ...FONT, fill: '#333' },
          c.demands
            ? `${c.demands} Ford. · beantwortet ${Math.round(answered * 100)} % · erledigt ${Math.round(done * 100)} %`
            : 'keine Forderungen',
        ),
      );
      y += 20;
    }
    y += 6;
  }
  const key = legend(
    [
      { label: 'mit Sachstand (beantwortet)', color: '#9ec5e8' },
      { label: ASSESSMENT_LABELS.done, color: ASSESSMENT_COLORS.done },
    ],
    y + 4,
  );
  return chart('Beantwortet und erledigt nach Adressat und Konferenz', y + 4 + key.height, [...parts, ...key.elements]);
}
