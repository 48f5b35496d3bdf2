// pdfmake lays the whole document out again each time pageBreakBefore moves a heading (pdf.ts:
// two or three passes on the seeded annex), and each pass measures every text again: style
// lookups and glyph widths for every run, the largest part of the layout and of its garbage.
// The texts and their styles do not change between the passes of one document, so a text node's
// measured runs are kept with the node and handed out again as fresh copies (the layout consumes
// and splits the runs it is given). A node whose text is filled in by the layout (page and text
// references, the table of contents) is measured every time, as before. A chart's size is read
// from its SVG by parsing the whole document; that too is done once per chart.
import { createRequire } from 'node:module';

interface Inline {
  [key: string]: unknown;
}

interface TextNode {
  text?: unknown;
  _textRef?: unknown;
  _pageRef?: unknown;
  _inlines?: Inline[];
  _minWidth?: number;
  _maxWidth?: number;
}

interface Measured {
  text: unknown;
  inlines: Inline[];
  minWidth: number | undefined;
  maxWidth: number | undefined;
}

let installed = false;

export function measureTextsOnce(): void {
  if (installed) return;
  installed = true;
  const requirePdfmake = createRequire(createRequire(import.meta.url).resolve('pdfmake'));
  const proto = (requirePdfmake('./DocMeasure.js') as { default: { prototype: { measureLeaf(node: TextNode): TextNode } } }).default
    .prototype;
  const original = proto.measureLeaf;
  // Keyed by the node object: a document's nodes go with the document.
  const measured = new WeakMap<TextNode, Measured>();
  proto.measureLeaf = function (this: unknown, node: TextNode): TextNode {
    if (node._textRef || node._pageRef) return original.call(this, node);
    const known = measured.get(node);
    // The same text value (a string, or the same array of runs the preprocessor edits in place).
    if (known && known.text === node.text) {
      node._inlines = known.inlines.map((inline) => ({ ...inline }));
      node._minWidth = known.minWidth;
      node._maxWidth = known.maxWidth;
      return node;
    }
    original.call(this, node);
    measured.set(node, {
      text: node.text,
      inlines: (node._inlines ?? []).map((inline) => ({ ...inline })),
      minWidth: node._minWidth,
      maxWidth: node._maxWidth,
    });
    return node;
  };

  const svgProto = (
    requirePdfmake('./SVGMeasure.js') as {
      default: {
        prototype: {
          measureSVG(svg: unknown): unknown;
          writeDimensions(svg: unknown, size: { width: number; height: number }): unknown;
        };
      };
    }
  ).default.prototype;
  const measureSvg = svgProto.measureSVG;
  // The last few charts' sizes by their SVG text (a size depends on nothing else).
  const sizes = new Map<string, unknown>();
  svgProto.measureSVG = function (this: unknown, svg: unknown): unknown {
    if (typeof svg !== 'string') return measureSvg.call(this, svg);
    let size = sizes.get(svg);
    if (size === undefined) {
      size = measureSvg.call(this, svg);
      if (sizes.size >= 8) sizes.delete(sizes.keys().next().value as string);
      sizes.set(svg, size);
    }
    return { ...(size as object) };
  };
  // The chart set to its size on the page: parsed and written out again on every pass otherwise.
  const written = new Map<string, { width: number; height: number; svg: unknown }>();
  const writeDimensions = svgProto.writeDimensions;
  svgProto.writeDimensions = function (this: unknown, svg: unknown, size: { width: number; height: number }): unknown {
    if (typeof svg !== 'string') return writeDimensions.call(this, svg, size);
    const known = written.get(svg);
    if (known && known.width === size.width && known.height === size.height) return known.svg;
    const out = writeDimensions.call(this, svg, size);
    if (written.size >= 8) written.delete(written.keys().next().value as string);
    written.set(svg, { width: size.width, height: size.height, svg: out });
    return out;
  };
}
