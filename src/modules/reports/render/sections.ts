// Headings, groupings and lines shared by every format, so the documents read alike.
import { ASSESSMENT_LABELS, ASSESSMENTS, type Assessment, annexAddressee, assessmentOf } from '../../../domain/assessment.js';
import type { Report, ReportDemand, ReportDemandRef, ReportResolution, ReportThread } from '../reports.schemas.js';
import { conferenceLine, germanDate, germanShortDate } from './format.js';

export const sections = {
  summary: '1. Zusammenfassung',
  resolutions: '2. Beschlüsse und Forderungen',
  threads: '3. Wiederkehrende Forderungen',
  changes: '4. Änderungen seit der letzten Erfolgskontrolle',
  missing: '5. Noch ausstehende Rückmeldungen',
  earlier: '6. Offene Forderungen früherer Konferenzen',
} as const;

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

/** "Protokollnotiz Bayern zu Ziffer 7: …", one line per note, under the TOP's facts. */
export function noteLines(r: ReportResolution): string[] {
  return r.notes.map((n) => `${n.kindLabel} ${n.lands}${n.ziffer ? ` zu Ziffer ${n.ziffer}` : ''}: ${n.text}`);
}

// ---------------------------------------------------------------------------------------------
// The usual form of the annex: one table per TOP, Beschluss | Adressat | Sachstand | Bewertung.

/** The columns of every TOP table, in every format. */
export const TOP_COLUMNS = ['Beschluss (Ziffer, kurz)', 'Adressat', 'Sachstand (Quelle, Datum, gemeldet von)', 'Bewertung'] as const;

export const NO_REPLY = 'keine Rückmeldung';
/** Marks every internal item of the internal version, so the office sees what it must not forward. */
export const INTERNAL_MARK = 'nur intern';
export const TOTAL = 'Insgesamt';
/** After a recurring demand in the TOP tables; its history is in section 3. */
export const THREAD_MARK = '(wiederkehrend)';
export const CHANGED_NOTE = 'neu seit der letzten Erfolgskontrolle';
export const MULTIPLE_ADDRESSEES_NOTE =
  'Eine Forderung mit mehreren Adressaten zählt bei jedem von ihnen; die Summe der Zeilen ist daher größer als die Zahl der Forderungen.';

/** "Ziffer 7 · Prüfbitte", "Prüfbitte" when the text has no Ziffer. */
export function zifferLine(d: Pick<ReportDemand, 'ziffer' | 'kindLabel'>): string {
  return d.ziffer ? `Ziffer ${d.ziffer} · ${d.kindLabel}` : d.kindLabel;
}

export interface Bewertung {
  assessment: Assessment;
  label: string;
  /** The detailed status when it says more than the Bewertung ("in Prüfung", "abgelehnt"). */
  detail: string | null;
}

export function bewertungOf(d: Pick<ReportDemand, 'status' | 'statusLabel' | 'kind'> & { dueNote?: string | null }): Bewertung {
  const assessment = assessmentOf(d.status, d.kind);
  const label = ASSESSMENT_LABELS[assessment];
  const details = [d.statusLabel === label ? null : d.statusLabel, d.dueNote ?? null].filter((x): x is string => x !== null);
  return { assessment, label, detail: details.length ? details.join(' · ') : null };
}

/**
 * One short line per addressee ("Kultusministerkonferenz: teilweise erledigt – Schreiben der KMK,
 * 15.02.2026") where the addressees of a demand have different answers (a Sachstand released for
 * one of them); none where they all share one answer, so such a demand reads as before.
 */
