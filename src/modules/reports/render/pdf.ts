// The Erfolgskontrolle as a PDF (A4, Arimo embedded: Arial's metrics, as the DOCX), drawn by pdfmake.
// Everything from the record is sanitised first (control characters, characters the font lacks),
// is only ever placed in `text` nodes, and never becomes a link, image or file reference. pdfmake
// is locked down so a document can reach neither the network nor any file but the fonts.
import pdfmake from 'pdfmake';
import type { Content, ContentTable, CustomTableLayout, StyleDictionary, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { ASSESSMENT_COLORS, ASSESSMENTS, type Assessment } from '../../../domain/assessment.js';
import type { Report, ReportDemand, ReportResolution, ReportThread } from '../reports.schemas.js';
import { type ChartElement, progressByAddresseeDrawing, threadsOverviewDrawing } from './charts.js';
import { FONT_FAMILY, FONT_FILES } from './fonts.js';
import {
  addresseeList,
  audienceLabel,
  clip,
  evidenceLines,
  germanDate,
  germanShortDate,
  mapStrings,
  percent,
  plural,
  STATUS_COLORS,
  topRef,
} from './format.js';
import { fitWords } from './hyphenate.js';
import { drawChartsDirectly, sizeOnlySvg } from './pdf-charts.js';
import { bufferContentStreams } from './pdf-content.js';
import { pdfFonts, trimShapingCache } from './pdf-fonts.js';
import { breakHeadingsInOnePass } from './pdf-one-pass.js';
import { drawWordsAsRuns } from './pdf-runs.js';
import { fastStyleLookup } from './pdf-styles.js';
import {
  ADDRESSEE_ANSWERS_HEADING,
  addresseeAnswers,
  addresseeAssessments,
  assessmentRows,
  bewertungOf,
  CHANGED_NOTE,
  changeParts,
  changesIntro,
  coverOf,
  EARLIER_CHANGES_TITLE,
  earlierSectionOf,
  INTERNAL_MARK,
  MULTIPLE_ADDRESSEES_NOTE,
  missingIntro,
  missingLines,
  NO_EARLIER,
  NO_MISSING,
  NO_REPLY,
  NO_THREADS,
  noChanges,
  noteLines,
  OBJECTION_COLUMNS,
  OBJECTIONS_INTRO,
  OBJECTIONS_TITLE,
  OWN_CHANGE_COLUMNS,
  OWN_MEMBERS_NOTE,
  objectionRows,
  PROGRESS_COLUMNS,
  PROGRESS_TITLE,
  progressIntro,
  progressRows,
  quietLine,
  resolutionFacts,
  SILENT_HEADING,
  sections,
  silentTail,
  splitByReply,
  THREAD_MARK,
  TOP_COLUMNS,
  TOTAL,
  threadMembers,
  threadMeta,
  threadsIntro,
  topRefs,
  zifferLine,
} from './sections.js';

// ---------------------------------------------------------------------------------------------
// Text hygiene

const REPLACEMENT = '\uFFFD';

/**
 * Dropped without trace: C0/C1 controls (newline and tab are handled before), bidi marks,
 * embeddings, overrides and isolates (they could make text read differently than it is stored),
 * BOM, zero-width joiner, variation selectors and tag characters (they only glue emoji together).
 */
function invisible(cp: number): boolean {
  return (
    cp < 0x20 ||
    // A soft hyphen: fitWords hyphenates; pdfmake hides the glyph it shares with "-", and with it
    // every hard hyphen of that face in the document ("Bund-Länder" printed as "BundLänder").
    cp === 0xad ||
    (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0x200d && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0xfeff ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0000 && cp <= 0xe007f)
  );
}

/**
 * Characters that need nothing done (printable Latin-1 without the soft hyphen, German quotes,
 * dashes, bullets and the marks of the annex), when the font has them all: a text of these only is
 * already in NFC and comes out as it is. Most of the record is such text.
 */
const PLAIN_CLASS = String.raw`\n\x20-\x7e\xa0-\xac\xae-\xff\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u20ac\u25a0\u25cf`;
let plainText: RegExp | null | undefined;

function plainTextPattern(): RegExp | null {
  if (plainText !== undefined) return plainText;
  const covered = pdfFonts().coverage;
  const plain = new RegExp(`[${PLAIN_CLASS}]`);
  let complete = true;
  for (let cp = 0x20; cp <= 0x25cf && complete; cp++) if (plain.test(String.fromCharCode(cp)) && !covered.has(cp)) complete = false;
  plainText = complete ? new RegExp(`^[${PLAIN_CLASS}]*$`) : null;
  return plainText;
}

/**
 * Inert, drawable text: no control characters, and every character one the embedded font has;
 * others (most emoji, lone surrogates) become one "�" per run.
 */
function pdfText(value: string): string {
  if (plainTextPattern()?.test(value)) return value.includes('\n\n\n') ? value.replace(/\n{3,}/g, '\n\n') : value;
  const covered = pdfFonts().coverage;
  const normalised = value.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
  let out = '';
  let lastReplaced = false;
  for (const ch of normalised) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch !== '\n' && invisible(cp)) {
      // dropped
    } else if (ch === '\n' || covered.has(cp)) {
      out += ch;
      lastReplaced = false;
    } else if (!lastReplaced) {
      out += REPLACEMENT;
      lastReplaced = true;
    }
  }
  return out.replace(/\n{3,}/g, '\n\n');
}

// ---------------------------------------------------------------------------------------------
// Layout building blocks

const GREY = '#555555';
const LINE = '#b8b8b8';
const HEADER_FILL = '#e9eef3';
const CHANGED_FILL = '#fff5d1';
const CHANGED_MARK = '●';
/** Characters of a source's address printed. */
const PRINTED_URL_CHARS = 120;
const CONTENT_WIDTH = 481; // A4 (595.28 pt) minus 2 × 57 pt margins

