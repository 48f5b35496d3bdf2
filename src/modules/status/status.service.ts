import { eq } from 'drizzle-orm';
import { isoToday } from '../../clock.js';
import type { Ctx } from '../../context.js';
import { demands, evidence, retractions, statusUpdates } from '../../db/schema.js';
import { namedList, placeholders, statementCache } from '../../db/statements.js';
import { EVIDENCE_KIND_LABELS, type EvidenceKind, LAENDER, STATUS_LABELS, type Status, type Visibility } from '../../domain/vocab.js';
import { conflict, notFound, unprocessable } from '../../shared/errors.js';
import type { VocabService } from '../vocab/vocab.service.js';
import type { StatusUpdateCreate, StatusUpdateDto, StatusUpdateListQuery } from './status.schemas.js';

interface UpdateRow {
  id: number;
  demand_id: number;
  status: Status;
  as_of: string;
  narrative: string;
  reporter: string;
  corrects_id: number | null;
  visibility: Visibility;
  created: string;
  r_id: number | null;
  r_reason: string | null;
  r_reporter: string | null;
  r_replacement_id: number | null;
  r_created: string | null;
  reporter_name: string | null;
}

interface EvidenceRow {
  status_update_id: number;
  kind: EvidenceKind;
  citation: string;
  date: string | null;
  url: string | null;
  visibility: Visibility;
}

const SELECT = `
  SELECT s.*, x.id AS r_id, x.reason AS r_reason, x.reporter AS r_reporter, x.replacement_id AS r_replacement_id,
         x.created AS r_created, b.name AS reporter_name
  FROM status_updates s
  LEFT JOIN retractions x ON x.status_update_id = s.id
  LEFT JOIN bodies b ON b.code = s.reporter`;

const landNames = new Map<string, string>(LAENDER.map((l) => [l.code, l.name]));

