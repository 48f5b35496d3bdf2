// pdfkit writes a page's content stream one operator at a time, and turns every operator (a few
// bytes: "BT", "/F1 8.5 Tf", a colour) into a Buffer of its own, which the end of the page copies
// into one Buffer again before compressing it. On the seeded annex that is some 10 MB of small
// Buffers per document, and their copying and collection. Here the operators of a stream are kept
// as strings and become one Buffer when the stream is finished (or binary data is written to it):
// the same bytes, in the same order, with the same lengths.
import { createRequire } from 'node:module';

interface Reference {
  buffer: Uint8Array[] | Buffer;
  uncompressedLength: number;
  compress: boolean;
  data: { Length?: number; Filter?: string };
  write(chunk: unknown): void;
  finalize(): void;
}

interface PdfkitDocument {
  prototype: { ref(this: unknown, data?: unknown): Reference };
}

const PENDING = Symbol('pending operators');

type Pending = Reference & { [PENDING]?: string[] };

/** The operators written as text since the last binary chunk, as one Buffer at the end of the stream. */
function flushText(ref: Pending): void {
  const pending = ref[PENDING];
  if (!pending?.length) return;
  (ref.buffer as Uint8Array[]).push(Buffer.from(pending.join(''), 'latin1'));
  ref[PENDING] = [];
}

function patchReference(proto: Reference): void {
  const write = proto.write;
  const finalize = proto.finalize;
  proto.write = function (this: Pending, chunk: unknown) {
    if (chunk instanceof Uint8Array) {
      flushText(this);
      return write.call(this, chunk);
    }
    // As pdfkit: the chunk as a string and a line break, one byte per UTF-16 unit ('binary').
    const text = `${chunk}\n`;
    let pending = this[PENDING];
    if (!pending) {
      pending = [];
      this[PENDING] = pending;
    }
    pending.push(text);
    this.uncompressedLength += text.length;
    this.data.Length = (this.data.Length ?? 0) + text.length;
    if (this.compress) this.data.Filter = 'FlateDecode';
  };
  proto.finalize = function (this: Pending) {
    flushText(this);
    return finalize.call(this);
  };
}

let installed = false;

/** Installs the buffering on pdfkit's reference class, found on the first reference a document makes. */
export function bufferContentStreams(): void {
  if (installed) return;
  installed = true;
  const requirePdfmake = createRequire(createRequire(import.meta.url).resolve('pdfmake'));
  const Document = requirePdfmake('pdfkit') as PdfkitDocument;
  const ref = Document.prototype.ref;
  Document.prototype.ref = function (this: unknown, data?: unknown) {
    const made = ref.call(this, data);
    Document.prototype.ref = ref;
    patchReference(Object.getPrototypeOf(made) as Reference);
    return made;
  };
}
