// The parser against the hand-checked fixtures (derived from seeds/ by bench/import-fixtures.ts):
// every TOP exact on id, title, proposers and adoption; at least 90 % of the demands found with
// the right kind and addressees, per document.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_DIR, loadFixture, scoreDemands, scoreTops } from '../bench/import-eval.js';
import { makePdf, paginate } from '../bench/import-pdf.js';
import { DEFAULT_BODIES } from '../src/domain/vocab.js';
import { findCues } from '../src/modules/imports/parse/demands.js';
import { parseDocument } from '../src/modules/imports/parse/index.js';
import { joinLines, normalizeText } from '../src/modules/imports/parse/normalize.js';
import { extractPdfText } from '../src/modules/imports/pdf.js';

// Bodies the seed adds to the vocabulary; a real installation has them too.
const BODIES = [
  ...DEFAULT_BODIES,
  { code: 'ALLE-VERANTWORTLICHEN', name: 'Alle Verantwortlichen', kind: 'other' as const },
  { code: 'BUNDESGESETZGEBER', name: 'Bundesgesetzgeber', kind: 'federal' as const },
  { code: 'ALLE-BETEILIGTEN', name: 'Alle Beteiligten (im Beschluss nicht näher bestimmt)', kind: 'other' as const },
];

describe.each(['intmk-18-2023', 'intmk-20-2025'])('parser quality on %s', (name) => {
  const fixture = loadFixture(name);
  const draft = parseDocument(readFileSync(`${DOCUMENT_DIR}${fixture.document}`, 'utf8'), { bodies: BODIES });

  it('reads the conference metadata', () => {
    expect(draft.conference).toMatchObject(fixture.conference);
  });

  it('finds every TOP with exact id, title, proposers and adoption', () => {
    const s = scoreTops(draft, fixture);
    expect(s.misses).toEqual([]);
    expect(s.allFour).toBe(fixture.tops.length);
  });

  it('finds at least 90 % of the demands with the right kind and addressees', () => {
    const s = scoreDemands(draft, fixture);
    expect(s.fullyCorrect).toBeGreaterThanOrEqual(0.9);
    expect(s.precision).toBeGreaterThanOrEqual(0.85);
  });
});

describe.each(['intmk-18-2023', 'intmk-20-2025'])('parser quality on %s as a PDF', (name) => {
  it('keeps the targets when the text comes from a PDF text layer', async () => {
    const fixture = loadFixture(name);
    const pdf = makePdf(paginate(readFileSync(`${DOCUMENT_DIR}${fixture.document}`, 'utf8')));
    const { text } = await extractPdfText(pdf);
    const draft = parseDocument(text, { bodies: BODIES });
    expect(scoreTops(draft, fixture).misses).toEqual([]);
    expect(scoreDemands(draft, fixture).fullyCorrect).toBeGreaterThanOrEqual(0.9);
  });
});

describe('parser details', () => {
  it('strips PDF artefacts: line numbers, page banners, "Seite x von y", hyphenation', () => {
    const { lines, lineNumbered } = normalizeText(
      [
        'TOP 4.1 ',
        'Die für Integration zuständigen Ministe-1 ',
        '',
        'rinnen fordern den Bund auf, Mecklenburg-2 ',
        'Vorpommern und die Aus- 3 ',
        'und Weiterbildung zu stärken. 4 ',
        'Seite 2 von 6 ',
        '20. Integrationsministerkonferenz 2025',
        'Hauptkonferenz am 23. – 24. April 2025 in Göttingen ',
        'Der Anteil stieg bis 2023 5 ',
      ].join('\n'),
    );
    expect(lineNumbered).toBe(true);
    expect(lines).not.toContain('Seite 2 von 6');
    expect(joinLines(lines.slice(1))).toBe(
      'Die für Integration zuständigen Ministerinnen fordern den Bund auf, Mecklenburg-Vorpommern und die Aus- und Weiterbildung zu stärken. Der Anteil stieg bis 2023',
    );
  });

  it('reads reiteration cues and explicit references, not due dates', () => {
    const cues = findCues(
      'Die IntMK bittet erneut, wie in TOP 6.2 der 14. IntMK 2019 und als Forderung aus der 19. IntMK, für die 22. IntMK 2027 …',
      20,
    );
    expect(cues).toEqual([
      { kind: 'cue_word', text: 'erneut', conference: null, top: null },
      { kind: 'explicit_reference', text: 'TOP 6.2 der 14. IntMK 2019', conference: 14, top: '6.2' },
      { kind: 'explicit_reference', text: '19. IntMK', conference: 19, top: null },
    ]);
  });

  it('refuses a text that is no IntMK collection', () => {
    expect(() => parseDocument('Einkaufszettel: Milch, Brot, Käse.')).toThrow(/keine Beschlusssammlung/);
  });
});
