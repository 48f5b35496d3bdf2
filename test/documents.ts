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

/**
 * Headings (text of at least `headingSize` pt) left at the foot of a page: after the last heading
 * on a page, nothing follows but its own introduction (the first run of lines of one size after it),
 * so the block it introduces starts on the next page. The cover (page 1) and the last page are not
 * checked; header and footer lines are ignored.
 */
export async function pdfStrandedHeadings(buffer: Buffer, headingSize = 11): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, isEvalSupported: false }).promise;
  const stranded: string[] = [];
  for (let p = 2; p < doc.numPages; p++) {
    const page = await doc.getPage(p);
    const height = page.view[3] ?? 842;
    const lines: { y: number; size: number; text: string }[] = [];
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const y = item.transform[5] as number;
      const size = Math.abs(item.transform[3] as number);
      if (y < 50 || y > height - 50) continue;
      const line = lines.find((l) => Math.abs(l.y - y) < 2);
      if (line) {
        line.size = Math.max(line.size, size);
        line.text += ` ${item.str}`;
      } else lines.push({ y, size, text: item.str });
    }
    lines.sort((a, b) => b.y - a.y);
    let last = -1;
    lines.forEach((l, i) => {
      if (l.size >= headingSize - 0.01) last = i;
    });
    if (last < 0) continue;
    let k = last + 1;
    const introSize = lines[k]?.size;
    while (k < lines.length && lines[k]?.size === introSize) k++;
    if (k >= lines.length) stranded.push(`S. ${p}: ${lines[last]?.text.trim()}`);
  }
  await doc.destroy();
  return stranded;
}
