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
  return SPECIAL.every((key) => !inline[key]) && !inline.characterSpacing;
}

/** Whether `next` continues the run that ends with `last`, drawn the same and right after it. */
function continues(last: Inline, next: Inline): boolean {
  return (
    last.text.endsWith(' ') &&
    plain(next) &&
    next.font === last.font &&
    next.fontSize === last.fontSize &&
    next.color === last.color &&
    next.opacity === last.opacity &&
    next.height === last.height &&
    Math.abs(last.x + last.width - next.x) < 1e-6
  );
}

/** The line's words joined into runs; the line itself when no two words join. */
export function joinWords(line: Line): Line {
  const inlines = line.inlines;
  if (inlines.length < 2 || !inlines.every(plain)) return line;
  const runs: Inline[] = [];
  let run: Inline | undefined;
  let last: Inline | undefined;
  for (const inline of inlines) {
    if (run && last && continues(last, inline)) {
      run.text += inline.text;
      run.width += inline.width;
    } else {
      run = { ...inline };
      runs.push(run);
    }
    last = inline;
  }
  if (runs.length === inlines.length) return line;
  // The line's own methods (height, ascender) read its inlines: the runs keep each word's font and size.
  return Object.assign(Object.create(Object.getPrototypeOf(line) as object) as Line, line, { inlines: runs });
}

let installed = false;

export function drawWordsAsRuns(): void {
  if (installed) return;
  installed = true;
  const requirePdfmake = createRequire(createRequire(import.meta.url).resolve('pdfmake'));
  const proto = (requirePdfmake('./Renderer.js') as { default: { prototype: Renderer } }).default.prototype;
  const renderLine = proto.renderLine;
  proto.renderLine = function (this: Renderer, line, x, y) {
    return renderLine.call(this, joinWords(line), x, y);
  };
}
