// The report as one self-contained HTML page: inline styles and SVG, no script, no external
// resource, and a Content-Security-Policy that forbids both. Every value from the record is escaped.

import { ASSESSMENT_COLORS, ASSESSMENT_LABELS, ASSESSMENTS } from '../../../domain/assessment.js';
import type { Report, ReportDemand, ReportDemandRef } from '../reports.schemas.js';
import { progressByAddresseeChart, threadsOverviewChart, xml } from './charts.js';
import { addresseeList, audienceLabel, evidenceLines, germanDate, germanShortDate, percent, STATUS_COLORS, topRef } from './format.js';
import { softHyphenate } from './hyphenate.js';
import {
  ADDRESSEE_ANSWERS_HEADING,
  addresseeAnswers,
  addresseeAssessments,
  assessmentRows,
  type Bewertung,
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

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const esc = xml;

/**
 * Text set in a table cell or paragraph: escaped, with soft hyphens in long words, so the browser
 * breaks a German compound at a syllable with a hyphen and nowhere else (Chromium on Linux has no
 * German hyphenation of its own).
 */
function tx(text: string): string {
  return esc(softHyphenate(text));
}

/** Text with its line breaks kept. */
function para(text: string): string {
  return tx(text).replace(/\r?\n/g, '<br>');
}

/**
 * A table; the columns in `numeric` (by index) are right-aligned, header included. A row of one
 * cell spans all columns; without `head`, no row of column labels.
 */
function table(head: string[] | null, rows: string[][], widths: number[] = [], numeric: number[] = []): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : '');
  const span = widths.length || head?.length || 1;
  const cols = widths.length ? `<colgroup>${widths.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>` : '';
  const thead = head ? `<thead><tr>${head.map((h, i) => `<th${cls(i)}>${tx(h)}</th>`).join('')}</tr></thead>` : '';
  const tbody = rows
    .map((r) =>
      r.length === 1 && span > 1
        ? `<tr><td colspan="${span}">${r[0]}</td></tr>`
        : `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table>${cols}${thead}<tbody>${tbody}</tbody></table>`;
}

function badge(status: ReportDemand['status'], label: string): string {
  return `<span class="badge" style="border-color:${STATUS_COLORS[status]}"><i style="background:${STATUS_COLORS[status]}"></i>${esc(label)}</span>`;
}

function assessmentBadge(b: Bewertung): string {
  const color = ASSESSMENT_COLORS[b.assessment];
  return `<span class="badge" style="border-color:${color}"><i style="background:${color}"></i>${esc(b.label)}</span>${b.detail ? `<br><span class="muted">${esc(b.detail)}</span>` : ''}`;
}

/** The answers per addressee where they differ (sections.ts, addresseeAnswers). */
function answersList(d: ReportDemand): string {
  const answers = addresseeAnswers(d);
  if (!answers.length) return '';
  return `<p class="answers"><strong>${esc(ADDRESSEE_ANSWERS_HEADING)}</strong></p><ul class="evidence">${answers.map((l) => `<li>${tx(l)}</li>`).join('')}</ul>`;
}

function sachstand(d: ReportDemand): string {
  if (!d.update) return `<span class="muted">${NO_REPLY}</span>`;
  const u = d.update;
  const ev = evidenceLines(u).map((l) => `<li>Quelle: ${tx(l)}</li>`);
  return [
    u.internal ? `<p><strong class="internal">${INTERNAL_MARK}</strong></p>` : '',
    `<p>${para(u.narrative)}</p>`,
    ev.length ? `<ul class="evidence">${ev.join('')}</ul>` : '',
    `<p class="muted">gemeldet von ${esc(u.reporterName)} am ${esc(germanShortDate(u.asOf))}</p>`,
    answersList(d),
  ].join('');
}

function refRows(list: ReportDemandRef[], withConference: boolean): string[][] {
  return list.map((d) => [
    ...(withConference ? [esc(`${d.conference}. IntMK`)] : []),
    esc(topRef(d.top, d.ziffer)),
    tx(d.summary),
    tx(addresseeList(d.addressees)),
    badge(d.status, d.statusLabel),
    ...(withConference ? [esc(d.lastUpdateAsOf ? germanShortDate(d.lastUpdateAsOf) : '–')] : []),
  ]);
}

