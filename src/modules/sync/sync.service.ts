// Reads the `changes` table the triggers of migration 0008 write. The public sees only rows marked
// public: changes of what the public sees and deletions of what it could see.
import type { Ctx } from '../../context.js';
import type { View } from '../../visibility/index.js';
import type { SyncKind } from './sync.schemas.js';

interface ChangeRow {
  seq: number;
  entity: SyncKind;
  entity_id: number;
  at: string;
  deleted: number;
}

const PATHS: Record<SyncKind, string> = {
  conference: '/api/v1/conferences/',
  resolution: '/api/v1/resolutions/',
  demand: '/api/v1/demands/',
  status_update: '/api/v1/status-updates/',
  thread: '/api/v1/threads/',
};

export function createSyncService(ctx: Ctx) {
  const { sqlite } = ctx;
  const scope = (view: View) => (view === 'public' ? 'AND public = 1' : '');

  return {
    /** Changes after `after`, in seq order; one more than `limit` is read to tell whether more wait. */
    changes(q: { after: number; limit: number; kind?: SyncKind | undefined }, view: View, origin: string) {
      const rows = sqlite
        .prepare(
          `SELECT seq, entity, entity_id, at, deleted FROM changes
           WHERE seq > @after ${q.kind ? 'AND entity = @kind' : ''} ${scope(view)} ORDER BY seq LIMIT @limit`,
        )
        .all({ after: q.after, limit: q.limit + 1, ...(q.kind ? { kind: q.kind } : {}) }) as ChangeRow[];
      const more = rows.length > q.limit;
      const items = rows.slice(0, q.limit).map((r) => ({
        seq: r.seq,
        kind: r.entity,
        id: r.entity_id,
        change: r.deleted ? ('deleted' as const) : ('changed' as const),
        at: r.at,
        href: `${origin}${PATHS[r.entity]}${r.entity_id}`,
      }));
      return { items, more, last: items.at(-1)?.seq ?? q.after };
    },

    tombstones(q: { limit: number; offset: number; modified_since?: string | undefined; kind?: SyncKind | undefined }, view: View) {
      const where = [`deleted = 1 ${scope(view)}`];
      const params: Record<string, unknown> = {};
      if (q.modified_since) {
        where.push('at >= @since');
        params.since = new Date(q.modified_since).toISOString();
      }
      if (q.kind) {
        where.push('entity = @kind');
        params.kind = q.kind;
      }
      const clause = where.join(' AND ');
      const total = (sqlite.prepare(`SELECT count(*) AS n FROM changes WHERE ${clause}`).get(params) as { n: number }).n;
      const rows = sqlite
        .prepare(`SELECT seq, entity, entity_id, at FROM changes WHERE ${clause} ORDER BY seq LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit: q.limit, offset: q.offset }) as ChangeRow[];
      return { items: rows.map((r) => ({ kind: r.entity, id: r.entity_id, deleted: r.at, seq: r.seq })), total };
    },
  };
}
export type SyncService = ReturnType<typeof createSyncService>;