export function createStatusService(ctx: Ctx, deps: { vocab: VocabService }) {
  const { db, sqlite, clock } = ctx;
  const historyStmt = sqlite.prepare<[number], UpdateRow>(
    `${SELECT} WHERE s.demand_id = ? ORDER BY s.as_of DESC, s.created DESC, s.id DESC`,
  );
  const byIdStmt = sqlite.prepare<[number], UpdateRow>(`${SELECT} WHERE s.id = ?`);
  const cached = statementCache(sqlite);
  const demandExists = sqlite.prepare<[number], { id: number }>('SELECT id FROM demands WHERE id = ?');
  // A back-dated update never overrides a later one: latest as-of date wins, then the latest
  // created, then the highest id; retracted updates do not count.
  const currentStmt = sqlite.prepare<[number], { id: number; status: Status; as_of: string }>(
    `SELECT s.id, s.status, s.as_of FROM status_updates s
     WHERE s.demand_id = ? AND NOT EXISTS (SELECT 1 FROM retractions x WHERE x.status_update_id = s.id)
     ORDER BY s.as_of DESC, s.created DESC, s.id DESC LIMIT 1`,
  );
  const publicCurrentStmt = sqlite.prepare<[number], { id: number; status: Status; as_of: string }>(
    `SELECT s.id, s.status, s.as_of FROM status_updates s
     WHERE s.demand_id = ? AND s.visibility = 'public' AND NOT EXISTS (SELECT 1 FROM retractions x WHERE x.status_update_id = s.id)
     ORDER BY s.as_of DESC, s.created DESC, s.id DESC LIMIT 1`,
  );
  const publicStateStmt = sqlite.prepare<[number], { public_status_update_id: number | null }>(
    'SELECT public_status_update_id FROM demands WHERE id = ?',
  );

  function toDtos(rows: UpdateRow[]): StatusUpdateDto[] {
    if (rows.length === 0) return [];
    const ev = new Map<number, StatusUpdateDto['evidence']>();
    const ids = rows.map((r) => r.id);
    const found = cached(
      `SELECT * FROM evidence WHERE status_update_id IN (${placeholders(ids.length)}) ORDER BY status_update_id, position`,
    ).all(...ids) as EvidenceRow[];
    for (const e of found) {
      const list = ev.get(e.status_update_id) ?? [];
      list.push({
        kind: e.kind,
        kindLabel: EVIDENCE_KIND_LABELS[e.kind],
        citation: e.citation,
        date: e.date,
        url: e.url,
        visibility: e.visibility,
      });
      ev.set(e.status_update_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      demandId: r.demand_id,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status],
      asOf: r.as_of,
      narrative: r.narrative,
      reporter: r.reporter,
      reporterName: landNames.get(r.reporter) ?? r.reporter_name ?? r.reporter,
      evidence: ev.get(r.id) ?? [],
      correctsId: r.corrects_id,
      retracted: r.r_id !== null,
      retraction:
        r.r_id !== null
          ? {
              id: r.r_id,
              reason: r.r_reason ?? '',
              reporter: r.r_reporter ?? '',
              replacementId: r.r_replacement_id,
              created: r.r_created ?? '',
            }
          : null,
      visibility: r.visibility,
      created: r.created,
      modified: r.r_created ?? r.created,
    }));
  }

  function getRow(id: number): UpdateRow {
    const row = byIdStmt.get(id);
    if (!row) throw notFound('status_updates.not_found', `Der Sachstand ${id} ist nicht erfasst.`);
    return row;
  }

  /** Recomputes the cached current status of a demand; called inside every status write. */
  function refresh(demandId: number): void {
    const current = currentStmt.get(demandId);
    const publicCurrent = publicCurrentStmt.get(demandId);
    const now = clock.now().toISOString();
    // The public `modified` moves only when what the public sees moved, so an internal update
    // does not show through the timestamp either.
    const publicChanged = (publicStateStmt.get(demandId)?.public_status_update_id ?? null) !== (publicCurrent?.id ?? null);
    db.update(demands)
      .set({
        currentStatus: current?.status ?? 'open',
        currentStatusAsOf: current?.as_of ?? null,
        currentStatusUpdateId: current?.id ?? null,
        publicStatus: publicCurrent?.status ?? 'open',
        publicStatusAsOf: publicCurrent?.as_of ?? null,
        publicStatusUpdateId: publicCurrent?.id ?? null,
        modified: now,
        ...(publicChanged ? { publicModified: now } : {}),
      })
      .where(eq(demands.id, demandId))
      .run();
  }

  function retract(updateId: number, reason: string, reporter: string, replacementId: number | null): void {
    db.insert(retractions).values({ statusUpdateId: updateId, reason, reporter, replacementId, created: clock.now().toISOString() }).run();
  }

  const service = {
    refresh,

    historyOf(demandId: number): StatusUpdateDto[] {
      return toDtos(historyStmt.all(demandId));
    },

    listForDemand(demandId: number): StatusUpdateDto[] {
      if (!demandExists.get(demandId)) throw notFound('demands.not_found', `Die Forderung ${demandId} ist nicht erfasst.`);
      return service.historyOf(demandId);
    },

    get(id: number): StatusUpdateDto {
      return toDtos([getRow(id)])[0] as StatusUpdateDto;
    },

    list(q: StatusUpdateListQuery): { items: StatusUpdateDto[]; total: number } {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (q.since) {
        where.push('s.as_of >= @since');
        params.since = q.since;
      }
      if (q.until) {
        where.push('s.as_of <= @until');
        params.until = q.until;
      }
      if (q.status?.length) {
        where.push(`s.status IN (${namedList(params, 'status', q.status)})`);
      }
      if (q.reporter) {
        where.push('s.reporter = @reporter');
        params.reporter = q.reporter;
      }
      if (q.demand) {
        where.push('s.demand_id = @demand');
        params.demand = q.demand;
      }
      if (q.conference) {
        where.push(`s.demand_id IN (SELECT d.id FROM demands d JOIN resolutions r ON r.id = d.resolution_id
                    JOIN conferences c ON c.id = r.conference_id WHERE c.number = @conference)`);
        params.conference = q.conference;
      }
      if (q.retracted) where.push(q.retracted === 'true' ? 'x.id IS NOT NULL' : 'x.id IS NULL');
      if (q.modified_since) {
        where.push('(s.created >= @ms OR x.created >= @ms)');
        params.ms = new Date(q.modified_since).toISOString();
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const order = {
        asOf: 's.as_of ASC, s.created ASC, s.id ASC',
        '-asOf': 's.as_of DESC, s.created DESC, s.id DESC',
        created: 's.created ASC, s.id ASC',
        '-created': 's.created DESC, s.id DESC',
      }[q.sort];
      const total = (
        cached(`SELECT count(*) AS n FROM status_updates s LEFT JOIN retractions x ON x.status_update_id = s.id ${clause}`).get(params) as {
          n: number;
        }
      ).n;
      const rows = cached(`${SELECT} ${clause} ORDER BY ${order} LIMIT @limit OFFSET @offset`).all({
        ...params,
        limit: q.limit,
        offset: q.offset,
      }) as UpdateRow[];
      return { items: toDtos(rows), total };
    },

    create(demandId: number, input: StatusUpdateCreate): StatusUpdateDto {
      if (input.asOf > isoToday(clock)) {
        throw unprocessable(
          'status_updates.future_date',
          `Ein Sachstand kann nicht auf einen künftigen Tag (${input.asOf}) datiert werden.`,
          [{ field: 'body.asOf', message: 'liegt in der Zukunft' }],
        );
      }
      const id = db.transaction(() => {
        if (!demandExists.get(demandId)) throw notFound('demands.not_found', `Die Forderung ${demandId} ist nicht erfasst.`);
        deps.vocab.assertActors([input.reporter], 'body.reporter');
        if (input.corrects !== null) {
          const earlier = byIdStmt.get(input.corrects);
          if (!earlier || earlier.demand_id !== demandId) {
            throw unprocessable(
              'status_updates.corrects_unknown',
              `Der zu korrigierende Sachstand ${input.corrects} gehört nicht zu dieser Forderung.`,
              [{ field: 'body.corrects', message: 'unbekannt' }],
            );
          }
          if (earlier.r_id !== null) {
            throw conflict('status_updates.already_retracted', `Der Sachstand ${input.corrects} ist bereits zurückgezogen.`);
          }
        }
        const row = db
          .insert(statusUpdates)
          .values({
            demandId,
            status: input.status,
            asOf: input.asOf,
            narrative: input.narrative,
            reporter: input.reporter,
            correctsId: input.corrects,
            visibility: input.visibility,
            created: clock.now().toISOString(),
          })
          .returning({ id: statusUpdates.id })
          .get();
        input.evidence.forEach((e, position) => {
          db.insert(evidence)
            .values({ statusUpdateId: row.id, position, ...e })
            .run();
        });
        if (input.corrects !== null) {
          retract(input.corrects, input.correctionReason ?? `Korrigiert durch Sachstand ${row.id}`, input.reporter, row.id);
        }
        refresh(demandId);
        return row.id;
      });
      return service.get(id);
    },

    retract(updateId: number, input: { reason: string; reporter: string }): StatusUpdateDto {
      db.transaction(() => {
        const row = getRow(updateId);
        if (row.r_id !== null) throw conflict('status_updates.already_retracted', `Der Sachstand ${updateId} ist bereits zurückgezogen.`);
        deps.vocab.assertActors([input.reporter], 'body.reporter');
        retract(updateId, input.reason, input.reporter, null);
        refresh(row.demand_id);
      });
      return service.get(updateId);
    },
  };
  return service;
}
export type StatusService = ReturnType<typeof createStatusService>;
