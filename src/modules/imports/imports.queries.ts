// The reads of the import, in SQL (docs/decisions/0013). Link candidates and link targets are what
// the public may see (`TABLES.public`): an accepted suggestion copies the target's summary into a
// new thread title, and a thread title is shown to anonymous callers. The checks before a commit
// read the tables: an internal resolution counts as present too.
import type Database from 'better-sqlite3';
import { publicLookup, TABLES } from '../../visibility/index.js';
import type { LinkCorpus } from './imports.links.js';

/** The link candidates; `conference` (the one being imported) is left out, null: none is. */
export function loadLinkCorpus(sqlite: Database.Database, conference: number | null): LinkCorpus {
  const pub = TABLES.public;
  const demands = sqlite
    .prepare(
      `SELECT d.id, c.number AS conference, r.top, r.title, d.ziffer, d.wording, d.summary,
              (SELECT group_concat(body_code) FROM ${pub.demandAddressees} a WHERE a.demand_id = d.id) AS addressees,
              tm.thread_id, t.title AS thread_title
         FROM ${pub.demands} d
         JOIN ${pub.resolutions} r ON r.id = d.resolution_id
         JOIN conferences c ON c.id = r.conference_id
         LEFT JOIN ${pub.threadMembers} tm ON tm.demand_id = d.id
         LEFT JOIN threads t ON t.id = tm.thread_id
        WHERE c.number <> ?`,
    )
    .all(conference ?? -1) as LinkCorpus['demands'];
  const threads = sqlite.prepare(`SELECT id, title, description FROM ${pub.threads}`).all() as LinkCorpus['threads'];
  return { demands, threads };
}

export function importQueries(sqlite: Database.Database) {
  const seenByPublic = publicLookup(sqlite);
  const conferenceStmt = sqlite.prepare<[number], { id: number; n: number }>(
    'SELECT c.id, (SELECT count(*) FROM resolutions r WHERE r.conference_id = c.id) AS n FROM conferences c WHERE c.number = ?',
  );
  const conferenceNumbersStmt = sqlite.prepare<[], number>('SELECT number FROM conferences').pluck();

  return {
    /** Whether the public sees the link target (imports only ever link to public content). */
    isPublicTarget: (type: 'demand' | 'thread', id: number) => seenByPublic[type](id),
    /** The conference with this number and its count of resolutions (internal ones too). */
    conference: (number: number) => conferenceStmt.get(number),
    conferenceNumbers: () => new Set(conferenceNumbersStmt.all()),
  };
}
