// The Erfolgskontrolle as a PDF (A4, DejaVu Sans embedded), drawn by pdfmake.
// Everything from the record is sanitised first (control characters, characters the font lacks),
// is only ever placed in `text` nodes, and never becomes a link, image or file reference. pdfmake
// is locked down so a document can reach neither the network nor any file but the fonts.
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { Content, ContentTable, ContextPageSize, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { STATUS_LABELS, type Status } from '../../../domain/vocab.js';
import type { Report, ReportDemand, ReportDemandRef, ReportResolution, ReportThread } from '../reports.schemas.js';
import { statusByAddresseeChart, threadTimelineChart } from './charts.js';
import { FONT_FAMILY, FONT_FILES } from './fonts.js';
import {
  addresseeList,
  audienceLabel,
  conferenceLine,
  evidenceLines,
  germanDate,
  germanShortDate,
  percent,
  STATUS_COLORS,
  topRef,
} from './format.js';
import { sections, shareRows } from './sections.js';

// ---------------------------------------------------------------------------------------------
// Text hygiene

interface FontkitFont {
  characterSet: number[];
}

let coverage: Set<number> | undefined;

/** Code points all four DejaVu faces can draw (read once from the font files via pdfkit's fontkit). */
function fontCoverage(): Set<number> {
  if (coverage) return coverage;
  const requirePdfmake = createRequire(createRequire(import.meta.url).resolve('pdfmake'));
  const requirePdfkit = createRequire(requirePdfmake.resolve('pdfkit'));
  const fontkit = requirePdfkit('fontkit') as { openSync(path: string): FontkitFont };
  const sets = Object.values(FONT_FILES).map((file) => new Set(fontkit.openSync(file).characterSet));
  const [first, ...rest] = sets;
  coverage = new Set([...(first ?? [])].filter((cp) => rest.every((s) => s.has(cp))));
  return coverage;
}

const REPLACEMENT = '\uFFFD';
// C0/C1 controls except newline; bidi embeddings/overrides/isolates, marks; BOM; joiners and
// variation selectors (they only glue emoji together); Unicode tag characters.
const INVISIBLE =
  /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u200D\uFE00-\uFE0F]|\uDB40[\uDC00-\uDC7F]/g;

/** Inert, drawable text: no control characters, every character present in the embedded font. */
export function pdfText(value: string): string {
  const covered = fontCoverage();
  const normalised = value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/\n{3,}/g, '\n\n');
  let out = '';
  let lastReplaced = false;
  for (const ch of normalised) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || covered.has(cp)) {
      out += ch;
      lastReplaced = false;
    } else if (!lastReplaced) {
      out += REPLACEMENT;
      lastReplaced = true;
    }
  }
  return out;
}

