// Readers for the documents the reports produce.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The page count and text of a PDF, through pdf.js (which also proves the file parses). */
export async function pdfText(buffer: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await doc.destroy();
  return { pages: doc.numPages, text: parts.join('\n') };
}

/** The PDF's outline (bookmarks) as a tree of titles. */
export async function pdfOutline(buffer: Buffer): Promise<{ title: string; items: { title: string }[] }[]> {
  const doc = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, isEvalSupported: false }).promise;
  const outline = (await doc.getOutline()) ?? [];
  await doc.destroy();
  return outline.map((o) => ({ title: o.title, items: (o.items ?? []).map((i) => ({ title: i.title })) }));
}

/**
 * Pairs of consecutive lines in the same column where the first ends in a letter and the second
 * begins with a lower-case letter and the two fragments together form a word of `vocabulary`
 * (while they are not both words of it themselves): a word broken across lines without a hyphen.
 */
export async function pdfBrokenWords(buffer: Buffer, vocabulary: Set<string>): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, isEvalSupported: false }).promise;
  const broken: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const items = (await (await doc.getPage(p)).getTextContent()).items.flatMap((i) =>
      'str' in i && i.str.length ? [{ str: i.str, x: i.transform[4] as number, y: i.transform[5] as number }] : [],
    );
    for (let k = 0; k + 1 < items.length; k++) {
      const a = items[k] as (typeof items)[number];
      const b = items[k + 1] as (typeof items)[number];
      if (Math.abs(a.x - b.x) > 3 || b.y >= a.y) continue;
      const x = /\p{L}+$/u.exec(a.str)?.[0];
      const y = /^\p{Ll}\p{L}*/u.exec(b.str)?.[0];
      if (!x || !y) continue;
      if (vocabulary.has(x + y) && !(vocabulary.has(x) && vocabulary.has(y))) broken.push(`S. ${p}: ${x}|${y}`);
    }
  }
  await doc.destroy();
  return broken;
}
