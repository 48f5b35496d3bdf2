// Controlled vocabularies. Each is defined once, as an `as const` tuple, and shared by
// the database schema, the API schemas, the seed format and the reports.

export const LAENDER = [
  { code: 'BW', name: 'Baden-Württemberg' },
  { code: 'BY', name: 'Bayern' },
  { code: 'BE', name: 'Berlin' },
  { code: 'BB', name: 'Brandenburg' },
  { code: 'HB', name: 'Bremen' },
  { code: 'HH', name: 'Hamburg' },
  { code: 'HE', name: 'Hessen' },
  { code: 'MV', name: 'Mecklenburg-Vorpommern' },
  { code: 'NI', name: 'Niedersachsen' },
  { code: 'NW', name: 'Nordrhein-Westfalen' },
  { code: 'RP', name: 'Rheinland-Pfalz' },
  { code: 'SL', name: 'Saarland' },
  { code: 'SN', name: 'Sachsen' },
  { code: 'ST', name: 'Sachsen-Anhalt' },
  { code: 'SH', name: 'Schleswig-Holstein' },
  { code: 'TH', name: 'Thüringen' },
] as const;

export const LAND_CODES = [
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
] as const satisfies readonly (typeof LAENDER)[number]['code'][];
export type LandCode = (typeof LAND_CODES)[number];

export const CONFERENCE_KINDS = ['hauptkonferenz', 'sonderkonferenz'] as const;
export type ConferenceKind = (typeof CONFERENCE_KINDS)[number];
export const CONFERENCE_KIND_LABELS: Record<ConferenceKind, string> = {
  hauptkonferenz: 'Hauptkonferenz',
  sonderkonferenz: 'Sonderkonferenz',
};

export const ADOPTIONS = [
  'einstimmig',
  'mehrheitlich',
  'zur_kenntnis_genommen',
  'abgelehnt',
  'zurueckgezogen',
  'zusammengelegt',
  'ohne_beschluss',
] as const;
export type Adoption = (typeof ADOPTIONS)[number];
/** Rejected or withdrawn: the resolution binds nobody, so its demands are not followed up (nor ever public). */
export const VOID_ADOPTIONS: readonly Adoption[] = ['abgelehnt', 'zurueckgezogen'];
export const ADOPTION_LABELS: Record<Adoption, string> = {
  einstimmig: 'einstimmig',
  mehrheitlich: 'mehrheitlich',
  zur_kenntnis_genommen: 'zur Kenntnis genommen',
  abgelehnt: 'abgelehnt',
  zurueckgezogen: 'zurückgezogen',
  zusammengelegt: 'zusammengelegt',
  ohne_beschluss: 'ohne Beschluss (nur beraten)',
};

