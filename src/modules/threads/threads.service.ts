import { and, eq } from 'drizzle-orm';
import { isoToday } from '../../clock.js';
import type { Ctx } from '../../context.js';
import { deletions, threadMembers, threadMentions, threads } from '../../db/schema.js';
import { conferenceDate } from '../../domain/derive.js';
import { firstRaisedYear, isClosed, latestMember, statusOf, threadYearsOpen } from '../../domain/status.js';
import { STATUS_LABELS, THREAD_RELATION_LABELS, type ThreadRelation } from '../../domain/vocab.js';
import { conflict, unprocessable } from '../../shared/errors.js';
import { queryWords } from '../../shared/fts.js';
import { publicModifiedTracker, type View } from '../../visibility/index.js';
import type { DemandsService } from '../demands/demands.service.js';
import type { StatusService } from '../status/status.service.js';
import { threadMemberNotFound, threadNotFound } from './threads.errors.js';
import { type MemberRow, type MentionRow, type ThreadRow, threadQueries } from './threads.queries.js';
import type { ThreadCreate, ThreadDto, ThreadListQuery, ThreadPatch, ThreadSummaryDto } from './threads.schemas.js';

export function createThreadsService(ctx: Ctx, deps: { demands: DemandsService; status: StatusService }) {
  const { db, sqlite, clock } = ctx;
  const queries = threadQueries(sqlite);
  const membersOf = queries.membersOf;

  function derive(row: ThreadRow, members: MemberRow[], mentions: MentionRow[]): ThreadSummaryDto {
    const today = isoToday(clock);
    const latest = latestMember(members, (m) => ({
      raisedOn: conferenceDate({ startDate: m.c_start, endDate: m.c_end, year: m.c_year }),
      position: m.position,
    }));
    const status = statusOf(latest && { status: latest.current_status });
    const firstRaised = firstRaisedYear(
      mentions.map((m) => m.year),
      members.map((m) => m.c_year),
      Number(today.slice(0, 4)),
    );
    const closed = isClosed(status);
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      origin: row.originText ? { text: row.originText, citation: row.originCitation ?? '' } : null,
      mentions: mentions.map((m) => ({ year: m.year, conference: m.conference, text: m.text, citation: m.citation })),
      status: {
        key: status,
        label: STATUS_LABELS[status],
        asOf: latest?.current_status_as_of ?? null,
        updateId: latest?.current_status_update_id ?? null,
      },
      firstRaised,
      openSince: closed ? null : firstRaised,
      yearsOpen: threadYearsOpen(status, firstRaised, today),
      conferences: [...new Set(members.map((m) => m.c_number))].sort((a, b) => a - b),
      memberCount: members.length,
      created: row.created,
      modified: row.modified,
    };
  }

  /**
   * Threads have no visibility of their own and their title may describe internal members: the
   * public view shows a thread only through a visible member (src/visibility/views.ts), so one with
   * none is absent there exactly like a missing one (same 404, left out of lists and totals).
   */
  function rowById(id: number, view: View = 'internal'): ThreadRow {
    const row = queries.thread(id, view);
    if (!row) throw threadNotFound(id);
    return row;
  }

  const publicModified = publicModifiedTracker(sqlite, clock);

  /** Before a thread write: the returned function moves the public `modified` if what the public sees of the thread changed. */
  const watchPublic = (id: number) => publicModified.watch('thread', id, () => service.get(id, 'public'));

  /** Writes a thread's own fields (if any) and marks it changed; then `publicChange` (from watchPublic) settles the public `modified`. */
  function touch(id: number, publicChange: (at: string) => void, fields: Partial<typeof threads.$inferInsert> = {}): void {
    const now = clock.now().toISOString();
    db.update(threads)
      .set({ ...fields, modified: now })
      .where(eq(threads.id, id))
      .run();
    publicChange(now);
  }

  function writeMentions(threadId: number, mentions: ThreadCreate['mentions']): void {
    db.delete(threadMentions).where(eq(threadMentions.threadId, threadId)).run();
    mentions.forEach((m, position) => {
      db.insert(threadMentions)
        .values({ threadId, position, year: m.year, conferenceNumber: m.conference, text: m.text, citation: m.citation })
        .run();
    });
  }

  function assertJoinable(threadId: number | null, demandId: number, field: string): void {
    if (!queries.demandExists(demandId)) {
      throw unprocessable('threads.unknown_demand', `Die Forderung ${demandId} ist nicht erfasst.`, [
        { field, message: 'unbekannte Forderung' },
      ]);
    }
    // A demand may be in several threads (docs/decisions/0010), but only once in each.
    if (threadId !== null && queries.isMember(demandId, threadId)) {
      throw conflict('threads.demand_in_thread', `Die Forderung ${demandId} gehört bereits zum Strang ${threadId}.`);
    }
  }

  function renumber(threadId: number, demandIds: number[]): void {
    demandIds.forEach((demandId, position) => {
      db.update(threadMembers)
        .set({ position })
        .where(and(eq(threadMembers.threadId, threadId), eq(threadMembers.demandId, demandId)))
        .run();
    });
  }

  const service = {
    list(q: ThreadListQuery, view: View): { items: ThreadSummaryDto[]; total: number } {
      let rows = queries.threads(view);
      if (q.q) {
        const needles = queryWords(q.q).map((w) => w.toLocaleLowerCase('de'));
        rows = rows.filter((t) => {
          const hay = `${t.title} ${t.description ?? ''} ${t.originText ?? ''}`.toLocaleLowerCase('de');
          return needles.every((n) => hay.includes(n));
        });
      }
      const mentionsByThread = new Map<number, MentionRow[]>();
      for (const m of queries.mentions(view)) {
        const list = mentionsByThread.get(m.thread_id) ?? [];
        list.push(m);
        mentionsByThread.set(m.thread_id, list);
      }
      const byThread = new Map<number, MemberRow[]>();
      for (const m of queries.members(view)) {
        const list = byThread.get(m.thread_id) ?? [];
        list.push(m);
        byThread.set(m.thread_id, list);
      }
      // A thread the view does not show is not among the rows (public_threads: only through a visible member).
      let items = rows.map((t) => derive(t, byThread.get(t.id) ?? [], mentionsByThread.get(t.id) ?? []));
      if (q.conference !== undefined) items = items.filter((t) => t.conferences.includes(q.conference as number));
      if (q.status) items = items.filter((t) => t.status.key === q.status);
      if (q.open !== undefined) items = items.filter((t) => isClosed(t.status.key) !== q.open);
      if (q.modified_since) {
        const since = new Date(q.modified_since).toISOString();
        items = items.filter((t) => t.modified >= since);
      }
      const cmp: Record<ThreadListQuery['sort'], (a: ThreadSummaryDto, b: ThreadSummaryDto) => number> = {
        title: (a, b) => a.title.localeCompare(b.title, 'de') || a.id - b.id,
        firstRaised: (a, b) => a.firstRaised - b.firstRaised || a.id - b.id,
        '-yearsOpen': (a, b) => (b.yearsOpen ?? -1) - (a.yearsOpen ?? -1) || a.id - b.id,
        '-modified': (a, b) => b.modified.localeCompare(a.modified) || b.id - a.id,
      };
      items.sort(cmp[q.sort]);
      return { items: items.slice(q.offset, q.offset + q.limit), total: items.length };
    },

    get(id: number, view: View): ThreadDto {
      const row = rowById(id, view);
      const members = membersOf(id, view);
      const mentions = queries.mentionsOf(id, view);
      const summary = derive(row, members, mentions);
      const demandDtos = new Map(
        deps.demands
          .byIds(
            members.map((m) => m.demand_id),
            view,
          )
          .map((d) => [d.id, d]),
      );
      const timeline: ThreadDto['timeline'] = [];
      for (const m of mentions) {
        timeline.push({
          date: `${m.year}-01-01`,
          kind: 'mention',
          conference: m.conference,
          demandId: null,
          status: null,
          text: `${m.conference !== null ? `${m.conference}. IntMK ${m.year}` : m.year}: ${m.text} (${m.citation})`,
        });
      }
      for (const m of members) {
        timeline.push({
          date: conferenceDate({ startDate: m.c_start, endDate: m.c_end, year: m.c_year }),
          kind: 'raised',
          conference: m.c_number,
          demandId: m.demand_id,
          status: null,
          text: `${m.c_number}. IntMK ${m.c_year}, TOP ${m.top}: ${THREAD_RELATION_LABELS[m.relation]} – ${m.summary}`,
        });
        for (const u of deps.status.historyOf(m.demand_id, view)) {
          if (u.retracted) continue;
          timeline.push({
            date: u.asOf,
            kind: 'status',
            conference: m.c_number,
            demandId: m.demand_id,
            status: u.status,
            text: `${u.statusLabel}: ${u.narrative}`,
          });
        }
      }
      const kindOrder = { mention: 0, raised: 1, status: 2 };
      timeline.sort((a, b) => a.date.localeCompare(b.date) || kindOrder[a.kind] - kindOrder[b.kind]);
      return {
        ...summary,
        members: members.flatMap((m) => {
          const demand = demandDtos.get(m.demand_id);
          return demand ? [{ position: m.position, relation: m.relation, relationLabel: THREAD_RELATION_LABELS[m.relation], demand }] : [];
        }),
        timeline,
      };
    },

    create(input: ThreadCreate): ThreadDto {
      const ids = input.members.map((m) => m.demandId);
      const dup = ids.find((d, i) => ids.indexOf(d) !== i);
      if (dup !== undefined) {
        throw unprocessable('threads.duplicate_member', `Die Forderung ${dup} ist doppelt angegeben.`, [
          { field: 'body.members', message: 'doppelt' },
        ]);
      }
      const id = db.transaction(() => {
        for (const [i, m] of input.members.entries()) assertJoinable(null, m.demandId, `body.members.${i}.demandId`);
        const now = clock.now().toISOString();
        const row = db
          .insert(threads)
          .values({
            title: input.title,
            description: input.description,
            originText: input.origin?.text ?? null,
            originCitation: input.origin?.citation ?? null,
            created: now,
            modified: now,
            publicModified: now,
          })
          .returning({ id: threads.id })
          .get();
        input.members.forEach((m, position) => {
          db.insert(threadMembers).values({ threadId: row.id, demandId: m.demandId, relation: m.relation, position }).run();
        });
        writeMentions(row.id, input.mentions);
        return row.id;
      });
      return service.get(id, 'internal');
    },

    update(id: number, patch: ThreadPatch): ThreadDto {
      db.transaction(() => {
        rowById(id);
        const before = watchPublic(id);
        touch(id, before, {
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.origin !== undefined ? { originText: patch.origin?.text ?? null, originCitation: patch.origin?.citation ?? null } : {}),
        });
        if (patch.mentions !== undefined) {
          writeMentions(id, patch.mentions);
          touch(id, before);
        }
      });
      return service.get(id, 'internal');
    },

    remove(id: number, requestId: string): void {
      db.transaction(() => {
        const snapshot = service.get(id, 'internal');
        db.insert(deletions)
          .values({ entity: 'thread', entityId: String(id), snapshot, requestId, created: clock.now().toISOString() })
          .run();
        db.delete(threads).where(eq(threads.id, id)).run();
      });
    },

    addMember(id: number, input: { demandId: number; relation: ThreadRelation; position?: number | undefined }): ThreadDto {
      db.transaction(() => {
        rowById(id);
        const before = watchPublic(id);
        assertJoinable(id, input.demandId, 'body.demandId');
        const order = membersOf(id, 'internal').map((m) => m.demand_id);
        const at = Math.min(input.position ?? order.length, order.length);
        db.insert(threadMembers).values({ threadId: id, demandId: input.demandId, relation: input.relation, position: at }).run();
        order.splice(at, 0, input.demandId);
        renumber(id, order);
        touch(id, before);
      });
      return service.get(id, 'internal');
    },

    updateMember(id: number, demandId: number, relation: ThreadRelation): ThreadDto {
      db.transaction(() => {
        rowById(id);
        const before = watchPublic(id);
        const res = db
          .update(threadMembers)
          .set({ relation })
          .where(and(eq(threadMembers.threadId, id), eq(threadMembers.demandId, demandId)))
          .run();
        if (res.changes === 0) throw threadMemberNotFound(id, demandId);
        touch(id, before);
      });
      return service.get(id, 'internal');
    },

    removeMember(id: number, demandId: number): ThreadDto {
      db.transaction(() => {
        rowById(id);
        const before = watchPublic(id);
        const res = db
          .delete(threadMembers)
          .where(and(eq(threadMembers.threadId, id), eq(threadMembers.demandId, demandId)))
          .run();
        if (res.changes === 0) throw threadMemberNotFound(id, demandId);
        renumber(
          id,
          membersOf(id, 'internal').map((m) => m.demand_id),
        );
        touch(id, before);
      });
      return service.get(id, 'internal');
    },

    reorder(id: number, demandIds: number[]): ThreadDto {
      db.transaction(() => {
        rowById(id);
        const before = watchPublic(id);
        const current = membersOf(id, 'internal').map((m) => m.demand_id);
        const same =
          demandIds.length === current.length &&
          new Set(demandIds).size === demandIds.length &&
          demandIds.every((d) => current.includes(d));
        if (!same) {
          throw unprocessable(
            'threads.invalid_order',
            `Die neue Reihenfolge muss genau die Forderungen des Strangs enthalten: ${current.join(', ')}.`,
            [{ field: 'body.demandIds', message: 'keine Umordnung der Mitglieder' }],
          );
        }
        renumber(id, demandIds);
        touch(id, before);
      });
      return service.get(id, 'internal');
    },
  };
  return service;
}
export type ThreadsService = ReturnType<typeof createThreadsService>;
