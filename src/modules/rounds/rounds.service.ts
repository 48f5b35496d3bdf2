// The reporting round (Berichtsrunde): which demands are asked about, who answers for each, and
// how far the answers are. Drafts and their release are in drafts.service.ts, objections in
// objections.service.ts.
import { addDays, format } from 'date-fns';
import { isoToday } from '../../clock.js';
import type { Ctx } from '../../context.js';
import { placeholders, statementCache } from '../../db/statements.js';
import { DRAFT_STATES, type DraftState, ROUND_STATE_LABELS, type RoundState } from '../../domain/rounds.js';
import {
  CLOSED_STATUSES,
  DEMAND_KIND_LABELS,
  type DemandKind,
  LAENDER,
  STATUS_LABELS,
  type Status,
  VOID_ADOPTIONS,
} from '../../domain/vocab.js';
import { conflict, notFound, unprocessable } from '../../shared/errors.js';
import { roundGroupFilter, roundGroupsOf, seesRoundGroups, TABLES } from '../../visibility/index.js';
import type { Actor } from '../auth/access.js';
import type { VocabService } from '../vocab/vocab.service.js';
import type { ScopePreviewDto, ScopeQuery } from './cockpit.schemas.js';
import type { BulkAssign, ProgressDto, RoundCreate, RoundDto, RoundItemDto, RoundPatch } from './rounds.schemas.js';

/** Round data is internal only: every round route needs a token, so reads use the internal tables. */
const I = TABLES.internal;

interface RoundRow {
  id: number;
  conference_id: number;
  number: number;
  as_of: string;
  deadline: string;
  state: RoundState;
  exclude_not_yet_due: number;
  exclude_standing: number;
  objection_days: number;
  reminder_days: string;
  released: string | null;
  closed: string | null;
  created: string;
  modified: string;
  items: number;
}

interface ItemRow {
  id: number;
  conference: number;
  top: string;
  ziffer: string | null;
  summary: string;
  kind: string;
  topics: string;
  current_status: Status;
}

const CLOSED_SQL = CLOSED_STATUSES.map((s) => `'${s}'`).join(', ');
/** Resolutions whose demands nobody follows up. */
const VOID_ADOPTIONS_SQL = VOID_ADOPTIONS.map((a) => `'${a}'`).join(', ');

const selectRound = `
  SELECT r.*, c.number, (SELECT count(*) FROM round_items i WHERE i.round_id = r.id) AS items
  FROM rounds r JOIN conferences c ON c.id = r.conference_id`;

/** State order of a group's answer on one demand: the furthest of its drafts counts. */
const STATE_RANK: Record<DraftState, number> = { draft: 1, returned: 2, submitted: 3, accepted: 4, released: 5 };

