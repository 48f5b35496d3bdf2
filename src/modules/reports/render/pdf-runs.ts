// pdfmake draws every word as a text object of its own: for each word pdfkit sets opacity and
// colour, saves the graphics state, sets the text matrix and font, shapes the word, writes it and
// restores the state (pdfmake's own TODO: "lines without differently styled inlines should be
// written to pdf as one stream"). On the seeded annex that is 11,000 words in 3,400 lines. Here the
// words of a line that follow each other in the same face, size, colour and place become one run,
// drawn with one text object: some 4,100 on the seeded annex.
//
// A word joins the run only after a word that ends in a space: pdfkit shapes a text in pieces that
// end at spaces, so the run's glyphs and their advances are the same pieces pdfmake measured word by
// word, and every word lands where pdfmake placed it.
import { createRequire } from 'node:module';

interface Inline {
  text: string;
  x: number;
  width: number;
  height?: number;
  font: unknown;
  fontSize: number;
  color?: unknown;
  opacity?: unknown;
  characterSpacing?: number;
  [key: string]: unknown;
}

interface Line {
  inlines: Inline[];
  [key: string]: unknown;
}

interface Renderer {
  renderLine(line: Line, x: number, y: number): void;
}

/** Properties that make a word draw differently, or draw more than its glyphs. */
const SPECIAL = [
  'link',
  'linkToPage',
  'linkToDestination',
  'fontFeatures',
  'decoration',
  'background',
  'sup',
  'sub',
  '_pageNodeRef',
  '_pageRef',
  '_tocItemRef',
  'justifyShift',
];

function plain(inline: Inline): boolean {
  for (const key of SPECIAL) if (inline[key]) return false;
  return !inline.characterSpacing;
}

/** Whether `next` continues the run that ends with `last`, drawn the same and right after it. */
function continues(last: Inline, next: Inline): boolean {
  return (
    last.text.endsWith(' ') &&
    next.font === last.font &&
    next.fontSize === last.fontSize &&
    next.color === last.color &&
    next.opacity === last.opacity &&
    next.height === last.height &&
    Math.abs(last.x + last.width - next.x) < 1e-6
  );
}

/**
 * A run of words as pdfmake's renderLine reads an inline (text, place, width, height, face, size,
 * colour, opacity; the special properties are absent from plain words).
 */
function run(first: Inline, text: string, width: number): Inline {
  return {
    text,
    x: first.x,
    width,
    height: first.height,
    font: first.font,
    fontSize: first.fontSize,
    color: first.color,
    opacity: first.opacity,
    characterSpacing: 0,
  };
}

/** The line's words joined into runs; the line's own inlines when no two words join. */
export function joinWords(inlines: Inline[]): Inline[] {
  if (inlines.length < 2) return inlines;
  for (const inline of inlines) if (!plain(inline)) return inlines;
  const runs: Inline[] = [];
  let start = 0;
  for (let i = 1; i <= inlines.length; i++) {
    if (i < inlines.length && continues(inlines[i - 1] as Inline, inlines[i] as Inline)) continue;
    const first = inlines[start] as Inline;
    if (i - start === 1) runs.push(first);
    else {
      let text = '';
      let width = 0;
      for (let k = start; k < i; k++) {
        text += (inlines[k] as Inline).text;
        width += (inlines[k] as Inline).width;
      }
      runs.push(run(first, text, width));
    }
    start = i;
  }
  return runs.length === inlines.length ? inlines : runs;
}

let installed = false;

export function drawWordsAsRuns(): void {
  if (installed) return;
  installed = true;
  const requirePdfmake = createRequire(createRequire(import.meta.url).resolve('pdfmake'));
  const proto = (requirePdfmake('./Renderer.js') as { default: { prototype: Renderer } }).default.prototype;
  const renderLine = proto.renderLine;
  // The line drawn with its runs for inlines and given its own back: lines of repeated table
  // headers share their inlines with the first. A line that shows a page number (table of
  // contents) is left alone: pdfmake writes the number into its first inline.
  proto.renderLine = function (this: Renderer, line, x, y) {
    if (line._pageNodeRef) return renderLine.call(this, line, x, y);
    const inlines = line.inlines;
    line.inlines = joinWords(inlines);
    try {
      return renderLine.call(this, line, x, y);
    } finally {
      line.inlines = inlines;
    }
  };
}
