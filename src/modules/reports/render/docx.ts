// The Erfolgskontrolle as a Word document (DOCX) that a ministry can circulate: real heading styles
// (navigation pane), tables whose header row repeats on every page, page numbers, German dates and
// the charts as PNG images. Every string from the record goes through text(), which removes what XML
// cannot hold and never turns data into markup or links (URLs are printed as plain text).
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  ImportedXmlComponent,
  type IParagraphOptions,
  type IRunOptions,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
  type XmlComponent,
} from 'docx';
import { ASSESSMENT_COLORS, ASSESSMENT_LABELS, ASSESSMENTS } from '../../../domain/assessment.js';
import type { Report, ReportDemand, ReportResolution, ReportThread } from '../reports.schemas.js';
import { progressByAddresseeChart, threadsOverviewChart } from './charts.js';
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
  stripControl,
  topRef,
} from './format.js';
import { type Raster, svgToPng } from './raster.js';
import {
  ADDRESSEE_ANSWERS_HEADING,
  addresseeAnswers,
  addresseeAssessments,
  assessmentRows,
  type Bewertung,
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
// Page geometry (twips: 1 cm = 567) and typography (half-points)

const PAGE_WIDTH = 11906; // A4
const PAGE_HEIGHT = 16838;
const MARGIN = 1134; // 2 cm
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN; // 9638 twips = 17 cm
const PX_PER_CM = 96 / 2.54; // docx image sizes are pixels at 96 dpi
const CHART_WIDTH_CM = 16;
const TIMELINE_WIDTH_CM = 17; // the timeline is a wide, flat strip: use the full text width

const BODY_SIZE = 21; // 10.5 pt
const TABLE_SIZE = 18; // 9 pt
const SMALL_SIZE = 16; // 8 pt
const FOOTER_SIZE = 15; // 7.5 pt

// Arial: on every ministry PC, so Word neither substitutes nor reflows (LibreOffice uses its
// metric-compatible Liberation Sans).
const DOCX_FONT = 'Arial';
const FONT = { ascii: DOCX_FONT, hAnsi: DOCX_FONT, cs: DOCX_FONT, eastAsia: DOCX_FONT };
const HEADING_COLOR = '1F3B5A';
const MUTED = '555555';
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' } as const;
const HEADER_FILL = 'E7ECF2';
const TOTAL_FILL = 'F3F3F3';
const CHANGED_COLOR = 'B35900';

// ---------------------------------------------------------------------------------------------
// Text: everything from the record passes through clean() before it reaches docx

/** What XML 1.0 cannot carry removed (stripControl); \r\n and \r become \n. */
function clean(value: string | null | undefined): string {
  return value ? stripControl(value.replace(/\r\n?/g, '\n')) : '';
}

type RunStyle = Omit<IRunOptions, 'text' | 'children' | 'break'>;

/** Runs for one string: lines split on \n (joined by line breaks), tabs as real tab elements. */
function runs(value: string | null | undefined, style: RunStyle = {}): TextRun[] {
  const lines = clean(value).split('\n');
  return lines.map((line, i) => {
    const parts = line.split('\t');
    const children: (string | Tab)[] = [];
    parts.forEach((part, j) => {
      if (j > 0) children.push(new Tab());
      if (part) children.push(part);
    });
    return new TextRun({ ...style, children, ...(i > 0 ? { break: 1 } : {}) });
  });
}

/** First line, at most `max` characters. */
function firstLine(value: string, max: number): string {
  return clip(clean(value).split('\n')[0] ?? '', max);
}

function para(content: string | TextRun[], options: Omit<IParagraphOptions, 'children' | 'text'> = {}, style: RunStyle = {}): Paragraph {
  return new Paragraph({ ...options, children: typeof content === 'string' ? runs(content, style) : content });
}

/** Bookmark names of the section headings, which the table of contents refers to (PAGEREF). */
const SECTION_BOOKMARKS = new Map<string, string>(Object.values(sections).map((title, i) => [title, `_Toc_Abschnitt_${i + 1}`]));

/**
 * A main section. Only the first starts a new page: the others run on (the heading style keeps
 * each with what follows), so part-empty pages do not double the annex.
 */
function heading1(text: string, pageBreakBefore = false): Paragraph {
  const id = SECTION_BOOKMARKS.get(text);
  return new Paragraph({
    heading: HeadingLevel.HEADING_1,
    pageBreakBefore,
    children: id ? [new Bookmark({ id, children: runs(text) })] : runs(text),
  });
}

function heading2(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(text) });
}

