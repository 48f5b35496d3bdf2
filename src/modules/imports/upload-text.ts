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
    text = new TextDecoder('windows-1252').decode(data);
  }
  if (text.trim() === '') throw new UploadRefusal('imports.empty', 'Die Datei enthält keinen Text.');
  return checkedLength(text);
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