/** A copy of the report with every string made safe, so tables, charts and metadata all see clean text. */
function sanitise<T>(value: T): T {
  if (typeof value === 'string') return pdfText(value) as T;
  if (Array.isArray(value)) return value.map((v) => sanitise(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = sanitise(v);
    return out as T;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Layout building blocks

const GREY = '#555555';
const LINE = '#b8b8b8';
const HEADER_FILL = '#e9eef3';
const CHANGED_FILL = '#fff5d1';
const CHANGED_MARK = '●';
const CONTENT_WIDTH = 481; // A4 (595.28 pt) minus 2 × 57 pt margins

const OPEN_GROUP: readonly Status[] = ['open', 'under_examination', 'in_progress', 'reiterated'];
const FULFILLED_GROUP: readonly Status[] = ['fulfilled', 'report_delivered'];

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A section heading: new page, entry in the table of contents and the bookmarks. */
function h1(text: string): Content {
  return { text, style: 'h1', headlineLevel: 1, pageBreak: 'before', tocItem: true, tocStyle: 'tocH1', tocMargin: [0, 3, 0, 0] };
}

function h2(text: string): Content {
  return { text, style: 'h2', headlineLevel: 2, outline: true, outlineText: text };
}

function para(text: string | Content[], style = 'body'): Content {
  return { text, style } as Content;
}

function statusCell(status: Status, label: string, since?: string | null): Content {
  const lines: Content[] = [{ text: [{ text: '■\u00a0', color: STATUS_COLORS[status] }, { text: label }] }];
  if (since) lines.push({ text: `seit ${germanShortDate(since)}`, style: 'small' });
  return { stack: lines };
}

/** Header labels; a leading ">" right-aligns the column's header (for numbers). */
function headerRow(labels: string[]): TableCell[] {
  return labels.map((label) =>
    label.startsWith('>') ? { text: label.slice(1), style: 'th', alignment: 'right' } : { text: label, style: 'th' },
  );
}

const tableLayout: CustomTableLayout = {
  hLineWidth: (i) => (i === 1 ? 0.8 : 0.4),
  vLineWidth: () => 0,
  hLineColor: (i) => (i === 1 ? '#7a8a99' : LINE),
  fillColor: (row) => (row === 0 ? HEADER_FILL : null),
  paddingLeft: (i) => (i === 0 ? 3 : 4),
  paddingRight: () => 3,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

/**
 * Column widths in points, '*' sharing what is left of the text width. Always fixed numbers: with
 * pdfmake's own star or auto widths a very long word would widen its column past the page edge,
 * while a fixed width makes it wrap.
 */
function fixedWidths(widths: (number | '*')[]): number[] {
  const padding = 7 * widths.length - 1; // tableLayout: 3–4 pt left, 3 pt right, no vertical lines
  const fixed = widths.reduce<number>((n, w) => n + (w === '*' ? 0 : w), 0);
  const stars = widths.filter((w) => w === '*').length;
  const star = stars ? Math.floor((CONTENT_WIDTH - padding - fixed) / stars) : 0;
  return widths.map((w) => (w === '*' ? star : w));
}

/** A data table: header row repeated on every page and kept with the first row. */
function table(widths: (number | '*')[], header: string[], rows: TableCell[][], opts: { dontBreakRows?: boolean } = {}): ContentTable {
  return {
    style: 'table',
    layout: tableLayout,
    table: {
      headerRows: 1,
      keepWithHeaderRows: 1,
      dontBreakRows: opts.dontBreakRows ?? true,
      widths: fixedWidths(widths),
      body: [headerRow(header), ...rows],
    },
  };
}

/** Rows that may be longer than a page must be allowed to break, or pdfmake cannot place them. */
function rowsFitOnPage(rows: string[][]): boolean {
  return rows.every((cells) => cells.reduce((n, c) => n + c.length + 40 * (c.match(/\n/g)?.length ?? 0), 0) < 1800);
}

function caption(text: string): Content {
  return { text, style: 'caption' };
}

function figure(svg: string, width: number, captionText?: string): Content {
  const node: Content = { svg, width, font: FONT_FAMILY, margin: [0, 4, 0, 2] } as Content;
  return { stack: captionText ? [node, caption(captionText)] : [node], unbreakable: true };
}

/** topRef, wrapping only between "TOP 4.5" and "Ziffer 2" in narrow columns. */
function topText(top: string, ziffer: string | null): string {
  return topRef(top, ziffer)
    .replace(/^TOP /, 'TOP\u00a0')
    .replace(/ Ziffer (\S+)$/, ' Ziffer\u00a0$1');
}

function conferenceRef(conference: number, top: string, ziffer: string | null): string {
  return `${conference}. IntMK\n${topText(top, ziffer)}`;
}

// ---------------------------------------------------------------------------------------------
// Sections

function titlePage(r: Report): Content[] {
  const lines: Content[] = [
    { text: 'Integrationsministerkonferenz', style: 'kicker' },
    { text: r.title, style: 'title' },
    { text: r.subtitle, style: 'subtitle' },
    { text: conferenceLine(r.conference), style: 'titleLine', margin: [0, 18, 0, 2] },
  ];
  const facts: [string, string][] = [];
  if (r.chair) facts.push(['Vorsitz', r.chair.name]);
  facts.push(['Stichtag', germanDate(r.asOf)], ['Änderungen seit', germanDate(r.since)], ['Fassung', audienceLabel(r.audience)]);
  facts.push(['Erstellt am', germanDate(r.generated.slice(0, 10))]);
  lines.push({
    layout: 'noBorders',
    margin: [0, 8, 0, 0],
    table: {
      widths: [110, CONTENT_WIDTH - 110 - 16],
      body: facts.map(([k, v]) => [
        { text: `${k}:`, style: 'factKey' },
        { text: v, style: 'factValue', bold: k === 'Fassung' && r.audience === 'internal' },
      ]),
    },
  });
  lines.push({
    toc: { title: { text: 'Inhalt', style: 'tocTitle' }, outlines: true, numberStyle: { fontSize: 10.5 } },
    margin: [0, 36, 0, 0],
  });
  return lines;
}

function summarySection(r: Report): Content[] {
  const s = r.summary;
  const out: Content[] = [h1(sections.summary)];
  out.push(
    para(
      `Die Erfolgskontrolle umfasst ${plural(s.resolutions, 'Beschluss', 'Beschlüsse')} der ${r.conference.number}. IntMK mit insgesamt ` +
        `${plural(s.demands, 'nachzuverfolgenden Forderung', 'nachzuverfolgenden Forderungen')}. Maßgeblich ist der Stand zum Stichtag ${germanDate(r.asOf)}.`,
    ),
  );

  const used = s.byStatus.filter((b) => b.count > 0);
  out.push({ text: 'Stand nach Status', style: 'tableTitle' });
  out.push(
    table(
      [170, 60, 60],
      ['Status', '>Anzahl', '>Anteil'],
      [
        ...used.map((b): TableCell[] => [
          statusCell(b.status, b.label),
          { text: String(b.count), alignment: 'right' },
          { text: percent(b.count, s.demands), alignment: 'right' },
        ]),
        [
          { text: 'Gesamt', bold: true },
          { text: String(s.demands), alignment: 'right', bold: true },
          { text: percent(s.demands, s.demands), alignment: 'right', bold: true },
        ],
      ],
    ),
  );

  out.push({ text: 'Anteile nach Gruppen', style: 'tableTitle' });
  out.push(
    table(
      [300, 60, 60],
      ['Gruppe', '>Anzahl', '>Anteil'],
      shareRows(r).map((g): TableCell[] => [
        { text: g.label },
        { text: String(g.count), alignment: 'right' },
        { text: percent(g.count, s.demands), alignment: 'right' },
      ]),
    ),
  );

  if (s.byAddressee.length > 0) {
    out.push(figure(statusByAddresseeChart(r), CONTENT_WIDTH, 'Abbildung 1: Status der Forderungen nach Adressat'));
    const sum = (list: { status: Status; count: number }[], group: readonly Status[]) =>
      list.filter((b) => group.includes(b.status)).reduce((n, b) => n + b.count, 0);
    out.push({ text: 'Forderungen nach Adressat', style: 'tableTitle' });
    out.push(
      table(
        ['*', 55, 70, 70],
        ['Adressat', '>Anzahl', '>davon erfüllt', '>davon offen'],
        s.byAddressee.map((a): TableCell[] => [
          { text: a.name },
          { text: String(a.total), alignment: 'right' },
          { text: String(sum(a.byStatus, FULFILLED_GROUP)), alignment: 'right' },
          { text: String(sum(a.byStatus, OPEN_GROUP)), alignment: 'right' },
        ]),
      ),
    );
    out.push({
      text: '„davon erfüllt“: erfüllt oder Bericht vorgelegt; „davon offen“: offen, in Prüfung, in Umsetzung oder erneut gefordert.',
      style: 'note',
    });
  }

  out.push({ text: 'Älteste offene Stränge', style: 'tableTitle' });
  if (s.oldestOpenThreads.length === 0) {
    out.push(para('Keine offenen wiederkehrenden Forderungen.'));
  } else {
    out.push({
      ul: s.oldestOpenThreads.map((t) => ({
        text: [
          { text: t.title, bold: true },
          { text: ` – seit ${t.firstRaised}${t.yearsOpen !== null ? `, ${plural(t.yearsOpen, 'Jahr', 'Jahre')} offen` : ''}, Status: ` },
          { text: '■ ', color: STATUS_COLORS[t.status] },
          { text: t.statusLabel },
        ],
        margin: [0, 0, 0, 3],
      })),
      style: 'body',
      markerColor: GREY,
    } as Content);
  }
  return out;
}

function updateStack(update: NonNullable<ReportDemand['update']>): Content[] {
  const out: Content[] = [];
  if (update.narrative.trim()) out.push({ text: update.narrative });
  const lines = evidenceLines(update);
  update.evidence.forEach((e, i) => {
    const parts: Content[] = [{ text: `– ${lines[i] ?? ''}` }];
    // Printed as plain text only: never a link annotation.
    if (e.url) parts.push({ text: e.url, style: 'url' });
    out.push({ stack: parts, style: 'evidence' });
  });
  out.push({ text: `Gemeldet von ${update.reporterName} am ${germanShortDate(update.asOf)}`, style: 'reporter' });
  return out;
}

function demandRow(d: ReportDemand): { cells: TableCell[]; text: string[] } {
  const fill = d.changedSinceLastReport ? CHANGED_FILL : undefined;
  const ziffer: Content[] = [{ text: d.ziffer ?? '–' }];
  if (d.changedSinceLastReport) ziffer.push({ text: CHANGED_MARK, color: '#b7791f', fontSize: 10 });
  const sachstand: Content[] = d.update ? updateStack(d.update) : [{ text: 'Kein Sachstand gemeldet.', style: 'muted' }];
  const base: Content[] = [
    { stack: ziffer },
    { text: addresseeList(d.addressees) },
    { stack: [{ text: d.kindLabel, style: 'kind' }, { text: d.summary }] },
    statusCell(d.status, d.statusLabel, d.statusAsOf),
    { stack: sachstand },
  ];
  const cells = base.map((c) => (fill ? { ...(c as object), fillColor: fill } : c) as TableCell);
  const text = [
    addresseeList(d.addressees),
    d.summary,
    d.update ? [d.update.narrative, ...d.update.evidence.map((e) => `${e.citation} ${e.url ?? ''}`)].join('\n') : '',
  ];
  return { cells, text };
}

function resolutionBlock(res: ReportResolution): Content[] {
  const meta: string[] = [];
  if (res.proposers.trim()) meta.push(`Antragsteller: ${res.proposers}`);
  meta.push(`Beschluss: ${res.adoption}`);
  if (res.greenList) meta.push(`Grüne Liste ${res.greenList}`);
  if (res.budgetReservation) meta.push(`Haushaltsvorbehalt: ${res.budgetReservation}`);
  const out: Content[] = [h2(`TOP ${res.top} ${res.title}`), { text: meta.join(' · '), style: 'meta' }];
  if (res.demands.length === 0) {
    out.push({ text: 'Keine nachzuverfolgenden Forderungen.', style: 'muted', margin: [0, 0, 0, 4] });
    return out;
  }
  const rows = res.demands.map(demandRow);
  out.push(
    table(
      [26, 60, 138, 68, '*'],
      ['Ziffer', 'Adressaten', 'Forderung', 'Status', 'Sachstand'],
      rows.map((r) => r.cells),
      { dontBreakRows: rowsFitOnPage(rows.map((r) => r.text)) },
    ),
  );
  return out;
}

function resolutionsSection(r: Report): Content[] {
  const out: Content[] = [h1(sections.resolutions)];
  out.push({
    text: [
      { text: `${CHANGED_MARK} `, color: '#b7791f' },
      { text: `Hinterlegte Zeile: Sachstand neu seit der letzten Erfolgskontrolle (gemeldet nach dem ${germanDate(r.since)}).` },
    ],
    style: 'note',
    margin: [0, 0, 0, 6],
  });
  if (r.resolutions.length === 0) out.push(para('Keine Beschlüsse erfasst.'));
  for (const res of r.resolutions) out.push(...resolutionBlock(res));
  return out;
}

function threadBlock(t: ReportThread, asOf: string): Content[] {
  const state = t.yearsOpen !== null ? plural(t.yearsOpen, 'Jahr', 'Jahre') + ' offen' : 'abgeschlossen';
  const out: Content[] = [h2(t.title), { text: `Erstmals erhoben: ${t.firstRaised} · Status: ${t.statusLabel} · ${state}`, style: 'meta' }];
  if (t.origin?.trim()) out.push({ text: t.origin, style: 'origin' });
  if (t.repetitions.length > 0) out.push(figure(threadTimelineChart(t, asOf), CONTENT_WIDTH));
  if (t.repetitions.length === 0) {
    out.push({ text: 'Keine Beschlüsse zu diesem Strang erfasst.', style: 'muted' });
    return out;
  }
  out.push(
    table(
      [58, 58, 62, '*', 72],
      ['Konferenz', 'TOP', 'Bezug', 'Forderung', 'Status'],
      t.repetitions.map((rep): TableCell[] => [
        { text: `${rep.conference}. IntMK (${rep.year})` },
        { text: topText(rep.top, rep.ziffer) },
        { text: rep.relationLabel },
        { text: rep.summary },
        statusCell(rep.status, rep.statusLabel),
      ]),
      { dontBreakRows: rowsFitOnPage(t.repetitions.map((rep) => [rep.summary])) },
    ),
  );
  return out;
}

function threadsSection(r: Report): Content[] {
  const out: Content[] = [h1(sections.threads)];
  if (r.threads.length === 0) {
    out.push(para('Die Beschlüsse dieser Konferenz berühren keine wiederkehrenden Forderungen.'));
    return out;
  }
  out.push(
    para(
      `Forderungen, die die IntMK wiederholt erhoben hat und die von Beschlüssen der ${r.conference.number}. IntMK berührt werden. ` +
        'Die Zeitleiste zeigt, wann die Forderung erstmals erhoben und auf welchen Konferenzen sie wieder aufgegriffen wurde.',
    ),
  );
  for (const t of r.threads) {
    // A short strand (heading, chart and a few rows) is kept on one page; long ones may break.
    const small = t.repetitions.length <= 8 && t.repetitions.reduce((n, rep) => n + rep.summary.length, (t.origin ?? '').length) < 1200;
    out.push({ stack: threadBlock(t, r.asOf), unbreakable: small });
  }
  return out;
}

function changesSection(r: Report): Content[] {
  const out: Content[] = [h1(sections.changes)];
  if (r.changes.length === 0) {
    out.push(para(`Keine Änderungen gemeldet (seit dem ${germanDate(r.since)}).`));
    return out;
  }
  out.push(para(`Forderungen, deren Status nach dem ${germanDate(r.since)} gemeldet wurde, die neuesten zuerst.`));
  const texts = r.changes.map((c) => [c.demand.summary, c.update.narrative]);
  out.push(
    table(
      [62, 130, 84, '*'],
      ['TOP', 'Forderung', 'vorher → jetzt', 'Sachstand'],
      r.changes.map((c): TableCell[] => [
        { text: conferenceRef(c.demand.conference, c.demand.top, c.demand.ziffer) },
        { text: c.demand.summary },
        {
          stack: [
            statusCell(c.before.status, c.before.statusLabel),
            { text: '↓', color: GREY, margin: [6, 0, 0, 0] },
            statusCell(c.after.status, c.after.statusLabel),
          ],
        },
        {
          stack: [
            { text: `${germanShortDate(c.update.asOf)} · ${c.update.reporterName}`, bold: true },
            ...(c.update.narrative.trim() ? [{ text: c.update.narrative }] : []),
          ],
        },
      ]),
      { dontBreakRows: rowsFitOnPage(texts) },
    ),
  );
  return out;
}

function refRows(list: ReportDemandRef[], withConference: boolean): TableCell[][] {
  return list.map((d): TableCell[] => {
    const row: TableCell[] = [];
    if (withConference) row.push({ text: `${d.conference}. IntMK` });
    row.push(
      { text: topText(d.top, d.ziffer) },
      { text: d.summary },
      { text: addresseeList(d.addressees) },
      statusCell(d.status, d.statusLabel),
    );
    if (withConference) row.push({ text: d.lastUpdateAsOf ? germanShortDate(d.lastUpdateAsOf) : '–', alignment: 'center' });
    return row;
  });
}

function missingSection(r: Report): Content[] {
  const out: Content[] = [h1(sections.missing)];
  out.push(
    para(
      `Offene Forderungen der ${r.conference.number}. IntMK ohne Sachstand seit dem ${germanDate(r.since)}, nach zuständigem Land bzw. Arbeitsgruppe.`,
    ),
  );
  if (r.missing.length === 0) {
    out.push(para('Zu allen offenen Forderungen liegt ein aktueller Sachstand vor.'));
    return out;
  }
  for (const g of r.missing) {
    out.push(h2(`${g.responsible.name} (${plural(g.demands.length, 'Forderung', 'Forderungen')})`));
    out.push(
      table([58, '*', 110, 72], ['TOP', 'Forderung', 'Adressaten', 'Status'], refRows(g.demands, false), {
        dontBreakRows: rowsFitOnPage(g.demands.map((d) => [d.summary, addresseeList(d.addressees)])),
      }),
    );
  }
  return out;
}

function earlierSection(r: Report): Content[] {
  const out: Content[] = [h1(sections.earlier)];
  if (r.earlierOpen.length === 0) {
    out.push(para('Keine offenen Forderungen früherer Konferenzen.'));
    return out;
  }
  out.push(
    para(
      'Offene Forderungen früherer Konferenzen, die weiter verfolgt werden: weil sie zu einem von dieser Konferenz berührten Strang gehören ' +
        'oder in diesem Berichtszeitraum ein Sachstand gemeldet wurde.',
    ),
  );
  out.push(
    table(
      [44, 52, '*', 104, 64, 50],
      ['Konferenz', 'TOP', 'Forderung', 'Adressaten', 'Status', 'letzter Sachstand'],
      refRows(r.earlierOpen, true),
      { dontBreakRows: rowsFitOnPage(r.earlierOpen.map((d) => [d.summary, addresseeList(d.addressees)])) },
    ),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// Document

function documentDefinition(r: Report): TDocumentDefinitions {
  const footerTitle = `${clip(r.title, 110)} – Stichtag ${germanDate(r.asOf)}`;
  const internal = r.audience === 'internal';
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [57, internal ? 62 : 50, 57, 54],
    language: 'de-DE',
    info: {
      title: `${r.title} (${r.subtitle})`,
      author: 'IntMK-Geschäftsstelle',
      subject: `Erfolgskontrolle der Beschlüsse der ${r.conference.number}. IntMK, Stichtag ${germanDate(r.asOf)}, ${audienceLabel(r.audience)}`,
      keywords: 'IntMK, Integrationsministerkonferenz, Erfolgskontrolle',
      creator: 'IntMK-Erfolgskontrolle',
      producer: 'IntMK-Erfolgskontrolle (pdfmake)',
      creationDate: new Date(r.generated),
    },
    header: internal
      ? () => ({
          margin: [57, 22, 57, 0],
          table: {
            widths: ['*'],
            body: [[{ text: 'Intern – nicht zur Veröffentlichung', style: 'internal' }]],
          },
          layout: {
            hLineWidth: () => 0.8,
            vLineWidth: () => 0.8,
            hLineColor: () => '#a61b1b',
            vLineColor: () => '#a61b1b',
            paddingTop: () => 2,
            paddingBottom: () => 2,
          },
        })
      : undefined,
    footer: (currentPage: number, pageCount: number, _size: ContextPageSize): Content => ({
      margin: [57, 18, 57, 0],
      columns: [
        { text: footerTitle, style: 'footer', width: CONTENT_WIDTH - 100 },
        { text: `Seite ${currentPage} von ${pageCount}`, style: 'footer', alignment: 'right', width: 90 },
      ],
    }),
    // A heading must not be the last thing on a page.
    pageBreakBefore: (node, queries) => {
      if (!node.headlineLevel) return false;
      const following = queries.getFollowingNodesOnPage();
      return following.length < (node.headlineLevel === 1 ? 2 : 3);
    },
    content: [
      ...titlePage(r),
      ...summarySection(r),
      ...resolutionsSection(r),
      ...threadsSection(r),
      ...changesSection(r),
      ...missingSection(r),
      ...earlierSection(r),
    ],
    defaultStyle: { font: FONT_FAMILY, fontSize: 10.5, lineHeight: 1.15, color: '#1a1a1a' },
    styles: {
      kicker: { fontSize: 11, color: GREY, margin: [0, 150, 0, 6] },
      title: { fontSize: 24, bold: true, color: '#1f3a56', margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 15, color: '#1f3a56' },
      titleLine: { fontSize: 11.5 },
      factKey: { fontSize: 10.5, color: GREY },
      factValue: { fontSize: 10.5 },
      tocTitle: { fontSize: 13, bold: true, margin: [0, 0, 0, 6], color: '#1f3a56' },
      tocH1: { fontSize: 10.5 },
      h1: { fontSize: 15, bold: true, color: '#1f3a56', margin: [0, 0, 0, 8] },
      h2: { fontSize: 11.5, bold: true, color: '#1f3a56', margin: [0, 12, 0, 2] },
      body: { fontSize: 10.5, margin: [0, 0, 0, 6] },
      meta: { fontSize: 9, color: GREY, margin: [0, 0, 0, 4] },
      origin: { fontSize: 9.5, italics: true, color: '#333333', margin: [0, 0, 0, 4] },
      tableTitle: { fontSize: 10.5, bold: true, margin: [0, 10, 0, 4] },
      table: { fontSize: 8.5, lineHeight: 1.1, margin: [0, 0, 0, 6] },
      th: { bold: true, fontSize: 8.5 },
      kind: { fontSize: 7.5, bold: true, color: GREY },
      small: { fontSize: 7.5, color: GREY },
      muted: { fontSize: 9, italics: true, color: GREY },
      note: { fontSize: 8.5, color: GREY, margin: [0, 0, 0, 6] },
      evidence: { fontSize: 7.5, color: '#333333', margin: [0, 2, 0, 0] },
      url: { fontSize: 7.5, color: GREY },
      reporter: { fontSize: 7.5, italics: true, color: GREY, margin: [0, 2, 0, 0] },
      caption: { fontSize: 9, italics: true, color: GREY, margin: [0, 2, 0, 8] },
      footer: { fontSize: 8, color: GREY },
      internal: { fontSize: 8.5, bold: true, color: '#a61b1b', alignment: 'center' },
    },
  };
}

const FONT_PATHS: ReadonlySet<string> = new Set(Object.values(FONT_FILES));

/** Re-applied before every document: pdfmake keeps this state on a shared singleton. */
function configurePdfmake(): void {
  pdfmake.setFonts({
    [FONT_FAMILY]: { normal: FONT_FILES.regular, bold: FONT_FILES.bold, italics: FONT_FILES.italic, bolditalics: FONT_FILES.boldItalic },
  });
  // Nothing in a report is fetched: no URL is ever allowed, and the only local files are the fonts.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => FONT_PATHS.has(path));
}

/** The chair's Erfolgskontrolle as a PDF. */
export async function renderPdf(report: Report): Promise<Buffer> {
  const clean = sanitise(report);
  const definition = documentDefinition(clean);
  configurePdfmake();
  return pdfmake.createPdf(definition).getBuffer();
}
