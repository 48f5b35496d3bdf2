// Generalisation: the parser on two fictional collections (21. IntMK 2026 in Düsseldorf) written in
// the layouts of the real documents but with other TOP ids, titles, proposers, adoption variants
// (mehrheitlich, Umlaufbeschluss, a wrapped decision line, "bei Enthaltung"), protocol notes,
// budget reservations and demands of every kind to many different bodies. Nothing in the parser
// may know these texts; what is asserted here is what a reader of them would record.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makePdf, paginate } from '../bench/import-pdf.js';
import type { ParsedDocument } from '../src/modules/imports/imports.schemas.js';
import { parseDocument } from '../src/modules/imports/parse/index.js';
import { extractPdfText } from '../src/modules/imports/pdf.js';

const DIR = new URL('./fixtures/imports/', import.meta.url).pathname;

interface Top {
  top: string;
  title: string;
  proposers: 'all' | string[];
  adoption: string;
}
interface Demand {
  top: string;
  ziffer: string | null;
  kind: string;
  addressees: string[];
}
const t = (top: string, title: string, proposers: 'all' | string[], adoption: string): Top => ({ top, title, proposers, adoption });
const d = (top: string, ziffer: string | null, kind: string, ...addressees: string[]): Demand => ({ top, ziffer, kind, addressees });

const CONFERENCE = {
  number: 21,
  year: 2026,
  kind: 'hauptkonferenz',
  startDate: '2026-05-06',
  endDate: '2026-05-07',
  place: 'Düsseldorf',
  chairLand: 'NW',
};

// Demands both layouts share (same decision texts).
const COMMON: Demand[] = [
  d('2.3', '1', 'forderung', 'BUND'),
  d('2.3', '2', 'bitte', 'BAMF'),
  d('2.3', '3', 'selbstverpflichtung', 'LAENDER'),
  d('2.3', '4', 'bitte', 'INTMK-VORSITZ'),
  d('3.4', '1', 'pruefbitte', 'KMK'),
  d('3.4', '2', 'appell', 'BMFSFJ'),
  d('3.4', '3', 'bitte', 'JFMK'),
];
const ARBEIT: Demand[] = [
  d('5.7', '1', 'forderung', 'BREG'),
  d('5.7', '2', 'appell', 'BA'),
  d('5.7', '3', 'bitte', 'IMK'),
  d('5.7', '4', 'auftrag', 'INTMK-VORSITZ'),
];
const EINBUERGERUNG: Demand[] = [
  d('6.2', null, 'bitte', 'BUNDESTAG'),
  d('6.2', null, 'bitte', 'BMI'),
  d('6.2', null, 'appell', 'KOMMUNEN'),
];
const ANTIDISKRIMINIERUNG: Demand[] = [
  d('7.3', '1', 'bitte', 'BREG'),
  d('7.3', '1', 'pruefbitte', 'BREG'),
  d('7.3', '2', 'selbstverpflichtung', 'LAENDER'),
  d('7.3', '3', 'forderung', 'EU'),
];