/**
 * A section heading: entry in the table of contents and the bookmarks. Sections run on without a
 * page break (the annex is read through, and five part-empty pages add nothing); a heading moves to
 * the next page when it would land in the last quarter of a page or when it, its introduction and
 * the start of the block after it do not fit below it (pageBreakBefore, headingKeeps below).
 */
function h1(text: string, id?: string, newPage = false): Content {
  return {
    text,
    style: 'h1',
    headlineLevel: 1,
    ...(newPage ? { pageBreak: 'before' } : {}),
    tocItem: true,
    tocStyle: 'tocH1',
    tocMargin: [0, 3, 0, 0],
    outlineText: text,
    ...(id ? { id } : {}),
  } as Content;
}

function h2(text: string): Content {
  return { text, style: 'h2' };
}

/**
 * An invisible anchor that puts one bookmark under its section (PDF outline). It stands before the
 * block, not in the heading: a heading inside a table's repeated header rows would be bookmarked
 * again on every page the table continues on.
 */
function bookmark(text: string, parent: string): Content {
  return { text: '\u200b', fontSize: 1, lineHeight: 1, outline: true, outlineText: text, outlineParentId: parent } as Content;
}

function tableTitle(text: string): Content {
  return { text, style: 'tableTitle' };
}

function para(text: string | Content[], style = 'body'): Content {
  return { text, style } as Content;
}

/** Header labels; a leading ">" right-aligns the column's header (for numbers). */
function headerRow(labels: string[]): TableCell[] {
  return labels.map((label) => {
    const right = label.startsWith('>');
    const text = right ? label.slice(1) : label;
    // "Sachstand (Quelle, Datum, gemeldet von)": the explanation in brackets set lighter and
    // smaller, so the labels stay on one line.
    const m = /^(.+?) (\(.+\))$/.exec(text);
    const content = m ? [{ text: `${m[1]} ` }, { text: m[2] as string, bold: false, fontSize: 7.5, color: GREY }] : text;
    return { text: content, style: 'th', ...(right ? { alignment: 'right' } : {}) } as TableCell;
  });
}

/**
 * The first `titles` rows are titles (no lines, no padding); with `header`, the next row holds the
 * column labels. A line under the labels (or under the titles of a table without labels).
 */
function tableLayout(titles: number, header = true, listFrom = Number.POSITIVE_INFINITY): CustomTableLayout {
  const firstData = titles + (header ? 1 : 0);
  return {
    // Rows from `listFrom` on are the lines of one list: no rules between them.
    hLineWidth: (i, node) =>
      i < firstData || (header && i === titles) || (i > listFrom && i < node.table.body.length) ? 0 : i === firstData ? 0.8 : 0.4,
    vLineWidth: () => 0,
    hLineColor: (i) => (i === firstData ? '#7a8a99' : LINE),
    fillColor: (row) => (header && row === titles ? HEADER_FILL : null),
    paddingLeft: (i) => (i === 0 ? 0 : 4),
    paddingRight: () => 3,
    paddingTop: (row) => (row < titles ? 0 : 2.5),
    paddingBottom: (row) => (row < titles ? 0 : 2.5),
  };
}

/**
 * Column widths in points, '*' sharing what is left of the text width. Always fixed numbers: with
 * pdfmake's own star or auto widths a very long word would widen its column past the page edge,
 * while a fixed width makes it wrap.
 */
function fixedWidths(widths: (number | '*')[]): number[] {
  const padding = 7 * widths.length - 4; // tableLayout: 0 or 4 pt left, 3 pt right, no vertical lines
  const fixed = widths.reduce<number>((n, w) => n + (w === '*' ? 0 : w), 0);
  const stars = widths.filter((w) => w === '*').length;
  const star = stars ? Math.floor((CONTENT_WIDTH - padding - fixed) / stars) : 0;
  return widths.map((w) => (w === '*' ? star : w));
}

// pdfmake silently DROPS unbreakable content (dontBreakRows, keepWithHeaderRows, unbreakable) that
// is taller than a page. So content is only kept together when an estimate of its height from the
// font's advance widths, erring on the high side (wrapping at spaces only, where pdfmake also
// breaks after hyphens and slashes), stays well below the page.
const PAGE_TEXT_HEIGHT = 841.89 - 62 - 54;
const KEEP_LIMIT = 0.7 * PAGE_TEXT_HEIGHT;
const LINE_EM = 1.15 * 1.1; // Arimo ascent + descent + line gap, times the lineHeight (1.1 tables, 1.15 body)

/** Lines a paragraph needs at this width. */
function lineCount(text: string, width: number, fontSize: number, bold = false): number {
  const f = pdfFonts();
  const space = f.advance(32, bold) * fontSize;
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    lines++;
    let x = 0;
    for (const word of paragraph.split(' ')) {
      let w = 0;
      for (const ch of word) w += f.advance(ch.codePointAt(0) ?? 0, bold) * fontSize;
      if (x > 0 && x + space + w > width) {
        lines++;
        x = 0;
      } else if (x > 0) {
        x += space;
      }
      while (w > width) {
        lines++;
        w -= width - fontSize;
      }
      x += w;
    }
  }
  return lines;
}

/**
 * A column width that fits the longest word of these texts (names like "Kultusministerkonferenz"
 * should not be split), within [min, max].
 */
function wordFit(texts: string[], fontSize: number, min: number, max: number): number {
  const f = pdfFonts();
  let longest = 0;
  for (const text of texts) {
    for (const word of text.split(/\s+/)) {
      if (word.length * fontSize * 0.3 <= longest) continue;
      let w = 0;
      for (const ch of word) w += f.advance(ch.codePointAt(0) ?? 0, true) * fontSize;
      longest = Math.max(longest, w);
    }
  }
  return Math.min(max, Math.max(min, Math.ceil(longest) + 2));
}

function textHeight(text: string, width: number, fontSize: number, bold = false): number {
  return lineCount(text, width, fontSize, bold) * fontSize * LINE_EM;
}

interface Paragraph {
  text: string;
  fontSize: number;
  bold: boolean;
}

