// The Erfolgskontrolle as data: a pure function from the rows of report.queries.ts to the report
// model that the renderers in ./render turn into documents. No database, no clock: unit-tested
// with plain rows (test/report-model.test.ts).
import { ASSESSMENTS, type Assessment, annexAddressee, assessmentOf } from '../../domain/assessment.js';
import { conferenceDate } from '../../domain/derive.js';
import { demandStatus, firstRaisedYear, isClosed, latestMember, threadYearsOpen } from '../../domain/status.js';
import {
  ADOPTION_LABELS,
  DEMAND_KIND_LABELS,
  EVIDENCE_KIND_LABELS,
  LAENDER,
  NOTE_KIND_LABELS,
  STATUS_GROUP_OF,
  STATUS_LABELS,
  STATUSES,
  type Status,
  THREAD_RELATION_LABELS,
} from '../../domain/vocab.js';
import { voteRecordOf } from '../../domain/votes.js';
import { isPublicResolution, markedPublic, type View } from '../../visibility/index.js';
import type { ConferenceRow, DemandRow, MemberRow, ReportRows, UpdateRow, VoteRow } from './report.queries.js';
import type { Report, ReportDemand, ReportDemandRef, ReportThread } from './reports.schemas.js';

const landNames = new Map<string, string>(LAENDER.map((l) => [l.code, l.name]));

function conferenceOf(row: ConferenceRow): Report['conference'] {
  return {
    number: row.number,
    year: row.year,
    title: `${row.number}. IntMK ${row.year}`,
    place: row.place,
    startDate: row.start_date,
    endDate: row.end_date,
    chair: row.chair_land ? { code: row.chair_land, name: landNames.get(row.chair_land) ?? row.chair_land } : null,
  };
}

function proposersLabel(r: { proposers: string; all_laender: number; coordinating_land: string | null }): string | null {
  const base = r.all_laender ? 'Alle Länder' : (JSON.parse(r.proposers) as string[]).join(', ');
  if (!base) return null;
  return r.coordinating_land ? `${base} (koordinierend: ${r.coordinating_land})` : base;
}

export interface ReportWindow {
  /** The Stichtag: updates dated up to it count. */
  asOf: string;
  /** The presenting conference's TOP as asked for (query `top`); else the recorded one is used. */
  top?: string | undefined;
  /** The last report: updates dated after it count as changes. */
  since: string;
  audience: View;
  /** When the report was made (ISO timestamp). */
  generated: string;
}

