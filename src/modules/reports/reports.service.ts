// Builds the Erfolgskontrolle of one conference as data; the renderers in ./render turn it into
// documents. It reads the reported conference, the threads it touches and the updates of the
// cycle, never the whole history, so its cost does not grow with the record.
import { isoToday } from '../../clock.js';
import type { Ctx } from '../../context.js';
import { conferenceDate } from '../../domain/derive.js';
import { firstRaisedYear, isClosed, latestMember, latestUpdate, statusOf as statusOfUpdate, threadYearsOpen } from '../../domain/status.js';
import {
  ADOPTION_LABELS,
  type Adoption,
  DEMAND_KIND_LABELS,
  type DemandKind,
  EVIDENCE_KIND_LABELS,
  type EvidenceKind,
  LAENDER,
  type LandCode,
  STATUS_GROUP_OF,
  STATUS_LABELS,
  STATUSES,
  type Status,
  THREAD_RELATION_LABELS,
  type ThreadRelation,
  type Vote,
} from '../../domain/vocab.js';
import { voteRecordOf } from '../../domain/votes.js';
import { notFound, unprocessable } from '../../shared/errors.js';
import type { Report, ReportDemand, ReportDemandRef, ReportOptions, ReportThread } from './reports.schemas.js';

interface ConferenceRow {
  id: number;
  number: number;
  year: number;
  start_date: string | null;
  end_date: string | null;
  place: string | null;
  chair_land: string | null;
}
interface ResolutionRow {
  id: number;
  top: string;
  title: string;
  agenda_heading: string | null;
  green_list: string | null;
  proposers: string;
  all_laender: number;
  coordinating_land: string | null;
  adoption: Adoption;
  budget_reservation: string | null;
}
interface DemandRow {
  id: number;
  resolution_id: number;
  conference: number;
  c_year: number;
  c_start: string | null;
  c_end: string | null;
  top: string;
  ziffer: string | null;
  kind: DemandKind;
  summary: string;
  wording: string;
  responsible: string;
  proposers: string;
  all_laender: number;
  coordinating_land: string | null;
}
interface UpdateRow {
  id: number;
  demand_id: number;
  status: Status;
  asOf: string;
  created: string;
  retracted: boolean;
  narrative: string;
  reporter: string;
}
interface EvidenceRow {
  status_update_id: number;
  kind: EvidenceKind;
  citation: string;
  date: string | null;
  url: string | null;
}
interface MemberRow {
  thread_id: number;
  demand_id: number;
  position: number;
  relation: ThreadRelation;
}
interface ThreadRow {
  id: number;
  title: string;
  origin_text: string | null;
  /** JSON array of the thread's mentions ({year, text, citation}), oldest first. */
  mentions: string;
}

/** Resolutions the public never sees, whatever their visibility flag says (rules of procedure). */
const INTERNAL_ADOPTIONS = `('abgelehnt', 'zurueckgezogen')`;

const DEMAND_COLUMNS = `
  d.id, d.resolution_id, c.number AS conference, c.year AS c_year, c.start_date AS c_start, c.end_date AS c_end,
  r.top, d.ziffer, d.kind, d.summary, d.wording, d.responsible, r.proposers, r.all_laender, r.coordinating_land
  FROM demands d JOIN resolutions r ON r.id = d.resolution_id JOIN conferences c ON c.id = r.conference_id`;

/** Visibility filters as SQL fragments with one parameter each: 1 = public audience. */
const PUBLIC_DEMAND = `(? = 0 OR (d.visibility = 'public' AND r.visibility = 'public' AND r.adoption NOT IN ${INTERNAL_ADOPTIONS}))`;

/** The origin quote of a thread, else its earliest mention; quotes from mid-sentence are marked as cut. */
function originLine(origin: string | null, first: { year: number; text: string; citation: string } | undefined): string | null {
  const text = origin ?? (first ? `${first.text} (${first.citation})` : null);
  return text && /^\p{Ll}/u.test(text) ? `…${text}` : text;
}

