// Headings, groupings and lines shared by every format, so the documents read alike.
import type { StatusGroup } from '../../../domain/vocab.js';
import type { Report, ReportResolution } from '../reports.schemas.js';

export const sections = {
  summary: '1. Zusammenfassung',
  resolutions: '2. Beschlüsse und Forderungen',
  threads: '3. Wiederkehrende Forderungen',
  changes: '4. Änderungen seit der letzten Erfolgskontrolle',
  missing: '5. Noch ausstehende Rückmeldungen',
  earlier: '6. Offene Forderungen früherer Konferenzen',
} as const;

const SHARE_LABELS: Record<StatusGroup, string> = {
  fulfilled: 'erfüllt (auch: Bericht vorgelegt)',
  partly: 'teilweise oder überwiegend erfüllt',
  open: 'offen (offen, in Prüfung, in Umsetzung, erneut gefordert)',
  closedOtherwise: 'abgelehnt oder gegenstandslos',
};

/** The four groups of the summary, in reading order. */
export function shareRows(report: Report): { label: string; count: number }[] {
  const s = report.summary.shares;
  return (Object.keys(SHARE_LABELS) as StatusGroup[]).map((group) => ({ label: SHARE_LABELS[group], count: s[group] }));
}

/** "Antragsteller: NI", "Beschluss: einstimmig", "Abstimmung: …" (internal), "Grüne Liste G3", "Haushaltsvorbehalt: …", as far as known. */
export function resolutionFacts(r: ReportResolution): string[] {
  const facts: string[] = [];
  if (r.proposers) facts.push(`Antragsteller: ${r.proposers}`);
  facts.push(`Beschluss: ${r.adoption}`);
  if (r.vote) facts.push(`Abstimmung: ${r.vote}`);
  if (r.greenList) facts.push(`Grüne Liste ${r.greenList}`);
  if (r.budgetReservation) facts.push(`Haushaltsvorbehalt: ${r.budgetReservation}`);
  return facts;
}