function conferenceLabel(n: number, year?: number): string {
  return year ? `${n}. IntMK ${year}` : `${n}. IntMK`;
}

function yearsOpenText(yearsOpen: number | null): string {
  return yearsOpen === null ? 'abgeschlossen' : `${plural(yearsOpen, 'Jahr', 'Jahre')} offen`;
}

// ---------------------------------------------------------------------------------------------
// Tables

interface Column {
  header: string;
  /** Share of the table width, in any unit; normalised to twips. */
  width: number;
  align?: (typeof AlignmentType)[keyof typeof AlignmentType];
}

type CellContent = string | Paragraph[];

interface RowSpec {
  /** One cell per column; with `span`, one cell across all columns. */
  cells: CellContent[];
  fill?: string;
  bold?: boolean;
  span?: boolean;
  /** A list that may run on to the next page (rows are otherwise kept whole). */
  mayBreak?: boolean;
}

function cellParagraphs(content: CellContent, align: Column['align'], bold: boolean, keepNext = false): Paragraph[] {
  if (typeof content !== 'string') return content.length ? content : [new Paragraph({})];
  return [para(content, { alignment: align, keepNext, spacing: { after: 0 } }, { size: TABLE_SIZE, bold })];
}

/** A table; with `withHeader` false, no row of column labels (for a table whose rows say what they are). */
function table(columns: Column[], rows: RowSpec[], totalWidth = CONTENT_WIDTH, withHeader = true): Table {
  const sum = columns.reduce((n, c) => n + c.width, 0);
  const widths = columns.map((c) => Math.floor((c.width / sum) * totalWidth));
  widths[widths.length - 1] = (widths[widths.length - 1] ?? 0) + totalWidth - widths.reduce((n, w) => n + w, 0);
  const cell = (content: CellContent, i: number, opts: { fill?: string; bold?: boolean; header?: boolean; span?: boolean }) =>
    new TableCell({
      width: { size: opts.span ? totalWidth : (widths[i] ?? 0), type: WidthType.DXA },
      ...(opts.span ? { columnSpan: columns.length } : {}),
      verticalAlign: opts.header ? VerticalAlign.BOTTOM : VerticalAlign.TOP,
      ...(opts.fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: opts.fill } } : {}),
      // Word keeps a row whose paragraphs are "keep with next" with the row after it: the labels
      // never end a page without the first row.
      children: cellParagraphs(content, columns[i]?.align, opts.bold ?? false, opts.header),
    });
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: columns.map((c, i) => cell(c.header, i, { fill: HEADER_FILL, bold: true, header: true })),
  });
  const body = rows.map(
    (r) =>
      new TableRow({
        // A row taller than a page is still broken by Word; every other row stays whole.
        cantSplit: !r.mayBreak,
        children: r.span
          ? [cell(r.cells[0] ?? '', 0, { fill: r.fill, bold: r.bold, span: true })]
          : r.cells.map((c, i) => cell(c, i, { fill: r.fill, bold: r.bold })),
      }),
  );
  return new Table({
    width: { size: totalWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    margins: { top: 40, bottom: 40, left: 70, right: 70, marginUnitType: WidthType.DXA },
    rows: withHeader ? [header, ...body] : body,
  });
}

/** Small gap after a table, so the next heading or paragraph does not stick to it. */
function gap(): Paragraph {
  return new Paragraph({ spacing: { before: 0, after: 120 }, children: [] });
}

function small(text: string, style: RunStyle = {}, spacingBefore = 0): Paragraph {
  return para(text, { spacing: { before: spacingBefore, after: 0 } }, { size: SMALL_SIZE, ...style });
}

// ---------------------------------------------------------------------------------------------
// Charts

// docx names an image by the SHA-1 of its bytes, computed in JavaScript (100-200 ms for a chart).
// The image run of a cached raster (raster.ts) is kept with it and used again in the next document.
const imageRuns = new WeakMap<Raster, Map<string, ImageRun>>();

