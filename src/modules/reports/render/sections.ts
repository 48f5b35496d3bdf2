// Headings and groupings shared by every format, so the documents read alike.
import type { Report } from '../reports.schemas.js';

export const sections = {
  summary: '1. Zusammenfassung',
  resolutions: '2. Beschlüsse und Forderungen',
  threads: '3. Wiederkehrende Forderungen',
  changes: '4. Änderungen seit der letzten Erfolgskontrolle',
  missing: '5. Noch ausstehende Rückmeldungen',
  earlier: '6. Offene Forderungen früherer Konferenzen',
} as const;

/** The four groups of the summary, in reading order. */
export function shareRows(report: Report): { label: string; count: number }[] {
  const s = report.summary.shares;
  return [
    { label: 'erfüllt (auch: Bericht vorgelegt)', count: s.fulfilled },
    { label: 'teilweise oder überwiegend erfüllt', count: s.partly },
    { label: 'offen (offen, in Prüfung, in Umsetzung, erneut gefordert)', count: s.open },
    { label: 'abgelehnt oder gegenstandslos', count: s.closedOtherwise },
  ];
}
