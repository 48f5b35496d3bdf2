// A record's public `modified` (and with it its public ETag and `modified_since`) moves only when
// what the public sees of it changed, so an internal note, update or member does not show through
// the timestamp. Every write verb goes through this helper: it is the only code that writes the
// `public_modified` columns after a record was created, and the only code that stamps a record
// of another module (a thread whose member a demand write changed).
import type Database from 'better-sqlite3';
import type { Clock } from '../clock.js';
import { DomainError } from '../shared/errors.js';
import { TABLES } from './views.js';

export type TrackedEntity = 'resolution' | 'demand' | 'thread';
const TABLE: Record<TrackedEntity, string> = { resolution: 'resolutions', demand: 'demands', thread: 'threads' };

/**
 * What the public sees of a record, without its own `modified`: compared before and after a write.
 * Null when the public cannot see the record (the read throws a 404).
 */
function publicShape(read: () => { modified: string }): string | null {
  try {
    const { modified: _own, ...rest } = read();
    return JSON.stringify(rest);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return null;
    throw error;
  }
}

export function publicModifiedTracker(sqlite: Database.Database, clock: Clock) {
  const setPublic = Object.fromEntries(
    Object.entries(TABLE).map(([entity, table]) => [
      entity,
      sqlite.prepare<[string, number]>(`UPDATE ${table} SET public_modified = ? WHERE id = ?`),
    ]),
  ) as Record<TrackedEntity, Database.Statement<[string, number]>>;
  const setOwnThread = sqlite.prepare<[string, number]>('UPDATE threads SET modified = ? WHERE id = ?');
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

  const now = () => clock.now().toISOString();

  /** Before a write of demands, notes their threads' public members; the returned function moves the threads whose public members changed. */
  function watchThreads(threadIds: number[], options: { listed: boolean }): () => void {
    const before = new Map(threadIds.map((t) => [t, publicMembers.get(t) ?? null]));
    return () => {
      const at = now();
      for (const [thread, members] of before) {
        // The thread lists its members: a member deleted or changed is a change of the thread too.
        if (options.listed) setOwnThread.run(at, thread);
        if ((publicMembers.get(thread) ?? null) !== members) setPublic.thread.run(at, thread);
      }
    };
  }

  return {
    /** The write changed what the public sees of the record (a curation of a public field, a public update). */
    moved(entity: TrackedEntity, id: number, at: string = now()): void {
      setPublic[entity].run(at, id);
    },

    /**
     * Before a write, notes what the public sees of the record through `read` (its public
     * representation); the returned function, called after the write in the same transaction,
     * moves the public `modified` (to `at`, the write's own timestamp) only if that changed.
     */
    watch(entity: TrackedEntity, id: number, read: () => { modified: string }): (at?: string) => void {
      const before = publicShape(read);
      return (at = now()) => {
        if (publicShape(read) !== before) setPublic[entity].run(at, id);
      };
    },

    /** Before a write of a demand: its thread's public membership (and, `listed`, the thread's own `modified`). */
    watchThreadsOfDemand(demandId: number, options: { listed: boolean } = { listed: false }): () => void {
      return watchThreads(threadsOfDemand.all(demandId), options);
    },

    /** Before a write of a resolution (its demands' visibility follows it): the threads of its demands. */
    watchThreadsOfResolution(resolutionId: number): () => void {
      return watchThreads(threadsOfResolution.all(resolutionId), { listed: false });
    },
  };
}
export type PublicModifiedTracker = ReturnType<typeof publicModifiedTracker>;