const MINUTES = {
  file: 'synthetic-21-2026-niederschrift.txt',
  tops: [
    t('A', 'Genehmigung der Tagesordnung', ['NW'], 'einstimmig'),
    t('B', 'Bericht des Bundes', [], 'zur_kenntnis_genommen'),
    t('C', 'Grüne Liste', [], 'einstimmig'),
    t('1.2', 'Erfolgskontrolle', ['NW'], 'zur_kenntnis_genommen'),
    t('2.3', 'Kommunale Integrationszentren dauerhaft absichern', ['NW', 'HB', 'SL'], 'einstimmig'),
    t('3.4', 'Frühkindliche Sprachbildung in Kindertageseinrichtungen stärken', ['HH', 'SH', 'MV', 'BB'], 'mehrheitlich'),
    t('3.5', 'Integrationsmonitoring der Länder fortschreiben', ['HE', 'SN'], 'einstimmig'),
    t('4.6', 'Bezahlbaren Wohnraum für Geflüchtete schaffen', ['BE', 'HB'], 'zurueckgezogen'),
    t('5.7', 'Arbeitsmarktzugang für Geflüchtete beschleunigen', 'all', 'mehrheitlich'),
    t('5.8', 'Beschäftigungsduldung entfristen', ['TH'], 'zusammengelegt'),
    t('6.2', 'Einbürgerung erleichtern – Teilhabe stärken', ['BE', 'HB', 'TH'], 'mehrheitlich'),
    t('7.3', 'Antidiskriminierungsberatung flächendeckend ausbauen', ['RP', 'NI', 'HE', 'ST'], 'einstimmig'),
    t('8.1', 'Ehrenamt in der Integrationsarbeit stärken', ['SN', 'TH'], 'einstimmig'),
  ],
  demands: [
    ...COMMON,
    d('3.5', '2', 'auftrag', 'LAG-MONITORING'),
    ...ARBEIT,
    ...EINBUERGERUNG,
    d('6.2', null, 'bitte', 'INTB'),
    ...ANTIDISKRIMINIERUNG,
    d('8.1', '1', 'selbstverpflichtung', 'LAENDER'),
    d('8.1', '2', 'bitte', 'BREG'),
  ],
};

const PDF = {
  file: 'synthetic-21-2026-pdf.txt',
  tops: [
    t('1.1', 'Genehmigung der Tagesordnung', ['NW'], 'einstimmig'),
    t('A', 'Berichte des Bundes', [], 'zur_kenntnis_genommen'),
    t('2.3', 'Kommunale Integrationszentren dauerhaft absichern', ['NW', 'HB', 'SL'], 'einstimmig'),
    t('3.4', 'Frühkindliche Sprachbildung in Kindertageseinrichtungen stärken', ['HH', 'SH', 'MV', 'BB'], 'mehrheitlich'),
    t('5.7', 'Arbeitsmarktzugang für Geflüchtete beschleunigen', 'all', 'mehrheitlich'),
    t('6.2', 'Einbürgerung erleichtern – Teilhabe stärken', ['BE', 'HB', 'TH'], 'mehrheitlich'),
    t('7.3', 'Antidiskriminierungsberatung flächendeckend ausbauen', ['RP', 'NI', 'HE', 'ST'], 'einstimmig'),
    t('8.2', 'Gesellschaftlichen Zusammenhalt in der Einwanderungsgesellschaft stärken', ['BW', 'BY', 'SN'], 'mehrheitlich'),
  ],
  demands: [
    ...COMMON,
    ...ARBEIT,
    ...EINBUERGERUNG,
    ...ANTIDISKRIMINIERUNG,
    d('8.2', null, 'bitte', 'BUND'),
    d('8.2', null, 'selbstverpflichtung', 'LAENDER'),
    d('8.2', null, 'selbstverpflichtung', 'LAENDER'),
    d('8.2', null, 'bitte', 'INTB'),
  ],
};

const topsOf = (draft: ParsedDocument) =>
  draft.resolutions.map((r) => ({ top: r.top, title: r.title, proposers: r.proposers, adoption: r.adoption }));
const demandsOf = (draft: ParsedDocument) =>
  draft.resolutions.flatMap((r) => r.demands.map((x) => ({ top: r.top, ziffer: x.ziffer, kind: x.kind, addressees: x.addressees })));

