// The charts drawn straight from their element trees (charts.ts) with pdfkit's rectangles, lines,
// circles and text, instead of writing them out as SVG for svg-to-pdfkit to parse and draw again
// (its parsing, styling and path building took 30-70 ms of a render). The chart stands in the
// document as an SVG node of its size only, so pdfmake measures and places it as before; the
// renderer draws the tree where pdfmake put it. Only those four shapes and text exist here: a
// chart can draw nothing else (no link, no image, no file), and its text is drawn as text.
import { createRequire } from 'node:module';
import type { ChartElement } from './charts.js';
import { FONT_FAMILY } from './fonts.js';

/** The pdfkit calls used here, on pdfmake's document. */
interface Doc {
  _font: unknown;
  provideFont(family: string, bold: boolean, italics: boolean): unknown;
  save(): Doc;
  restore(): Doc;
  translate(x: number, y: number): Doc;
  scale(factor: number): Doc;
  lineWidth(width: number): Doc;
  dash(length: number, options: { space: number }): Doc;
  rect(x: number, y: number, width: number, height: number): Doc;
  circle(x: number, y: number, radius: number): Doc;
  moveTo(x: number, y: number): Doc;
  lineTo(x: number, y: number): Doc;
  fill(color: string): Doc;
  stroke(color: string): Doc;
  fillAndStroke(fill: string, stroke: string): Doc;
  fillColor(color: string): Doc;
  fontSize(size: number): Doc;
  widthOfString(text: string): number;
  text(text: string, x: number, y: number, options: { lineBreak: false; baseline: 'alphabetic' }): Doc;
}

/** A node of pdfmake's page: the chart's SVG stand-in, placed and sized. */
interface PlacedSvg {
  x: number;
  y: number;
  _width: number;
  chart?: ChartElement;
}

interface Renderer {
  pdfDocument: Doc;
  renderSVG(svg: PlacedSvg): void;
}

const num = (value: string | number | undefined, fallback = 0) => (value === undefined ? fallback : Number(value));

/** The content of a pdfmake SVG node standing in for `chart`: its size only. */
export function sizeOnlySvg(chart: ChartElement): string {
  const { width, height } = chart.attrs;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"></svg>`;
}

/** Text styles of a text element, inherited by its tspans. */
interface TextStyle {
  size: number;
  bold: boolean;
  anchor: string;
  fill: string;
}

function textStyle(attrs: ChartElement['attrs']): TextStyle {
  return {
    size: num(attrs['font-size'], 12),
    bold: attrs['font-weight'] === 'bold',
    anchor: String(attrs['text-anchor'] ?? 'start'),
    fill: String(attrs.fill ?? '#000'),
  };
}

/** One line of text with its baseline at y, anchored at x as SVG anchors it. */
function drawText(doc: Doc, text: string, x: number, y: number, style: TextStyle): void {
  if (!text) return;
  doc._font = doc.provideFont(FONT_FAMILY, style.bold, false);
  doc.fontSize(style.size).fillColor(style.fill);
  const width = style.anchor === 'start' ? 0 : doc.widthOfString(text);
  const left = style.anchor === 'end' ? x - width : style.anchor === 'middle' ? x - width / 2 : x;
  doc.text(text, left, y, { lineBreak: false, baseline: 'alphabetic' });
}

function drawShape(doc: Doc, element: ChartElement): void {
  const a = element.attrs;
  const stroke = a.stroke === undefined ? undefined : String(a.stroke);
  switch (element.tag) {
    case 'rect':
      doc.rect(num(a.x), num(a.y), num(a.width), num(a.height));
      if (stroke) doc.lineWidth(num(a['stroke-width'], 1)).fillAndStroke(String(a.fill), stroke);
      else doc.fill(String(a.fill));
      return;
    case 'circle':
      doc.circle(num(a.cx), num(a.cy), num(a.r));
      if (stroke) doc.lineWidth(num(a['stroke-width'], 1)).fillAndStroke(String(a.fill), stroke);
      else doc.fill(String(a.fill));
      return;
    case 'line': {
      doc.save().lineWidth(num(a['stroke-width'], 1));
      const [dash, space] = String(a['stroke-dasharray'] ?? '').split(' ');
      if (dash && space) doc.dash(Number(dash), { space: Number(space) });
      doc
        .moveTo(num(a.x1), num(a.y1))
        .lineTo(num(a.x2), num(a.y2))
        .stroke(stroke ?? '#000');
      doc.restore();
      return;
    }
    case 'text': {
      const style = textStyle(a);
      if (element.text !== undefined) drawText(doc, element.text, num(a.x), num(a.y), style);
      for (const span of element.children ?? []) drawText(doc, span.text ?? '', num(span.attrs.x), num(span.attrs.y), style);
      return;
    }
    default:
      // title: for screen readers of the SVG, nothing to draw
      return;
  }
}

/** The chart at (x, y), scaled to `width` points. */
function drawChart(doc: Doc, chart: ChartElement, x: number, y: number, width: number): void {
  doc
    .save()
    .translate(x, y)
    .scale(width / num(chart.attrs.width, width));
  for (const element of chart.children ?? []) drawShape(doc, element);
  doc.restore();
}

let installed = false;

export function drawChartsDirectly(): void {
  if (installed) return;
  installed = true;
  const requirePdfmake = createRequire(createRequire(import.meta.url).resolve('pdfmake'));
  const proto = (requirePdfmake('./Renderer.js') as { default: { prototype: Renderer } }).default.prototype;
  const renderSvg = proto.renderSVG;
  proto.renderSVG = function (this: Renderer, svg) {
    if (!svg.chart) return renderSvg.call(this, svg);
    drawChart(this.pdfDocument, svg.chart, svg.x, svg.y, svg._width);
  };
}