function imageRun(image: Raster, width: number, height: number, description: string): ImageRun {
  const key = `${width}x${height}\n${description}`;
  let runs = imageRuns.get(image);
  if (!runs) {
    runs = new Map();
    imageRuns.set(image, runs);
  }
  let run = runs.get(key);
  if (!run) {
    run = new ImageRun({
      type: 'png',
      data: image.png,
      transformation: { width, height },
      altText: { name: 'Diagramm', title: clean(description), description: clean(description) },
    });
    runs.set(key, run);
  }
  return run;
}

function figure(svg: () => string, description: string, widthCm = CHART_WIDTH_CM): Paragraph {
  let image: Raster;
  try {
    image = svgToPng(svg());
  } catch {
    // A chart that cannot be drawn must not cost the whole document.
    return para(`[Diagramm nicht verfügbar: ${description}]`, { keepNext: true }, { italics: true, color: MUTED, size: SMALL_SIZE });
  }
  const w = widthCm * PX_PER_CM;
  const h = (w * image.height) / Math.max(1, image.width);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext: true,
    spacing: { before: 120, after: 60 },
    children: [imageRun(image, Math.round(w), Math.round(h), description)],
  });
}

function caption(text: string): Paragraph {
  return para(text, { style: 'Caption', alignment: AlignmentType.CENTER, spacing: { before: 0, after: 240 } });
}

// ---------------------------------------------------------------------------------------------
// Sections

function titleBlock(report: Report): Paragraph[] {
  const cover = coverOf(report);
  return [
    para('Integrationsministerkonferenz', { spacing: { before: 2000, after: 120 } }, { size: 22, color: MUTED }),
    new Paragraph({ heading: HeadingLevel.TITLE, spacing: { after: 200 }, children: runs(cover.title) }),
    para(cover.subtitle, { spacing: { after: 360 } }, { size: 32, color: HEADING_COLOR }),
    para(cover.sender, { spacing: { after: 160 } }, { size: 22 }),
    ...cover.facts.map(([k, v]) =>
      para([...runs(`${k}: `, { size: 22, color: MUTED }), ...runs(v, { size: 22 })], { spacing: { after: 60 } }),
    ),
    para(
      audienceLabel(report.audience),
      { spacing: { before: 300, after: 80 } },
      { size: 24, bold: true, color: report.audience === 'internal' ? 'B00020' : HEADING_COLOR },
    ),
  ];
}

/** One element from XML text (fromXmlString wraps what it parses in a nameless root). */
function rawElement(xmlString: string): XmlComponent {
  return (ImportedXmlComponent.fromXmlString(xmlString) as unknown as { root: XmlComponent[] }).root[0] as XmlComponent;
}

