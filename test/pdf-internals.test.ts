// The PDF renderer changes how pdfmake and pdfkit work inside (src/modules/reports/render/pdf-*.ts:
// one layout pass, words drawn as runs, content streams, style lookups, shared shaping, charts).
// Those files were written against one version of each; another version may lay out or draw
// differently without any error. This test fails first, so an upgrade rechecks them.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const versionOf = (name: string, from = require) => (from(`${name}/package.json`) as { version: string }).version;

describe('the libraries the PDF renderer patches', () => {
  it('are the versions src/modules/reports/render/pdf-*.ts were written against', () => {
    const fromPdfmake = createRequire(require.resolve('pdfmake/package.json'));
    expect(versionOf('pdfmake'), 'recheck pdf-one-pass, pdf-runs, pdf-styles, pdf-fonts and pdf-charts, then update this pin').toBe(
      '0.3.11',
    );
    expect(versionOf('pdfkit', fromPdfmake), 'recheck pdf-content, pdf-runs and pdf-fonts, then update this pin').toBe('0.19.1');
  });
});
