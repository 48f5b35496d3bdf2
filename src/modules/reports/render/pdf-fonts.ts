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

/** pdfkit's embedded font as pdfmake hands it out (the fields used here). */
interface EmbeddedFont {
  layoutCache?: Record<string, unknown>;
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
const shaped = new Map<string, Record<string, unknown>>();

/**
 * Gives every document's face the shared cache of shaped words of its face type. pdfkit reads a
 * cached run without changing it (it copies positions it adjusts) and uses only ids, widths and
 * code points of its glyphs, which are the same in every parse of the same file.
 */
function shareShaping(requirePdfmake: NodeJS.Require): void {
  const proto = (requirePdfmake('./PDFDocument.js') as { default: { prototype: PdfmakeDocument } }).default.prototype;
  const provide = proto.provideFont;
  proto.provideFont = function (this: PdfmakeDocument, family, bold, italics) {
    const font = provide.call(this, family, bold, italics);
    layOutInLinearTime(Object.getPrototypeOf(font) as EmbeddedFont);
    if (font.layoutCache) {
      const key = `${family}/${this.getFontType(bold, italics)}`;
      let cache = shaped.get(key);
      if (!cache) {
        cache = Object.create(null) as Record<string, unknown>;
        shaped.set(key, cache);
      }
      font.layoutCache = cache;
    }
    return font;
  };
}

let linear = false;

/**
 * pdfkit lays a text out in pieces that end after a space or tab, and appends each piece's glyphs
 * with concat, copying all before it: quadratic in the length of the text, which a line drawn as
 * one run (pdf-runs.ts) makes long. The same pieces, the same glyph and position objects, appended.
 */
function layOutInLinearTime(proto: EmbeddedFont): void {
  if (linear || typeof proto.layout !== 'function') return;
  linear = true;
  const layout = proto.layout;
  proto.layout = function (this: EmbeddedFont, text, features, onlyWidth) {
    if (features) return layout.call(this, text, features, onlyWidth);
    const glyphs: unknown[] | null = onlyWidth ? null : [];
    const positions: unknown[] | null = onlyWidth ? null : [];
    let advanceWidth = 0;
    let last = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code !== 32 && code !== 9 && index < text.length - 1) continue;
      const run = this.layoutCached(text.slice(last, index + 1));
      if (glyphs && positions) {
        for (const glyph of run.glyphs) glyphs.push(glyph);
        for (const position of run.positions) positions.push(position);
      }
      advanceWidth += run.advanceWidth;
      last = index + 1;
    }
    return { glyphs, positions, advanceWidth } as GlyphRun;
  };
}

/** Called before each document: a cache past its limit starts again. */
export function trimShapingCache(): void {
  for (const [key, cache] of shaped) if (Object.keys(cache).length > LAYOUT_CACHE_LIMIT) shaped.delete(key);
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
