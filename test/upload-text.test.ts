// An uploaded text file's bytes as text (src/modules/imports/upload-text.ts).
import { describe, expect, it } from 'vitest';
import { decodeUpload, decodeWindows1252 } from '../src/modules/imports/upload-text.js';

describe('decoding an uploaded text file', () => {
  it('reads Windows-1252 by its table: the letters at 0x80-0x9F, the rest as Latin-1', () => {
    const high = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    expect(decodeWindows1252(high)).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
    const rest = Uint8Array.from([...Array(0x80).keys(), ...Array.from({ length: 0x60 }, (_, i) => 0xa0 + i)]);
    expect(decodeWindows1252(rest)).toBe(Buffer.from(rest).toString('latin1'));
  });

  it('takes UTF-8 when the bytes are UTF-8, and Windows-1252 when they are not', () => {
    expect(decodeUpload(Buffer.from('\uFEFF„Integrationskurse“ – für alle', 'utf8'))).toBe('„Integrationskurse“ – für alle');
    expect(decodeUpload(Uint8Array.from([0x84, 0x49, 0x4b, 0x93, 0x20, 0x96, 0x20, 0x66, 0xfc, 0x72]))).toBe('„IK“ – für');
  });
});