export const VISIBILITIES = ['public', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** A Land's vote on a resolution, as the internal minutes record it (never public). */
export const VOTES = ['ja', 'nein', 'enthaltung'] as const;
export type Vote = (typeof VOTES)[number];
export const VOTE_LABELS: Record<Vote, string> = { ja: 'Ja', nein: 'Nein', enthaltung: 'Enthaltung' };

export const NOTE_KINDS = ['protokollnotiz', 'protokollerklaerung'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
export const NOTE_KIND_LABELS: Record<NoteKind, string> = { protokollnotiz: 'Protokollnotiz', protokollerklaerung: 'Protokollerklärung' };

export const DEMAND_KINDS = ['forderung', 'pruefbitte', 'bitte', 'appell', 'auftrag', 'selbstverpflichtung'] as const;
export type DemandKind = (typeof DEMAND_KINDS)[number];
export const DEMAND_KIND_LABELS: Record<DemandKind, string> = {
  forderung: 'Forderung',
  pruefbitte: 'Prüfbitte',
  bitte: 'Bitte',
  appell: 'Appell',
  auftrag: 'Auftrag',
  selbstverpflichtung: 'Selbstverpflichtung',
};

export const BODY_KINDS = ['federal', 'conference', 'eu', 'laender', 'working_group', 'other'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
export const BODY_KIND_LABELS: Record<BodyKind, string> = {
  federal: 'Bundesebene',
  conference: 'Fachministerkonferenz',
  eu: 'Europäische Union',
  laender: 'Länder',
  working_group: 'Arbeitsgruppe',
  other: 'Sonstige',
};

export const STATUSES = [
  'open',
  'under_examination',
  'in_progress',
  'partially_fulfilled',
  'largely_fulfilled',
  'fulfilled',
  'rejected',
  'reiterated',
  'obsolete',
  'report_delivered',
] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<Status, string> = {
  open: 'offen',
  under_examination: 'in Prüfung',
  in_progress: 'in Umsetzung',
  partially_fulfilled: 'teilweise erfüllt',
  largely_fulfilled: 'überwiegend erfüllt',
  fulfilled: 'erfüllt',
  rejected: 'abgelehnt',
  reiterated: 'erneut gefordert',
  obsolete: 'gegenstandslos',
  report_delivered: 'Bericht vorgelegt',
};
/** The four groups the Erfolgskontrolle counts demands in; every status is in exactly one. */
export const STATUS_GROUPS = {
  fulfilled: ['fulfilled', 'report_delivered'],
  partly: ['partially_fulfilled', 'largely_fulfilled'],
  open: ['open', 'under_examination', 'in_progress', 'reiterated'],
  closedOtherwise: ['rejected', 'obsolete'],
} as const satisfies Record<string, readonly Status[]>;
export type StatusGroup = keyof typeof STATUS_GROUPS;
export const STATUS_GROUP_OF = Object.fromEntries(
  Object.entries(STATUS_GROUPS).flatMap(([group, statuses]) => statuses.map((s) => [s, group])),
) as Record<Status, StatusGroup>;
/** Statuses after which a demand is no longer followed up. */
export const CLOSED_STATUSES: readonly Status[] = ['fulfilled', 'rejected', 'obsolete', 'report_delivered'];

export const THREAD_RELATIONS = ['raised_first', 'reiterated', 'extended', 'narrowed', 'replaced'] as const;
export type ThreadRelation = (typeof THREAD_RELATIONS)[number];
export const THREAD_RELATION_LABELS: Record<ThreadRelation, string> = {
  raised_first: 'erstmals erhoben',
  reiterated: 'bekräftigt',
  extended: 'erweitert',
  narrowed: 'eingeschränkt',
  replaced: 'ersetzt',
};

export const EVIDENCE_KINDS = ['gesetz', 'haushalt', 'schreiben', 'beschluss', 'bericht', 'presse', 'sonstige'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  gesetz: 'Gesetz',
  haushalt: 'Haushalt',
  schreiben: 'Schreiben',
  beschluss: 'Beschluss',
  bericht: 'Bericht',
  presse: 'Presse',
  sonstige: 'sonstige',
};

/**
 * The bodies every installation starts with; admins may add more through the API.
 * Each Land is an addressee too (a resolution may task one Land, e.g. the chair).
 */
export const DEFAULT_BODIES: readonly { code: string; name: string; kind: BodyKind }[] = [
  ...LAENDER.map((l) => ({ code: l.code, name: l.name, kind: 'laender' as const })),
  { code: 'BUND', name: 'Bund', kind: 'federal' },
  { code: 'BREG', name: 'Bundesregierung', kind: 'federal' },
  { code: 'BMI', name: 'Bundesministerium des Innern', kind: 'federal' },
  { code: 'BMAS', name: 'Bundesministerium für Arbeit und Soziales', kind: 'federal' },
  { code: 'BMBF', name: 'Bundesministerium für Bildung und Forschung', kind: 'federal' },
  { code: 'BMFSFJ', name: 'Bundesministerium für Familie, Senioren, Frauen und Jugend', kind: 'federal' },
  { code: 'BMG', name: 'Bundesministerium für Gesundheit', kind: 'federal' },
  { code: 'BMJ', name: 'Bundesministerium der Justiz', kind: 'federal' },
  { code: 'BMWK', name: 'Bundesministerium für Wirtschaft und Klimaschutz', kind: 'federal' },
  { code: 'BMZ', name: 'Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung', kind: 'federal' },
  { code: 'AA', name: 'Auswärtiges Amt', kind: 'federal' },
  { code: 'BAMF', name: 'Bundesamt für Migration und Flüchtlinge', kind: 'federal' },
  { code: 'BA', name: 'Bundesagentur für Arbeit', kind: 'federal' },
  { code: 'INTB', name: 'Beauftragte der Bundesregierung für Migration, Flüchtlinge und Integration', kind: 'federal' },
  { code: 'BUNDESTAG', name: 'Deutscher Bundestag', kind: 'federal' },
  { code: 'KMK', name: 'Kultusministerkonferenz', kind: 'conference' },
  { code: 'ASMK', name: 'Arbeits- und Sozialministerkonferenz', kind: 'conference' },
  { code: 'IMK', name: 'Innenministerkonferenz', kind: 'conference' },
  { code: 'GMK', name: 'Gesundheitsministerkonferenz', kind: 'conference' },
  { code: 'JFMK', name: 'Jugend- und Familienministerkonferenz', kind: 'conference' },
  { code: 'MPK', name: 'Ministerpräsidentenkonferenz', kind: 'conference' },
  { code: 'BAUMINISTERKONFERENZ', name: 'Bauministerkonferenz', kind: 'conference' },
  { code: 'EU', name: 'Europäische Union', kind: 'eu' },
  { code: 'LAENDER', name: 'Länder', kind: 'laender' },
  { code: 'KOMMUNEN', name: 'Kommunen', kind: 'other' },
  { code: 'INTMK-VORSITZ', name: 'IntMK-Vorsitz und Geschäftsstelle', kind: 'other' },
  { code: 'LAG-MONITORING', name: 'LAG „Indikatorenentwicklung und Monitoring“', kind: 'working_group' },
  {
    code: 'LAG-OEFFENTLICHER-DIENST',
    name: 'LAG „Menschen mit Migrationsgeschichte im öffentlichen Dienst nachhaltig fördern“',
    kind: 'working_group',
  },
  {
    code: 'BLAG-KOOPERATION',
    name: 'BLAG „Ebenen übergreifende Kooperation im Politikfeld Integration“',
    kind: 'working_group',
  },
];