/** Font sizes of the styles used inside tables (the table style itself: 8.5 pt). */
const CELL_STYLE_SIZES: Record<string, number> = {
  kind: 7.5,
  small: 7.5,
  evidence: 7.5,
  url: 7.5,
  reporter: 7.5,
  muted: 9,
  // the title rows of a table
  h2: 11,
  h3: 10,
  meta: 9,
  tableTitle: 10.5,
};
const BOLD_STYLES = new Set(['kind', 'th', 'h2', 'tableTitle']);

/** The paragraphs of a cell as pdfmake will set them (stack items below each other), with their font. */
function paragraphs(node: unknown, fontSize = 8.5, bold = false): Paragraph[] {
  if (typeof node === 'string') return [{ text: node, fontSize, bold }];
  if (Array.isArray(node)) return node.flatMap((n) => paragraphs(n, fontSize, bold));
  if (!node || typeof node !== 'object') return [];
  const n = node as { text?: unknown; stack?: unknown; style?: unknown; fontSize?: unknown; bold?: unknown };
  const style = typeof n.style === 'string' ? n.style : '';
  const size = typeof n.fontSize === 'number' ? n.fontSize : (CELL_STYLE_SIZES[style] ?? fontSize);
  const isBold = n.bold === true || BOLD_STYLES.has(style) || bold;
  if (n.stack !== undefined) return paragraphs(n.stack, size, isBold);
  if (typeof n.text === 'string') return [{ text: n.text, fontSize: size, bold: isBold }];
  if (Array.isArray(n.text)) {
    const parts = n.text as unknown[];
    const text = parts.map((part) => (typeof part === 'string' ? part : String((part as { text?: unknown }).text ?? ''))).join('');
    const anyBold = isBold || parts.some((part) => typeof part === 'object' && (part as { bold?: unknown }).bold === true);
    return [{ text, fontSize: size, bold: anyBold }];
  }
  return [];
}

/** Estimated height of a table row: cell padding 6 pt, 3 pt per paragraph for margins. */
function rowHeight(cells: TableCell[], widths: number[]): number {
  return Math.max(
    0,
    ...cells.map((c, i) => {
      const span = c && typeof c === 'object' && 'colSpan' in c ? Number(c.colSpan) : 1;
      let width = (span - 1) * 7;
      for (let k = i; k < i + span; k++) width += widths[k] ?? 40;
      return paragraphs(c).reduce((h, p) => h + textHeight(p.text, width, p.fontSize, p.bold) + 3, 6);
    }),
  );
}

/**
 * A data table: column labels repeated on every page; rows kept whole and the labels kept with the
 * first row, unless a row might not fit on a page. The title lines (heading, intro) become header
 * rows too, so a heading can never be left alone at the foot of a page and is repeated over each
 * continuation; a title too long for that is set above the table instead.
 */
function table(
  widths: (number | '*')[],
  header: string[] | null,
  rows: TableCell[][],
  title: Content[] = [],
  dense = false,
  listFrom?: number,
): Content {
  const fixed = fixedWidths(widths);
  const keep = rows.every((cells) => rowHeight(cells, fixed) < KEEP_LIMIT);
  const titleHeight = title.reduce<number>(
    (h, node) => h + paragraphs(node).reduce((n, p) => n + textHeight(p.text, CONTENT_WIDTH * 0.6, 12, true) + 16, 0),
    0,
  );
  const titleRows: TableCell[][] = titleHeight < 0.3 * PAGE_TEXT_HEIGHT ? title.map((node) => fullWidthRow(node, fixed.length)) : [];
  const headerRows = titleRows.length + (header ? 1 : 0);
  const body: ContentTable = {
    style: dense ? ['table', 'dense'] : 'table',
    layout: tableLayout(titleRows.length, header !== null, listFrom === undefined ? undefined : headerRows + listFrom),
    table: {
      headerRows,
      keepWithHeaderRows: keep && headerRows > 0 ? 1 : 0,
      dontBreakRows: keep,
      widths: fixed,
      body: [...titleRows, ...(header ? [headerRow(header)] : []), ...rows],
    },
  };
  return titleRows.length || title.length === 0 ? body : { stack: [...title, body] };
}

function fullWidthRow(node: Content, columns: number): TableCell[] {
  const filler: TableCell[] = Array.from({ length: columns - 1 }, () => ({}));
  return [{ ...(node as object), colSpan: columns } as TableCell, ...filler];
}

function caption(text: string): Content {
  return { text, style: 'caption' };
}

/**
 * A chart from charts.ts with its caption, on one page. pdfmake places an SVG node of the chart's
 * size; pdf-charts.ts draws the chart's shapes there (no SVG is parsed or drawn by pdfmake).
 */
function figure(chart: ChartElement, width: number, captionText?: string): Content {
  const node = { svg: sizeOnlySvg(chart), chart, width, margin: [0, 4, 0, 2] } as Content;
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
  const cover = coverOf(r);
  const lines: Content[] = [
    { text: 'Integrationsministerkonferenz', style: 'kicker' },
    // "20. IntMK" kept on one line.
    { text: cover.title.replace(/(\d+\.) IntMK/g, '$1\u00a0IntMK'), style: 'title' },
    { text: cover.subtitle, style: 'subtitle' },
    { text: cover.sender, style: 'titleLine', margin: [0, 18, 0, 2] },
  ];
  const facts = cover.facts;
  lines.push({
    layout: 'noBorders',
    margin: [0, 8, 0, 0],
    table: {
      widths: [150, CONTENT_WIDTH - 150 - 16],
      body: facts.map(([k, v]) => [
        { text: `${k}:`, style: 'factKey' },
        { text: v, style: 'factValue' },
      ]),
    },
  });
  lines.push({ text: audienceLabel(r.audience), style: 'audience', color: r.audience === 'internal' ? '#a61b1b' : '#1a1a1a' });
  lines.push({
    toc: { title: { text: 'Inhalt', style: 'tocTitle' }, outlines: true, numberStyle: { fontSize: 10.5 } },
    margin: [0, 36, 0, 0],
  });
  return lines;
}

