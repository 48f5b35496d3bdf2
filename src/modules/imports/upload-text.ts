// The text of an uploaded text file, read where the import runs (the import worker in the server):
// decoding and checking 1 MB held the event loop for 20-30 ms. Refusals carry a problem code and a
// German message, as plain data across the worker boundary (worker/task.ts).

/** About 1000 printed pages; longer texts are no single conference's collection. */
export const MAX_IMPORT_CHARACTERS = 4_000_000;

export type RefusalCode = 'imports.not_text' | 'imports.empty' | 'imports.too_long';

/** An upload that is no collection's text; the service answers 422 with this code and message. */
export class UploadRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
  }
}

/** Plain text as UTF-8, else Windows-1252 (what older Word exports write); refused when it is none. */
export function decodeUpload(data: Uint8Array): string {
  if (data.includes(0)) {
    throw new UploadRefusal('imports.not_text', 'Die Datei enthält Binärdaten und ist kein Text; erwartet wird Text (UTF-8) oder ein PDF.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    text = decodeWindows1252(data);
  }
  if (text.trim() === '') throw new UploadRefusal('imports.empty', 'Die Datei enthält keinen Text.');
  return checkedLength(text);
}

/** What Windows-1252 has at 0x80-0x9F (WHATWG's index; the five unassigned bytes stay as they are). */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Windows-1252 by our own table: Node 20's `TextDecoder('windows-1252')` decodes Latin-1, so the
 * quotes „ “ and the dash – of a Word export became control characters (Node 22 follows WHATWG).
 */
export function decodeWindows1252(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH.charAt(c.charCodeAt(0) - 0x80));
}

/** The text, unless it is longer than a collection can be. */
export function checkedLength(text: string): string {
  if (text.length > MAX_IMPORT_CHARACTERS) {
    throw new UploadRefusal(
      'imports.too_long',
      `Der Text ist mit ${text.length} Zeichen länger als eine Beschlusssammlung sein kann (höchstens ${MAX_IMPORT_CHARACTERS}).`,
    );
  }
  return text;
}
