// The audit trail: every write of the record, of accounts and of import drafts appends one
// record in the write's own transaction – who, when, what, the representation before and after,
// and the request id. Records are chained: each hash covers the previous hash and the record's
// fields, so changing, removing or reordering any record breaks every hash after it.
import { createHash } from 'node:crypto';
import type { Ctx } from '../../context.js';
import { filter, isoOrUndefined } from '../../db/filter.js';
import { checkIfMatch } from '../../shared/etag.js';
import type { Actor } from '../auth/access.js';
import type { AuditAnchor, AuditEntryDto, AuditQuery, AuditVerification } from './audit.schemas.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Who caused a write: a signed-in user (HTTP) or a named system process (CLI, seed). */
export interface Origin {
  actor: Actor | null;
  requestId: string | null;
  /** The X-Request-Id the client sent, kept apart from the server's unique `requestId`. */
  clientRequestId?: string | null;
  /** Names the process when there is no actor, e.g. `cli:user` or `seed`. */
  system?: string;
}

export interface WriteMeta<R> {
  /** Namespaced verb, e.g. `demands.update`. */
  action: string;
  /** Entity type, e.g. `demand`. */
  entity: string;
  entityId?: string | number | null | ((result: R) => string | number | null);
  /** The current representation, read inside the transaction (for update and delete). */
  before?: () => unknown;
  /**
   * The `If-Match` header of the request, when the write needs one: compared with the ETag of
   * `before()` inside the same transaction, so no other write can slip in between.
   */
  ifMatch?: { header: string | undefined };
  /** What to record as the state after the write; defaults to the verb's result. */
  after?: (result: R) => unknown;
}

interface AuditRow {
  id: number;
  at: string;
  user_id: number | null;
  actor: string;
  request_id: string | null;
  client_request_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

/** Parses `<id>:<hash>` as printed by `npm run audit -- verify`; null if it is not one. */
export function parseAnchor(text: string): AuditAnchor | null {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  return m ? { id: Number(m[1]), hash: m[2] as string } : null;
}

export const formatAnchor = (a: AuditAnchor) => `${a.id}:${a.hash}`;

/** The record's hash: sha256 of the previous hash, a newline and the JSON array of its fields. */
export function chainHash(
  prevHash: string,
  r: Omit<AuditRow, 'id' | 'prev_hash' | 'hash' | 'client_request_id'> & { client_request_id?: string | null },
): string {
  const fields: unknown[] = [r.at, r.user_id, r.actor, r.request_id, r.action, r.entity, r.entity_id, r.before, r.after];
  // Appended only when present, so records written before the column existed keep their hashes.
  if (r.client_request_id != null) fields.push(r.client_request_id);
  return createHash('sha256').update(prevHash).update('\n').update(JSON.stringify(fields)).digest('hex');
}

function actorLabel(origin: Origin): string {
  if (origin.actor) return `${origin.actor.name} (#${origin.actor.userId}, ${origin.actor.role})`;
  return origin.system ?? 'system';
}

const toJson = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

export function createAuditService(ctx: Ctx) {
  const { sqlite, clock } = ctx;
  const lastHashStmt = sqlite.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const insertStmt = sqlite.prepare(
    `INSERT INTO audit_log (at, user_id, actor, request_id, client_request_id, action, entity, entity_id, before, after, prev_hash, hash)
     VALUES (@at, @user_id, @actor, @request_id, @client_request_id, @action, @entity, @entity_id, @before, @after, @prev_hash, @hash)`,
  );
  const countStmt = sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_log');

  function append(origin: Origin, meta: { action: string; entity: string; entityId: string | null; before: unknown; after: unknown }) {
    const fields = {
      at: clock.now().toISOString(),
      user_id: origin.actor?.userId ?? null,
      actor: actorLabel(origin),
      request_id: origin.requestId,
      client_request_id: origin.clientRequestId ?? null,
      action: meta.action,
      entity: meta.entity,
      entity_id: meta.entityId,
      before: toJson(meta.before),
      after: toJson(meta.after),
    };
    const prev = lastHashStmt.get()?.hash ?? GENESIS_HASH;
    insertStmt.run({ ...fields, prev_hash: prev, hash: chainHash(prev, fields) });
  }

  const toDto = (r: AuditRow): AuditEntryDto => ({
    id: r.id,
    at: r.at,
    userId: r.user_id,
    actor: r.actor,
    requestId: r.request_id,
    clientRequestId: r.client_request_id,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
    prevHash: r.prev_hash,
    hash: r.hash,
  });

  return {
    /**
     * Runs one write and appends its audit record in the same (immediate) transaction: if the
     * write fails, nothing is recorded; if recording fails, the write is rolled back.
     * `fn` must be synchronous (better-sqlite3 transactions never await).
     */
    write<R>(origin: Origin, meta: WriteMeta<R>, fn: () => R): R {
      const run = sqlite.transaction(() => {
        const before = meta.before ? meta.before() : null;
        if (meta.ifMatch) checkIfMatch(meta.ifMatch.header, before);
        const result = fn();
        const after = meta.after ? meta.after(result) : result;
        const id = typeof meta.entityId === 'function' ? meta.entityId(result) : meta.entityId;
        append(origin, {
          action: meta.action,
          entity: meta.entity,
          entityId: id === undefined || id === null ? null : String(id),
          before,
          after,
        });
        return result;
      });
      return sqlite.inTransaction ? run() : run.immediate();
    },

    count(): number {
      return countStmt.get()?.n ?? 0;
    },

    list(q: AuditQuery): { items: AuditEntryDto[]; total: number } {
      const f = filter()
        .given(q.user, 'user_id = ?')
        .given(q.entity, 'entity = ?')
        .given(q.entityId, 'entity_id = ?')
        .given(q.action, 'action = ?')
        .given(q.requestId, 'request_id = ?')
        .given(q.clientRequestId, 'client_request_id = ?')
        .given(isoOrUndefined(q.from), 'at >= ?')
        .given(isoOrUndefined(q.to), 'at <= ?');
      const total = (sqlite.prepare(`SELECT count(*) AS n FROM audit_log ${f.clause}`).get(...f.params) as { n: number }).n;
      const rows = sqlite
        .prepare(`SELECT * FROM audit_log ${f.clause} ORDER BY id DESC LIMIT ? OFFSET ?`)
        .all(...f.params, q.limit, q.offset) as AuditRow[];
      return { items: rows.map(toDto), total };
    },

    /**
     * Recomputes the whole chain; names the first record that does not fit. The chain alone cannot
     * tell that records were cut off at its end: an `anchor` (the head of an earlier verification,
     * kept outside the database) must still be in the chain with the same hash.
     */
    verify(anchor?: AuditAnchor): AuditVerification {
      let prev = GENESIS_HASH;
      let records = 0;
      let head: AuditAnchor | null = null;
      let anchorSeen = false;
      for (const r of sqlite.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditRow>) {
        records++;
        const broken = (reason: string) => ({ ok: false, records, brokenAt: r.id, reason, head });
        if (r.prev_hash !== prev) return broken('prev_hash does not name the record before it');
        if (chainHash(prev, r) !== r.hash) return broken('hash does not match the record');
        if (anchor && r.id === anchor.id) {
          if (r.hash !== anchor.hash) return broken('the anchor names another hash for this record');
          anchorSeen = true;
        }
        prev = r.hash;
        head = { id: r.id, hash: r.hash };
      }
      if (anchor && !anchorSeen) return { ok: false, records, brokenAt: anchor.id, reason: 'the anchor record is missing', head };
      return { ok: true, records, brokenAt: null, reason: null, head };
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
