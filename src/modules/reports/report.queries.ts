// The reads of the Erfolgskontrolle: the reported conference, the threads it touches and the
// updates up to the Stichtag, never the whole history, so its cost does not grow with the record.
// Every read goes through the view of the report's audience (src/visibility): the public report
// sees exactly what an anonymous API caller sees, by the same SQL views.
import type Database from 'better-sqlite3';
import type { Adoption, DemandKind, EvidenceKind, LandCode, NoteKind, Status, ThreadRelation, Vote } from '../../domain/vocab.js';
import { perView, type RecordTables, type View } from '../../visibility/index.js';

export interface ConferenceRow {
  id: number;
  number: number;
  year: number;
  start_date: string | null;
  end_date: string | null;
  place: string | null;
  chair_land: string | null;
}
export interface ResolutionRow {
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
  visibility: string;
}
export interface NoteRow {
  resolution_id: number;
  kind: NoteKind;
  /** JSON array of Land codes. */
  lands: string;
  ziffer: string | null;
  text: string;
}

export interface VoteRow {
  resolution_id: number;
  land: LandCode;
  vote: Vote;
}
export interface DemandRow {
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
  /** The date the text sets for the demand ("Haushalt 2025", "bis 4.3.2026"), when it sets one. */
  due_date: string | null;
  /** Visibility of the demand and of its resolution, and the resolution's adoption (rejected ones are internal). */
  visibility: string;
  r_visibility: string;
  r_adoption: Adoption;
}
export interface UpdateRow {
  id: number;
  demand_id: number;
  status: Status;
  asOf: string;
  created: string;
  retracted: boolean;
  narrative: string;
  reporter: string;
  /** The addressee (body code) the update concerns; null or absent: all addressees of the demand. */
  addressee?: string | null;
  /** Visibility of the update (the public view holds public ones only). */
  visibility?: string;
}
/** An open objection (Beanstandung) to a released Sachstand of a demand in the report. */
export interface ObjectionRow {
  id: number;
  round_id: number;
  status_update_id: number;
  /** The day the objected Sachstand speaks for. */
  update_as_of: string;
  demand_id: number;
  land: string;
  reason: string;
  created: string;
}
export interface EvidenceRow {
  status_update_id: number;
  kind: EvidenceKind;
  citation: string;
  date: string | null;
  url: string | null;
}
export interface AddresseeRow {
  demand_id: number;
  code: string;
  name: string;
}
export interface MemberRow {
  thread_id: number;
  demand_id: number;
  position: number;
  relation: ThreadRelation;
}
export interface ThreadRow {
  id: number;
  title: string;
  origin_text: string | null;
  /** JSON array of the thread's mentions ({year, text, citation}), oldest first. */
  mentions: string;
}

/** Everything the report model needs, read in one view. */
export interface ReportRows {
  conference: ConferenceRow;
  next: ConferenceRow | undefined;
  /** The TOP of the next conference's agenda titled "Erfolgskontrolle", when its agenda is in the record. */
  presentingTop?: string | null;
  bodyNames: { code: string; name: string }[];
  resolutions: ResolutionRow[];
  /** Protocol notes and declarations of the conference's resolutions, in their order. */
  notes?: NoteRow[];
  votes: VoteRow[];
  /** The reported conference's demands, in TOP order. */
  ownDemands: DemandRow[];
  /** Demands of the touched threads and demands reported on in the cycle, from other conferences. */
  otherDemands: DemandRow[];
  addressees: AddresseeRow[];
  /** Updates up to the Stichtag of all these demands, retracted ones flagged. */
  updates: UpdateRow[];
  evidence: EvidenceRow[];
  /** Demands with a non-retracted update dated in the cycle (after `since`, up to the Stichtag). */
  reportedInCycle: number[];
  /** The threads the reported conference touches, and all their members. */
  threads: ThreadRow[];
  members: MemberRow[];
  /**
   * With a reporting round for the conference (the latest): its demands and assigned groups
   * (null group: unassigned) that still have no released Sachstand; null without a round.
   */
  roundMissing?: { demand_id: number; group_code: string | null; lead: number }[] | null;
  /** The reply deadline of that round; null without a round. */
  replyDeadline?: string | null;
  /** Per Land or working group, the Stichtag of its latest Sachstand released in any round (up to the report's). */
  lastReported?: { group_code: string; as_of: string }[];
  /**
   * Objections to Sachstände of the report's demands that were raised by the Stichtag and not
   * decided by then (internal audience only; round data is never public).
   */
  objections?: ObjectionRow[];
}

const demandColumns = (t: RecordTables) => `
  d.id, d.resolution_id, c.number AS conference, c.year AS c_year, c.start_date AS c_start, c.end_date AS c_end,
  r.top, d.ziffer, d.kind, d.summary, d.wording, d.responsible, d.due_date, r.proposers, r.all_laender, r.coordinating_land,
  d.visibility, r.visibility AS r_visibility, r.adoption AS r_adoption
  FROM ${t.demands} d JOIN ${t.resolutions} r ON r.id = d.resolution_id JOIN conferences c ON c.id = r.conference_id`;