const STYLE = `
  body { font-family: Arial, Arimo, "Liberation Sans", sans-serif; font-size: 10.5pt; color: #1a1a1a; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
  h1 { font-size: 1.8em; margin-bottom: .2em; } h2 { font-size: 1.35em; margin-top: 2em; border-bottom: 2px solid #1b4f72; padding-bottom: .2em; }
  h3 { font-size: 1.1em; margin-top: 1.6em; } .subtitle { font-size: 1.2em; margin-top: 0; }
  .meta { border-left: 4px solid #1b4f72; padding: .3em 1em; background: #f4f7fa; }
  .meta p { margin: .2em 0; } .internal { color: #a93226; font-weight: bold; }
  table { border-collapse: collapse; width: 100%; margin: .6em 0 1.2em; font-size: 9.5pt; }
  th, td { border: 1px solid #c8d0d8; padding: .3em .45em; vertical-align: top; text-align: left; hyphens: manual; }
  td { overflow-wrap: break-word; }
  nav.toc ol { padding-left: 1.4em; } nav.toc a { color: #1b4f72; text-decoration: none; }
  thead th { background: #1b4f72; color: #fff; } td.num, th.num { text-align: right; }
  .badge { display: inline-block; white-space: nowrap; border: 1px solid; border-radius: 3px; padding: 0 .3em; }
  .badge i { display: inline-block; width: .7em; height: .7em; margin-right: .3em; }
  .muted { color: #666; } ul.silent { margin: .2em 0; padding-left: 1.2em; } .evidence { margin: .2em 0; padding-left: 1.2em; } .new { color: #1b4f72; font-weight: bold; }
  figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; } figcaption { font-size: 9pt; color: #444; }
  p.line { margin: .2em 0; } .origin { font-style: italic; }
  @media print { body { margin: 0; max-width: none; } h2, h3 { break-after: avoid; } tr { break-inside: avoid; } thead { display: table-header-group; } }
  @page { size: A4; margin: 18mm 16mm 20mm; @bottom-right { content: "Seite " counter(page) " von " counter(pages); font: 8pt Arial, Arimo, "Liberation Sans", sans-serif; color: #555; } }
`;

const TOC: [string, string][] = [
  ['zusammenfassung', sections.summary],
  ['beschluesse', sections.resolutions],
  ['straenge', sections.threads],
  ['aenderungen', sections.changes],
  ['ausstehend', sections.missing],
  ['frueher', sections.earlier],
];

