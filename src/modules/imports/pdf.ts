// Text extraction from PDFs with pdfjs-dist (pure JS, no external binaries). pdfjs hands out
// positioned text runs; they are grouped into lines by their baseline and ordered left to right,
// so the output looks like the text layer a reader copies: one printed line per line.
// pdfjs-dist is loaded on the first PDF: it takes about 200 MB that a server which never imports a
// PDF should not carry.
const loadPdfjs = () => import('pdfjs-dist/legacy/build/pdf.mjs');

import { InflatedTooLarge, inflatedSize, MAX_INFLATED_BYTES } from './pdf-guard.js';

export type PdfErrorCode = 'broken' | 'encrypted' | 'no_text' | 'too_many_pages' | 'too_large' | 'too_long';

const MAX_PAGES = 1500;
/** Characters of text a collection may have; checked page by page, so a huge file stops early. */
export const MAX_PDF_CHARACTERS = 4_000_000;

/** A PDF that cannot be read; mapped to a 422 problem by the service. */
export class PdfError extends Error {
  constructor(
    readonly code: PdfErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface PdfText {
  text: string;
  pages: number;
}

interface Run {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

function isRun(item: unknown): item is { str: string; transform: number[]; width: number; height: number } {
  return typeof item === 'object' && item !== null && 'str' in item && 'transform' in item;
}

/** Joins the runs of one page into lines: same baseline (within half a glyph) → same line. */
function pageLines(runs: Run[]): string[] {
  // pdfjs reports wide gaps as whitespace runs; dropping them leaves the gap to be measured below.
  const sorted = runs.filter((r) => r.str.trim() !== '').sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Run[][] = [];
  for (const run of sorted) {
    const line = lines[lines.length - 1];
    const tolerance = Math.max(2, (run.height || 10) * 0.5);
    if (line && Math.abs(line[0]!.y - run.y) <= tolerance) line.push(run);
    else lines.push([run]);
  }
  // Paragraph gaps are wider than the usual line distance; they become blank lines, as in the
  // text a reader copies, because titles and paragraphs are told apart by them.
  const gaps = lines.slice(1).map((l, i) => lines[i]![0]!.y - l[0]!.y);
  const usual = gaps.length ? [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]! : 0;
  return lines.flatMap((line, i) => {
    const gap = i > 0 ? (gaps[i - 1] ?? 0) : 0;
    const blank = usual > 0 && gap > usual * 1.6 ? [''] : [];
    line.sort((a, b) => a.x - b.x);
    let out = '';
    let end = Number.NEGATIVE_INFINITY;
    for (const r of line) {
      // A visible gap between runs is a space the PDF did not encode as a character.
      const gap = r.x - end;
      // A wide gap separates table columns; it becomes a tab, as in copied table text.
      if (out !== '' && gap > Math.max(8, (r.height || 10) * 1.5)) out = `${out.replace(/\s+$/, '')}\t`;
      else if (out !== '' && gap > Math.max(1, (r.height || 10) * 0.15) && !out.endsWith(' ') && !r.str.startsWith(' ')) out += ' ';
      out += r.str;
      end = r.x + r.width;
    }
    return [...blank, out.replace(/\s+$/, '')];
  });
}

export async function extractPdfText(data: Uint8Array): Promise<PdfText> {
  if (!(data.length > 4 && Buffer.from(data.subarray(0, 1024)).includes('%PDF-'))) {
    throw new PdfError('broken', 'Die Datei ist kein lesbares PDF (die Kennung %PDF fehlt).');
  }
  try {
    inflatedSize(data);
  } catch (err) {
    if (!(err instanceof InflatedTooLarge)) throw err;
    throw new PdfError(
      'too_large',
      `Das PDF enthält mehr als ${MAX_INFLATED_BYTES / 1024 / 1024} MB an komprimierten Inhalten; eine Beschlusssammlung ist weit kleiner. Es wurde nicht gelesen.`,
    );
  }
  const { getDocument } = await loadPdfjs();
  // pdfjs takes ownership of the buffer it is given; hand it a copy.
  const task = getDocument({
    data: new Uint8Array(data),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
    stopAtErrors: false,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    const name = (err as { name?: string }).name;
    if (name === 'PasswordException') {
      throw new PdfError('encrypted', 'Das PDF ist passwortgeschützt; bitte eine ungeschützte Fassung hochladen.');
    }
    throw new PdfError('broken', 'Das PDF ist beschädigt und lässt sich nicht lesen.');
  }
  try {
    if (doc.numPages > MAX_PAGES) {
      throw new PdfError('too_many_pages', `Das PDF hat ${doc.numPages} Seiten; eine Beschlusssammlung hat höchstens ${MAX_PAGES}.`);
    }
    const pages: string[] = [];
    let characters = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        if (!isRun(item)) continue;
        runs.push({ str: item.str, x: item.transform[4] ?? 0, y: item.transform[5] ?? 0, width: item.width, height: item.height });
      }
      const text = pageLines(runs).join('\n');
      characters += text.length;
      if (characters > MAX_PDF_CHARACTERS) {
        throw new PdfError(
          'too_long',
          `Das PDF hat bis Seite ${p} schon mehr als ${MAX_PDF_CHARACTERS} Zeichen Text; eine Beschlusssammlung hat weniger.`,
        );
      }
      pages.push(text);
      page.cleanup();
    }
    const text = pages.join('\n\n');
    if (text.replace(/\s+/g, '').length < 20) {
      throw new PdfError(
        'no_text',
        'Das PDF hat keine Textebene (vermutlich ein Scan); bitte ein PDF mit Text oder den Text selbst hochladen.',
      );
    }
    return { text, pages: doc.numPages };
  } catch (err) {
    if (err instanceof PdfError) throw err;
    throw new PdfError('broken', 'Das PDF ist beschädigt und lässt sich nicht vollständig lesen.');
  } finally {
    await doc.destroy();
  }
}