function summarySection(r: Report): Content[] {
  const s = r.summary;
  const out: Content[] = [h1(sections.summary, undefined, true)];
  out.push(
    para(
      `Die Erfolgskontrolle umfasst ${plural(s.resolutions, 'Beschluss', 'Beschlüsse')} der ${r.conference.number}. IntMK mit insgesamt ` +
        `${plural(s.demands, 'nachzuverfolgenden Forderung', 'nachzuverfolgenden Forderungen')}. Maßgeblich ist der Stand zum Stichtag ${germanDate(r.asOf)}.`,
    ),
  );
  if (s.demands === 0) {
    out.push(para(`Für die ${r.conference.number}. IntMK sind keine nachzuverfolgenden Forderungen erfasst.`));
    return out;
  }
  const rows = assessmentRows(r);
  out.push(
    table(
      [110, 50, 50, '*'],
      ['Bewertung', '>Anzahl', '>Anteil', 'davon nach Status'],
      [
        ...rows.map((row): TableCell[] => [
          assessmentCell(row.assessment, row.label),
          { text: String(row.count), alignment: 'right' },
          { text: percent(row.count, s.demands), alignment: 'right' },
          { text: row.statuses || '–', style: 'small' },
        ]),
        [
          { text: TOTAL, bold: true },
          { text: String(s.demands), alignment: 'right', bold: true },
          { text: percent(s.demands, s.demands), alignment: 'right', bold: true },
          { text: '' },
        ],
      ],
      [tableTitle('Stand nach Bewertung')],
    ),
  );

  const byAddressee = addresseeAssessments(r);
  if (byAddressee.length > 0) {
    out.push(
      table(
        ['*', 48, 48, 54, 48, 60, 46],
        ['Adressat', '>Anzahl', '>erledigt', '>teilweise erledigt', '>offen', '>Daueraufgabe', '>überholt'],
        byAddressee.map((a): TableCell[] => [
          { text: a.name },
          { text: String(a.total), alignment: 'right' },
          ...ASSESSMENTS.map((x): TableCell => ({ text: String(a.counts[x]), alignment: 'right' })),
        ]),
        [tableTitle('Forderungen nach Adressat')],
        true,
      ),
    );
    out.push({ text: MULTIPLE_ADDRESSEES_NOTE, style: 'note' });
  }
  if (r.progress.conferences.length > 1) {
    out.push(
      table(
        [110, '*', '*', '*', '*', '*', '*'],
        [...PROGRESS_COLUMNS],
        progressRows(r).map((row): TableCell[] => row.map((text, i) => ({ text, ...(i > 0 ? { alignment: 'right' } : {}) }) as TableCell)),
        [tableTitle(PROGRESS_TITLE), { text: progressIntro(r), style: 'meta' }],
        true,
      ),
    );
    if (r.progress.byAddressee.length) {
      out.push(
        figure(
          progressByAddresseeDrawing(r),
          CONTENT_WIDTH,
          'Abbildung 1: Beantwortet und erledigt nach Adressat, je Konferenz (Stand Stichtag)',
        ),
      );
    }
  }

  if (s.oldestOpenThreads.length > 0) {
    const list = {
      ul: s.oldestOpenThreads.map((t) => ({
        text: [
          { text: t.title, bold: true },
          { text: ` – seit ${t.firstRaised}${t.yearsOpen !== null ? ` · ${plural(t.yearsOpen, 'Jahr', 'Jahre')} offen` : ''} · ` },
          { text: '■\u00a0', color: STATUS_COLORS[t.status] },
          { text: t.statusLabel },
        ],
        margin: [0, 0, 0, 3],
      })),
      style: 'body',
      markerColor: GREY,
    } as Content;
    const height = s.oldestOpenThreads.reduce(
      (h, t) => h + textHeight(`${t.title} – seit 0000 · 00 Jahre offen · ${t.statusLabel}`, CONTENT_WIDTH - 20, 10.5, true) + 3,
      30,
    );
    out.push({ stack: [tableTitle('Älteste offene Stränge'), list], unbreakable: height < KEEP_LIMIT });
  }
  return out;
}

function assessmentCell(
  assessment: Assessment,
  label: string,
  detail?: string | null,
  since?: string | null,
  note?: string | null,
): Content {
  const lines: Content[] = [{ text: [{ text: '■\u00a0', color: ASSESSMENT_COLORS[assessment] }, { text: label }] }];
  if (detail) lines.push({ text: detail, style: 'small' });
  if (since) lines.push({ text: `seit ${germanShortDate(since)}`, style: 'small' });
  if (note) lines.push({ text: note, style: 'small' });
  return { stack: lines };
}

/** Sachstand: the narrative, its sources (Quelle), who reported it and when. */
function updateStack(update: NonNullable<ReportDemand['update']>): Content[] {
  const out: Content[] = [];
  if (update.internal) out.push({ text: INTERNAL_MARK, bold: true, color: '#a61b1b' });
  if (update.narrative.trim()) out.push({ text: update.narrative });
  const lines = evidenceLines(update);
  update.evidence.forEach((e, i) => {
    const parts: Content[] = [{ text: `Quelle: ${lines[i] ?? ''}` }];
    // Printed as plain text only: never a link annotation; on paper the start of an address is
    // what a reader can use, so a long one is cut (the full address is in the JSON and XLSX).
    if (e.url) parts.push({ text: clip(e.url, PRINTED_URL_CHARS), style: 'url' });
    out.push({ stack: parts, style: 'evidence' });
  });
  out.push({ text: `gemeldet von ${update.reporterName} am ${germanShortDate(update.asOf)}`, style: 'reporter' });
  return out;
}

/** The same column widths in every TOP table, so the tables line up page after page. */
const TOP_WIDTHS: (number | '*')[] = [178, 66, '*', 62];