/** The Erfolgskontrolle of the conference in `rows` at the Stichtag. */
export function reportModel(rows: ReportRows, window: ReportWindow): Report {
  const { asOf, since, generated } = window;
  const options = { audience: window.audience };
  const { conference, next } = rows;
  const number = conference.number;
  const names = new Map<string, string>(rows.bodyNames.map((b) => [b.code, b.name]));
  for (const [code, name] of landNames) names.set(code, name);
  const nameOf = (code: string) => ({ code, name: names.get(code) ?? code });
  const notesOf = new Map<number, NonNullable<ReportRows['notes']>>();
  for (const n of rows.notes ?? []) notesOf.set(n.resolution_id, [...(notesOf.get(n.resolution_id) ?? []), n]);

  const resolutionRows = rows.resolutions;
  const ownDemands = rows.ownDemands;
  const ownIds = ownDemands.map((d) => d.id);

  // Threads touched by this conference, and their members raised up to the Stichtag.
  const members = rows.members;
  const memberIds = new Set(members.map((m) => m.demand_id));
  const reportedInCycle = new Set(rows.reportedInCycle);
  // Later conferences appear only as repetitions of a thread, and only when raised by the Stichtag.
  const others = rows.otherDemands
    .filter((d) => conferenceDate({ startDate: d.c_start, endDate: d.c_end, year: d.c_year }) <= asOf)
    .filter((d) => d.conference <= number || memberIds.has(d.id));
  const allDemands = new Map<number, DemandRow>();
  for (const d of [...ownDemands, ...others]) allDemands.set(d.id, d);

  const addressees = new Map<number, { code: string; name: string }[]>();
  for (const a of rows.addressees) {
    const list = addressees.get(a.demand_id) ?? [];
    list.push({ code: a.code, name: a.name });
    addressees.set(a.demand_id, list);
  }

  // Status at the Stichtag and at `since` (the last report), overall and per addressee, by the one
  // written rule (src/domain/status.ts, demandStatus): what the status service caches for today.
  const evidence = new Map<number, NonNullable<ReportDemand['update']>['evidence']>();
  for (const e of rows.evidence) {
    const list = evidence.get(e.status_update_id) ?? [];
    list.push({ kind: e.kind, kindLabel: EVIDENCE_KIND_LABELS[e.kind], citation: e.citation, date: e.date, url: e.url });
    evidence.set(e.status_update_id, list);
  }
  // Where an addressee's answer comes from, for the line per addressee: the first source of the
  // update that sets its status, else who reported it.
  const sourceOf = (u: UpdateRow | null | undefined): string | null => {
    if (!u) return null;
    return evidence.get(u.id)?.[0]?.citation ?? `gemeldet von ${names.get(u.reporter) ?? u.reporter}`;
  };
  const updatesOf = new Map<number, UpdateRow[]>();
  for (const u of rows.updates) {
    const list = updatesOf.get(u.demand_id) ?? [];
    list.push(u);
    updatesOf.set(u.demand_id, list);
  }
  const atAsOf = new Map<number, UpdateRow>();
  const statusAt = new Map<number, Status>();
  const statusAtSince = new Map<number, Status>();
  const byAddresseeAt = new Map<number, ReportDemand['statusByAddressee']>();
  for (const [id, list] of updatesOf) {
    const codes = (addressees.get(id) ?? []).map((a) => a.code);
    const upTo = (day: string) => list.filter((u) => u.asOf <= day).map((u) => ({ ...u, addressee: u.addressee ?? null }));
    const now = demandStatus(upTo(asOf), codes);
    const then = demandStatus(upTo(since), codes);
    if (now.update) atAsOf.set(id, now.update);
    statusAt.set(id, now.status);
    statusAtSince.set(id, then.status);
    byAddresseeAt.set(
      id,
      now.byAddressee.map((a) => ({
        code: a.code,
        name: names.get(a.code) ?? a.code,
        status: a.status,
        statusLabel: STATUS_LABELS[a.status],
        asOf: a.update?.asOf ?? null,
        source: sourceOf(a.update),
      })),
    );
  }
  const statusOf = (id: number): Status => statusAt.get(id) ?? 'open';
  const statusByAddressee = (id: number): ReportDemand['statusByAddressee'] =>
    byAddresseeAt.get(id) ??
    (addressees.get(id) ?? []).map((a) => ({ ...a, status: 'open' as const, statusLabel: STATUS_LABELS.open, asOf: null, source: null }));
  const votesOf = new Map<number, VoteRow[]>();
  for (const v of rows.votes) votesOf.set(v.resolution_id, [...(votesOf.get(v.resolution_id) ?? []), v]);
  const updateOf = (id: number): ReportDemand['update'] => {
    const u = atAsOf.get(id);
    if (!u) return null;
    return {
      id: u.id,
      asOf: u.asOf,
      reporter: u.reporter,
      reporterName: names.get(u.reporter) ?? u.reporter,
      narrative: u.narrative,
      evidence: evidence.get(u.id) ?? [],
      internal: u.visibility !== undefined && !markedPublic({ visibility: u.visibility }),
    };
  };
  const inCycle = (id: number) => reportedInCycle.has(id);

  // Threads: the latest member raised up to the Stichtag sets the status.
  const threadRows = rows.threads;
  const membersByThread = new Map<number, MemberRow[]>();
  for (const m of members) {
    if (!allDemands.has(m.demand_id)) continue;
    const list = membersByThread.get(m.thread_id) ?? [];
    list.push(m);
    membersByThread.set(m.thread_id, list);
  }
  const raised = (d: DemandRow) => conferenceDate({ startDate: d.c_start, endDate: d.c_end, year: d.c_year });
  const threads: ReportThread[] = [];
  const threadOfDemand = new Map<number, { id: number; title: string }>();
  for (const t of threadRows) {
    const list = (membersByThread.get(t.id) ?? []).map((m) => ({ m, d: allDemands.get(m.demand_id) as DemandRow }));
    if (list.length === 0) continue;
    list.sort((a, b) => raised(a.d).localeCompare(raised(b.d)) || a.m.position - b.m.position);
    const latest = latestMember(list, (x) => ({ raisedOn: raised(x.d), position: x.m.position })) as (typeof list)[number];
    const status = statusOf(latest.d.id);
    const mentions = (JSON.parse(t.mentions) as { year: number; text: string; citation: string }[]).filter(
      (x) => x.year <= Number(asOf.slice(0, 4)),
    );
    const firstRaised = firstRaisedYear(
      mentions.map((x) => x.year),
      list.map((x) => x.d.c_year),
      Number(asOf.slice(0, 4)),
    );
    for (const x of list) threadOfDemand.set(x.d.id, { id: t.id, title: t.title });
    threads.push({
      id: t.id,
      title: t.title,
      firstRaised,
      origin: originLine(t.origin_text, mentions[0]),
      status,
      statusLabel: STATUS_LABELS[status],
      // Years open only while the thread is open and owed: not once (partly) fulfilled or closed,
      // and not while its latest member is a mandate still running towards its due conference.
      yearsOpen: STATUS_GROUP_OF[status] === 'open' && latest.d.kind !== 'auftrag' ? threadYearsOpen(status, firstRaised, asOf) : null,
      repetitions: list.map(({ m, d }) => ({
        conference: d.conference,
        year: d.c_year,
        top: d.top,
        ziffer: d.ziffer,
        relationLabel: THREAD_RELATION_LABELS[m.relation],
        summary: d.summary,
        status: statusOf(d.id),
        statusLabel: STATUS_LABELS[statusOf(d.id)],
      })),
    });
  }
  threads.sort((a, b) => a.firstRaised - b.firstRaised || a.title.localeCompare(b.title, 'de'));

  const responsibleOf = (d: DemandRow): { code: string; name: string }[] => {
    const codes = JSON.parse(d.responsible) as string[];
    if (codes.length) return codes.map(nameOf);
    if (d.coordinating_land) return [nameOf(d.coordinating_land)];
    if (!d.all_laender) {
      const proposers = JSON.parse(d.proposers) as string[];
      if (proposers.length) return proposers.map(nameOf);
    }
    return [{ code: 'LAENDER', name: 'Alle Länder' }];
  };
  const refOf = (d: DemandRow): ReportDemandRef => ({
    id: d.id,
    conference: d.conference,
    top: d.top,
    ziffer: d.ziffer,
    summary: d.summary,
    addressees: addressees.get(d.id) ?? [],
    status: statusOf(d.id),
    statusLabel: STATUS_LABELS[statusOf(d.id)],
    statusByAddressee: statusByAddressee(d.id),
    lastUpdateAsOf: atAsOf.get(d.id)?.asOf ?? null,
  });

  // A date the text set has passed and the demand is not done: "Haushalt 2025", "bis 4.3.2026".
  // The internal version asks the office to check whether it is overtaken.
  const dueNoteOf = (d: DemandRow, status: Status): string | null => {
    if (!d.due_date || d.due_date >= asOf || !['open', 'partly_done'].includes(assessmentOf(status, d.kind))) return null;
    const passed = `Frist ${d.due_date.split('-').reverse().join('.')} verstrichen`;
    return options.audience === 'internal' ? `${passed} – prüfen: überholt?` : passed;
  };

  const byResolution = new Map<number, ReportDemand[]>();
  for (const d of ownDemands) {
    const status = statusOf(d.id);
    const list = byResolution.get(d.resolution_id) ?? [];
    list.push({
      id: d.id,
      ziffer: d.ziffer,
      kind: d.kind,
      kindLabel: DEMAND_KIND_LABELS[d.kind],
      addressees: addressees.get(d.id) ?? [],
      summary: d.summary,
      wording: d.wording,
      status,
      statusLabel: STATUS_LABELS[status],
      statusAsOf: atAsOf.get(d.id)?.asOf ?? null,
      dueDate: d.due_date,
      dueNote: dueNoteOf(d, status),
      statusByAddressee: statusByAddressee(d.id),
      update: updateOf(d.id),
      changedSinceLastReport: inCycle(d.id),
      responsible: responsibleOf(d),
      thread: threadOfDemand.get(d.id) ?? null,
      internal: !markedPublic(d) || !isPublicResolution({ visibility: d.r_visibility, adoption: d.r_adoption }),
    });
    byResolution.set(d.resolution_id, list);
  }

  // Summary counts cover this conference's demands only, as the annex reports on them.
  const countBy = (ids: number[]) => {
    const counts = new Map<Status, number>();
    for (const id of ids) counts.set(statusOf(id), (counts.get(statusOf(id)) ?? 0) + 1);
    return STATUSES.map((status) => ({ status, label: STATUS_LABELS[status], count: counts.get(status) ?? 0 }));
  };
  const byAddresseeIds = new Map<string, { name: string; ids: number[] }>();
  for (const d of ownDemands) {
    for (const a of addressees.get(d.id) ?? []) {
      const entry = byAddresseeIds.get(a.code) ?? { name: a.name, ids: [] };
      entry.ids.push(d.id);
      byAddresseeIds.set(a.code, entry);
    }
  }
  const sharesOf = (ids: number[]) => {
    const shares = { fulfilled: 0, partly: 0, open: 0, closedOtherwise: 0 };
    for (const id of ids) shares[STATUS_GROUP_OF[statusOf(id)]]++;
    return shares;
  };

  const changes: Report['changes'] = [];
  for (const d of allDemands.values()) {
    const u = updateOf(d.id);
    if (!inCycle(d.id) || !u || d.conference > number) continue;
    const before = statusAtSince.get(d.id) ?? 'open';
    const after = statusOf(d.id);
    changes.push({
      demand: refOf(d),
      before: { status: before, statusLabel: STATUS_LABELS[before] },
      after: { status: after, statusLabel: STATUS_LABELS[after] },
      update: u,
    });
  }
  changes.sort(
    (a, b) => b.update.asOf.localeCompare(a.update.asOf) || a.demand.conference - b.demand.conference || a.demand.id - b.demand.id,
  );

  type MissingGroup = Report['missing'][number];
  const missingGroups = new Map<string, MissingGroup>();
  if (rows.roundMissing) {
    // With a reporting round the chase list comes from its assignments: every assigned group that
    // has not had a Sachstand released for an open demand in scope; unassigned ones apart. Within a
    // group the demands it leads (federführend) come first.
    const lastReported = new Map((rows.lastReported ?? []).map((l) => [l.group_code, l.as_of]));
    for (const m of rows.roundMissing) {
      const d = allDemands.get(m.demand_id);
      if (!d || isClosed(statusOf(d.id))) continue;
      const r = m.group_code ? nameOf(m.group_code) : { code: '-', name: 'Nicht zugewiesen' };
      const group = missingGroups.get(r.code) ?? { responsible: r, lastReported: lastReported.get(r.code) ?? null, demands: [] };
      group.demands.push({ ...refOf(d), lead: m.lead === 1 });
      missingGroups.set(r.code, group);
    }
    for (const g of missingGroups.values()) g.demands.sort((a, b) => Number(b.lead) - Number(a.lead));
  } else {
    for (const d of ownDemands) {
      if (isClosed(statusOf(d.id)) || inCycle(d.id)) continue;
      for (const r of responsibleOf(d)) {
        const group = missingGroups.get(r.code) ?? { responsible: r, lastReported: null, demands: [] };
        group.demands.push({ ...refOf(d), lead: false });
        missingGroups.set(r.code, group);
      }
    }
  }

  // Progress over time: the last conferences' demands by Bewertung now and at the previous annex's
  // Stichtag (the day before this conference began), and per addressee answered and erledigt.
  const previousAsOf = dayBefore(conference.start_date ?? `${conference.year}-01-01`);
  const countsOf = () => Object.fromEntries(ASSESSMENTS.map((a) => [a, 0])) as Record<Assessment, number>;
  const byConference = new Map<number, DemandRow[]>();
  for (const d of allDemands.values()) {
    if (d.conference > number) continue;
    byConference.set(d.conference, [...(byConference.get(d.conference) ?? []), d]);
  }
  const lastConferences = [...byConference.keys()].sort((a, b) => a - b).slice(-3);
  const progressAddressees = new Map<
    string,
    { code: string; name: string; per: Map<number, { demands: number; answered: number; done: number }> }
  >();
  const progressConferences = lastConferences.map((n) => {
    const list = byConference.get(n) ?? [];
    const now = countsOf();
    const before = n === number ? null : countsOf();
    let answered = 0;
    for (const d of list) {
      const a = assessmentOf(statusOf(d.id), d.kind);
      now[a]++;
      const hasReply = atAsOf.has(d.id);
      if (hasReply) answered++;
      if (before) {
        const codes = (addressees.get(d.id) ?? []).map((x) => x.code);
        const then = demandStatus(
          (updatesOf.get(d.id) ?? []).filter((u) => u.asOf <= previousAsOf).map((u) => ({ ...u, addressee: u.addressee ?? null })),
          codes,
        );
        before[assessmentOf(then.status, d.kind)]++;
      }
      const grouped = new Map((addressees.get(d.id) ?? []).map((x) => annexAddressee(x)).map((x) => [x.code, x]));
      for (const x of grouped.values()) {
        const entry = progressAddressees.get(x.code) ?? { ...x, per: new Map() };
        const cell = entry.per.get(n) ?? { demands: 0, answered: 0, done: 0 };
        cell.demands++;
        if (hasReply) cell.answered++;
        if (a === 'done') cell.done++;
        entry.per.set(n, cell);
        progressAddressees.set(x.code, entry);
      }
    }
    return { number: n, year: list[0]?.c_year ?? 0, demands: list.length, answered, now, before };
  });
  const total = (e: { per: Map<number, { demands: number }> }) => [...e.per.values()].reduce((k, c) => k + c.demands, 0);
  const progress: Report['progress'] = {
    previousAsOf,
    conferences: progressConferences,
    byAddressee: [...progressAddressees.values()]
      .sort((a, b) => total(b) - total(a) || a.name.localeCompare(b.name, 'de'))
      .slice(0, 6)
      .map((e) => ({
        code: e.code,
        name: e.name,
        conferences: lastConferences.map((n) => ({ number: n, ...(e.per.get(n) ?? { demands: 0, answered: 0, done: 0 }) })),
      })),
  };

  // Open objections for the annex and the Vorkonferenz (internal rows only, see report.queries.ts).
  const objections: Report['objections'] = (rows.objections ?? []).flatMap((o) => {
    const d = allDemands.get(o.demand_id);
    if (!d) return [];
    return [
      {
        id: o.id,
        round: o.round_id,
        demand: refOf(d),
        statusUpdateId: o.status_update_id,
        statusUpdateAsOf: o.update_as_of,
        land: nameOf(o.land),
        reason: o.reason,
        raised: o.created.slice(0, 10),
      },
    ];
  });

  const earlierOpen = others.filter((d) => d.conference < number && !isClosed(statusOf(d.id))).map(refOf);

  return {
    title: `Erfolgskontrolle der ${conference.number}. IntMK`,
    subtitle: `vorgelegt zur ${next?.number ?? conference.number + 1}. IntMK`,
    conference: conferenceOf(conference),
    presentedTo: next ? conferenceOf(next) : null,
    presentedUnderTop: window.top ?? rows.presentingTop ?? null,
    // The presenting chair is the next conference's, as recorded; never the reported conference's
    // own chair as a stand-in (the chair rotates every 1 July).
    chair: next?.chair_land ? nameOf(next.chair_land) : null,
    asOf,
    since,
    audience: options.audience,
    generated,
    summary: {
      resolutions: resolutionRows.length,
      demands: ownDemands.length,
      byStatus: countBy(ownIds),
      byAddressee: [...byAddresseeIds]
        .map(([code, e]) => ({ code, name: e.name, total: e.ids.length, byStatus: countBy(e.ids), shares: sharesOf(e.ids) }))
        .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'de')),
      shares: sharesOf(ownIds),
      oldestOpenThreads: threads
        .filter((t) => t.yearsOpen !== null)
        .slice(0, 5)
        .map(({ id, title, firstRaised, yearsOpen, status, statusLabel }) => ({
          id,
          title,
          firstRaised,
          yearsOpen,
          status,
          statusLabel,
        })),
    },
    resolutions: resolutionRows.map((r) => ({
      id: r.id,
      top: r.top,
      title: r.title,
      agendaHeading: r.agenda_heading,
      greenList: r.green_list,
      proposers: proposersLabel(r),
      adoption: ADOPTION_LABELS[r.adoption],
      vote: voteRecordOf(votesOf.get(r.id) ?? [])?.label ?? null,
      budgetReservation: r.budget_reservation,
      notes: (notesOf.get(r.id) ?? []).map((n) => ({
        kind: n.kind,
        kindLabel: NOTE_KIND_LABELS[n.kind],
        lands: (JSON.parse(n.lands) as string[]).map((code) => nameOf(code).name).join(', '),
        ziffer: n.ziffer,
        text: n.text,
      })),
      internal: !isPublicResolution(r),
      demands: byResolution.get(r.id) ?? [],
    })),
    threads,
    changes,
    replyDeadline: rows.replyDeadline ?? null,
    missing: [...missingGroups.values()].sort((a, b) => a.responsible.name.localeCompare(b.responsible.name, 'de')),
    earlierOpen,
    progress,
    objections,
  };
}

/** The origin quote of a thread, else its earliest mention; quotes from mid-sentence are marked as cut. */
function originLine(origin: string | null, first: { year: number; text: string; citation: string } | undefined): string | null {
  const text = origin ?? (first ? `${first.text} (${first.citation})` : null);
  return text && /^\p{Ll}/u.test(text) ? `…${text}` : text;
}

/** The day before an ISO date. */
function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
