// The report as Markdown (GitHub-flavoured tables). Text from the record is escaped so it can
// neither start markup (links, images, HTML) nor break a table.
import type { Report, ReportDemandRef } from '../reports.schemas.js';
import {
  addresseeList,
  audienceLabel,
  conferenceLine,
  evidenceLines,
  germanDate,
  germanShortDate,
  percent,
  stripControl,
  topRef,
} from './format.js';
import { resolutionFacts, sections, shareRows } from './sections.js';

/**
 * Escapes what could start markup inside a line (emphasis, code, links, images, HTML, table cells)
 * and what GFM would turn into a link by itself; line breaks become spaces, one row per line.
 */
export function md(text: string): string {
  return stripControl(text)
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]|~!]/g, (c) => `\\${c}`)
    .replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'))
    .replace(/:\/\//g, '\\://')
    .replace(/\b(www)\./gi, '$1\\.');
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function refRows(list: ReportDemandRef[], withConference: boolean): string[][] {
  return list.map((d) => [
    ...(withConference ? [`${d.conference}. IntMK`] : []),
    md(topRef(d.top, d.ziffer)),
    md(d.summary),
    md(addresseeList(d.addressees)),
    md(d.statusLabel),
    ...(withConference ? [d.lastUpdateAsOf ? md(germanShortDate(d.lastUpdateAsOf)) : '–'] : []),
  ]);
}

export function renderMarkdown(report: Report): string {
  const c = report.conference;
  const s = report.summary;
  const out: string[] = [
    `# ${md(report.title)}`,
    '',
    `**${md(report.subtitle)}**`,
    '',
    `- ${md(conferenceLine(c))}`,
    ...(report.chair ? [`- Vorsitz: ${md(report.chair.name)}`] : []),
    `- Stichtag: ${md(germanDate(report.asOf))}`,
    `- Änderungen seit: ${md(germanDate(report.since))}`,
    `- ${md(audienceLabel(report.audience))}`,
    `- Erstellt am ${md(germanDate(report.generated.slice(0, 10)))}`,
    '',
    `## ${md(sections.summary)}`,
    '',
    `Die ${c.number}. IntMK hat ${s.resolutions} Beschlüsse mit ${s.demands} nachzuverfolgenden Forderungen gefasst.`,
    '',
    table(
      ['Status', 'Anzahl', 'Anteil'],
      [
        ...s.byStatus.filter((b) => b.count > 0).map((b) => [md(b.label), String(b.count), percent(b.count, s.demands)]),
        ['**Insgesamt**', `**${s.demands}**`, percent(s.demands, s.demands)],
      ],
    ),
    '',
    table(
      ['Gruppe', 'Anzahl', 'Anteil'],
      shareRows(report).map((r) => [md(r.label), String(r.count), percent(r.count, s.demands)]),
    ),
    '',
    '### Forderungen nach Adressat',
    '',
    table(
      ['Adressat', 'Anzahl', ...s.byStatus.filter((b) => b.count > 0).map((b) => md(b.label))],
      s.byAddressee.map((a) => [
        md(a.name),
        String(a.total),
        ...s.byStatus.filter((b) => b.count > 0).map((b) => String(a.byStatus.find((x) => x.status === b.status)?.count ?? 0)),
      ]),
    ),
    '',
  ];
  if (s.oldestOpenThreads.length) {
    out.push('### Älteste offene Stränge', '');
    for (const t of s.oldestOpenThreads)
      out.push(`- ${md(t.title)}: seit ${t.firstRaised}, ${t.yearsOpen ?? 0} Jahre offen (Status: ${md(t.statusLabel)})`);
    out.push('');
  }

  out.push(`## ${md(sections.resolutions)}`, '');
  for (const r of report.resolutions) {
    out.push(`### TOP ${md(r.top)} ${md(r.title)}`, '');
    const facts = resolutionFacts(r);
    out.push(`*${md(facts.join(' · '))}*`, '');
    if (r.demands.length === 0) {
      out.push('Keine nachzuverfolgenden Forderungen.', '');
      continue;
    }
    out.push(
      table(
        ['Ziffer', 'Adressaten', 'Forderung', 'Status', 'Sachstand'],
        r.demands.map((d) => [
          md(d.ziffer ?? '–'),
          md(addresseeList(d.addressees)),
          `**${md(d.kindLabel)}:** ${md(d.summary)}${d.changedSinceLastReport ? ' ● neu seit der letzten Erfolgskontrolle' : ''}`,
          `${md(d.statusLabel)}${d.statusAsOf ? ` (seit ${md(germanShortDate(d.statusAsOf))})` : ''}`,
          d.update
            ? [
                md(d.update.narrative),
                ...evidenceLines(d.update).map(md),
                `Gemeldet von ${md(d.update.reporterName)} am ${md(germanShortDate(d.update.asOf))}`,
              ].join('<br>')
            : 'Kein Sachstand gemeldet.',
        ]),
      ),
      '',
    );
  }

  out.push(`## ${md(sections.threads)}`, '');
  if (report.threads.length === 0) out.push('Keine wiederkehrenden Forderungen berührt.', '');
  for (const t of report.threads) {
    out.push(
      `### ${md(t.title)}`,
      '',
      `Erstmals erhoben: ${t.firstRaised} · Status: ${md(t.statusLabel)} · ${t.yearsOpen !== null ? `${t.yearsOpen} Jahre offen` : 'abgeschlossen'}`,
      '',
    );
    if (t.origin) out.push(`> ${md(t.origin)}`, '');
    out.push(
      table(
        ['Konferenz', 'TOP', 'Bezug', 'Forderung', 'Status'],
        t.repetitions.map((r) => [
          `${r.conference}. IntMK ${r.year}`,
          md(topRef(r.top, r.ziffer)),
          md(r.relationLabel),
          md(r.summary),
          md(r.statusLabel),
        ]),
      ),
      '',
    );
  }

  out.push(`## ${md(sections.changes)}`, '', `Sachstände mit Datum nach dem ${md(germanDate(report.since))}.`, '');
  if (report.changes.length === 0) out.push('Keine Änderungen gemeldet.', '');
  else
    out.push(
      table(
        ['TOP', 'Forderung', 'vorher → jetzt', 'Sachstand'],
        report.changes.map((ch) => [
          md(`${ch.demand.conference}. IntMK ${topRef(ch.demand.top, ch.demand.ziffer)}`),
          md(ch.demand.summary),
          `${md(ch.before.statusLabel)} → ${md(ch.after.statusLabel)}`,
          `${md(germanShortDate(ch.update.asOf))}, ${md(ch.update.reporterName)}: ${md(ch.update.narrative)}`,
        ]),
      ),
      '',
    );

  out.push(
    `## ${md(sections.missing)}`,
    '',
    `Offene Forderungen der ${c.number}. IntMK ohne Sachstand seit dem ${md(germanDate(report.since))}, nach zuständigem Land bzw. Arbeitsgruppe.`,
    '',
  );
  if (report.missing.length === 0) out.push('Zu allen offenen Forderungen liegt ein Sachstand vor.', '');
  for (const g of report.missing) {
    out.push(
      `### ${md(g.responsible.name)} (${g.demands.length})`,
      '',
      table(['TOP', 'Forderung', 'Adressaten', 'Status'], refRows(g.demands, false)),
      '',
    );
  }

  out.push(`## ${md(sections.earlier)}`, '');
  if (report.earlierOpen.length === 0) out.push('Keine offenen Forderungen früherer Konferenzen in der Nachverfolgung.', '');
  else
    out.push(table(['Konferenz', 'TOP', 'Forderung', 'Adressaten', 'Status', 'letzter Sachstand'], refRows(report.earlierOpen, true)), '');
  return out.join('\n');
}