export function createRoundsService(ctx: Ctx, deps: { vocab: VocabService }) {
  const { sqlite, clock } = ctx;
  const cached = statementCache(sqlite);
  const byIdStmt = sqlite.prepare<[number], RoundRow>(`${selectRound} WHERE r.id = ?`);
  const groupNames = new Map<string, string>(LAENDER.map((l) => [l.code, l.name]));
  const bodyNameStmt = sqlite.prepare<[string], { name: string }>('SELECT name FROM bodies WHERE code = ?');
  const nameOf = (code: string): string => groupNames.get(code) ?? bodyNameStmt.get(code)?.name ?? code;

  function toDto(r: RoundRow): RoundDto {
    return {
      id: r.id,
      conference: r.number,
      presentedTo: r.number + 1,
      asOf: r.as_of,
      deadline: r.deadline,
      state: r.state,
      stateLabel: ROUND_STATE_LABELS[r.state],
      excludeNotYetDue: r.exclude_not_yet_due === 1,
      excludeStanding: r.exclude_standing === 1,
      objectionDays: r.objection_days,
      objectionsUntil: r.released ? format(addDays(new Date(r.released), r.objection_days), 'yyyy-MM-dd') : null,
      reminderDays: JSON.parse(r.reminder_days) as number[],
      itemCount: r.items,
      released: r.released,
      closed: r.closed,
      created: r.created,
      modified: r.modified,
    };
  }

  /** The round as the actor may see it: an editor sees only rounds with an assignment of its own. */
  function row(id: number, actor: Actor | null): RoundRow {
    const r = byIdStmt.get(id);
    if (!r || (actor && !visibleTo(id, actor))) throw notFound('rounds.not_found', `Die Berichtsrunde ${id} ist nicht angelegt.`);
    return r;
  }

  function visibleTo(roundId: number, actor: Actor): boolean {
    const f = roundGroupFilter(actor, 'group_code');
    if (f.sql === '1') return true;
    if (f.sql === '0') return false;
    return cached(`SELECT 1 FROM round_assignments WHERE round_id = ? AND ${f.sql} LIMIT 1`).get(roundId, ...f.params) !== undefined;
  }

  function assertOpen(r: RoundRow): void {
    if (r.state !== 'open') throw conflict('rounds.closed', `Die Berichtsrunde ${r.id} ist abgeschlossen.`);
  }

  function checkDates(asOf: string, deadline: string): void {
    if (deadline < asOf) {
      throw unprocessable('rounds.deadline_before_as_of', `Die Rückmeldefrist (${deadline}) liegt vor dem Stichtag (${asOf}).`, [
        { field: 'body.deadline', message: 'vor dem Stichtag' },
      ]);
    }
  }

  /**
   * The demands a round asks about: the open demands of conference N and the open demands of
   * earlier conferences that a thread still follows; optionally without mandates not yet due at
   * the next conference and without standing self-commitments (no due date, no due conference).
   */
  function scopeOf(conferenceNumber: number, input: { excludeNotYetDue: boolean; excludeStanding: boolean; deadline: string }): number[] {
    const where = [
      `res.adoption NOT IN (${VOID_ADOPTIONS_SQL})`,
      `d.current_status NOT IN (${CLOSED_SQL})`,
      `(c.number = @n OR (c.number < @n AND EXISTS (SELECT 1 FROM ${I.threadMembers} m WHERE m.demand_id = d.id)))`,
    ];
    if (input.excludeNotYetDue) {
      where.push(`NOT (d.kind = 'auftrag' AND (coalesce(d.due_date > @deadline, 0) OR EXISTS (
        SELECT 1 FROM conferences dc WHERE dc.id = d.due_conference_id AND dc.number > @n + 1)))`);
    }
    if (input.excludeStanding) {
      where.push(`NOT (d.kind = 'selbstverpflichtung' AND d.due_date IS NULL AND d.due_conference_id IS NULL)`);
    }
    return (
      cached(`SELECT d.id FROM ${I.demands} d JOIN ${I.resolutions} res ON res.id = d.resolution_id JOIN conferences c ON c.id = res.conference_id
              WHERE ${where.join(' AND ')} ORDER BY c.number, res.top_sort, d.position, d.id`).all({
        n: conferenceNumber,
        deadline: input.deadline,
      }) as { id: number }[]
    ).map((r) => r.id);
  }

  /** Default assignment: the demand's responsible codes (the first leads), else the resolution's coordinating Land. */
  const defaultsStmt = sqlite.prepare<[number], { responsible: string; coordinating_land: string | null }>(
    `SELECT d.responsible, r.coordinating_land FROM ${I.demands} d JOIN ${I.resolutions} r ON r.id = d.resolution_id WHERE d.id = ?`,
  );
  const insertItem = sqlite.prepare('INSERT INTO round_items (round_id, demand_id) VALUES (?, ?)');
  const insertAssignment = sqlite.prepare(
    'INSERT OR IGNORE INTO round_assignments (round_id, demand_id, group_code, lead) VALUES (?, ?, ?, ?)',
  );
  const clearAssignments = sqlite.prepare('DELETE FROM round_assignments WHERE round_id = ? AND demand_id = ?');
  const clearLead = sqlite.prepare('UPDATE round_assignments SET lead = 0 WHERE round_id = ? AND demand_id = ?');
  const setLead = sqlite.prepare('UPDATE round_assignments SET lead = 1 WHERE round_id = ? AND demand_id = ? AND group_code = ?');
  const inScopeStmt = sqlite.prepare<[number, number], { x: number }>(
    'SELECT 1 AS x FROM round_items WHERE round_id = ? AND demand_id = ?',
  );
  const touch = sqlite.prepare('UPDATE rounds SET modified = ? WHERE id = ?');

  function items(roundId: number, actor: Actor, q: { group?: string; unassigned?: boolean } = {}): RoundItemDto[] {
    row(roundId, actor);
    const f = roundGroupFilter(actor, 'a.group_code');
    const where: string[] = ['i.round_id = ?'];
    const params: unknown[] = [roundId];
    if (f.sql !== '1') {
      where.push(`EXISTS (SELECT 1 FROM round_assignments a WHERE a.round_id = i.round_id AND a.demand_id = i.demand_id AND ${f.sql})`);
      params.push(...f.params);
    }
    if (q.group) {
      where.push(
        'EXISTS (SELECT 1 FROM round_assignments g WHERE g.round_id = i.round_id AND g.demand_id = i.demand_id AND g.group_code = ?)',
      );
      params.push(q.group);
    }
    if (q.unassigned !== undefined) {
      where.push(
        `${q.unassigned ? 'NOT ' : ''}EXISTS (SELECT 1 FROM round_assignments g WHERE g.round_id = i.round_id AND g.demand_id = i.demand_id)`,
      );
    }
    const rows = cached(
      `SELECT d.id, c.number AS conference, r.top, d.ziffer, d.summary, d.kind, d.topics, d.current_status
       FROM round_items i JOIN ${I.demands} d ON d.id = i.demand_id JOIN ${I.resolutions} r ON r.id = d.resolution_id
       JOIN conferences c ON c.id = r.conference_id
       WHERE ${where.join(' AND ')} ORDER BY c.number, r.top_sort, d.position, d.id`,
    ).all(...params) as ItemRow[];
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const addressees = groupBy(
      cached(
        `SELECT demand_id, body_code FROM ${I.demandAddressees} WHERE demand_id IN (${placeholders(ids.length)}) ORDER BY demand_id, position`,
      ).all(...ids) as { demand_id: number; body_code: string }[],
    );
    const assignments = groupBy(
      cached(
        `SELECT demand_id, group_code, lead FROM round_assignments WHERE round_id = ? AND demand_id IN (${placeholders(ids.length)})
         ORDER BY demand_id, lead DESC, group_code`,
      ).all(roundId, ...ids) as { demand_id: number; group_code: string; lead: number }[],
    );
    const df = roundGroupFilter(actor, 'group_code');
    const drafts = groupBy(
      cached(
        `SELECT id, demand_id, group_code, state, addressee FROM round_drafts WHERE round_id = ? AND demand_id IN (${placeholders(ids.length)})
         AND ${df.sql} ORDER BY demand_id, id`,
      ).all(roundId, ...ids, ...df.params) as { id: number; demand_id: number; group_code: string; state: DraftState; addressee: string }[],
    );
    const answered = answeredOf(ids);
    return rows.map((r) => ({
      demand: {
        id: r.id,
        conference: r.conference,
        top: r.top,
        ziffer: r.ziffer,
        summary: r.summary,
        kind: r.kind,
        addressees: (addressees.get(r.id) ?? []).map((a) => a.body_code),
        topics: JSON.parse(r.topics) as string[],
        status: r.current_status,
        statusLabel: STATUS_LABELS[r.current_status],
      },
      assignments: (assignments.get(r.id) ?? []).map((a) => ({ code: a.group_code, name: nameOf(a.group_code), lead: a.lead === 1 })),
      drafts: (drafts.get(r.id) ?? []).map((d) => ({ id: d.id, group: d.group_code, state: d.state, addressee: d.addressee || null })),
      answered: answered.get(r.id) ?? { rounds: 0, answered: 0, unansweredSince: 0 },
    }));
  }

  /**
   * Per demand, over the released rounds that asked about it (newest first): in how many a
   * Sachstand was released, and for how many of the latest in a row none was.
   */
  function answeredOf(ids: number[]): Map<number, { rounds: number; answered: number; unansweredSince: number }> {
    const out = new Map<number, { rounds: number; answered: number; unansweredSince: number }>();
    if (ids.length === 0) return out;
    const rows = cached(
      `SELECT i.demand_id, r.id AS round_id,
              EXISTS (SELECT 1 FROM round_drafts x WHERE x.round_id = r.id AND x.demand_id = i.demand_id AND x.state = 'released') AS answered
       FROM round_items i JOIN rounds r ON r.id = i.round_id
       WHERE r.released IS NOT NULL AND i.demand_id IN (${placeholders(ids.length)})
       ORDER BY i.demand_id, r.released DESC, r.id DESC`,
    ).all(...ids) as { demand_id: number; round_id: number; answered: number }[];
    for (const r of rows) {
      const e = out.get(r.demand_id) ?? { rounds: 0, answered: 0, unansweredSince: 0 };
      // Still counting the streak while every newer round went unanswered.
      if (r.answered === 0 && e.answered === 0) e.unansweredSince++;
      e.rounds++;
      if (r.answered === 1) e.answered++;
      out.set(r.demand_id, e);
    }
    return out;
  }

  function setAssignments(roundId: number, demandId: number, groups: { code: string; lead: boolean }[]): void {
    deps.vocab.assertActors(
      groups.map((g) => g.code),
      'body.groups',
    );
    if (groups.filter((g) => g.lead).length > 1) {
      throw unprocessable('rounds.several_leads', 'Federführend kann nur eine Stelle sein.', [
        { field: 'body.groups', message: 'mehr als eine federführend' },
      ]);
    }
    clearAssignments.run(roundId, demandId);
    for (const g of groups) insertAssignment.run(roundId, demandId, g.code, g.lead ? 1 : 0);
  }

  const service = {
    create(input: RoundCreate): RoundDto {
      checkDates(input.asOf, input.deadline);
      const id = sqlite.transaction(() => {
        const conf = sqlite.prepare('SELECT id FROM conferences WHERE number = ?').get(input.conference) as { id: number } | undefined;
        if (!conf) {
          throw unprocessable('rounds.unknown_conference', `Die ${input.conference}. IntMK ist nicht erfasst.`, [
            { field: 'body.conference', message: 'unbekannte Konferenz' },
          ]);
        }
        const open = sqlite.prepare("SELECT id FROM rounds WHERE conference_id = ? AND state = 'open'").get(conf.id) as
          | { id: number }
          | undefined;
        if (open) {
          throw conflict(
            'rounds.already_open',
            `Für die ${input.conference}. IntMK läuft bereits die Berichtsrunde ${open.id}; je Konferenz ist nur eine offene Runde möglich.`,
          );
        }
        const now = clock.now().toISOString();
        const r = sqlite
          .prepare(
            `INSERT INTO rounds (conference_id, as_of, deadline, state, exclude_not_yet_due, exclude_standing, objection_days, reminder_days, created, modified)
             VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?) RETURNING id`,
          )
          .get(
            conf.id,
            input.asOf,
            input.deadline,
            input.excludeNotYetDue ? 1 : 0,
            input.excludeStanding ? 1 : 0,
            input.objectionDays,
            JSON.stringify([...new Set(input.reminderDays)].sort((a, b) => b - a)),
            now,
            now,
          ) as { id: number };
        for (const demandId of scopeOf(input.conference, input)) {
          insertItem.run(r.id, demandId);
          const d = defaultsStmt.get(demandId);
          const responsible = d ? (JSON.parse(d.responsible) as string[]) : [];
          const defaults = responsible.length > 0 ? responsible : d?.coordinating_land ? [d.coordinating_land] : [];
          defaults.forEach((code, i) => {
            insertAssignment.run(r.id, demandId, code, i === 0 ? 1 : 0);
          });
        }
        return r.id;
      })();
      return service.get(id, null);
    },

    /**
     * The demands a round opened with these settings would ask about, before it is opened (the
     * same rule as create), so the office sees the scope it is about to open.
     */
    scopePreview(q: ScopeQuery): ScopePreviewDto {
      if (!sqlite.prepare('SELECT 1 FROM conferences WHERE number = ?').get(q.conference)) {
        throw notFound('rounds.unknown_conference', `Die ${q.conference}. IntMK ist nicht erfasst.`);
      }
      const ids = scopeOf(q.conference, q);
      const rows =
        ids.length === 0
          ? []
          : (cached(
              `SELECT d.id, c.number AS conference, r.top, d.ziffer, d.summary, d.kind, d.topics, d.current_status
               FROM ${I.demands} d JOIN ${I.resolutions} r ON r.id = d.resolution_id JOIN conferences c ON c.id = r.conference_id
               WHERE d.id IN (SELECT value FROM json_each(?)) ORDER BY c.number, r.top_sort, d.position, d.id`,
            ).all(JSON.stringify(ids)) as ItemRow[]);
      const addressees = groupBy(
        ids.length === 0
          ? []
          : (cached(
              `SELECT demand_id, body_code FROM ${I.demandAddressees} WHERE demand_id IN (SELECT value FROM json_each(?)) ORDER BY demand_id, position`,
            ).all(JSON.stringify(ids)) as { demand_id: number; body_code: string }[]),
      );
      const open = sqlite
        .prepare("SELECT r.id FROM rounds r JOIN conferences c ON c.id = r.conference_id WHERE c.number = ? AND r.state = 'open'")
        .get(q.conference) as { id: number } | undefined;
      return {
        conference: q.conference,
        count: rows.length,
        openRound: open?.id ?? null,
        demands: rows.map((r) => ({
          id: r.id,
          conference: r.conference,
          top: r.top,
          ziffer: r.ziffer,
          summary: r.summary,
          kind: r.kind as DemandKind,
          kindLabel: DEMAND_KIND_LABELS[r.kind as DemandKind],
          addressees: (addressees.get(r.id) ?? []).map((a) => a.body_code),
          status: r.current_status,
          statusLabel: STATUS_LABELS[r.current_status],
        })),
      };
    },

    /** `actor` null: no restriction (internal callers, audit `before`). */
    get(id: number, actor: Actor | null): RoundDto {
      return toDto(row(id, actor));
    },

    list(actor: Actor, q: { conference?: number; state?: RoundState }): RoundDto[] {
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.conference) {
        where.push('c.number = ?');
        params.push(q.conference);
      }
      if (q.state) {
        where.push('r.state = ?');
        params.push(q.state);
      }
      const f = roundGroupFilter(actor, 'a.group_code');
      if (f.sql !== '1') {
        where.push(`EXISTS (SELECT 1 FROM round_assignments a WHERE a.round_id = r.id AND ${f.sql})`);
        params.push(...f.params);
      }
      const rows = cached(`${selectRound} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id DESC`).all(
        ...params,
      ) as RoundRow[];
      return rows.map(toDto);
    },

    update(id: number, patch: RoundPatch): RoundDto {
      sqlite.transaction(() => {
        const r = row(id, null);
        assertOpen(r);
        const asOf = patch.asOf ?? r.as_of;
        const deadline = patch.deadline ?? r.deadline;
        checkDates(asOf, deadline);
        sqlite
          .prepare('UPDATE rounds SET as_of = ?, deadline = ?, objection_days = ?, reminder_days = ?, modified = ? WHERE id = ?')
          .run(
            asOf,
            deadline,
            patch.objectionDays ?? r.objection_days,
            patch.reminderDays ? JSON.stringify([...new Set(patch.reminderDays)].sort((a, b) => b - a)) : r.reminder_days,
            clock.now().toISOString(),
            id,
          );
      })();
      return service.get(id, null);
    },

    items,
    answeredOf,
    assertOpen: (id: number) => assertOpen(row(id, null)),
    row: (id: number) => row(id, null),
    nameOf,

    /** The assignments of one demand in the round (for the audit record and If-Match). */
    assignmentsOf(roundId: number, demandId: number): { code: string; name: string; lead: boolean }[] {
      row(roundId, null);
      if (!inScopeStmt.get(roundId, demandId)) {
        throw notFound('rounds.item_not_found', `Die Forderung ${demandId} gehört nicht zur Berichtsrunde ${roundId}.`);
      }
      return (
        sqlite
          .prepare('SELECT group_code, lead FROM round_assignments WHERE round_id = ? AND demand_id = ? ORDER BY lead DESC, group_code')
          .all(roundId, demandId) as { group_code: string; lead: number }[]
      ).map((a) => ({ code: a.group_code, name: nameOf(a.group_code), lead: a.lead === 1 }));
    },

    /** The assignments, or none when the demand is not (yet) in the round. */
    assignmentsOrNone(roundId: number, demandId: number) {
      row(roundId, null);
      return inScopeStmt.get(roundId, demandId) ? service.assignmentsOf(roundId, demandId) : [];
    },

    /** Sets the assignments; a demand outside the scope is taken into it (the chair widens the round). */
    putAssignments(roundId: number, demandId: number, groups: { code: string; lead: boolean }[]) {
      sqlite.transaction(() => {
        assertOpen(row(roundId, null));
        if (!inScopeStmt.get(roundId, demandId)) {
          if (!sqlite.prepare(`SELECT 1 FROM ${I.demands} WHERE id = ?`).get(demandId)) {
            throw notFound('demands.not_found', `Die Forderung ${demandId} ist nicht erfasst.`);
          }
          insertItem.run(roundId, demandId);
        }
        setAssignments(roundId, demandId, groups);
        touch.run(clock.now().toISOString(), roundId);
      })();
      return service.assignmentsOf(roundId, demandId);
    },

    /** The chair assigns in bulk: every demand in scope of a conference, under a TOP, to an addressee or on a topic. */
    bulkAssign(roundId: number, input: BulkAssign): { matched: number; demandIds: number[] } {
      if (input.conference === undefined && !input.top && !input.addressee && !input.topic) {
        throw unprocessable('rounds.bulk_without_filter', 'Bitte mindestens eines angeben: Konferenz, TOP, Adressat oder Thema.', [
          { field: 'body', message: 'kein Filter' },
        ]);
      }
      if (input.lead !== null && !input.groups.includes(input.lead)) {
        throw unprocessable('rounds.lead_not_assigned', `Die federführende Stelle ${input.lead} muss unter den zugewiesenen sein.`, [
          { field: 'body.lead', message: 'nicht unter groups' },
        ]);
      }
      deps.vocab.assertActors(input.groups, 'body.groups');
      return sqlite.transaction(() => {
        assertOpen(row(roundId, null));
        const where = ['i.round_id = @round'];
        const params: Record<string, unknown> = { round: roundId };
        if (input.conference !== undefined) {
          where.push('r.conference_id = (SELECT id FROM conferences WHERE number = @conference)');
          params.conference = input.conference;
        }
        if (input.top) {
          where.push('r.top = @top');
          params.top = input.top;
        }
        if (input.addressee) {
          where.push(`EXISTS (SELECT 1 FROM ${I.demandAddressees} a WHERE a.demand_id = d.id AND a.body_code = @addressee)`);
          params.addressee = input.addressee;
        }
        if (input.topic) {
          where.push('EXISTS (SELECT 1 FROM json_each(d.topics) t WHERE t.value = @topic)');
          params.topic = input.topic;
        }
        const ids = (
          cached(
            `SELECT d.id FROM round_items i JOIN ${I.demands} d ON d.id = i.demand_id JOIN ${I.resolutions} r ON r.id = d.resolution_id
             WHERE ${where.join(' AND ')} ORDER BY d.id`,
          ).all(params) as { id: number }[]
        ).map((r) => r.id);
        for (const id of ids) {
          if (input.mode === 'replace') clearAssignments.run(roundId, id);
          for (const g of input.groups) insertAssignment.run(roundId, id, g, 0);
          if (input.lead) {
            clearLead.run(roundId, id);
            setLead.run(roundId, id, input.lead);
          }
        }
        touch.run(clock.now().toISOString(), roundId);
        return { matched: ids.length, demandIds: ids };
      })();
    },

    /** Whether the group is assigned to the demand in the round. */
    isAssigned(roundId: number, demandId: number, group: string): boolean {
      return (
        sqlite
          .prepare('SELECT 1 FROM round_assignments WHERE round_id = ? AND demand_id = ? AND group_code = ?')
          .get(roundId, demandId, group) !== undefined
      );
    },

    /** The groups assigned to a demand in any open round (the editors who may write for it there); null: in no open round. */
    openRoundGroupsOf(demandId: number): string[] | null {
      const rows = sqlite
        .prepare(
          `SELECT a.group_code FROM round_items i JOIN rounds r ON r.id = i.round_id AND r.state = 'open'
           LEFT JOIN round_assignments a ON a.round_id = i.round_id AND a.demand_id = i.demand_id WHERE i.demand_id = ?`,
        )
        .all(demandId) as { group_code: string | null }[];
      if (rows.length === 0) return null;
      return rows.flatMap((r) => (r.group_code ? [r.group_code] : []));
    },

    /**
     * Progress per group: each assigned demand counts once per group, in the state of the
     * group's furthest draft on it; missing = assigned and not yet submitted.
     */
    progress(roundId: number, actor: Actor): ProgressDto {
      const r = row(roundId, actor);
      const today = isoToday(clock);
      const overdue = today > r.deadline && r.state === 'open';
      const rows = cached(
        `SELECT a.group_code AS code, a.demand_id AS demand,
                (SELECT max(CASE x.state WHEN 'draft' THEN 1 WHEN 'returned' THEN 2 WHEN 'submitted' THEN 3 WHEN 'accepted' THEN 4 WHEN 'released' THEN 5 END)
                 FROM round_drafts x WHERE x.round_id = a.round_id AND x.demand_id = a.demand_id AND x.group_code = a.group_code) AS rank
         FROM round_assignments a WHERE a.round_id = ?`,
      ).all(roundId) as { code: string; demand: number; rank: number | null }[];
      const stateOfRank = new Map(DRAFT_STATES.map((s) => [STATE_RANK[s], s]));
      const empty = () => ({
        assigned: 0,
        notStarted: 0,
        drafted: 0,
        submitted: 0,
        returned: 0,
        accepted: 0,
        released: 0,
        missing: 0,
        overdue: 0,
      });
      const groups = new Map<string, ReturnType<typeof empty>>();
      const own = roundGroupsOf(actor);
      for (const x of rows) {
        if (own !== 'all' && !own.includes(x.code)) continue;
        const g = groups.get(x.code) ?? empty();
        g.assigned++;
        const state = x.rank === null ? null : stateOfRank.get(x.rank);
        if (state === undefined || state === null) g.notStarted++;
        else g[state === 'draft' ? 'drafted' : state]++;
        if (x.rank === null || x.rank < STATE_RANK.submitted) {
          g.missing++;
          if (overdue) g.overdue++;
        }
        groups.set(x.code, g);
      }
      const totals = { items: 0, unassigned: 0, ...empty() };
      for (const g of groups.values()) for (const k of Object.keys(g) as (keyof typeof g)[]) totals[k] += g[k];
      if (own === 'all') {
        const counts = sqlite
          .prepare(
            `SELECT count(*) AS items, sum(NOT EXISTS (SELECT 1 FROM round_assignments a WHERE a.round_id = i.round_id AND a.demand_id = i.demand_id)) AS unassigned
             FROM round_items i WHERE i.round_id = ?`,
          )
          .get(roundId) as { items: number; unassigned: number | null };
        totals.items = counts.items;
        totals.unassigned = counts.unassigned ?? 0;
      } else {
        totals.items = new Set(rows.filter((x) => own.includes(x.code)).map((x) => x.demand)).size;
      }
      return {
        round: roundId,
        deadline: r.deadline,
        overdue,
        totals,
        groups: [...groups].map(([code, g]) => ({ code, name: nameOf(code), ...g })).sort((a, b) => a.name.localeCompare(b.name, 'de')),
      };
    },

    seesGroups: seesRoundGroups,
  };
  return service;
}
export type RoundsService = ReturnType<typeof createRoundsService>;

function groupBy<T extends { demand_id: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.demand_id) ?? [];
    list.push(r);
    m.set(r.demand_id, list);
  }
  return m;
}