export function createReportsService(ctx: Ctx) {
  const { sqlite, clock } = ctx;
  const conferenceStmt = sqlite.prepare<[number], ConferenceRow>('SELECT * FROM conferences WHERE number = ?');
  const nextConferenceStmt = sqlite.prepare<[number], ConferenceRow>('SELECT * FROM conferences WHERE number > ? ORDER BY number LIMIT 1');
  // Votes are read for the internal audience only (the public minutes name none).
  const votesStmt = sqlite.prepare<[number], { land: LandCode; vote: Vote }>(
    'SELECT land, vote FROM resolution_votes WHERE resolution_id = ?',
  );
  const resolutionsStmt = sqlite.prepare<[number, number], ResolutionRow>(
    `SELECT r.* FROM resolutions r WHERE r.conference_id = ?
       AND (? = 0 OR (r.visibility = 'public' AND r.adoption NOT IN ${INTERNAL_ADOPTIONS}))
     ORDER BY r.top_sort`,
  );
  const demandsOfConferenceStmt = sqlite.prepare<[number, number], DemandRow>(
    `SELECT ${DEMAND_COLUMNS} WHERE r.conference_id = ? AND ${PUBLIC_DEMAND} ORDER BY r.top_sort, d.position`,
  );
  const demandsByIdStmt = sqlite.prepare<[string, number], DemandRow>(
    `SELECT ${DEMAND_COLUMNS} WHERE d.id IN (SELECT value FROM json_each(?)) AND ${PUBLIC_DEMAND}
     ORDER BY c.number, r.top_sort, d.position`,
  );
  const addresseesStmt = sqlite.prepare<[string], { demand_id: number; code: string; name: string }>(
    `SELECT a.demand_id, b.code, b.name FROM demand_addressees a JOIN bodies b ON b.code = a.body_code
     WHERE a.demand_id IN (SELECT value FROM json_each(?)) ORDER BY a.demand_id, a.position`,
  );
  // Updates up to the Stichtag; latestUpdate() picks the one that sets each demand's status.
  const updatesStmt = sqlite.prepare<[string, string, number], Omit<UpdateRow, 'retracted'> & { retracted: 0 | 1 }>(
    `SELECT s.id, s.demand_id, s.status, s.as_of AS asOf, s.created, s.narrative, s.reporter,
            EXISTS (SELECT 1 FROM retractions x WHERE x.status_update_id = s.id) AS retracted
     FROM status_updates s
     WHERE s.demand_id IN (SELECT value FROM json_each(?)) AND s.as_of <= ?
       AND (? = 0 OR s.visibility = 'public')`,
  );
  const reportedInCycleStmt = sqlite.prepare<[string, string, number], { demand_id: number }>(
    `SELECT DISTINCT s.demand_id FROM status_updates s
     WHERE s.as_of > ? AND s.as_of <= ? AND (? = 0 OR s.visibility = 'public')
       AND NOT EXISTS (SELECT 1 FROM retractions x WHERE x.status_update_id = s.id)`,
  );
  const evidenceStmt = sqlite.prepare<[string, number], EvidenceRow>(
    `SELECT status_update_id, kind, citation, date, url FROM evidence
     WHERE status_update_id IN (SELECT value FROM json_each(?)) AND (? = 0 OR visibility = 'public')
     ORDER BY status_update_id, position`,
  );
  const threadOfStmt = sqlite.prepare<[string], MemberRow>(
    'SELECT thread_id, demand_id, position, relation FROM thread_members WHERE demand_id IN (SELECT value FROM json_each(?))',
  );
  const membersStmt = sqlite.prepare<[string], MemberRow>(
    `SELECT thread_id, demand_id, position, relation FROM thread_members
     WHERE thread_id IN (SELECT value FROM json_each(?)) ORDER BY thread_id, position`,
  );
  const threadsStmt = sqlite.prepare<[string], ThreadRow>(
    `SELECT id, title, origin_text,
            (SELECT json_group_array(json_object('year', year, 'text', text, 'citation', citation))
               FROM (SELECT year, text, citation FROM thread_mentions m WHERE m.thread_id = threads.id ORDER BY year, position)) AS mentions
     FROM threads WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
  );
  const bodyNamesStmt = sqlite.prepare<[], { code: string; name: string }>('SELECT code, name FROM bodies');

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

  return {
    /** The Erfolgskontrolle of conference `number` at the Stichtag, for the given audience. */
    build(number: number, options: ReportOptions): Report {
      const conference = conferenceStmt.get(number);
      if (!conference) throw notFound('conferences.not_found', `Die ${number}. IntMK ist nicht erfasst.`);
      const isPublic = options.audience === 'public' ? 1 : 0;
      const asOf = options.asOf ?? isoToday(clock);
      const raisedOn = conferenceDate({ startDate: conference.start_date, endDate: conference.end_date, year: conference.year });
      const since = options.since ?? raisedOn;
      if (since > asOf) {
        throw unprocessable('reports.since_after_as_of', `„since“ (${since}) liegt nach dem Stichtag (${asOf}).`, [
          { field: 'querystring.since', message: 'liegt nach asOf' },
        ]);
      }
      const next = nextConferenceStmt.get(number);
      const names = new Map<string, string>(bodyNamesStmt.all().map((b) => [b.code, b.name]));
      for (const [code, name] of landNames) names.set(code, name);
      const nameOf = (code: string) => ({ code, name: names.get(code) ?? code });

      const resolutionRows = resolutionsStmt.all(conference.id, isPublic);
      const ownDemands = demandsOfConferenceStmt.all(conference.id, isPublic);
      const ownIds = ownDemands.map((d) => d.id);

      // Threads touched by this conference, and their members raised up to the Stichtag.
      const touched = [...new Set(threadOfStmt.all(JSON.stringify(ownIds)).map((m) => m.thread_id))];
      const members = membersStmt.all(JSON.stringify(touched));
      const memberIds = new Set(members.map((m) => m.demand_id));
      const reportedInCycle = new Set(reportedInCycleStmt.all(since, asOf, isPublic).map((r) => r.demand_id));
      const ownSet = new Set(ownIds);
      const otherIds = new Set<number>();
      for (const m of members) if (!ownSet.has(m.demand_id)) otherIds.add(m.demand_id);
      for (const id of reportedInCycle) if (!ownSet.has(id)) otherIds.add(id);
      // Later conferences appear only as repetitions of a thread, and only when raised by the Stichtag.
      const others = demandsByIdStmt
        .all(JSON.stringify([...otherIds]), isPublic)
        .filter((d) => conferenceDate({ startDate: d.c_start, endDate: d.c_end, year: d.c_year }) <= asOf)
        .filter((d) => d.conference <= number || memberIds.has(d.id));
      const allDemands = new Map<number, DemandRow>();
      for (const d of [...ownDemands, ...others]) allDemands.set(d.id, d);
      const allIds = JSON.stringify([...allDemands.keys()]);

      // Status at the Stichtag and at `since` (the last report), from the same ordered updates.
      const updatesOf = new Map<number, UpdateRow[]>();
      for (const u of updatesStmt.all(allIds, asOf, isPublic)) {
        const list = updatesOf.get(u.demand_id) ?? [];
        list.push({ ...u, retracted: u.retracted === 1 });
        updatesOf.set(u.demand_id, list);
      }
      const atAsOf = new Map<number, UpdateRow>();
      const atSince = new Map<number, UpdateRow>();
      for (const [id, list] of updatesOf) {
        const now = latestUpdate(list, { asOf });
        const then = latestUpdate(list, { asOf: since });
        if (now) atAsOf.set(id, now);
        if (then) atSince.set(id, then);
      }
      const statusOf = (id: number): Status => statusOfUpdate(atAsOf.get(id));
      const evidence = new Map<number, NonNullable<ReportDemand['update']>['evidence']>();
      for (const e of evidenceStmt.all(JSON.stringify([...atAsOf.values()].map((u) => u.id)), isPublic)) {
        const list = evidence.get(e.status_update_id) ?? [];
        list.push({ kind: e.kind, kindLabel: EVIDENCE_KIND_LABELS[e.kind], citation: e.citation, date: e.date, url: e.url });
        evidence.set(e.status_update_id, list);
      }
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
        };
      };
      const addressees = new Map<number, { code: string; name: string }[]>();
      for (const a of addresseesStmt.all(allIds)) {
        const list = addressees.get(a.demand_id) ?? [];
        list.push({ code: a.code, name: a.name });
        addressees.set(a.demand_id, list);
      }
      const inCycle = (id: number) => reportedInCycle.has(id);

      // Threads: the latest member raised up to the Stichtag sets the status.
      const threadRows = threadsStmt.all(JSON.stringify(touched));
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
          (m) => m.year <= Number(asOf.slice(0, 4)),
        );
        const firstRaised = firstRaisedYear(
          mentions.map((m) => m.year),
          list.map((x) => x.d.c_year),
          Number(asOf.slice(0, 4)),
        );
        for (const x of list) threadOfDemand.set(x.d.id, { id: t.id, title: t.title });
        threads.push({
          id: t.id,
          title: t.title,
          firstRaised,
          // Origins quote the document, sometimes from mid-sentence: mark the cut.
          origin: originLine(t.origin_text, mentions[0]),
          status,
          statusLabel: STATUS_LABELS[status],
          yearsOpen: threadYearsOpen(status, firstRaised, asOf),
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
        lastUpdateAsOf: atAsOf.get(d.id)?.asOf ?? null,
      });

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
          update: updateOf(d.id),
          changedSinceLastReport: inCycle(d.id),
          responsible: responsibleOf(d),
          thread: threadOfDemand.get(d.id) ?? null,
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
        const before = statusOfUpdate(atSince.get(d.id));
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

      const missingGroups = new Map<string, { responsible: { code: string; name: string }; demands: ReportDemandRef[] }>();
      for (const d of ownDemands) {
        if (isClosed(statusOf(d.id)) || inCycle(d.id)) continue;
        for (const r of responsibleOf(d)) {
          const group = missingGroups.get(r.code) ?? { responsible: r, demands: [] };
          group.demands.push(refOf(d));
          missingGroups.set(r.code, group);
        }
      }

      const earlierOpen = others.filter((d) => d.conference < number && !isClosed(statusOf(d.id))).map(refOf);

      return {
        title: `Erfolgskontrolle der ${conference.number}. IntMK`,
        subtitle: `vorgelegt zur ${next?.number ?? conference.number + 1}. IntMK`,
        conference: conferenceOf(conference),
        presentedTo: next ? conferenceOf(next) : null,
        chair: next?.chair_land ? nameOf(next.chair_land) : conference.chair_land ? nameOf(conference.chair_land) : null,
        asOf,
        since,
        audience: options.audience,
        generated: clock.now().toISOString(),
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
          vote: isPublic ? null : (voteRecordOf(votesStmt.all(r.id))?.label ?? null),
          budgetReservation: r.budget_reservation,
          demands: byResolution.get(r.id) ?? [],
        })),
        threads,
        changes,
        missing: [...missingGroups.values()].sort((a, b) => a.responsible.name.localeCompare(b.responsible.name, 'de')),
        earlierOpen,
      };
    },
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