function demandRow(d: ReportDemand): TableCell[] {
  const fill = d.changedSinceLastReport ? CHANGED_FILL : undefined;
  const b = bewertungOf(d);
  const beschluss: Content = {
    text: [
      ...(d.internal ? [{ text: `${INTERNAL_MARK} `, bold: true, color: '#a61b1b' }] : []),
      { text: `${zifferLine(d)}: `, bold: true, color: GREY },
      { text: d.summary },
      // A recurring demand says so in the same line; its history is in section 3.
      ...(d.thread ? [{ text: ` ${THREAD_MARK}`, color: GREY }] : []),
    ],
  };
  const sachstand: Content[] = d.update ? updateStack(d.update) : [{ text: NO_REPLY, style: 'muted' }];
  const answers = addresseeAnswers(d);
  if (answers.length) {
    sachstand.push({ stack: [{ text: ADDRESSEE_ANSWERS_HEADING, bold: true }, ...answers.map((text) => ({ text }))], style: 'evidence' });
  }
  if (d.changedSinceLastReport) sachstand.unshift({ text: `${CHANGED_MARK} ${CHANGED_NOTE}`, style: 'small', color: '#b7791f' });
  const cells: Content[] = [
    beschluss,
    { text: addresseeList(d.addressees) },
    { stack: sachstand },
    assessmentCell(b.assessment, b.label, b.detail, b.assessment === 'open' ? null : d.statusAsOf),
  ];
  return cells.map((c) => (fill ? { ...(c as object), fillColor: fill } : c) as TableCell);
}

/** The demands without a Sachstand, one line each, as rows spanning the table: a list under it. */
function silentRows(silent: ReportDemand[]): TableCell[][] {
  const span = (cell: Content): TableCell[] => [{ ...(cell as object), colSpan: 4 } as TableCell, {}, {}, {}];
  return [
    span({ text: SILENT_HEADING, style: 'small', bold: true }),
    ...silent.map((d) =>
      span({
        text: [
          ...(d.internal ? [{ text: `${INTERNAL_MARK} `, bold: true, color: '#a61b1b' }] : []),
          { text: `${zifferLine(d)}: `, bold: true, color: GREY },
          { text: d.summary },
          ...(d.thread ? [{ text: ` ${THREAD_MARK}`, color: GREY }] : []),
          { text: silentTail(d), color: GREY },
        ],
        margin: [0, -1.5, 0, -1.5],
      }),
    ),
  ];
}

function resolutionBlock(res: ReportResolution): Content[] {
  const heading = `TOP ${res.top} ${res.title}`;
  const metaLine = [...(res.internal ? [INTERNAL_MARK] : []), ...resolutionFacts(res)].join(' · ');
  const title: Content[] = [
    h2(heading),
    { text: metaLine, style: 'meta' },
    ...noteLines(res).map((text): Content => ({ text, style: 'meta' })),
  ];
  const { answered, silent } = splitByReply(res);
  const rows = [...answered.map(demandRow), ...(silent.length ? silentRows(silent) : [])];
  // Column labels only over rows that fill the columns.
  return [table(TOP_WIDTHS, answered.length ? [...TOP_COLUMNS] : null, rows, title, false, silent.length ? answered.length : undefined)];
}

const RESOLUTIONS_ID = 'abschnitt-beschluesse';
const THREADS_ID = 'abschnitt-straenge';

function resolutionsSection(r: Report): Content[] {
  const out: Content[] = [h1(sections.resolutions, RESOLUTIONS_ID)];
  out.push({
    text: [
      { text: `${CHANGED_MARK} `, color: '#b7791f' },
      { text: `Hinterlegte Zeile: Sachstand ${CHANGED_NOTE} (gemeldet nach dem ${germanDate(r.since)}). ` },
      { text: THREAD_MARK, color: GREY },
      { text: ': Verlauf in Abschnitt 3.' },
    ],
    style: 'note',
    margin: [0, 0, 0, 6],
  });
  if (r.resolutions.length === 0) out.push(para('Keine Beschlüsse erfasst.'));
  const quiet = quietLine(r);
  if (quiet) {
    // TOPs without follow-up keep their bookmark; it leads to this line.
    for (const res of r.resolutions) if (res.demands.length === 0) out.push(bookmark(`TOP ${res.top} ${res.title}`, RESOLUTIONS_ID));
    out.push({ text: quiet, style: 'note' });
  }
  for (const res of r.resolutions) {
    if (res.demands.length === 0) continue;
    out.push(bookmark(`TOP ${res.top} ${res.title}`, RESOLUTIONS_ID), ...resolutionBlock(res));
  }
  return out;
}

/** "18. IntMK (2023) TOP 4.3 Ziffer 2" on two lines. */
function memberRef(rep: { conference: number; year: number; top: string; ziffer: string | null }): string {
  return `${rep.conference}. IntMK (${rep.year})\n${topText(rep.top, rep.ziffer)}`;
}

const THREAD_WIDTHS: (number | '*')[] = [84, 60, '*', 70];
const ORIGIN_CHARS = 200;

/**
 * One strand as a table without column labels: title, state and origin as its (repeated) title;
 * one row per demand of another conference, with its wording; the reported conference's own
 * demands on one line, referred to section 2, where they stand in full.
 */
function threadBlock(t: ReportThread, r: Report): Content {
  const { own, others } = threadMembers(r, t);
  const title: Content[] = [
    { text: t.title, style: 'h3' },
    { text: threadMeta(t), style: 'meta', margin: [0, 0, 0, t.origin?.trim() ? 1 : 3] },
  ];
  // The origin quote backs the year first raised; two lines of it are enough for that here.
  if (t.origin?.trim()) title.push({ text: clip(t.origin.trim(), ORIGIN_CHARS), style: 'origin' });
  const rows: TableCell[][] = others.map((rep): TableCell[] => {
    const b = bewertungOf({ ...rep, kind: 'forderung' });
    return [{ text: memberRef(rep) }, { text: rep.relationLabel }, { text: rep.summary }, assessmentCell(b.assessment, b.label, b.detail)];
  });
  if (own.length > 0) {
    rows.push([
      { text: `${r.conference.number}. IntMK (${r.conference.year})` },
      { text: [...new Set(own.map((rep) => rep.relationLabel))].join(', ') },
      { text: [{ text: topRefs(own) }, { text: ` – ${OWN_MEMBERS_NOTE}`, color: GREY }], colSpan: 2 },
      {},
    ]);
  }
  return table(THREAD_WIDTHS, null, rows, title, true);
}

