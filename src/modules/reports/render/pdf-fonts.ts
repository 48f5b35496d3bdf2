// The shaping of words kept across the documents of a process (a render worker). pdfkit parses the
// font files anew for every document and shapes every word of it with that fresh copy, remembering
// the result only for that document: on the seeded annex the shaping alone was a fifth of the CPU
// of a render, repeated in full for every render. Here every document's face shares one cache of
// shaped words per face, and the measurements the PDF renderer makes itself (coverage, advance
// widths) come from faces parsed once. Each document still embeds its own subset of the glyphs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FONT_FILES } from './fonts.js';

interface FontkitFont {
  characterSet: number[];
  unitsPerEm: number;
  glyphForCodePoint(cp: number): { advanceWidth: number };
}

interface Fontkit {
  create(buffer: Uint8Array): FontkitFont;
}

interface GlyphRun {
  glyphs: unknown[];
  positions: unknown[];
  advanceWidth: number;
}

const SHAPED = Symbol('shaped words');

/** pdfkit's embedded font as pdfmake hands it out (the fields used here). */
interface EmbeddedFont {
  layoutCache?: Record<string, unknown>;
  /** The shared cache of its face, once given. */
  [SHAPED]?: Map<string, GlyphRun>;
  layout(text: string, features?: unknown, onlyWidth?: boolean): GlyphRun;
  layoutCached(text: string): GlyphRun;
  layoutRun(text: string, features?: unknown): GlyphRun;
}

interface PdfmakeDocument {
  getFontType(bold: boolean, italics: boolean): string;
  provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont;
}

export interface FontData {
  /** Code points all four faces can draw. */
  coverage: Set<number>;
  /** Advance width in em of the regular face, or the bold one; for estimating heights. */
  advance(cp: number, bold?: boolean): number;
}

/** Shaped words kept per face: the words of several large reports, never more. */
const LAYOUT_CACHE_LIMIT = 50_000;
const shaped = new Map<string, Map<string, GlyphRun>>();

function sharedCache(key: string): Map<string, GlyphRun> {
  let cache = shaped.get(key);
  if (!cache) {
    cache = new Map();
    shaped.set(key, cache);
  }
  return cache;
}

/**
 * Gives every document's face the shared cache of shaped words of its face type, the first time the
 * document hands the face out (pdfmake asks for it for every word). pdfkit reads a cached run
 * without changing it (it copies positions it adjusts) and uses only ids, widths and code points of
 * its glyphs, which are the same in every parse of the same file.
 */
function shareShaping(requirePdfmake: NodeJS.Require): void {
  const proto = (requirePdfmake('./PDFDocument.js') as { default: { prototype: PdfmakeDocument } }).default.prototype;
  const provide = proto.provideFont;
  proto.provideFont = function (this: PdfmakeDocument, family, bold, italics) {
    const font = provide.call(this, family, bold, italics);
    if (font[SHAPED] === undefined && font.layoutCache) {
      useSharedCache(Object.getPrototypeOf(font) as EmbeddedFont);
      font[SHAPED] = sharedCache(`${family}/${this.getFontType(bold, italics)}`);
    }
    return font;
  };
}

let cacheInstalled = false;

/** pdfkit's layoutCached, with the face's shared cache: a Map, whose string keys need not be interned. */
function useSharedCache(proto: EmbeddedFont): void {
  if (cacheInstalled) return;
  cacheInstalled = true;
  layOutInLinearTime(proto);
  const layoutCached = proto.layoutCached;
  proto.layoutCached = function (this: EmbeddedFont, text) {
    const cache = this[SHAPED];
    if (!cache) return layoutCached.call(this, text);
    let run = cache.get(text);
    if (!run) {
      run = this.layoutRun(text);
      cache.set(text, run);
    }
    return run;
  };
}

/** The index of the last character of the piece starting at `from`: the next space or tab, or the end. */
function pieceEnd(text: string, from: number, tabs: boolean): number {
  let end = text.indexOf(' ', from);
  if (tabs) {
    const tab = text.indexOf('\t', from);
    if (tab !== -1 && (end === -1 || tab < end)) end = tab;
  }
  return end === -1 ? text.length - 1 : end;
}

/**
 * pdfkit lays a text out in pieces that end after a space or tab, looking at every character in
 * turn, and appends each piece's glyphs with concat, copying all before it: quadratic in the length
 * of the text, which a line drawn as one run (pdf-runs.ts) makes long. The same pieces, found with
 * indexOf, and the same glyph and position objects, appended; a text of one piece (most words)
 * is looked up as it is.
 */
function layOutInLinearTime(proto: EmbeddedFont): void {
  const layout = proto.layout;
  proto.layout = function (this: EmbeddedFont, text, features, onlyWidth) {
    if (features) return layout.call(this, text, features, onlyWidth);
    const glyphs: unknown[] | null = onlyWidth ? null : [];
    const positions: unknown[] | null = onlyWidth ? null : [];
    const tabs = text.includes('\t');
    let advanceWidth = 0;
    for (let from = 0; from < text.length; ) {
      const end = pieceEnd(text, from, tabs);
      const run = this.layoutCached(from === 0 && end === text.length - 1 ? text : text.slice(from, end + 1));
      if (glyphs && positions) {
        for (const glyph of run.glyphs) glyphs.push(glyph);
        for (const position of run.positions) positions.push(position);
      }
      advanceWidth += run.advanceWidth;
      from = end + 1;
    }
    return { glyphs, positions, advanceWidth } as GlyphRun;
  };
}

/** Called before each document: a cache past its limit starts again. */
export function trimShapingCache(): void {
  for (const [key, cache] of shaped) if (cache.size > LAYOUT_CACHE_LIMIT) shaped.delete(key);
}

let fontData: FontData | undefined;

/** Read once, with the fontkit that pdfmake's pdfkit uses. */
export function pdfFonts(): FontData {
  if (fontData) return fontData;
  const requirePdfmake = createRequire(createRequire(import.meta.url).resolve('pdfmake'));
  const fontkit = createRequire(requirePdfmake.resolve('pdfkit'))('fontkit') as Fontkit;
  shareShaping(requirePdfmake);
  const faces = [FONT_FILES.regular, FONT_FILES.bold, FONT_FILES.italic, FONT_FILES.boldItalic].map((f) => fontkit.create(readFileSync(f)));
  const [first, ...rest] = faces.map((f) => new Set(f.characterSet));
  const coverage = new Set([...(first ?? [])].filter((cp) => rest.every((set) => set.has(cp))));
  const cache = [new Map<number, number>(), new Map<number, number>()] as const;
  fontData = {
    coverage,
    advance(cp, bold = false) {
      const widths = cache[bold ? 1 : 0];
      let w = widths.get(cp);
      if (w === undefined) {
        const face = faces[bold ? 1 : 0]!;
        w = face.glyphForCodePoint(cp).advanceWidth / face.unitsPerEm;
        widths.set(cp, w);
      }
      return w;
    },
  };
  return fontData;
}
