// A PDF decompression bomb (a 357 KB upload inflating to hundreds of MB) blocked /health for more
// than 30 s and took 1.9 GB: the PDF is read in the import worker, and what its streams may inflate
// to is capped before pdf.js reads them.
import { describe, expect, it } from 'vitest';
import { makeFlateBombPdf, makePdf } from '../bench/import-pdf.js';
import { extractPdfText, PdfError } from '../src/modules/imports/pdf.js';
import { inflatedSize, MAX_INFLATED_BYTES } from '../src/modules/imports/pdf-guard.js';
import { createTestApp, json } from './helper.js';

describe('PDF decompression bombs', () => {
  it('are refused before pdf.js inflates them, in little time and memory', async () => {
    const bomb = makeFlateBombPdf(360 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(400 * 1024);
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const err = await extractPdfText(bomb).catch((e: unknown) => e);
    const ms = performance.now() - started;
    expect(err).toBeInstanceOf(PdfError);
    expect((err as PdfError).code).toBe('too_large');
    expect(ms).toBeLessThan(5_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(MAX_INFLATED_BYTES * 2);
  });

  it('leave ordinary PDFs alone', async () => {
    const pdf = makePdf([['Die IntMK hat einstimmig beschlossen:', '1. Die IntMK bittet den Bund, zu handeln.']]);
    expect(inflatedSize(pdf)).toBe(0);
    expect((await extractPdfText(pdf)).text).toContain('bittet den Bund');
  });

  it('get 422 through the API while /health keeps answering', async () => {
    const t = await createTestApp({ importWorker: true });
    const bomb = makeFlateBombPdf(360 * 1024 * 1024);
    const upload = t.app.inject({
      as: 'admin',
      method: 'POST',
      url: '/api/v1/imports',
      headers: { 'content-type': 'application/pdf' },
      payload: bomb,
    });
    let worst = 0;
    let done = false;
    void upload.then(() => {
      done = true;
    });
    while (!done) {
      const started = performance.now();
      const health = await t.app.inject({ as: 'admin', method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      worst = Math.max(worst, performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
    const res = await upload;
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res).code).toBe('imports.pdf_too_large');
    expect(worst).toBeLessThan(1_000);
  }, 60_000);
});