function threadsSection(r: Report): Content[] {
  const out: Content[] = [h1(sections.threads, THREADS_ID)];
  if (r.threads.length === 0) {
    out.push(para(NO_THREADS));
    return out;
  }
  out.push(para(threadsIntro(r)));
  out.push(figure(threadsOverviewDrawing(r.threads, r.asOf), CONTENT_WIDTH, 'Abbildung 2: Wiederkehrende Forderungen im Zeitverlauf'));
  for (const t of r.threads) out.push(bookmark(t.title, THREADS_ID), threadBlock(t, r));
  return out;
}

function changesSection(r: Report): Content[] {
  const out: Content[] = [h1(sections.changes)];
  if (r.changes.length === 0) {
    out.push(para(noChanges(r)));
    return out;
  }
  out.push(para(changesIntro(r)));
  const { own, earlier } = changeParts(r);
  if (own.length > 0) {
    out.push(
      table(
        [150, 40, '*'],
        [...OWN_CHANGE_COLUMNS],
        own.map((o): TableCell[] => [{ text: o.shift }, { text: String(o.count), alignment: 'right' }, { text: o.refs }]),
        [],
        true,
      ),
    );
  }
  if (earlier.length > 0) {
    out.push(tableTitle(EARLIER_CHANGES_TITLE));
    out.push(
      table(
        [84, '*', 70, 70, 150],
        ['TOP', 'Forderung', 'vorher', 'jetzt', 'Sachstand'],
        earlier.map((c): TableCell[] => {
          const before = bewertungOf({ status: c.before.status, statusLabel: c.before.statusLabel, kind: 'forderung' });
          const after = bewertungOf({ status: c.after.status, statusLabel: c.after.statusLabel, kind: 'forderung' });
          return [
            { text: conferenceRef(c.demand.conference, c.demand.top, c.demand.ziffer) },
            { text: c.demand.summary },
            assessmentCell(before.assessment, before.label, before.detail),
            assessmentCell(after.assessment, after.label, after.detail),
            {
              stack: [
                { text: `${germanShortDate(c.update.asOf)} · ${c.update.reporterName}`, bold: true },
                ...(c.update.internal ? [{ text: INTERNAL_MARK, bold: true, color: '#a61b1b' }] : []),
                ...(c.update.narrative.trim() ? [{ text: c.update.narrative }] : []),
              ],
            },
          ];
        }),
        [],
        true,
      ),
    );
  }
  return out;
}

function missingSection(r: Report): Content[] {
  const out: Content[] = [h1(sections.missing), para(missingIntro(r))];
  if (r.missing.length === 0) {
    out.push(para(NO_MISSING));
    return out;
  }
  const withRound = r.replyDeadline !== null;
  out.push(
    table(
      withRound ? [110, 40, '*', 60] : [130, 40, '*'],
      ['Zuständig', '>Anzahl', 'Forderungen', ...(withRound ? ['zuletzt gemeldet'] : [])],
      missingLines(r).map((line): TableCell[] => [
        { text: line.names.join(', ') },
        { text: String(line.count), alignment: 'right' },
        { text: line.refs },
        ...(withRound ? [{ text: line.lastReported ?? '–' }] : []),
      ]),
      [],
      true,
    ),
  );
  return out;
}

/** Open objections, in the internal version only (the public report has none). */
function objectionsBlock(r: Report): Content[] {
  const rows = objectionRows(r);
  if (rows.length === 0) return [];
  return [
    table(
      [150, 90, '*'],
      [...OBJECTION_COLUMNS],
      rows.map((o): TableCell[] => [{ stack: [{ text: o.ref, bold: true }, { text: o.summary }] }, { text: o.by }, { text: o.reason }]),
      [h2(OBJECTIONS_TITLE), { text: OBJECTIONS_INTRO, style: 'meta' }],
      true,
    ),
  ];
}

