// German labels and one-line help for the Sachstand form. The labels are the API's own
// (GET /vocab/statuses, /vocab/evidence-kinds); typed by the client's enums, so a new value in the
// contract fails the build until it has a label and a help text here.
import type { Schemas } from '../../api';

export type Status = Schemas['Draft']['status'];
export type EvidenceKind = Schemas['Draft']['evidence'][number]['kind'];
export type DraftKind = Schemas['Draft']['kind'];
export type DraftEvent = string;

export const STATUS_OPTIONS: Record<Status, { label: string; help: string }> = {
  open: { label: 'offen', help: 'Es ist nichts geschehen, oder es ist nicht bekannt, dass etwas geschehen ist.' },
  under_examination: { label: 'in Prüfung', help: 'Der Adressat prüft die Forderung; entschieden ist noch nichts.' },
  in_progress: { label: 'in Umsetzung', help: 'Die Umsetzung hat begonnen, etwa mit einem Entwurf, einem Programm oder Gesprächen.' },
  partially_fulfilled: { label: 'teilweise erfüllt', help: 'Ein Teil ist umgesetzt, ein wesentlicher Teil noch nicht.' },
  largely_fulfilled: { label: 'überwiegend erfüllt', help: 'Im Wesentlichen umgesetzt; es fehlen nur noch Einzelheiten.' },
  fulfilled: { label: 'erfüllt', help: 'Die Forderung ist vollständig umgesetzt.' },
  rejected: { label: 'abgelehnt', help: 'Der Adressat hat die Forderung ausdrücklich abgelehnt.' },
  reiterated: { label: 'erneut gefordert', help: 'Die Konferenz hat die Forderung erneut erhoben, weil sie nicht umgesetzt ist.' },
  obsolete: { label: 'gegenstandslos', help: 'Die Forderung hat sich erledigt, etwa durch eine geänderte Rechtslage.' },
  report_delivered: { label: 'Bericht vorgelegt', help: 'Der erbetene Bericht liegt vor (bei Berichtsaufträgen und Prüfbitten).' },
};

export const EVIDENCE_KINDS: Record<EvidenceKind, string> = {
  gesetz: 'Gesetz',
  haushalt: 'Haushalt',
  schreiben: 'Schreiben',
  beschluss: 'Beschluss',
  bericht: 'Bericht',
  presse: 'Presse',
  sonstige: 'sonstige',
};

export const KIND_OPTIONS: Record<DraftKind, { label: string; help: string }> = {
  sachstand: { label: 'Sachstand', help: 'Beantwortet die Forderung zum Stichtag der Runde.' },
  zwischenbericht: {
    label: 'Zwischenbericht',
    help: 'Eine Antwort ist noch nicht möglich; Sie nennen, bis wann sie kommt.',
  },
};

export const EVENT_LABELS: Record<string, string> = {
  created: 'angelegt',
  edited: 'geändert',
  submitted: 'eingereicht',
  returned: 'von der Geschäftsstelle zurückgegeben',
  accepted: 'von der Geschäftsstelle angenommen',
  edited_by_office: 'von der Geschäftsstelle geändert',
  released: 'freigegeben',
};