export function addresseeAnswers(d: Pick<ReportDemand, 'kind' | 'statusByAddressee'>): string[] {
  const answers = d.statusByAddressee;
  if (answers.length < 2) return [];
  const same = (a: (typeof answers)[number]) => `${a.status}|${a.asOf}|${a.source}`;
  if (new Set(answers.map(same)).size === 1) return [];
  return answers.map((a) => {
    const assessment = assessmentOf(a.status, d.kind);
    const label = ASSESSMENT_LABELS[assessment];
    // An open one says what stands ("in Umsetzung", "abgelehnt"); the others are what they say.
    const detail = assessment === 'open' && a.statusLabel !== label ? `${label} (${a.statusLabel})` : label;
    const origin = a.asOf ? ` – ${[a.source, germanShortDate(a.asOf)].filter(Boolean).join(', ')}` : ` – ${NO_REPLY}`;
    return `${a.name}: ${detail}${origin}`;
  });
}

export const ADDRESSEE_ANSWERS_HEADING = 'Je Adressat:';

/** TOPs without anything to follow up (agenda, reports taken note of): listed on one line. */
export function quietResolutions(report: Report): ReportResolution[] {
  return report.resolutions.filter((r) => r.demands.length === 0);
}

export function quietLine(report: Report): string | null {
  const quiet = quietResolutions(report);
  if (quiet.length === 0) return null;
  return `Ohne nachzuverfolgende Forderungen: ${quiet.map((r) => `TOP ${r.top} ${r.title}${r.vote ? ` (Abstimmung: ${r.vote})` : ''}${r.internal ? ` (${INTERNAL_MARK})` : ''}`).join('; ')}.`;
}

/** Demands of the reported conference by Bewertung, with the detailed statuses behind each count. */
export function assessmentRows(report: Report): { assessment: Assessment; label: string; count: number; statuses: string }[] {
  const counts = new Map<Assessment, Map<string, number>>();
  for (const r of report.resolutions) {
    for (const d of r.demands) {
      const b = bewertungOf(d);
      const byStatus = counts.get(b.assessment) ?? new Map<string, number>();
      byStatus.set(d.statusLabel, (byStatus.get(d.statusLabel) ?? 0) + 1);
      counts.set(b.assessment, byStatus);
    }
  }
  return ASSESSMENTS.map((assessment) => {
    const byStatus = counts.get(assessment) ?? new Map<string, number>();
    const count = [...byStatus.values()].reduce((n, c) => n + c, 0);
    const statuses = [...byStatus].map(([label, n]) => `${label} ${n}`).join(', ');
    return { assessment, label: ASSESSMENT_LABELS[assessment], count, statuses };
  });
}

/**
 * Per addressee (Bund and Bundesregierung as one): demands of the reported conference and how many
 * are in each Bewertung; a demand addressed to both counts once for them.
 */
export function addresseeAssessments(report: Report): { name: string; total: number; counts: Record<Assessment, number> }[] {
  const rows = new Map<string, { name: string; total: number; counts: Record<Assessment, number> }>();
  for (const r of report.resolutions) {
    for (const d of r.demands) {
      const a = bewertungOf(d).assessment;
      const grouped = new Map(d.addressees.map((x) => annexAddressee(x)).map((x) => [x.code, x]));
      for (const addressee of grouped.values()) {
        const row = rows.get(addressee.code) ?? {
          name: addressee.name,
          total: 0,
          counts: Object.fromEntries(ASSESSMENTS.map((x) => [x, 0])) as Record<Assessment, number>,
        };
        row.total++;
        row.counts[a]++;
        rows.set(addressee.code, row);
      }
    }
  }
  return [...rows.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'de'));
}

// ---------------------------------------------------------------------------------------------
// The cover, the same in every format.

export interface Cover {
  /** "Anlage zu TOP 1.3 der 21. IntMK", else "Anlage zur Erfolgskontrolle der 20. IntMK" (the resolutions' wording). */
  title: string;
  /** "Erfolgskontrolle der 20. IntMK" under a TOP title, else "vorgelegt zur 21. IntMK". */
  subtitle: string;
  /** The reported conference, its chair, the presenting chair, Stichtag, …, in reading order. */
  facts: [string, string][];
  /** Absender: the presenting chair's office. */
  sender: string;
}