const retractedIn = (t: RecordTables) => `EXISTS (SELECT 1 FROM ${t.retractions} x WHERE x.status_update_id = s.id)`;

export function reportQueries(sqlite: Database.Database) {
  const conferenceStmt = sqlite.prepare<[number], ConferenceRow>('SELECT * FROM conferences WHERE number = ?');
  const nextConferenceStmt = sqlite.prepare<[number], ConferenceRow>('SELECT * FROM conferences WHERE number > ? ORDER BY number LIMIT 1');
  const roundStmt = sqlite.prepare<[number], { id: number; deadline: string }>(
    'SELECT id, deadline FROM rounds WHERE conference_id = ? ORDER BY id DESC LIMIT 1',
  );
  const roundMissingStmt = sqlite.prepare<[number], { demand_id: number; group_code: string | null; lead: number }>(
    `SELECT i.demand_id, a.group_code, coalesce(a.lead, 0) AS lead FROM round_items i
     LEFT JOIN round_assignments a ON a.round_id = i.round_id AND a.demand_id = i.demand_id
     WHERE i.round_id = ? AND NOT EXISTS (SELECT 1 FROM round_drafts x WHERE x.round_id = i.round_id AND x.demand_id = i.demand_id
       AND x.state = 'released' AND (a.group_code IS NULL OR x.group_code = a.group_code))
     ORDER BY i.demand_id, a.lead DESC, a.group_code`,
  );
  // Open at the Stichtag: raised on or before it, and not decided by its end. Decided later, it
  // still shows in a report with that Stichtag, so the same Stichtag gives the same list.
  const objectionsStmt = sqlite.prepare<[string, string, string], ObjectionRow>(
    `SELECT o.id, o.round_id, o.status_update_id, s.as_of AS update_as_of, s.demand_id, o.land, o.reason, o.created
     FROM objections o JOIN status_updates s ON s.id = o.status_update_id
     WHERE s.demand_id IN (SELECT value FROM json_each(?)) AND substr(o.created, 1, 10) <= ?
       AND (o.decided IS NULL OR substr(o.decided, 1, 10) > ?)
     ORDER BY o.created, o.id`,
  );
  const bodyNamesStmt = sqlite.prepare<[], { code: string; name: string }>('SELECT code, name FROM bodies');
  // Id lists are passed as one JSON array: the report's lists can be long, the SQL stays one statement.
  const IDS = 'SELECT value FROM json_each(?)';
  const q = perView((t) => ({
    notes: sqlite.prepare<[number], NoteRow>(
      `SELECT n.resolution_id, n.kind, n.lands, n.ziffer, n.text FROM ${t.protocolNotes} n
       JOIN ${t.resolutions} r ON r.id = n.resolution_id WHERE r.conference_id = ? ORDER BY n.resolution_id, n.position`,
    ),
    presentingTop: sqlite.prepare<[number], { top: string }>(
      `SELECT top FROM ${t.resolutions} WHERE conference_id = ? AND title LIKE '%Erfolgskontrolle%' ORDER BY top_sort LIMIT 1`,
    ),
    lastReported: sqlite.prepare<[string], { group_code: string; as_of: string }>(
      `SELECT x.group_code, max(s.as_of) AS as_of FROM round_drafts x JOIN ${t.statusUpdates} s ON s.id = x.status_update_id
       WHERE x.state = 'released' AND s.as_of <= ? GROUP BY x.group_code`,
    ),
    resolutions: sqlite.prepare<[number], ResolutionRow>(
      `SELECT r.id, r.top, r.title, r.agenda_heading, r.green_list, r.proposers, r.all_laender, r.coordinating_land, r.adoption,
              r.budget_reservation, r.visibility
       FROM ${t.resolutions} r WHERE r.conference_id = ? ORDER BY r.top_sort`,
    ),
    // Votes are in the internal minutes only: the public view of them is empty.
    votes: sqlite.prepare<[number], VoteRow>(
      `SELECT v.resolution_id, v.land, v.vote FROM ${t.resolutionVotes} v
       WHERE v.resolution_id IN (SELECT r.id FROM ${t.resolutions} r WHERE r.conference_id = ?)`,
    ),
    demandsOfConference: sqlite.prepare<[number], DemandRow>(
      `SELECT ${demandColumns(t)} WHERE r.conference_id = ? ORDER BY r.top_sort, d.position`,
    ),
    demandsByIds: sqlite.prepare<[string], DemandRow>(
      `SELECT ${demandColumns(t)} WHERE d.id IN (${IDS}) ORDER BY c.number, r.top_sort, d.position`,
    ),
    // Demands of the conferences before this one: those still open are followed in its annex too.
    earlierDemandIds: sqlite
      .prepare<[number], number>(
        `SELECT d.id FROM ${t.demands} d JOIN ${t.resolutions} r ON r.id = d.resolution_id JOIN conferences c ON c.id = r.conference_id
         WHERE c.number < ?`,
      )
      .pluck(),
    threadsOfDemands: sqlite
      .prepare<[string], number>(`SELECT DISTINCT thread_id FROM ${t.threadMembers} WHERE demand_id IN (${IDS})`)
      .pluck(),
    members: sqlite.prepare<[string], MemberRow>(
      `SELECT thread_id, demand_id, position, relation FROM ${t.threadMembers} WHERE thread_id IN (${IDS}) ORDER BY thread_id, position`,
    ),
    threads: sqlite.prepare<[string], ThreadRow>(
      `SELECT id, title, origin_text,
              (SELECT json_group_array(json_object('year', year, 'text', text, 'citation', citation))
                 FROM (SELECT year, text, citation FROM ${t.threadMentions} m WHERE m.thread_id = th.id ORDER BY year, position)) AS mentions
       FROM ${t.threads} th WHERE id IN (${IDS}) ORDER BY id`,
    ),
    reportedInCycle: sqlite
      .prepare<[string, string], number>(
        `SELECT DISTINCT s.demand_id FROM ${t.statusUpdates} s WHERE s.as_of > ? AND s.as_of <= ? AND NOT ${retractedIn(t)}`,
      )
      .pluck(),
    updates: sqlite.prepare<[string, string], Omit<UpdateRow, 'retracted'> & { retracted: 0 | 1 }>(
      `SELECT s.id, s.demand_id, s.status, s.as_of AS asOf, s.created, s.narrative, s.reporter, s.addressee, s.visibility, ${retractedIn(t)} AS retracted
       FROM ${t.statusUpdates} s WHERE s.demand_id IN (${IDS}) AND s.as_of <= ?`,
    ),
    evidence: sqlite.prepare<[string], EvidenceRow>(
      `SELECT status_update_id, kind, citation, date, url FROM ${t.evidence}
       WHERE status_update_id IN (${IDS}) ORDER BY status_update_id, position`,
    ),
    addressees: sqlite.prepare<[string], AddresseeRow>(
      `SELECT a.demand_id, b.code, b.name FROM ${t.demandAddressees} a JOIN bodies b ON b.code = a.body_code
       WHERE a.demand_id IN (${IDS}) ORDER BY a.demand_id, a.position`,
    ),
  }));

  return {
    conference: (number: number) => conferenceStmt.get(number),
    /** The conference after `number` in the record (the one its annex is presented to). */
    nextConference: (number: number) => nextConferenceStmt.get(number),

    /** All rows of the report of `conference` in `view`, with updates dated up to `asOf` and the cycle from `since`. */
    read(conference: ConferenceRow, view: View, window: { asOf: string; since: string }): ReportRows {
      const s = q[view];
      const ownDemands = s.demandsOfConference.all(conference.id);
      const ownIds = ownDemands.map((d) => d.id);
      const touched = JSON.stringify(s.threadsOfDemands.all(JSON.stringify(ownIds)));
      const members = s.members.all(touched);
      const reportedInCycle = s.reportedInCycle.all(window.since, window.asOf);
      const own = new Set(ownIds);
      const earlier = s.earlierDemandIds.all(conference.number);
      const otherIds = [...new Set([...members.map((m) => m.demand_id), ...reportedInCycle, ...earlier])].filter((id) => !own.has(id));
      const otherDemands = s.demandsByIds.all(JSON.stringify(otherIds));
      const allIds = JSON.stringify([...ownIds, ...otherDemands.map((d) => d.id)]);
      const updates = s.updates.all(allIds, window.asOf).map((u) => ({ ...u, retracted: u.retracted === 1 }));
      return {
        conference,
        ...((next) => ({ next, presentingTop: next ? (s.presentingTop.get(next.id)?.top ?? null) : null }))(
          nextConferenceStmt.get(conference.number),
        ),
        bodyNames: bodyNamesStmt.all(),
        resolutions: s.resolutions.all(conference.id),
        notes: s.notes.all(conference.id),
        votes: s.votes.all(conference.id),
        ownDemands,
        otherDemands,
        addressees: s.addressees.all(allIds),
        updates,
        evidence: s.evidence.all(JSON.stringify(updates.filter((u) => !u.retracted).map((u) => u.id))),
        reportedInCycle,
        threads: s.threads.all(touched),
        members,
        ...((round) => ({
          roundMissing: round ? roundMissingStmt.all(round.id) : null,
          replyDeadline: round?.deadline ?? null,
          lastReported: round ? s.lastReported.all(window.asOf) : [],
        }))(roundStmt.get(conference.id)),
        objections: view === 'internal' ? objectionsStmt.all(allIds, window.asOf, window.asOf) : [],
      };
    },
  };
}
export type ReportQueries = ReturnType<typeof reportQueries>;