describe.each([MINUTES, PDF])('generalisation on $file', (doc) => {
  const draft = parseDocument(readFileSync(`${DIR}${doc.file}`, 'utf8'));
  const byTop = (top: string) => draft.resolutions.find((r) => r.top === top)!;

  it('reads the conference', () => {
    expect(draft.conference).toEqual(CONFERENCE);
  });

  it('finds every TOP with exact id, title, proposers and adoption, in order', () => {
    expect(topsOf(draft)).toEqual(doc.tops);
  });

  it('finds every demand with its kind and addressees, and nothing else', () => {
    expect(demandsOf(draft)).toEqual(doc.demands);
  });

  it('reads coordinating Land, circular decision, protocol notes and budget reservation', () => {
    expect(byTop('2.3').coordinatingLand).toBe('NW');
    expect(byTop('7.3').coordinatingLand).toBe('NI');
    expect(byTop('5.7').circular).toEqual({ number: '02/2026', date: '2026-02-12' });
    expect(byTop('2.3').notes).toEqual([
      {
        kind: 'protokollnotiz',
        lands: ['SN'],
        ziffer: '3',
        demand: null,
        budgetReservation: true,
        text: 'Sachsen trägt Ziffer 3 unter Haushaltsvorbehalt mit.',
      },
    ]);
    // One Land's reservation is its note's, not the resolution's.
    expect(byTop('2.3').budgetReservation).toBeNull();
    expect(byTop('5.7').notes).toMatchObject([{ kind: 'protokollnotiz', lands: ['BY'], ziffer: '1' }]);
    expect(byTop('5.7').budgetReservation).toBeNull();
    // The note is not part of the last Ziffer.
    expect(byTop('5.7').ziffern.map((z) => z.number)).toEqual(['1', '2', '3', '4']);
    expect(byTop('5.7').ziffern[3]?.text).not.toMatch(/Bayern/);
  });

  it('keeps reiteration cues and due dates per demand', () => {
    const reiterated = byTop('2.3').demands[0]!;
    expect(reiterated.cues).toEqual(
      expect.arrayContaining([
        { kind: 'cue_word', text: 'erneut', conference: null, top: null },
        { kind: 'explicit_reference', text: '19. IntMK', conference: 19, top: null },
      ]),
    );
    expect(byTop('2.3').demands[1]!.cues).toEqual([]);
    const further = draft.resolutions.flatMap((r) => r.demands).find((x) => /weiterhin/.test(x.wording))!;
    expect(further.cues.map((c) => c.text)).toContain('weiterhin');
    // "weist erneut darauf hin, dass …" states a fact; it asks nothing.
    expect(byTop('7.3').demands.some((x) => x.ziffer === '4')).toBe(false);
  });

  it('keeps the targets when the text comes from a PDF text layer', async () => {
    const { text } = await extractPdfText(makePdf(paginate(readFileSync(`${DIR}${doc.file}`, 'utf8'))));
    const fromPdf = parseDocument(text);
    expect(topsOf(fromPdf)).toEqual(doc.tops);
    const got = demandsOf(fromPdf);
    const right = doc.demands.filter((e) => got.some((g) => JSON.stringify(g) === JSON.stringify(e)));
    expect(right.length / doc.demands.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe('layout-only details of the minutes', () => {
  const draft = parseDocument(readFileSync(`${DIR}${MINUTES.file}`, 'utf8'));
  const byTop = (top: string) => draft.resolutions.find((r) => r.top === top)!;

  it('takes withdrawn and merged items from the agenda and marks the green list', () => {
    expect(byTop('4.6')).toMatchObject({ coordinatingLand: 'BE', demands: [] });
    expect(byTop('5.8')).toMatchObject({ mergedIntoTop: '5.7', demands: [] });
    expect(byTop('3.5').greenList).toBe('GL');
    expect(byTop('2.3').greenList).toBeNull();
  });

  it('reads a due conference and a reservation worded without "Haushaltsvorbehalt"', () => {
    expect(byTop('3.5').demands[0]).toMatchObject({ kind: 'auftrag', dueConference: 23 });
    expect(byTop('3.5').demands[0]!.cues).toEqual([]);
    expect(byTop('8.1').budgetReservation).toMatch(/vorbehaltlich der Bereitstellung/);
  });
});
