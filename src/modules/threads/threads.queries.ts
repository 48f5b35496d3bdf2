// The reads of threads, in SQL through `TABLES[view]` (docs/decisions/0013). Threads have no
// visibility of their own: the public view shows a thread only through a visible member, and only
// its visible members, with their publicly derived status and positions counted among them
// (src/visibility/views.ts), so nothing derived from them betrays an internal member.
import type Database from 'better-sqlite3';
import type { Status, ThreadRelation } from '../../domain/vocab.js';
import { perView, type RecordTables, type View } from '../../visibility/index.js';

/** A thread's own columns as a view shows them (`modified` is the public one in the public view). */
export interface ThreadRow {
  id: number;
  title: string;
  description: string | null;
  originText: string | null;
  originCitation: string | null;
  created: string;
  modified: string;
}
export interface MentionRow {
  thread_id: number;
  year: number;
  conference: number | null;
  text: string;
  citation: string;
}
export interface MemberRow {
  thread_id: number;
  demand_id: number;
  position: number;
  relation: ThreadRelation;
  current_status: Status;
  current_status_as_of: string | null;
  current_status_update_id: number | null;
  c_number: number;
  c_year: number;
  c_start: string | null;
  c_end: string | null;
  top: string;
  summary: string;
}

const membersSql = (t: RecordTables) => `
  SELECT tm.thread_id, tm.demand_id, tm.position, tm.relation, d.current_status, d.current_status_as_of,
         d.current_status_update_id, c.number AS c_number, c.year AS c_year, c.start_date AS c_start, c.end_date AS c_end,
         r.top, d.summary
  FROM ${t.threadMembers} tm
  JOIN ${t.demands} d ON d.id = tm.demand_id
  JOIN ${t.resolutions} r ON r.id = d.resolution_id
  JOIN conferences c ON c.id = r.conference_id`;

export function threadQueries(sqlite: Database.Database) {
  const membersOfStmt = perView((t) => sqlite.prepare<[number], MemberRow>(`${membersSql(t)} WHERE tm.thread_id = ? ORDER BY tm.position`));
  const allMembersStmt = perView((t) => sqlite.prepare<[], MemberRow>(`${membersSql(t)} ORDER BY tm.thread_id, tm.position`));
  const threadColumns = 'id, title, description, origin_text AS originText, origin_citation AS originCitation, created, modified';
  const threadStmt = perView((t) => sqlite.prepare<[number], ThreadRow>(`SELECT ${threadColumns} FROM ${t.threads} WHERE id = ?`));
  const allThreadsStmt = perView((t) => sqlite.prepare<[], ThreadRow>(`SELECT ${threadColumns} FROM ${t.threads}`));
  const mentionColumns = 'thread_id, year, conference_number AS conference, text, citation';
  const mentionsOfStmt = perView((t) =>
    sqlite.prepare<[number], MentionRow>(`SELECT ${mentionColumns} FROM ${t.threadMentions} WHERE thread_id = ? ORDER BY year, position`),
  );
  const allMentionsStmt = perView((t) =>
    sqlite.prepare<[], MentionRow>(`SELECT ${mentionColumns} FROM ${t.threadMentions} ORDER BY thread_id, year, position`),
  );
  const membershipStmt = sqlite.prepare<[number, number], { thread_id: number }>(
    'SELECT thread_id FROM thread_members WHERE demand_id = ? AND thread_id = ?',
  );
  const demandExistsStmt = sqlite.prepare<[number], { id: number }>('SELECT id FROM demands WHERE id = ?');

  return {
    thread: (id: number, view: View) => threadStmt[view].get(id),
    threads: (view: View) => allThreadsStmt[view].all(),
    membersOf: (id: number, view: View) => membersOfStmt[view].all(id),
    members: (view: View) => allMembersStmt[view].all(),
    mentionsOf: (id: number, view: View) => mentionsOfStmt[view].all(id),
    mentions: (view: View) => allMentionsStmt[view].all(),
    // Look-ups of the write verbs (internal: curation sees everything).
    isMember: (demandId: number, threadId: number) => membershipStmt.get(demandId, threadId) !== undefined,
    demandExists: (demandId: number) => demandExistsStmt.get(demandId) !== undefined,
  };
}