export function coverOf(r: Report): Cover {
  const next = r.presentedTo?.number ?? r.conference.number + 1;
  // The presenting chair is the next conference's chair as recorded: never the reported
  // conference's own chair as a stand-in (the chair rotates on 1 July).
  const presenting = r.presentedTo?.chair?.name ?? null;
  const facts: [string, string][] = [
    ['Berichtete Konferenz', conferenceLine(r.conference)],
    [`Vorsitz der ${r.conference.number}. IntMK`, r.conference.chair?.name ?? 'nicht erfasst'],
    [`Vorsitz der ${next}. IntMK`, presenting ?? 'nicht erfasst'],
    ['Stichtag', germanDate(r.asOf)],
    ['Änderungen seit', germanDate(r.since)],
    ['Erstellt am', germanDate(r.generated.slice(0, 10))],
  ];
  // As the agenda calls it ("Anlage zu TOP 1.3 der 21. IntMK") once the TOP is known; before, in
  // the resolutions' own wording ("Anlage zur Erfolgskontrolle der 20. IntMK").
  const top = r.presentedUnderTop;
  return {
    title: top ? `Anlage zu TOP ${top} der ${next}. IntMK` : `Anlage zur ${r.title}`,
    subtitle: top ? r.title : r.subtitle,
    facts,
    sender: presenting ? `Vorsitzland ${presenting} – Geschäftsstelle der IntMK` : 'Geschäftsstelle der IntMK',
  };
}

/**
 * The state line of a thread: years open while it is open and owed; "abgeschlossen" once closed;
 * "Auftrag läuft" for an open thread whose latest member is a mandate not yet due; nothing more
 * for a (partly) fulfilled one, whose status says it.
 */
