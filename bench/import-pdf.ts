// Writes small PDFs by hand for the import tests and the speed bench: one Helvetica text line per
// input line (WinAnsi encoding, so German letters and „typographic quotes“ survive), or pages
// without any text (a scan has no text layer), and a decompression bomb.
import { constants, deflateRawSync } from 'node:zlib';

const WIN_ANSI: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
};

function encode(line: string): Buffer {
  const bytes: number[] = [];
  for (const ch of line) {
    const code = ch.codePointAt(0) ?? 63;
    let b = WIN_ANSI[ch] ?? (code < 256 ? code : 63);
    if (b === 0x28 || b === 0x29 || b === 0x5c) bytes.push(0x5c);
    if (b === 0x09) b = 0x20;
    bytes.push(b);
  }
  return Buffer.from(bytes);
}

/** A PDF with one page per entry; each page holds its lines top to bottom. `null` pages are blank. */
export function makePdf(pages: (string[] | null)[]): Buffer {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string) => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    return objects.length;
  };
  const catalog = add('');
  const pagesObj = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const lines of pages) {
    const parts: Buffer[] = [];
    if (lines) {
      parts.push(Buffer.from('BT /F1 9 Tf 11 TL 40 800 Td\n', 'latin1'));
      for (const line of lines) {
        // An empty line is extra leading, as a paragraph gap is in a typeset PDF.
        if (line.trim() === '') parts.push(Buffer.from('T*\n', 'latin1'));
        else {
          // Table cells (tab-separated) are placed in columns, as a typeset table is.
          const cells = line.split('\t');
          cells.forEach((cell, i) => {
            if (i > 0) parts.push(Buffer.from('80 0 Td\n', 'latin1'));
            parts.push(Buffer.from('(', 'latin1'), encode(cell), Buffer.from(') Tj\n', 'latin1'));
          });
          parts.push(Buffer.from(`${-80 * (cells.length - 1)} 0 Td T*\n`, 'latin1'));
        }
      }
      parts.push(Buffer.from('ET\n', 'latin1'));
    } else {
      // An image-like page: a filled rectangle and no text.
      parts.push(Buffer.from('0.5 g 40 400 500 300 re f\n', 'latin1'));
    }
    const stream = Buffer.concat(parts);
    const content = add(
      Buffer.concat([Buffer.from(`<< /Length ${stream.length} >>\nstream\n`, 'latin1'), stream, Buffer.from('\nendstream', 'latin1')]),
    );
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 1800 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = Buffer.from(`<< /Type /Catalog /Pages ${pagesObj} 0 R >>`, 'latin1');
  objects[pagesObj - 1] = Buffer.from(
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`,
    'latin1',
  );

  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let pos = chunks[0]!.length;
  objects.forEach((body, i) => {
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    offsets.push(pos);
    chunks.push(chunk);
    pos += chunk.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n`,
    '0000000000 65535 f \n',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${pos}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}

/** Wraps running text at word boundaries, as a typeset page would; table rows stay whole. */
function wrap(line: string, width = 110): string[] {
  if (line.includes('\t') || line.length <= width) return [line];
  const out: string[] = [];
  let cur = '';
  for (const word of line.split(' ')) {
    if (cur && cur.length + word.length + 1 > width) {
      out.push(cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Splits a text into pages of `perPage` lines. The extracted texts put a blank line after every
 * printed line; only a run of two or more blank lines marks a paragraph gap in the PDF.
 */
export function paginate(text: string, perPage = 60): string[][] {
  const all = text.split('\n');
  const lines = all.filter((l, i) => l.trim() !== '' || (all[i - 1]?.trim() === '' && all[i - 2]?.trim() !== '')).flatMap((l) => wrap(l));
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += perPage) pages.push(lines.slice(i, i + perPage));
  return pages;
}

/**
 * A PDF whose page content inflates to about `inflated` bytes from a file about a thousandth of
 * that: one fully flushed deflate block of 1 MB of blanks, repeated, so the bomb is never held
 * inflated while it is made. The Adler-32 checksum is left zero; readers stop before it.
 */
export function makeFlateBombPdf(inflated: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1 << 20, 0x20), { finishFlush: constants.Z_FULL_FLUSH });
  const head = deflateRawSync(Buffer.from('BT /F1 9 Tf 40 800 Td (Bombe) Tj ET\n', 'latin1'), { finishFlush: constants.Z_FULL_FLUSH });
  const blocks = Array.from({ length: Math.ceil(inflated / (1 << 20)) }, () => block);
  const body = Buffer.concat([Buffer.from([0x78, 0x9c]), head, ...blocks, Buffer.from([0x03, 0x00]), Buffer.alloc(4)]);
  const pdf = makePdf([['x']]).toString('latin1');
  const stream = `<< /Length ${body.length} /Filter /FlateDecode >>\nstream\n${body.toString('latin1')}\nendstream`;
  return Buffer.from(
    pdf.replace(/<< \/Length \d+ >>\nstream\n[\s\S]*?\nendstream/, () => stream),
    'latin1',
  );
}
