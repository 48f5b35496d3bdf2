// The report as Markdown (GitHub-flavoured tables). Text from the record is escaped so it can
// neither start markup (links, images, HTML) nor break a table.

import { ASSESSMENT_LABELS, ASSESSMENTS } from '../../../domain/assessment.js';
import type { Report, ReportDemandRef } from '../reports.schemas.js';
import { addresseeList, audienceLabel, evidenceLines, germanDate, germanShortDate, percent, stripControl, topRef } from './format.js';
import {
  addresseeAssessments,
  assessmentRows,
  bewertungOf,
  CHANGED_NOTE,
  coverOf,
  INTERNAL_MARK,
  MULTIPLE_ADDRESSEES_NOTE,
  missingIntro,
  NO_REPLY,
  OBJECTION_COLUMNS,
  OBJECTIONS_INTRO,
  OBJECTIONS_TITLE,
  objectionRows,
  PROGRESS_COLUMNS,
  PROGRESS_TITLE,
  progressIntro,
  progressRows,
  quietLine,
  resolutionFacts,
  sections,
  TOP_COLUMNS,
  TOTAL,
  threadState,
  zifferLine,
} from './sections.js';

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
  const cover = coverOf(report);
  const out: string[] = [
    `# ${md(cover.title)}`,
    '',
    `**${md(cover.subtitle)}**`,
    '',
    md(cover.sender),
    '',
    ...cover.facts.map(([k, v]) => `- ${md(k)}: ${md(v)}`),
    `- ${md(audienceLabel(report.audience))}`,
    '',
    `## ${md(sections.summary)}`,
    '',
    `Die Erfolgskontrolle umfasst ${s.resolutions} Beschlüsse der ${c.number}. IntMK mit insgesamt ${s.demands} nachzuverfolgenden Forderungen. Maßgeblich ist der Stand zum Stichtag ${md(germanDate(report.asOf))}.`,
    '',
    '### Stand nach Bewertung',
    '',
    table(
      ['Bewertung', 'Anzahl', 'Anteil', 'davon nach Status'],
      [
        ...assessmentRows(report).map((r) => [md(r.label), String(r.count), percent(r.count, s.demands), md(r.statuses || '–')]),
        [`**${TOTAL}**`, `**${s.demands}**`, percent(s.demands, s.demands), ''],
      ],
    ),
    '',
    '### Forderungen nach Adressat',
    '',
    table(
      ['Adressat', 'Anzahl', ...ASSESSMENTS.map((a) => ASSESSMENT_LABELS[a])],
      addresseeAssessments(report).map((a) => [md(a.name), String(a.total), ...ASSESSMENTS.map((x) => String(a.counts[x]))]),
    ),
    '',
    md(MULTIPLE_ADDRESSEES_NOTE),
    '',
  ];
  if (report.progress.conferences.length > 1) {
    out.push(
      `### ${PROGRESS_TITLE}`,
      '',
      md(progressIntro(report)),
      '',
      table(
        PROGRESS_COLUMNS.map((h) => h.replace(/^>/, '')),
        progressRows(report).map((row) => row.map((c) => md(c))),
      ),
      '',
    );
  }
  if (s.oldestOpenThreads.length) {
    out.push('### Älteste offene Stränge', '');
    for (const t of s.oldestOpenThreads)
      out.push(`- ${md(t.title)}: seit ${t.firstRaised}, ${t.yearsOpen ?? 0} Jahre offen (Status: ${md(t.statusLabel)})`);
    out.push('');
  }

  out.push(`## ${md(sections.resolutions)}`, '');
  const quiet = quietLine(report);
  if (quiet) out.push(md(quiet), '');
  for (const r of report.resolutions) {
    if (r.demands.length === 0) continue;
    out.push(`### TOP ${md(r.top)} ${md(r.title)}`, '');
    out.push(`*${md([...(r.internal ? [INTERNAL_MARK] : []), ...resolutionFacts(r)].join(' · '))}*`, '');
    out.push(
      table(
        [...TOP_COLUMNS],
        r.demands.map((d) => {
          const b = bewertungOf(d);
          return [
            `${d.internal ? `**${INTERNAL_MARK}** ` : ''}**${md(zifferLine(d))}:** ${md(d.summary)}${d.thread ? ' (wiederkehrend, Verlauf in Abschnitt 3)' : ''}`,
            md(addresseeList(d.addressees)),
            (d.changedSinceLastReport ? `● ${CHANGED_NOTE}<br>` : '') +
              (d.update
                ? [
                    md(d.update.narrative),
                    ...evidenceLines(d.update).map((l) => `Quelle: ${md(l)}`),
                    `gemeldet von ${md(d.update.reporterName)} am ${md(germanShortDate(d.update.asOf))}`,
                  ].join('<br>')
                : NO_REPLY),
            `${md(b.label)}${b.detail ? ` (${md(b.detail)})` : ''}${b.assessment !== 'open' && d.statusAsOf ? ` seit ${md(germanShortDate(d.statusAsOf))}` : ''}`,
          ];
        }),
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
      `Erstmals erhoben: ${t.firstRaised} · Status: ${md(t.statusLabel)}${threadState(t) ? ` · ${threadState(t)}` : ''}`,
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

  out.push(`## ${md(sections.missing)}`, '', md(missingIntro(report)), '');
  if (report.missing.length === 0) out.push('Zu allen offenen Forderungen liegt ein Sachstand vor.', '');
  for (const g of report.missing) {
    const lead = g.demands.filter((d) => d.lead).length;
    const facts = [
      `${g.demands.length} ${g.demands.length === 1 ? 'Forderung' : 'Forderungen'}`,
      ...(lead ? [`davon ${lead} federführend`] : []),
      ...(report.replyDeadline !== null ? [`zuletzt gemeldet: ${g.lastReported ? germanShortDate(g.lastReported) : '–'}`] : []),
    ];
    out.push(
      `### ${md(g.responsible.name)}`,
      '',
      md(facts.join(' · ')),
      '',
      table(['TOP', 'Forderung', 'Adressaten', 'Status'], refRows(g.demands, false)),
      '',
    );
  }

  const objections = objectionRows(report);
  if (objections.length) {
    out.push(
      `### ${OBJECTIONS_TITLE}`,
      '',
      OBJECTIONS_INTRO,
      '',
      table(
        [...OBJECTION_COLUMNS],
        objections.map((o) => [`**${md(o.ref)}**<br>${md(o.summary)}`, md(o.by), md(o.reason)]),
      ),
      '',
    );
  }

  out.push(`## ${md(sections.earlier)}`, '');
  if (report.earlierOpen.length === 0) out.push('Keine offenen Forderungen früherer Konferenzen in der Nachverfolgung.', '');
  else
    out.push(table(['Konferenz', 'TOP', 'Forderung', 'Adressaten', 'Status', 'letzter Sachstand'], refRows(report.earlierOpen, true)), '');
  return out.join('\n');
}