export function renderHtml(report: Report): string {
  const c = report.conference;
  const cover = coverOf(report);
  const out: string[] = [];
  out.push(
    `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${esc(HTML_CSP)}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${esc(`${report.title} – Stichtag ${germanDate(report.asOf)}`)}</title><style>${STYLE}</style></head><body>`,
    `<header><p class="muted">Integrationsministerkonferenz</p><h1>${esc(cover.title)}</h1><p class="subtitle">${esc(cover.subtitle)}</p><div class="meta">`,
    `<p>${esc(cover.sender)}</p>`,
    ...cover.facts.map(([k, v]) => `<p><span class="muted">${esc(k)}:</span> ${esc(v)}</p>`),
    `<p class="${report.audience === 'internal' ? 'internal' : ''}">${esc(audienceLabel(report.audience))}</p>`,
    '</div></header>',
    `<nav class="toc" aria-label="Inhalt"><h2>Inhalt</h2><ol>${TOC.map(([id, title]) => `<li><a href="#${id}">${esc(title.replace(/^\d+\.\s*/, ''))}</a></li>`).join('')}</ol></nav>`,
  );

  const s = report.summary;
  out.push(
    `<h2 id="zusammenfassung">${esc(sections.summary)}</h2>`,
    `<p>Die Erfolgskontrolle umfasst ${s.resolutions} Beschlüsse der ${c.number}. IntMK mit insgesamt ${s.demands} nachzuverfolgenden Forderungen. Maßgeblich ist der Stand zum Stichtag ${esc(germanDate(report.asOf))}.</p>`,
    '<h3>Stand nach Bewertung</h3>',
    table(
      ['Bewertung', 'Anzahl', 'Anteil', 'davon nach Status'],
      [
        ...assessmentRows(report).map((r) => [
          assessmentBadge({ assessment: r.assessment, label: r.label, detail: null }),
          String(r.count),
          percent(r.count, s.demands),
          tx(r.statuses || '–'),
        ]),
        [`<strong>${TOTAL}</strong>`, `<strong>${s.demands}</strong>`, percent(s.demands, s.demands), ''],
      ],
      [24, 12, 12, 52],
      [1, 2],
    ),
    '<h3>Forderungen nach Adressat</h3>',
    table(
      ['Adressat', 'Anzahl', ...ASSESSMENTS.map((a) => ASSESSMENT_LABELS[a])],
      addresseeAssessments(report).map((a) => [tx(a.name), String(a.total), ...ASSESSMENTS.map((x) => String(a.counts[x]))]),
      [],
      [1, 2, 3, 4, 5, 6],
    ),
    `<p class="muted">${esc(MULTIPLE_ADDRESSEES_NOTE)}</p>`,
  );
  if (report.progress.conferences.length > 1) {
    out.push(
      `<h3>${esc(PROGRESS_TITLE)}</h3>`,
      `<p class="muted">${esc(progressIntro(report))}</p>`,
      table(
        PROGRESS_COLUMNS.map((h) => h.replace(/^>/, '')),
        progressRows(report).map((row) => row.map((c) => esc(c))),
        [],
        [1, 2, 3, 4, 5, 6],
      ),
      report.progress.byAddressee.length
        ? `<figure>${progressByAddresseeChart(report)}<figcaption>Abbildung 1: Beantwortet und erledigt nach Adressat, je Konferenz (Stand Stichtag)</figcaption></figure>`
        : '',
    );
  }
  if (s.oldestOpenThreads.length) {
    out.push(
      `<h3>Älteste offene Stränge</h3><ul>`,
      ...s.oldestOpenThreads.map(
        (t) => `<li>${tx(t.title)} – seit ${t.firstRaised}, ${t.yearsOpen ?? 0} Jahre offen (Status: ${esc(t.statusLabel)})</li>`,
      ),
      '</ul>',
    );
  }

  out.push(`<h2 id="beschluesse">${esc(sections.resolutions)}</h2>`);
  const quiet = quietLine(report);
  if (quiet) out.push(`<p class="muted">${tx(quiet)}</p>`);
  for (const r of report.resolutions) {
    if (r.demands.length === 0) continue;
    out.push(`<h3 id="top-${esc(r.top.replace(/[^A-Za-z0-9]/g, '-'))}">${esc(`TOP ${r.top} ${r.title}`)}</h3>`);
    out.push(
      `<p class="line muted">${r.internal ? `<strong class="internal">${INTERNAL_MARK}</strong> · ` : ''}${esc(resolutionFacts(r).join(' · '))}</p>`,
      ...noteLines(r).map((line) => `<p class="line muted">${tx(line)}</p>`),
    );
    const { answered, silent } = splitByReply(r);
    const silentList = silent.length
      ? [
          [
            `<p class="line muted"><strong>${esc(SILENT_HEADING)}</strong></p><ul class="silent">${silent
              .map(
                (d) =>
                  `<li>${d.internal ? `<strong class="internal">${INTERNAL_MARK}</strong> ` : ''}<strong class="muted">${tx(zifferLine(d))}:</strong> ${tx(d.summary)}${d.thread ? ` <span class="muted">${THREAD_MARK}</span>` : ''}<span class="muted">${tx(silentTail(d))}</span></li>`,
              )
              .join('')}</ul>`,
          ],
        ]
      : [];
    out.push(
      table(
        [...TOP_COLUMNS],
        [
          ...answered.map((d) => {
            const b = bewertungOf(d);
            return [
              `${d.internal ? `<strong class="internal">${INTERNAL_MARK}</strong> ` : ''}<strong class="muted">${tx(zifferLine(d))}:</strong> ${tx(d.summary)}${d.thread ? ` <span class="muted">${THREAD_MARK}</span>` : ''}`,
              tx(addresseeList(d.addressees)),
              `${d.changedSinceLastReport ? `<span class="new">● ${CHANGED_NOTE}</span>` : ''}${sachstand(d)}`,
              `${assessmentBadge(b)}${b.assessment !== 'open' && d.statusAsOf ? `<br><span class="muted">seit ${esc(germanShortDate(d.statusAsOf))}</span>` : ''}`,
            ];
          }),
          ...silentList,
        ],
        [32, 15, 37, 16],
      ),
    );
  }

  out.push(`<h2 id="straenge">${esc(sections.threads)}</h2>`);
  if (report.threads.length === 0) out.push(`<p>${esc(NO_THREADS)}</p>`);
  if (report.threads.length) {
    out.push(
      `<p>${esc(threadsIntro(report))}</p>`,
      `<figure>${threadsOverviewChart(report.threads, report.asOf)}<figcaption>Abbildung 2: Wiederkehrende Forderungen im Zeitverlauf</figcaption></figure>`,
    );
  }
  for (const t of report.threads) {
    const { own, others } = threadMembers(report, t);
    out.push(
      `<h3>${tx(t.title)}</h3>`,
      `<p class="line">${esc(threadMeta(t))}</p>`,
      t.origin ? `<p class="origin">${para(t.origin)}</p>` : '',
      table(
        null,
        [
          ...others.map((r) => [
            esc(`${r.conference}. IntMK ${r.year}`),
            esc(topRef(r.top, r.ziffer)),
            tx(r.relationLabel),
            tx(r.summary),
            assessmentBadge(bewertungOf({ ...r, kind: 'forderung' })),
          ]),
          ...(own.length
            ? [
                [
                  `<strong>${c.number}. IntMK ${c.year}:</strong> ${esc(topRefs(own))} <span class="muted">– ${esc(OWN_MEMBERS_NOTE)}</span>`,
                ],
              ]
            : []),
        ],
        [14, 14, 12, 44, 16],
      ),
    );
  }

  out.push(`<h2 id="aenderungen">${esc(sections.changes)}</h2>`);
  if (report.changes.length === 0) out.push(`<p>${esc(noChanges(report))}</p>`);
  else {
    const { own, earlier } = changeParts(report);
    out.push(`<p>${esc(changesIntro(report))}</p>`);
    if (own.length > 0) {
      out.push(
        table(
          OWN_CHANGE_COLUMNS.map((h) => h.replace(/^>/, '')),
          own.map((o) => [esc(o.shift), String(o.count), esc(o.refs)]),
          [30, 10, 60],
          [1],
        ),
      );
    }
    if (earlier.length > 0) {
      out.push(
        `<h3>${esc(EARLIER_CHANGES_TITLE)}</h3>`,
        table(
          ['TOP', 'Forderung', 'vorher → jetzt', 'Sachstand'],
          earlier.map((ch) => [
            esc(`${ch.demand.conference}. IntMK ${topRef(ch.demand.top, ch.demand.ziffer)}`),
            tx(ch.demand.summary),
            `${esc(ch.before.statusLabel)} → ${badge(ch.after.status, ch.after.statusLabel)}`,
            `<p class="muted">${esc(germanShortDate(ch.update.asOf))}, ${esc(ch.update.reporterName)}</p>${ch.update.internal ? `<p><strong class="internal">${INTERNAL_MARK}</strong></p>` : ''}<p>${para(ch.update.narrative)}</p>`,
          ]),
        ),
      );
    }
  }

  out.push(`<h2 id="ausstehend">${esc(sections.missing)}</h2>`, `<p>${tx(missingIntro(report))}</p>`);
  if (report.missing.length === 0) out.push(`<p>${esc(NO_MISSING)}</p>`);
  if (report.missing.length > 0) {
    const withRound = report.replyDeadline !== null;
    out.push(
      table(
        ['Zuständig', 'Anzahl', 'Forderungen', ...(withRound ? ['zuletzt gemeldet'] : [])],
        missingLines(report).map((line) => [
          tx(line.names.join(', ')),
          String(line.count),
          esc(line.refs),
          ...(withRound ? [esc(line.lastReported ?? '–')] : []),
        ]),
        withRound ? [22, 8, 56, 14] : [26, 10, 64],
        [1],
      ),
    );
  }

  const objections = objectionRows(report);
  if (objections.length) {
    out.push(
      `<h3>${esc(OBJECTIONS_TITLE)}</h3>`,
      `<p class="muted">${esc(OBJECTIONS_INTRO)}</p>`,
      table(
        [...OBJECTION_COLUMNS],
        objections.map((o) => [`<strong>${esc(o.ref)}</strong><br>${tx(o.summary)}`, tx(o.by), para(o.reason)]),
        [38, 20, 42],
      ),
    );
  }

  out.push(`<h2 id="frueher">${esc(sections.earlier)}</h2>`);
  if (report.earlierOpen.length === 0) out.push(`<p>${esc(NO_EARLIER)}</p>`);
  else {
    const { intro, groups } = earlierSectionOf(report);
    const rest = groups.flatMap((g) => g.demands);
    out.push(`<p>${esc(intro)}</p>`);
    if (rest.length) out.push(table(['Konferenz', 'TOP', 'Forderung', 'Adressaten', 'Status', 'letzter Sachstand'], refRows(rest, true)));
  }

  out.push(`<footer><p class="muted">${esc(`${report.title} – Stichtag ${germanDate(report.asOf)}`)}</p></footer></body></html>`);
  return out.join('\n');
}
