// A thread's public `modified` covers its public membership. Thread writes compare the whole
// public thread (threads.service); writes of demands and resolutions change membership as the
// public sees it too (a member made internal or public, deleted, or hidden with its resolution),
// so they watch the threads involved with this helper.
import type Database from 'better-sqlite3';
import type { Clock } from '../../clock.js';
import { TABLES } from '../../db/views.js';

export function publicMembershipWatch(sqlite: Database.Database, clock: Clock) {
  const threadsOfDemand = sqlite.prepare<[number], number>('SELECT thread_id FROM thread_members WHERE demand_id = ?').pluck();
  const threadsOfResolution = sqlite
    .prepare<[number], number>(
      'SELECT DISTINCT m.thread_id FROM thread_members m JOIN demands d ON d.id = m.demand_id WHERE d.resolution_id = ?',
    )
    .pluck();
  const publicMembers = sqlite
    .prepare<[number], string | null>(
      `SELECT group_concat(demand_id) FROM (SELECT demand_id FROM ${TABLES.public.threadMembers} WHERE thread_id = ? ORDER BY position)`,
    )
    .pluck();
  const touch = sqlite.prepare<[string, number]>('UPDATE threads SET public_modified = ? WHERE id = ?');

  /** Notes the public members of the threads; the returned function moves `public_modified` of those that changed. */
  function watch(threadIds: number[]): () => void {
    const before = new Map(threadIds.map((t) => [t, publicMembers.get(t) ?? null]));
    return () => {
      const now = clock.now().toISOString();
      for (const [thread, members] of before) if ((publicMembers.get(thread) ?? null) !== members) touch.run(now, thread);
    };
  }

  return {
    /** Before a write of a demand, inside its transaction. */
    demand: (demandId: number) => watch(threadsOfDemand.all(demandId)),
    /** Before a write of a resolution (its demands' visibility follows it), inside its transaction. */
    resolution: (resolutionId: number) => watch(threadsOfResolution.all(resolutionId)),
  };
}
