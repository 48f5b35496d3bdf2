// The report as Markdown (GitHub-flavoured tables). Text from the record is escaped so it can
// neither start markup (links, images, HTML) nor break a table.

import { ASSESSMENT_LABELS, ASSESSMENTS } from '../../../domain/assessment.js';
import type { Report, ReportDemand, ReportDemandRef } from '../reports.schemas.js';
import { addresseeList, audienceLabel, evidenceLines, germanDate, germanShortDate, percent, stripControl, topRef } from './format.js';
import {
  ADDRESSEE_ANSWERS_HEADING,
  addresseeAnswers,
  addresseeAssessments,
  assessmentRows,
  bewertungOf,
  CHANGED_NOTE,
  changeParts,
  changesIntro,
  coverOf,
  EARLIER_CHANGES_TITLE,
  earlierSectionOf,
  INTERNAL_MARK,
  MULTIPLE_ADDRESSEES_NOTE,
  missingIntro,
  missingLines,
  NO_EARLIER,
  NO_MISSING,
  NO_REPLY,
  NO_THREADS,
  noChanges,
  noteLines,
  OBJECTION_COLUMNS,
  OBJECTIONS_INTRO,
  OBJECTIONS_TITLE,
  OWN_CHANGE_COLUMNS,
  OWN_MEMBERS_NOTE,
  objectionRows,
  PROGRESS_COLUMNS,
  PROGRESS_TITLE,
  progressIntro,
  progressRows,
  quietLine,
  resolutionFacts,
  SILENT_HEADING,
  sections,
  silentTail,
  splitByReply,
  THREAD_MARK,
  TOP_COLUMNS,
  TOTAL,
  threadMembers,
  threadMeta,
  threadsIntro,
  topRefs,
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

/** The first column of a TOP table and of the list below it: Ziffer and kind, the short form. */
function beschluss(d: ReportDemand): string {
  return `${d.internal ? `**${INTERNAL_MARK}** ` : ''}**${md(zifferLine(d))}:** ${md(d.summary)}${d.thread ? ` ${md(THREAD_MARK)}` : ''}`;
}

function demandRow(d: ReportDemand): string[] {
  const b = bewertungOf(d);
  const update = d.update;
  return [
    beschluss(d),
    md(addresseeList(d.addressees)),
    (d.changedSinceLastReport ? `● ${CHANGED_NOTE}<br>` : '') +
      (update
        ? [
            ...(update.internal ? [`**${INTERNAL_MARK}**`] : []),
            md(update.narrative),
            ...evidenceLines(update).map((l) => `Quelle: ${md(l)}`),
            `gemeldet von ${md(update.reporterName)} am ${md(germanShortDate(update.asOf))}`,
            ...answerLines(d),
          ].join('<br>')
        : NO_REPLY),
    `${md(b.label)}${b.detail ? ` (${md(b.detail)})` : ''}${b.assessment !== 'open' && d.statusAsOf ? ` seit ${md(germanShortDate(d.statusAsOf))}` : ''}`,
  ];
}

/** The answers per addressee where they differ (sections.ts, addresseeAnswers), as lines of a cell. */
function answerLines(d: ReportDemand): string[] {
  const answers = addresseeAnswers(d);
  return answers.length ? [`**${ADDRESSEE_ANSWERS_HEADING}**`, ...answers.map((l) => md(l))] : [];
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
    for (const line of noteLines(r)) out.push(`*${md(line)}*`, '');
    // As in the other formats: a row per demand with a Sachstand, those without one listed below.
    const { answered, silent } = splitByReply(r);
    if (answered.length) out.push(table([...TOP_COLUMNS], answered.map(demandRow)), '');
    if (silent.length) {
      out.push(`**${md(SILENT_HEADING)}**`, '', ...silent.map((d) => `- ${beschluss(d)}${md(silentTail(d))}`), '');
    }
  }

  out.push(`## ${md(sections.threads)}`, '');
  if (report.threads.length === 0) out.push(md(NO_THREADS), '');
  else out.push(md(threadsIntro(report)), '');
  for (const t of report.threads) {
    const { own, others } = threadMembers(report, t);
    out.push(`### ${md(t.title)}`, '', md(threadMeta(t)), '');
    if (t.origin) out.push(`> ${md(t.origin)}`, '');
    const rows = others.map((r) => {
      const b = bewertungOf({ ...r, kind: 'forderung' });
      return [`${r.conference}. IntMK ${r.year}`, md(topRef(r.top, r.ziffer)), md(r.relationLabel), md(r.summary), md(b.label)];
    });
    if (rows.length) out.push(table(['Konferenz', 'TOP', 'Bezug', 'Forderung', 'Bewertung'], rows), '');
    // The members of the reported conference stand in full in section 2: referred to only.
    if (own.length)
      out.push(`${report.conference.number}. IntMK ${report.conference.year}: ${md(topRefs(own))} – ${md(OWN_MEMBERS_NOTE)}`, '');
  }

  out.push(`## ${md(sections.changes)}`, '');
  if (report.changes.length === 0) out.push(md(noChanges(report)), '');
  else {
    const { own, earlier } = changeParts(report);
    out.push(md(changesIntro(report)), '');
    if (own.length > 0) {
      out.push(
        table(
          OWN_CHANGE_COLUMNS.map((h) => h.replace(/^>/, '')),
          own.map((o) => [md(o.shift), String(o.count), md(o.refs)]),
        ),
        '',
      );
    }
    if (earlier.length > 0) {
      out.push(
        `### ${md(EARLIER_CHANGES_TITLE)}`,
        '',
        table(
          ['TOP', 'Forderung', 'vorher → jetzt', 'Sachstand'],
          earlier.map((ch) => [
            md(`${ch.demand.conference}. IntMK ${topRef(ch.demand.top, ch.demand.ziffer)}`),
            md(ch.demand.summary),
            `${md(ch.before.statusLabel)} → ${md(ch.after.statusLabel)}`,
            `${md(germanShortDate(ch.update.asOf))}, ${md(ch.update.reporterName)}: ${ch.update.internal ? `**${INTERNAL_MARK}** ` : ''}${md(ch.update.narrative)}`,
          ]),
        ),
        '',
      );
    }
  }

  out.push(`## ${md(sections.missing)}`, '', md(missingIntro(report)), '');
  if (report.missing.length === 0) out.push(md(NO_MISSING), '');
  else {
    const withRound = report.replyDeadline !== null;
    out.push(
      table(
        ['Zuständig', 'Anzahl', 'Forderungen', ...(withRound ? ['zuletzt gemeldet'] : [])],
        missingLines(report).map((line) => [
          md(line.names.join(', ')),
          String(line.count),
          md(line.refs),
          ...(withRound ? [md(line.lastReported ?? '–')] : []),
        ]),
      ),
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
  if (report.earlierOpen.length === 0) out.push(md(NO_EARLIER), '');
  else {
    const { intro, groups } = earlierSectionOf(report);
    const rest = groups.flatMap((g) => g.demands);
    out.push(md(intro), '');
    if (rest.length)
      out.push(table(['Konferenz', 'TOP', 'Forderung', 'Adressaten', 'Status', 'letzter Sachstand'], refRows(rest, true)), '');
  }
  return out.join('\n');
}
