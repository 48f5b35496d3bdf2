// Bounds what a PDF may inflate to before pdf.js reads it. pdf.js inflates streams as it meets them
// and holds the results outside the JavaScript heap, so neither a heap limit nor a check of the
// extracted text catches a decompression bomb (a 357 KB upload inflating to hundreds of MB). Each
// Flate stream is inflated here with a ceiling on its output, and the sizes add up across the file;
// past the cap the file is refused. Streams that do not inflate cleanly are left to pdf.js.
import { constants, inflateSync } from 'node:zlib';

/**
 * Inflated bytes a PDF may hold in all its Flate streams together. A collection of 100 pages with
 * subset fonts holds a few MB; pdf.js needs about 0.3 s per MB of content stream on this machine,
 * so the cap also bounds the time a file under it can cost the worker.
 */
export const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

export class InflatedTooLarge extends Error {}

const ENDSTREAM = Buffer.from('endstream', 'latin1');
const STREAM = Buffer.from('stream', 'latin1');

/** The inflated size of all Flate streams; throws InflatedTooLarge as soon as the sum passes `cap`. */
export function inflatedSize(data: Uint8Array, cap = MAX_INFLATED_BYTES): number {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let total = 0;
  let pos = 0;
  for (;;) {
    const at = buf.indexOf(STREAM, pos);
    if (at < 0) return total;
    pos = at + STREAM.length;
    // "endstream" contains "stream"; a stream's data starts after an end of line.
    if (at >= 3 && buf.toString('latin1', at - 3, at) === 'end') continue;
    let start = pos;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    if (start === pos) continue;
    const end = buf.indexOf(ENDSTREAM, start);
    if (end < 0) return total;
    pos = end + ENDSTREAM.length;
    // The stream's dictionary: what stands between the object header and the keyword.
    const before = buf.toString('latin1', Math.max(0, at - 4096), at);
    const header = before.lastIndexOf(' obj');
    const dict = header >= 0 ? before.slice(header) : before;
    const layers = dict.match(/\/FlateDecode\b/g)?.length ?? 0;
    let bytes: Buffer = buf.subarray(start, end);
    for (let i = 0; i < layers; i++) {
      try {
        bytes = inflateSync(bytes, { maxOutputLength: cap - total + 1, finishFlush: constants.Z_SYNC_FLUSH });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new InflatedTooLarge();
        break;
      }
      total += bytes.length;
      if (total > cap) throw new InflatedTooLarge();
    }
  }
}