export function threadState(t: { status: ReportDemand['status']; yearsOpen: number | null }): string | null {
  if (t.yearsOpen !== null) return `${t.yearsOpen} ${t.yearsOpen === 1 ? 'Jahr' : 'Jahre'} offen`;
  if (['fulfilled', 'rejected', 'obsolete', 'report_delivered'].includes(t.status)) return 'abgeschlossen';
  if (['open', 'under_examination', 'in_progress', 'reiterated'].includes(t.status)) return 'Auftrag läuft';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Compact references: a demand is shown in full once (section 2 for the reported conference, its
// strand in section 3 for an earlier one, else section 6) and only referred to elsewhere.

/** "TOP 2.1.a Ziffern 1, 3; TOP 3.1 Ziffer 5; TOP 4.2": references grouped by TOP, in their order. */
export function topRefs(refs: { top: string; ziffer: string | null }[]): string {
  const byTop = new Map<string, (string | null)[]>();
  for (const r of refs) byTop.set(r.top, [...(byTop.get(r.top) ?? []), r.ziffer]);
  return [...byTop]
    .map(([top, ziffern]) => {
      const named = [...new Set(ziffern.filter((z): z is string => z !== null))];
      if (named.length === 0) return `TOP ${top}`;
      return `TOP ${top} ${named.length === 1 ? 'Ziffer' : 'Ziffern'} ${named.join(', ')}`;
    })
    .join('; ');
}

export interface ThreadMembers {
  /** Members of the reported conference: referred to, their wording and Sachstand are in section 2. */
  own: ReportThread['repetitions'];
  /** Members of other conferences, shown in full here. */
  others: ReportThread['repetitions'];
}

export function threadMembers(report: Report, t: ReportThread): ThreadMembers {
  const n = report.conference.number;
  return { own: t.repetitions.filter((r) => r.conference === n), others: t.repetitions.filter((r) => r.conference !== n) };
}

/** "Erstmals erhoben 2011 · offen · 15 Jahre offen". */
export function threadMeta(t: ReportThread): string {
  const state = threadState(t);
  return `Erstmals erhoben ${t.firstRaised} · ${t.statusLabel}${state ? ` · ${state}` : ''}`;
}

// The introductions of sections 3, 5 and 6 and the reference a strand makes to section 2, worded
// once for every format.
export const NO_THREADS = 'Keine wiederkehrenden Forderungen berührt.';
export const OWN_MEMBERS_NOTE = 'Wortlaut, Sachstand und Bewertung in Abschnitt 2';

export function threadsIntro(report: Report): string {
  const n = report.conference.number;
  return `Forderungen, die die IntMK wiederholt erhoben hat und die die ${n}. IntMK berührt, mit den Beschlüssen früherer Konferenzen im Wortlaut; die der ${n}. IntMK stehen in Abschnitt 2.`;
}

export function noChanges(report: Report): string {
  return `Keine Änderungen gemeldet (seit dem ${germanDate(report.since)}).`;
}

export function changesIntro(report: Report): string {
  const n = report.conference.number;
  return (
    `Forderungen, zu denen nach dem ${germanDate(report.since)} ein Sachstand gemeldet wurde. Die der ${n}. IntMK stehen mit ` +
    `ihrem Sachstand in Abschnitt 2 (dort mit ● markiert); hier nur, wie sich ihre Bewertung verschoben hat. Forderungen ` +
    'früherer Konferenzen folgen im Einzelnen, die neuesten zuerst.'
  );
}

export const OWN_CHANGE_COLUMNS = ['Bewertung vorher → jetzt', '>Anzahl', 'Forderungen'] as const;
export const EARLIER_CHANGES_TITLE = 'Forderungen früherer Konferenzen';

/**
 * Section 4 in two parts. The reported conference's own demands, whose Sachstand section 2 shows
 * in full, on one line per shift of Bewertung ("offen → erledigt: TOP 2.1.b; TOP 6.4 Ziffer 2"),
 * most frequent first; earlier conferences' demands one row each, as reported.
 */
export function changeParts(report: Report): {
  own: { shift: string; count: number; refs: string }[];
  earlier: Report['changes'];
} {
  const n = report.conference.number;
  const shifts = new Map<string, { shift: string; demands: { top: string; ziffer: string | null }[] }>();
  for (const c of report.changes) {
    if (c.demand.conference !== n) continue;
    const before = bewertungOf({ ...c.before, kind: 'forderung' }).label;
    const after = bewertungOf({ ...c.after, kind: 'forderung' }).label;
    const shift = before === after ? `${after} (unverändert)` : `${before} → ${after}`;
    const entry = shifts.get(shift) ?? { shift, demands: [] };
    entry.demands.push(c.demand);
    shifts.set(shift, entry);
  }
  const own = [...shifts.values()]
    .map((s) => ({
      shift: s.shift,
      count: s.demands.length,
      refs: topRefs([...s.demands].sort((a, b) => a.top.localeCompare(b.top, 'de', { numeric: true }))),
    }))
    .sort((a, b) => b.count - a.count || a.shift.localeCompare(b.shift, 'de'));
  return { own, earlier: report.changes.filter((c) => c.demand.conference !== n) };
}

export const NO_MISSING = 'Zu allen offenen Forderungen liegt ein aktueller Sachstand vor.';

export const NO_EARLIER = 'Keine offenen Forderungen früherer Konferenzen.';

/** Section 6: its introduction and the demands it lists (those not already shown with their strand). */
export function earlierSectionOf(report: Report): { intro: string; groups: ReturnType<typeof earlierGroups> } {
  const groups = earlierGroups(report);
  const shown = report.earlierOpen.length - groups.reduce((n, g) => n + g.demands.length, 0);
  const elsewhere = shown === 1 ? '1 weitere steht' : `${shown} weitere stehen`;
  return {
    intro: `Offene Forderungen früherer Konferenzen, die weiter verfolgt werden${shown ? ` (${elsewhere} in Abschnitt 3 bei ihrem Strang)` : ''}.`,
    groups,
  };
}

/** The open demands of earlier conferences not shown with a strand in section 3, by conference and TOP. */
export function earlierGroups(report: Report): { conference: number; top: string; demands: ReportDemandRef[] }[] {
  const inThreads = new Set(
    report.threads.flatMap((t) => t.repetitions.map((rep) => `${rep.conference}|${rep.top}|${rep.ziffer}|${rep.summary}`)),
  );
  const groups: { conference: number; top: string; demands: ReportDemandRef[] }[] = [];
  for (const d of report.earlierOpen) {
    if (inThreads.has(`${d.conference}|${d.top}|${d.ziffer}|${d.summary}`)) continue;
    const last = groups.at(-1);
    if (last && last.conference === d.conference && last.top === d.top) last.demands.push(d);
    else groups.push({ conference: d.conference, top: d.top, demands: [d] });
  }
  return groups;
}

export interface MissingLine {
  names: string[];
  count: number;
  /** The demands as TOP references, those the group leads (federführend) first. */
  refs: string;
  /** Stichtag of the group's latest released Sachstand, German; "–" when none; null without a round. */
  lastReported: string | null;
}

/** TOP references, the reported conference's bare, earlier ones prefixed with their conference. */
function conferenceRefs(reported: number, demands: Report['missing'][number]['demands']): string {
  const byConference = new Map<number, typeof demands>();
  for (const d of demands) byConference.set(d.conference, [...(byConference.get(d.conference) ?? []), d]);
  return [...byConference]
    .sort(([a], [b]) => (a === reported ? -1 : b === reported ? 1 : b - a))
    .map(([n, list]) => (n === reported ? topRefs(list) : `${n}. IntMK (${topRefs(list)})`))
    .join('; ');
}

/**
 * The chase list with the groups that owe exactly the same demands on one line ("Bremen, Hamburg"),
 * so sixteen Länder asked for the same ten Sachstände do not fill two pages; groups in report order.
 */
export function missingLines(report: Report): MissingLine[] {
  const n = report.conference.number;
  const withRound = report.replyDeadline !== null;
  const lines = new Map<string, MissingLine>();
  for (const g of report.missing) {
    const lastReported = withRound ? (g.lastReported ? germanShortDate(g.lastReported) : '–') : null;
    const key = `${g.demands.map((d) => `${d.id}${d.lead ? 'f' : ''}`).join(',')}|${lastReported}`;
    const line = lines.get(key);
    if (line) {
      line.names.push(g.responsible.name);
      continue;
    }
    const lead = g.demands.filter((d) => d.lead);
    const rest = g.demands.filter((d) => !d.lead);
    const refs =
      lead.length === 0
        ? conferenceRefs(n, rest)
        : `federführend: ${conferenceRefs(n, lead)}${rest.length ? `; beteiligt: ${conferenceRefs(n, rest)}` : ''}`;
    lines.set(key, { names: [g.responsible.name], count: g.demands.length, refs, lastReported });
  }
  return [...lines.values()];
}

/** The sentence under the chase list's heading: with a round, its scope, deadline and columns. */
export function missingIntro(report: Report): string {
  const n = report.conference.number;
  if (report.replyDeadline === null) {
    return (
      `Offene Forderungen der ${n}. IntMK ohne Sachstand seit dem ${germanDate(report.since)}, nach zuständigem Land bzw. ` +
      'Arbeitsgruppe; wer dieselben Forderungen schuldet, steht in einer Zeile. Wortlaut und Adressat stehen in Abschnitt 2.'
    );
  }
  return (
    `Offene Forderungen der Berichtsrunde (${n}. IntMK und weiter verfolgte frühere), zu denen die zugewiesene Stelle bis zum ` +
    `Stichtag keinen freigegebenen Sachstand hat. Rückmeldefrist: ${germanDate(report.replyDeadline)}. Federführend betreute ` +
    'Forderungen stehen zuerst; „zuletzt gemeldet“ ist der Stichtag des letzten freigegebenen Sachstands der Stelle. Wer ' +
    'dieselben Forderungen schuldet, steht in einer Zeile.'
  );
}

/**
 * The demands of a TOP with a Sachstand (rows of the TOP table) and those without one: the latter
 * on one compact list under the table ("ohne Rückmeldung"), as offices circulate them, instead of a
 * row each that says only "keine Rückmeldung".
 */
export function splitByReply(r: ReportResolution): { answered: ReportDemand[]; silent: ReportDemand[] } {
  return { answered: r.demands.filter((d) => d.update !== null), silent: r.demands.filter((d) => d.update === null) };
}

export const SILENT_HEADING = 'Ohne Rückmeldung (Bewertung: offen, sofern nicht anders angegeben):';

/** The tail of an entry of that list: " – Adressat: Bund", and the Bewertung when not simply offen. */
export function silentTail(d: ReportDemand): string {
  const b = bewertungOf(d);
  return ` – Adressat: ${d.addressees.map((a) => a.name).join(', ') || '–'}${b.assessment === 'open' ? '' : ` – Bewertung: ${b.label}`}${d.dueNote ? ` – ${d.dueNote}` : ''}`;
}

/** Open objections (internal version only): under the chase list, as they too are still to be settled. */
export const OBJECTIONS_TITLE = 'Offene Beanstandungen';

export const OBJECTIONS_INTRO =
  'Beanstandungen eines Landes zu einem freigegebenen Sachstand, bis zum Stichtag erhoben und noch nicht entschieden (nur intern).';

export const OBJECTION_COLUMNS = ['Forderung', 'Beanstandet von', 'Grund'] as const;

/** One row per open objection: which demand and Sachstand, who objected when, and why. */
export function objectionRows(report: Report): { ref: string; summary: string; by: string; reason: string }[] {
  return report.objections.map((o) => ({
    ref: `${o.demand.conference}. IntMK ${o.demand.ziffer ? `TOP ${o.demand.top} Ziffer ${o.demand.ziffer}` : `TOP ${o.demand.top}`} · Sachstand vom ${germanShortDate(o.statusUpdateAsOf)}`,
    summary: o.demand.summary,
    by: `${o.land.name}, ${germanShortDate(o.raised)}`,
    reason: o.reason,
  }));
}

// ---------------------------------------------------------------------------------------------
// Progress over time.

export const PROGRESS_TITLE = 'Fortschritt seit der letzten Erfolgskontrolle';

export const PROGRESS_COLUMNS = [
  'Konferenz',
  '>Forderungen',
  '>mit Sachstand',
  '>erledigt',
  '>teilweise erledigt',
  '>offen, Daueraufgabe',
  '>überholt',
] as const;

/** "Stand … und zum Stichtag der letzten Erfolgskontrolle (…)": what the arrows compare. */
export function progressIntro(report: Report): string {
  return `Bewertung der Forderungen der letzten Konferenzen zum Stichtag ${germanDate(report.asOf)}, in Klammern zum Stichtag der letzten Erfolgskontrolle (${germanDate(report.progress.previousAsOf)}, Tag vor der ${report.conference.number}. IntMK).`;
}

/** One row per conference: "5 (0)" = now (then). */
export function progressRows(report: Report): string[][] {
  const cell = (now: number, before: number | undefined) => (before === undefined || before === now ? String(now) : `${now} (${before})`);
  return report.progress.conferences.map((c) => [
    `${c.number}. IntMK (${c.year})`,
    String(c.demands),
    String(c.answered),
    cell(c.now.done, c.before?.done),
    cell(c.now.partly_done, c.before?.partly_done),
    cell(c.now.open + c.now.standing_task, c.before ? c.before.open + c.before.standing_task : undefined),
    cell(c.now.overtaken, c.before?.overtaken),
  ]);
}
