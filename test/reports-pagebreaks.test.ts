// Page breaks of the annex PDF: a heading never ends a page without the start of the block it
// introduces (the chart of section 3 used to start a page after its heading and introduction).
import { describe, expect, it, vi } from 'vitest';
import { releaseFullRound } from '../bench/released-round.js';
import { pdfStrandedHeadings } from './documents.js';
import { createTestApp } from './helper.js';

vi.setConfig({ testTimeout: 60_000 });

describe('PDF page breaks', () => {
  it('keeps every section and TOP heading on the page with the start of what it introduces', async () => {
    const t = await createTestApp({ seed: true });
    releaseFullRound(t.database.sqlite, t.services, t.clock);
    for (const audience of ['internal', 'public']) {
      const res = await t.app.inject({
        as: 'admin',
        url: `/api/v1/conferences/20/erfolgskontrolle?format=pdf&audience=${audience}`,
      });
      expect(res.statusCode).toBe(200);
      expect(await pdfStrandedHeadings(res.rawPayload)).toEqual([]);
    }
  });
});