const xmlText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const fieldRuns = (instruction: string, cached: string) =>
  `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ${xmlText(instruction)} </w:instrText></w:r>` +
  `<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve">${xmlText(cached)}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;

/**
 * A real table-of-contents field (TOC \o "1-1" \h) over the section headings, as Word writes
 * one: its result already holds the titles and, per entry, a PAGEREF field to the heading's
 * bookmark, so the contents show before anyone presses F9, and Word or LibreOffice fill in the
 * page numbers themselves. (docx's own TableOfContents puts the field characters into one run,
 * which LibreOffice shows as the field code.)
 */
function contents(): (Paragraph | XmlComponent)[] {
  const titles = [...SECTION_BOOKMARKS];
  const entries = titles.map(([title, bookmark], i) => {
    const begin =
      i === 0
        ? '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o &quot;1-1&quot; \\h \\z </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        : '';
    const end = i === titles.length - 1 ? '<w:r><w:fldChar w:fldCharType="end"/></w:r>' : '';
    return rawElement(
      `<w:p ${W_NS}><w:pPr><w:pStyle w:val="TOC1"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="${CONTENT_WIDTH}"/></w:tabs><w:spacing w:after="60"/></w:pPr>` +
        `${begin}<w:r><w:t xml:space="preserve">${xmlText(title)}</w:t></w:r><w:r><w:tab/></w:r>${fieldRuns(`PAGEREF ${bookmark} \\h`, '')}${end}</w:p>`,
    );
  });
  return [para('Inhalt', { spacing: { before: 480, after: 120 } }, { bold: true, size: 26, color: HEADING_COLOR }), ...entries];
}

function assessmentCell(b: Bewertung, since?: string | null): Paragraph[] {
  const extra: Paragraph[] = [];
  if (b.detail) extra.push(small(b.detail, { color: MUTED }));
  if (since) extra.push(small(`seit ${germanShortDate(since)}`, { color: MUTED }));
  return [
    new Paragraph({
      spacing: { after: 0 },
      children: [
        new TextRun({ text: '■\u00a0', color: ASSESSMENT_COLORS[b.assessment].slice(1), size: TABLE_SIZE }),
        ...runs(b.label, { size: TABLE_SIZE }),
      ],
    }),
    ...extra,
  ];
}

function summarySection(report: Report): (Paragraph | Table)[] {
  const s = report.summary;
  const out: (Paragraph | Table)[] = [heading1(sections.summary, true)];
  out.push(
    para(
      `Die Erfolgskontrolle umfasst ${plural(s.resolutions, 'Beschluss', 'Beschlüsse')} der ${report.conference.number}. IntMK mit insgesamt ` +
        `${plural(s.demands, 'nachzuverfolgenden Forderung', 'nachzuverfolgenden Forderungen')}. Maßgeblich ist der Stand zum Stichtag ${germanDate(report.asOf)}.`,
    ),
  );
  if (s.demands > 0) {
    out.push(heading2('Stand nach Bewertung'));
    out.push(
      table(
        [
          { header: 'Bewertung', width: 24 },
          { header: 'Anzahl', width: 12, align: AlignmentType.RIGHT },
          { header: 'Anteil', width: 12, align: AlignmentType.RIGHT },
          { header: 'davon nach Status', width: 52 },
        ],
        [
          ...assessmentRows(report).map((row) => ({
            cells: [
              assessmentCell({ assessment: row.assessment, label: row.label, detail: null }),
              String(row.count),
              percent(row.count, s.demands),
              row.statuses || '–',
            ],
          })),
          { cells: [TOTAL, String(s.demands), percent(s.demands, s.demands), ''], fill: TOTAL_FILL, bold: true },
        ],
      ),
      gap(),
    );
  }
  const byAddressee = addresseeAssessments(report);
  if (byAddressee.length) {
    out.push(heading2('Forderungen nach Adressat'));
    out.push(
      table(
        [
          { header: 'Adressat', width: 34 },
          { header: 'Anzahl', width: 10, align: AlignmentType.RIGHT },
          ...ASSESSMENTS.map((a) => ({ header: ASSESSMENT_LABELS[a], width: 11.2, align: AlignmentType.RIGHT })),
        ],
        byAddressee.map((a) => ({ cells: [a.name, String(a.total), ...ASSESSMENTS.map((x) => String(a.counts[x]))] })),
      ),
      para(MULTIPLE_ADDRESSEES_NOTE, { spacing: { before: 60 } }, { size: SMALL_SIZE, color: MUTED }),
    );
  }
  if (report.progress.conferences.length > 1) {
    out.push(
      heading2(PROGRESS_TITLE),
      para(progressIntro(report), { keepNext: true }, { size: SMALL_SIZE + 2, color: MUTED }),
      table(
        PROGRESS_COLUMNS.map((h, i) => ({
          header: h.replace(/^>/, ''),
          width: i === 0 ? 22 : 13,
          ...(h.startsWith('>') ? { align: AlignmentType.RIGHT } : {}),
        })),
        progressRows(report).map((cells) => ({ cells })),
      ),
      gap(),
    );
    if (report.progress.byAddressee.length) {
      out.push(
        figure(() => progressByAddresseeChart(report), 'Beantwortet und erledigt nach Adressat, je Konferenz'),
        caption('Abbildung 1: Beantwortet und erledigt nach Adressat, je Konferenz (Stand Stichtag)'),
      );
    }
  }

  if (s.oldestOpenThreads.length) {
    out.push(heading2('Älteste offene Stränge'));
    for (const t of s.oldestOpenThreads) {
      out.push(
        new Paragraph({
          indent: { left: 360, hanging: 240 },
          spacing: { after: 80 },
          children: [
            new TextRun({ text: '•\t' }),
            ...runs(t.title, { bold: true }),
            ...runs(` – seit ${t.firstRaised} · ${yearsOpenText(t.yearsOpen)} · Status: ${t.statusLabel}`),
          ],
          tabStops: [{ type: TabStopType.LEFT, position: 360 }],
        }),
      );
    }
  }
  return out;
}

function sachstand(update: ReportDemand['update'], cellSize = TABLE_SIZE): Paragraph[] {
  if (!update) return [para(NO_REPLY, { spacing: { after: 0 } }, { size: cellSize, italics: true, color: MUTED })];
  const out: Paragraph[] = [];
  if (update.internal) out.push(small(INTERNAL_MARK, { bold: true, color: 'B00020' }, 0));
  if (clean(update.narrative).trim()) out.push(para(update.narrative, { spacing: { after: 60 } }, { size: cellSize }));
  const lines = evidenceLines(update);
  update.evidence.forEach((e, i) => {
    // On paper the start of an address is what a reader can use: a long one is cut (full in JSON, XLSX).
    const url = clip(clean(e.url).trim(), 120);
    out.push(small(`Quelle: ${lines[i] ?? ''}${url ? ` – ${url}` : ''}`, { color: '333333' }, 20));
  });
  out.push(small(`gemeldet von ${update.reporterName} am ${germanShortDate(update.asOf)}`, { italics: true, color: MUTED }, 60));
  return out;
}

/** The facts line; a budget reservation, often a whole sentence, on a line of its own. */
function resolutionInfo(r: ReportResolution): string {
  const facts = [...(r.internal ? [INTERNAL_MARK] : []), ...resolutionFacts(r)];
  const budget = r.budgetReservation ? facts.pop() : undefined;
  return [facts.join(' · '), ...(budget ? [budget] : []), ...noteLines(r)].join('\n');
}

function demandRow(d: ReportDemand): RowSpec {
  const marker = d.changedSinceLastReport ? [small(`● ${CHANGED_NOTE}`, { bold: true, color: CHANGED_COLOR }, 0)] : [];
  const b = bewertungOf(d);
  const beschluss = [
    new Paragraph({
      spacing: { after: 0 },
      children: [
        ...(d.internal ? runs(`${INTERNAL_MARK} `, { size: TABLE_SIZE, bold: true, color: 'B00020' }) : []),
        ...runs(`${zifferLine(d)}: `, { size: TABLE_SIZE, bold: true, color: MUTED }),
        ...runs(d.summary, { size: TABLE_SIZE }),
        ...(d.thread ? runs(` ${THREAD_MARK}`, { size: TABLE_SIZE, color: MUTED }) : []),
      ],
    }),
  ];
  return {
    cells: [
      beschluss,
      addresseeList(d.addressees),
      [
        ...marker,
        ...sachstand(d.update),
        ...addresseeAnswers(d).map((line, i) =>
          small(i === 0 ? `${ADDRESSEE_ANSWERS_HEADING} ${line}` : line, { color: '333333' }, i === 0 ? 40 : 0),
        ),
      ],
      assessmentCell(b, b.assessment === 'open' ? null : d.statusAsOf),
    ],
    fill: d.changedSinceLastReport ? 'FFF5D1' : undefined,
  };
}

/** The same columns in every TOP table. */
const TOP_TABLE: Column[] = [
  { header: TOP_COLUMNS[0], width: 37 },
  { header: TOP_COLUMNS[1], width: 14 },
  { header: TOP_COLUMNS[2], width: 36 },
  { header: TOP_COLUMNS[3], width: 13 },
];

/** The demands without a Sachstand: one line each, in one row across the table, under a heading. */
function silentRow(silent: ReportDemand[]): RowSpec {
  return {
    span: true,
    mayBreak: true,
    cells: [
      [
        small(SILENT_HEADING, { bold: true, color: MUTED }),
        ...silent.map(
          (d) =>
            new Paragraph({
              spacing: { before: 30, after: 0 },
              children: [
                ...(d.internal ? runs(`${INTERNAL_MARK} `, { size: TABLE_SIZE, bold: true, color: 'B00020' }) : []),
                ...runs(`${zifferLine(d)}: `, { size: TABLE_SIZE, bold: true, color: MUTED }),
                ...runs(d.summary, { size: TABLE_SIZE }),
                ...(d.thread ? runs(` ${THREAD_MARK}`, { size: TABLE_SIZE, color: MUTED }) : []),
                ...runs(silentTail(d), { size: TABLE_SIZE, color: MUTED }),
              ],
            }),
        ),
      ],
    ],
  };
}

function resolutionsSection(report: Report): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [heading1(sections.resolutions)];
  if (report.resolutions.some((r) => r.demands.some((d) => d.changedSinceLastReport))) {
    out.push(
      new Paragraph({
        keepNext: true,
        children: [
          new TextRun({ text: `● ${CHANGED_NOTE}`, bold: true, color: CHANGED_COLOR, size: SMALL_SIZE }),
          new TextRun({ text: `: Sachstand nach dem ${germanDate(report.since)} gemeldet.`, color: MUTED, size: SMALL_SIZE }),
        ],
      }),
    );
  }
  if (!report.resolutions.length) out.push(para('Keine Beschlüsse.'));
  const quiet = quietLine(report);
  // The notes under the heading stay with it and the first TOP (Word: keep with next).
  if (quiet) out.push(para(quiet, { keepNext: true }, { size: SMALL_SIZE + 2, color: MUTED }));
  out.push(
    para(`${THREAD_MARK}: wiederkehrende Forderung, Verlauf in Abschnitt 3.`, { keepNext: true }, { size: SMALL_SIZE, color: MUTED }),
  );
  for (const r of report.resolutions) {
    if (!r.demands.length) continue;
    out.push(heading2(`TOP ${r.top} ${r.title}`));
    out.push(para(resolutionInfo(r), { keepNext: true, spacing: { after: 100 } }, { size: SMALL_SIZE + 2, color: MUTED }));
    const { answered, silent } = splitByReply(r);
    // Column labels only over rows that fill the columns.
    out.push(
      table(TOP_TABLE, [...answered.map(demandRow), ...(silent.length ? [silentRow(silent)] : [])], CONTENT_WIDTH, answered.length > 0),
      gap(),
    );
  }
  return out;
}

/** The origin quote backs the year first raised; two lines of it are enough for that here. */
const ORIGIN_CHARS = 200;

/**
 * One strand: title, state and origin; a row per demand of another conference, with its wording;
 * the reported conference's own demands on one line, referred to section 2.
 */
function threadSection(thread: ReportThread, report: Report): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [heading2(thread.title)];
  out.push(para(threadMeta(thread), { keepNext: true, spacing: { after: 40 } }, { size: SMALL_SIZE + 2, color: MUTED }));
  if (thread.origin?.trim()) {
    out.push(
      para(
        clip(thread.origin.trim(), ORIGIN_CHARS),
        { keepNext: true, spacing: { after: 60 } },
        { italics: true, color: MUTED, size: SMALL_SIZE + 1 },
      ),
    );
  }
  const { own, others } = threadMembers(report, thread);
  const rows: RowSpec[] = others.map((r) => ({
    cells: [
      `${conferenceLabel(r.conference, r.year)}\n${topRef(r.top, r.ziffer)}`,
      r.relationLabel,
      r.summary,
      assessmentCell(bewertungOf({ ...r, kind: 'forderung' })),
    ],
  }));
  if (own.length) {
    rows.push({
      span: true,
      cells: [
        [
          new Paragraph({
            spacing: { after: 0 },
            children: [
              ...runs(`${conferenceLabel(report.conference.number, report.conference.year)}: `, { size: TABLE_SIZE, bold: true }),
              ...runs(topRefs(own), { size: TABLE_SIZE }),
              ...runs(` – ${OWN_MEMBERS_NOTE}`, { size: TABLE_SIZE, color: MUTED }),
            ],
          }),
        ],
      ],
    });
  }
  out.push(
    table(
      [
        { header: 'Konferenz, TOP', width: 18 },
        { header: 'Bezug', width: 12 },
        { header: 'Forderung', width: 52 },
        { header: 'Bewertung', width: 18 },
      ],
      rows,
      CONTENT_WIDTH,
      false,
    ),
    gap(),
  );
  return out;
}

function threadsSection(report: Report): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [heading1(sections.threads)];
  if (!report.threads.length) {
    out.push(para(NO_THREADS));
    return out;
  }
  out.push(
    para(threadsIntro(report), { keepNext: true }),
    figure(() => threadsOverviewChart(report.threads, report.asOf), 'Wiederkehrende Forderungen im Zeitverlauf', TIMELINE_WIDTH_CM),
    caption('Abbildung 2: Wiederkehrende Forderungen im Zeitverlauf'),
  );
  for (const t of report.threads) out.push(...threadSection(t, report));
  return out;
}

function changesSection(report: Report): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [heading1(sections.changes)];
  if (!report.changes.length) {
    out.push(para(noChanges(report)));
    return out;
  }
  out.push(para(changesIntro(report), { keepNext: true }));
  const { own, earlier } = changeParts(report);
  if (own.length > 0) {
    out.push(
      table(
        [
          { header: 'Bewertung vorher → jetzt', width: 30 },
          { header: 'Anzahl', width: 9, align: AlignmentType.RIGHT },
          { header: 'Forderungen', width: 61 },
        ],
        own.map((o) => ({ cells: [o.shift, String(o.count), o.refs] })),
      ),
      gap(),
    );
  }
  if (earlier.length > 0) {
    out.push(
      heading2(EARLIER_CHANGES_TITLE),
      table(
        [
          { header: 'TOP', width: 14 },
          { header: 'Forderung', width: 28 },
          { header: 'vorher', width: 14 },
          { header: 'jetzt', width: 14 },
          { header: 'Sachstand', width: 30 },
        ],
        earlier.map((c) => ({
          cells: [
            `${conferenceLabel(c.demand.conference)}\n${topRef(c.demand.top, c.demand.ziffer)}`,
            c.demand.summary,
            assessmentCell(bewertungOf({ ...c.before, kind: 'forderung' })),
            assessmentCell(bewertungOf({ ...c.after, kind: 'forderung' })),
            sachstand(c.update),
          ],
        })),
      ),
      gap(),
    );
  }
  return out;
}

function missingSection(report: Report): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [heading1(sections.missing), para(missingIntro(report), { keepNext: true })];
  if (!report.missing.length) {
    out.push(para(NO_MISSING));
    return out;
  }
  const withRound = report.replyDeadline !== null;
  out.push(
    table(
      [
        { header: 'Zuständig', width: withRound ? 22 : 26 },
        { header: 'Anzahl', width: 9, align: AlignmentType.RIGHT },
        { header: 'Forderungen', width: withRound ? 55 : 65 },
        ...(withRound ? [{ header: 'zuletzt gemeldet', width: 14 }] : []),
      ],
      missingLines(report).map((line) => ({
        cells: [line.names.join(', '), String(line.count), line.refs, ...(withRound ? [line.lastReported ?? '–'] : [])],
      })),
    ),
  );
  return out;
}

/** Open objections, in the internal version only (the public report has none). */
function objectionsBlock(report: Report): (Paragraph | Table)[] {
  const rows = objectionRows(report);
  if (!rows.length) return [];
  return [
    heading2(OBJECTIONS_TITLE),
    para(OBJECTIONS_INTRO, { keepNext: true }, { size: SMALL_SIZE + 2, color: MUTED }),
    table(
      [
        { header: OBJECTION_COLUMNS[0], width: 38 },
        { header: OBJECTION_COLUMNS[1], width: 20 },
        { header: OBJECTION_COLUMNS[2], width: 42 },
      ],
      rows.map((o) => ({
        cells: [[small(o.ref, { bold: true }), para(o.summary, { spacing: { after: 0 } }, { size: TABLE_SIZE })], o.by, o.reason],
      })),
    ),
    gap(),
  ];
}

function earlierSection(report: Report): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [heading1(sections.earlier)];
  if (!report.earlierOpen.length) {
    out.push(para(NO_EARLIER));
    return out;
  }
  const { intro, groups } = earlierSectionOf(report);
  out.push(para(intro, { keepNext: groups.length > 0 }));
  if (groups.length === 0) return out;
  const rows: RowSpec[] = [];
  let conference = 0;
  for (const g of groups) {
    if (g.conference !== conference) {
      conference = g.conference;
      rows.push({ span: true, bold: true, fill: TOTAL_FILL, cells: [conferenceLabel(g.conference)] });
    }
    for (const d of g.demands) {
      const b = bewertungOf({ ...d, kind: 'forderung' });
      rows.push({
        cells: [
          topRef(d.top, d.ziffer),
          d.summary,
          addresseeList(d.addressees),
          [...assessmentCell(b), ...(d.lastUpdateAsOf ? [small(`Stand ${germanShortDate(d.lastUpdateAsOf)}`, { color: MUTED })] : [])],
        ],
      });
    }
  }
  out.push(
    table(
      [
        { header: 'TOP', width: 14 },
        { header: 'Forderung', width: 52 },
        { header: 'Adressat', width: 20 },
        { header: 'Bewertung', width: 14 },
      ],
      rows,
    ),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// Document

const FONT_TABLE =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
  '<w:font w:name="Arial"><w:altName w:val="Liberation Sans"/><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>' +
  '</w:fonts>';

function footer(report: Report): Footer {
  // Size and colour come from the Footer paragraph style, so the page-number fields (whose result
  // runs LibreOffice formats from the paragraph) match the text around them.
  return new Footer({
    children: [
      new Paragraph({
        style: 'Footer',
        tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_WIDTH }],
        border: { top: { style: BorderStyle.SINGLE, size: 4, color: 'BFBFBF', space: 4 } },
        children: [
          // Clipped: the footer has one line, whatever the title holds.
          ...runs(`${firstLine(report.title, 60)} – Stichtag ${germanDate(report.asOf)}`),
          new TextRun({ children: [new Tab(), 'Seite ', PageNumber.CURRENT, ' von ', PageNumber.TOTAL_PAGES] }),
        ],
      }),
    ],
  });
}

function header(report: Report): Header | undefined {
  if (report.audience !== 'internal') return undefined;
  return new Header({
    children: [
      para('Intern – nicht zur Veröffentlichung', { style: 'Header', alignment: AlignmentType.RIGHT }, { bold: true, color: 'B00020' }),
    ],
  });
}

export async function renderDocx(input: Report): Promise<Buffer> {
  // A copy with every string cleaned, so the charts (SVG → PNG) get clean text too.
  const report = mapStrings(input, clean);
  const head = header(report);
  const oneLine = (text: string) => clean(text).replace(/\s+/g, ' ').trim();
  const doc = new Document({
    title: oneLine(report.title),
    subject: oneLine(`${report.title} ${report.subtitle}`),
    creator: oneLine(report.chair ? `Vorsitz der IntMK: ${report.chair.name}` : 'IntMK'),
    lastModifiedBy: 'Erfolgskontrolle',
    description: oneLine(`${report.title}, ${report.subtitle}. Stichtag: ${germanDate(report.asOf)}. ${audienceLabel(report.audience)}.`),
    keywords: 'IntMK, Erfolgskontrolle',
    // Word asks on opening whether to update the fields: the table of contents gets its page numbers.
    features: { updateFields: true },
    styles: {
      default: {
        document: {
          run: { font: FONT, size: BODY_SIZE, language: { value: 'de-DE', eastAsia: 'de-DE' } },
          paragraph: { spacing: { after: 120, line: 264, lineRule: LineRuleType.AUTO } },
        },
        title: {
          run: { font: FONT, size: 48, bold: true, color: HEADING_COLOR },
          paragraph: { spacing: { after: 200 } },
        },
        heading1: {
          run: { font: FONT, size: 30, bold: true, color: HEADING_COLOR },
          paragraph: { keepNext: true, keepLines: true, outlineLevel: 0, spacing: { before: 240, after: 160 } },
        },
        heading2: {
          run: { font: FONT, size: 23, bold: true, color: HEADING_COLOR },
          paragraph: { keepNext: true, keepLines: true, outlineLevel: 1, spacing: { before: 160, after: 40 } },
        },
      },
      paragraphStyles: [
        { id: 'Header', name: 'header', basedOn: 'Normal', run: { size: SMALL_SIZE }, paragraph: { spacing: { after: 0 } } },
        { id: 'Footer', name: 'footer', basedOn: 'Normal', run: { size: FOOTER_SIZE, color: MUTED }, paragraph: { spacing: { after: 0 } } },
        {
          id: 'Caption',
          name: 'caption',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { size: SMALL_SIZE, italics: true, color: MUTED },
        },
      ],
    },
    // German compounds in narrow table columns: let Word and LibreOffice hyphenate (de-DE).
    hyphenation: { autoHyphenation: true, doNotHyphenateCaps: true },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE_WIDTH, height: PAGE_HEIGHT },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 567, footer: 567 },
          },
        },
        ...(head ? { headers: { default: head } } : {}),
        footers: { default: footer(report) },
        children: [
          ...titleBlock(report),
          ...(contents() as Paragraph[]),
          ...summarySection(report),
          ...resolutionsSection(report),
          ...threadsSection(report),
          ...changesSection(report),
          ...missingSection(report),
          ...objectionsBlock(report),
          ...earlierSection(report),
        ],
      },
    ],
  });
  // docx writes an empty font table; name Arial with its metrics class and Liberation Sans as the
  // alternative, so a machine without Arial substitutes a metric-compatible sans-serif.
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: FONT_TABLE }]);
}