function earlierSection(r: Report): Content[] {
  const out: Content[] = [h1(sections.earlier)];
  if (r.earlierOpen.length === 0) {
    out.push(para(NO_EARLIER));
    return out;
  }
  const { intro, groups } = earlierSectionOf(r);
  out.push(para(intro));
  if (groups.length === 0) return out;
  const rows: TableCell[][] = [];
  let conference = 0;
  for (const g of groups) {
    if (g.conference !== conference) {
      conference = g.conference;
      rows.push([{ text: `${g.conference}. IntMK`, bold: true, colSpan: 4 }, {}, {}, {}]);
    }
    for (const d of g.demands) {
      const b = bewertungOf({ ...d, kind: 'forderung' });
      rows.push([
        { text: topText(d.top, d.ziffer) },
        { text: d.summary },
        { text: addresseeList(d.addressees) },
        assessmentCell(b.assessment, b.label, b.detail, null, d.lastUpdateAsOf ? `Stand ${germanShortDate(d.lastUpdateAsOf)}` : null),
      ]);
    }
  }
  out.push(
    table(
      [
        56,
        '*',
        wordFit(
          r.earlierOpen.map((d) => addresseeList(d.addressees)),
          8,
          80,
          112,
        ),
        64,
      ],
      ['TOP', 'Forderung', 'Adressat', 'Bewertung'],
      rows,
      [],
      true,
    ),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// Keeping a heading with what follows it. pdfmake's own view of the following nodes cannot decide
// this: it counts header and footer among them, and places an unbreakable block (a chart) on the
// page it was tried on before it moved. So the height a heading needs below it is estimated here,
// like the heights above, and compared with the room left where pdfmake put the heading.

/** Height of a top-level text node in its style, with its vertical margins. */
function blockHeight(node: Record<string, unknown>): number {
  const { fontSize, bold } = styleOf(node, STYLES, 10.5, false);
  const names = typeof node.style === 'string' ? [node.style] : [];
  const margin = [...names.map((n) => (STYLES as StyleDictionary)[n]?.margin), node.margin].reduce<number>(
    (m, x) => (Array.isArray(x) ? ((x[1] as number) ?? 0) + ((x[3] as number) ?? 0) : typeof x === 'number' ? 2 * x : m),
    0,
  );
  const text = paragraphs(node, fontSize, bold)
    .map((p) => p.text)
    .join('\n');
  return textHeight(text, CONTENT_WIDTH, fontSize, bold) + margin;
}

/**
 * What of a block must stand on the heading's page: a chart whole (it is unbreakable); of a table
 * its header rows with the rows pdfmake keeps with them; of anything else two lines.
 */
function leadHeight(node: Record<string, unknown>): number {
  const svg = Array.isArray(node.stack) ? (node.stack as Record<string, unknown>[]).find((n) => typeof n?.svg === 'string') : undefined;
  if (svg) {
    const m = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg.svg as string);
    const chart = m ? (Number(svg.width) * Number(m[2])) / Number(m[1]) : PAGE_TEXT_HEIGHT / 2;
    return (
      chart +
      6 +
      (node.stack as unknown[]).filter((n) => n !== svg).reduce<number>((h, n) => h + blockHeight(n as Record<string, unknown>), 0)
    );
  }
  const t = node.table as ContentTable['table'] | undefined;
  if (t) {
    const widths = t.widths as number[];
    const kept = (t.headerRows ?? 0) + (t.dontBreakRows ? Math.max(1, t.keepWithHeaderRows ?? 0) : 0);
    const rows = t.body.slice(0, Math.max(1, kept));
    return rows.reduce((h, cells) => h + rowHeight(cells, widths), 0) + (t.dontBreakRows ? 0 : 2 * 8.5 * LINE_EM);
  }
  return 2 * 10.5 * LINE_EM;
}

/**
 * For each heading (headlineLevel) of the top-level content, keyed by its id (one is given where
 * missing): the height it needs below its top, i.e. itself, the short texts after it (introduction,
 * notes) and the lead of the first block.
 */
function headingKeeps(content: Content[]): Map<string, number> {
  const keeps = new Map<string, number>();
  content.forEach((item, i) => {
    const heading = item as unknown as Record<string, unknown>;
    if (heading.headlineLevel === undefined) return;
    if (typeof heading.id !== 'string') heading.id = `ueberschrift-${i}`;
    let need = blockHeight(heading);
    for (const next of content.slice(i + 1) as unknown as Record<string, unknown>[]) {
      if (next.headlineLevel !== undefined) break;
      if (next.outline === true) continue; // a bookmark anchor
      if (next.text !== undefined && !next.unbreakable) {
        need += blockHeight(next);
        continue;
      }
      need += leadHeight(next);
      break;
    }
    keeps.set(heading.id as string, need + 6); // the estimates err on the high side; 6 pt for what they leave out
  });
  return keeps;
}

// ---------------------------------------------------------------------------------------------
// Hyphenation: every text node is fitted to the width it is set in, so pdfmake never has to break
// a word inside a syllable without a hyphen (it would when a word is wider than its column).

/** Width of a string in points, from the advance widths (without kerning: errs on the wide side). */
function measurer(fontSize: number, bold: boolean): (s: string) => number {
  const f = pdfFonts();
  return (s) => {
    let w = 0;
    for (const ch of s) w += f.advance(ch.codePointAt(0) ?? 0, bold) * fontSize;
    return w;
  };
}

function styleOf(node: Record<string, unknown>, styles: StyleDictionary, size: number, bold: boolean) {
  const names = Array.isArray(node.style) ? (node.style as string[]) : typeof node.style === 'string' ? [node.style] : [];
  let fontSize = size;
  let isBold = bold;
  for (const name of names) {
    const st = styles[name];
    if (st?.fontSize !== undefined) fontSize = st.fontSize;
    if (st?.bold !== undefined) isBold = st.bold;
  }
  if (typeof node.fontSize === 'number') fontSize = node.fontSize;
  if (typeof node.bold === 'boolean') isBold = node.bold;
  return { fontSize, bold: isBold };
}

function horizontalMargin(node: Record<string, unknown>): number {
  const m = node.margin;
  if (typeof m === 'number') return 2 * m;
  if (Array.isArray(m)) return m.length === 2 ? 2 * (m[0] as number) : ((m[0] as number) ?? 0) + ((m[2] as number) ?? 0);
  return 0;
}

/** A copy of `node` with every text fitted to `width` (see fitWords). */
function fitNode(node: unknown, width: number, size: number, bold: boolean, styles: StyleDictionary): unknown {
  if (typeof node === 'string') return fitWords(node, width - 0.5, measurer(size, bold));
  if (Array.isArray(node)) return node.map((n) => fitNode(n, width, size, bold, styles));
  if (!node || typeof node !== 'object') return node;
  const n = node as Record<string, unknown>;
  if ('svg' in n || 'image' in n || 'toc' in n || 'canvas' in n) return n;
  const st = styleOf(n, styles, size, bold);
  const w = width - horizontalMargin(n);
  const out: Record<string, unknown> = { ...n };
  if (Array.isArray(n.text)) {
    // Inline runs: a run that follows another without a space continues its last word.
    let glued = 0;
    out.text = n.text.map((inline: unknown) => {
      const node = typeof inline === 'string' ? { text: inline } : (inline as Record<string, unknown>);
      const ist = styleOf(node, styles, st.fontSize, st.bold);
      const text = typeof node.text === 'string' ? node.text : '';
      const fitted = fitWords(text, w - 0.5, measurer(ist.fontSize, ist.bold), glued);
      const tail = /\S+$/.exec(fitted.split('\n').pop() ?? '')?.[0];
      glued = tail && !/\s$/.test(text) ? (/\s/.test(fitted) ? 0 : glued) + measurer(ist.fontSize, ist.bold)(tail) : 0;
      return typeof inline === 'string' ? fitted : { ...node, text: fitted };
    });
  } else if (n.text !== undefined) out.text = fitNode(n.text, w, st.fontSize, st.bold, styles);
  if (n.stack !== undefined) out.stack = fitNode(n.stack, w, st.fontSize, st.bold, styles);
  if (n.ul !== undefined) out.ul = fitNode(n.ul, w - 14, st.fontSize, st.bold, styles);
  if (n.table && typeof n.table === 'object') {
    const t = n.table as ContentTable['table'];
    const widths = (t.widths as unknown[]).map((x) => (typeof x === 'number' ? x : w / t.widths!.length));
    out.table = {
      ...t,
      body: t.body.map((row) =>
        row.map((cell, i) => {
          const span = cell && typeof cell === 'object' && 'colSpan' in cell ? Number(cell.colSpan) : 1;
          let cw = 0;
          for (let k = i; k < i + span; k++) cw += widths[k] ?? 0;
          cw += (span - 1) * 7; // the padding between spanned columns
          return fitNode(cell, cw, st.fontSize, st.bold, styles) as TableCell;
        }),
      ),
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Document

const STYLES = {
  kicker: { fontSize: 11, color: GREY, margin: [0, 150, 0, 6] },
  title: { fontSize: 24, bold: true, color: '#1f3a56', margin: [0, 0, 0, 4] },
  subtitle: { fontSize: 15, color: '#1f3a56' },
  titleLine: { fontSize: 11.5 },
  factKey: { fontSize: 10.5, color: GREY },
  factValue: { fontSize: 10.5 },
  audience: { fontSize: 10.5, bold: true, margin: [0, 10, 0, 0] },
  tocTitle: { fontSize: 13, bold: true, margin: [0, 0, 0, 6], color: '#1f3a56' },
  tocH1: { fontSize: 10.5 },
  h1: { fontSize: 15, bold: true, color: '#1f3a56', margin: [0, 0, 0, 8] },
  h2: { fontSize: 11, bold: true, color: '#1f3a56', margin: [0, 9, 0, 1] },
  h3: { fontSize: 10, bold: true, color: '#1f3a56', margin: [0, 10, 0, 1] },
  body: { fontSize: 10.5, margin: [0, 0, 0, 6] },
  meta: { fontSize: 9, color: GREY, margin: [0, 0, 0, 4] },
  origin: { fontSize: 8.5, italics: true, color: '#333333', margin: [0, 0, 0, 3] },
  tableTitle: { fontSize: 10.5, bold: true, margin: [0, 10, 0, 4] },
  table: { fontSize: 8.5, lineHeight: 1.1, margin: [0, 0, 0, 6] },
  dense: { fontSize: 8 },
  th: { bold: true },
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
} satisfies StyleDictionary;

function documentDefinition(r: Report): TDocumentDefinitions {
  const footerTitle = `${clip(r.title.replace(/\s+/g, ' '), 110)} – Stichtag ${germanDate(r.asOf)}`;
  const internal = r.audience === 'internal';
  const content = [
    ...titlePage(r),
    ...summarySection(r),
    ...resolutionsSection(r),
    ...threadsSection(r),
    ...changesSection(r),
    ...missingSection(r),
    ...objectionsBlock(r),
    ...earlierSection(r),
  ];
  const keeps = headingKeeps(content);
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [57, internal ? 62 : 50, 57, 54],
    language: 'de-DE',
    displayTitle: true,
    version: '1.7',
    info: {
      title: `${r.title} (${r.subtitle})`,
      author: 'IntMK-Geschäftsstelle',
      subject: `Erfolgskontrolle der Beschlüsse der ${r.conference.number}. IntMK, Stichtag ${germanDate(r.asOf)}, ${audienceLabel(r.audience)}`,
      keywords: 'IntMK, Integrationsministerkonferenz, Erfolgskontrolle',
      creator: 'IntMK-Erfolgskontrolle',
      producer: 'IntMK-Erfolgskontrolle (pdfmake)',
      ...(Number.isNaN(Date.parse(r.generated)) ? {} : { creationDate: new Date(r.generated) }),
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
    footer: (currentPage: number, pageCount: number): Content => ({
      margin: [57, 18, 57, 0],
      columns: [
        { text: footerTitle, style: 'footer', width: CONTENT_WIDTH - 100 },
        { text: `Seite ${currentPage} von ${pageCount}`, style: 'footer', alignment: 'right', width: 90 },
      ],
    }),
    content: fitNode(content, CONTENT_WIDTH, 10.5, false, STYLES) as Content[],
    // A section heading in the last quarter of a page starts the next one instead, and so does one
    // whose introduction and the start of the block after it do not fit below it (pdfmake lays the
    // document out again for each such move: a handful of headings, so a handful at most).
    // (Wrapping heading and chart in one unbreakable block instead makes pdfmake drop the block
    // when it is nearly a page tall.)
    pageBreakBefore: (node) => {
      const at = node.startPosition;
      if (node.headlineLevel === undefined || !at || at.verticalRatio < 0.05) return false;
      const need = typeof node.id === 'string' ? (keeps.get(node.id) ?? 0) : 0;
      return at.verticalRatio > 0.75 || need > (1 - at.verticalRatio) * at.pageInnerHeight;
    },
    defaultStyle: { font: FONT_FAMILY, fontSize: 10.5, lineHeight: 1.15, color: '#1a1a1a' },
    styles: STYLES,
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
  // Every string made safe first, so tables, charts and metadata all see clean text.
  const clean = mapStrings(report, pdfText);
  const definition = documentDefinition(clean);
  configurePdfmake();
  trimShapingCache();
  fastStyleLookup();
  breakHeadingsInOnePass();
  bufferContentStreams();
  drawWordsAsRuns();
  drawChartsDirectly();
  return pdfmake.createPdf(definition).getBuffer();
}
