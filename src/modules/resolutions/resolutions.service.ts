import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../context.js';
import { conferences, deletions, protocolNotes, resolutions, ziffern } from '../../db/schema.js';
import { statementCache } from '../../db/statements.js';
import { ADOPTION_LABELS, type Adoption, LAND_CODES, type LandCode, type Visibility } from '../../domain/vocab.js';
import { conflict, notFound, unprocessable } from '../../shared/errors.js';
import { parseTextQuery } from '../../shared/fts.js';
import type { ConferencesService } from '../conferences/conferences.service.js';
import type { DemandsService } from '../demands/demands.service.js';
import type { ResolutionCreate, ResolutionDto, ResolutionPatch, ResolutionSummaryDto } from './resolutions.schemas.js';

type Row = typeof resolutions.$inferSelect;

/** Natural order of TOP ids: A, B, C before 1.1 … 1.10, then 2.1.a, 2.1.b. */
export function topSortKey(top: string): string {
  return top
    .split('.')
    .map((part, i) => {
      const numeric = /^\d+$/.test(part);
      const body = numeric ? part.padStart(4, '0') : part;
      return i === 0 ? (numeric ? `1${body}` : `0${body}`) : body;
    })
    .join('.');
}

export interface ResolutionListInput {
  limit: number;
  offset: number;
  conferences?: number[];
  proposer?: LandCode;
  adoption?: Adoption[];
  q?: string;
  visibility?: Visibility;
  sort: 'top' | '-top' | 'modified' | '-modified';
  modifiedSince?: string;
}

export function createResolutionsService(ctx: Ctx, deps: { conferences: ConferencesService; demands: DemandsService }) {
  const { db, sqlite, clock } = ctx;
  const cached = statementCache(sqlite);
  const demandCountStmt = sqlite.prepare<[number], { n: number }>('SELECT count(*) AS n FROM demands WHERE resolution_id = ?');

  function rowById(id: number): Row & { conferenceNumber: number } {
    const row = db
      .select({ r: resolutions, conferenceNumber: conferences.number })
      .from(resolutions)
      .innerJoin(conferences, eq(conferences.id, resolutions.conferenceId))
      .where(eq(resolutions.id, id))
      .get();
    if (!row) throw notFound('resolutions.not_found', `Der Beschluss ${id} ist nicht erfasst.`);
    return { ...row.r, conferenceNumber: row.conferenceNumber };
  }

  function summary(row: Row, conferenceNumber: number, demandCount: number): ResolutionSummaryDto {
    return {
      id: row.id,
      conference: conferenceNumber,
      top: row.top,
      agendaHeading: row.agendaHeading,
      title: row.title,
      proposers: row.proposers,
      allLaender: row.allLaender,
      coordinatingLand: (row.coordinatingLand as LandCode | null) ?? null,
      greenList: row.greenList,
      adoption: row.adoption,
      adoptionLabel: ADOPTION_LABELS[row.adoption],
      mergedIntoTop: row.mergedIntoTop,
      circular: row.circularNumber && row.circularDate ? { number: row.circularNumber, date: row.circularDate } : null,
      budgetReservation: row.budgetReservation,
      visibility: row.visibility,
      demandCount,
      created: row.created,
      modified: row.modified,
    };
  }

  function validate(r: {
    ziffern: { number: string }[];
    notes: { ziffer: string | null }[];
    adoption: Adoption;
    mergedIntoTop: string | null;
    top: string;
  }): void {
    const numbers = r.ziffern.map((z) => z.number);
    const dup = numbers.find((n, i) => numbers.indexOf(n) !== i);
    if (dup)
      throw unprocessable('resolutions.duplicate_ziffer', `Die Ziffer ${dup} kommt doppelt vor.`, [
        { field: 'body.ziffern', message: `Ziffer ${dup} doppelt` },
      ]);
    for (const [i, n] of r.notes.entries()) {
      if (n.ziffer !== null && !numbers.includes(n.ziffer)) {
        throw unprocessable(
          'resolutions.unknown_ziffer',
          `Die Protokollnotiz bezieht sich auf Ziffer ${n.ziffer}, die der Beschluss nicht hat.`,
          [{ field: `body.notes.${i}.ziffer`, message: 'unbekannte Ziffer' }],
        );
      }
    }
    if (r.adoption === 'zusammengelegt' && !r.mergedIntoTop) {
      throw unprocessable(
        'resolutions.merged_without_target',
        'Ein zusammengelegter TOP braucht den TOP, mit dem er zusammengelegt wurde (mergedIntoTop).',
        [{ field: 'body.mergedIntoTop', message: 'fehlt' }],
      );
    }
    if (r.mergedIntoTop === r.top) {
      throw unprocessable('resolutions.merged_into_self', 'Ein TOP kann nicht mit sich selbst zusammengelegt werden.', [
        { field: 'body.mergedIntoTop', message: 'gleich top' },
      ]);
    }
  }

  function proposerColumns(p: 'all' | LandCode[]) {
    return p === 'all' ? { proposers: [...LAND_CODES], allLaender: true } : { proposers: p, allLaender: false };
  }

  function writeChildren(
    resolutionId: number,
    input: { ziffern?: { number: string; text: string }[]; notes?: ResolutionCreate['notes'] },
  ): void {
    if (input.ziffern) {
      db.delete(ziffern).where(eq(ziffern.resolutionId, resolutionId)).run();
      input.ziffern.forEach((z, position) => {
        db.insert(ziffern).values({ resolutionId, position, number: z.number, text: z.text }).run();
      });
    }
    if (input.notes) {
      db.delete(protocolNotes).where(eq(protocolNotes.resolutionId, resolutionId)).run();
      input.notes.forEach((n, position) => {
        db.insert(protocolNotes)
          .values({ resolutionId, position, ...n })
          .run();
      });
    }
  }

  function assertTopFree(conferenceId: number, top: string, conferenceNumber: number, exceptId?: number): void {
    const existing = db
      .select({ id: resolutions.id })
      .from(resolutions)
      .where(and(eq(resolutions.conferenceId, conferenceId), eq(resolutions.top, top)))
      .get();
    if (existing && existing.id !== exceptId) {
      throw conflict('resolutions.duplicate_top', `Die ${conferenceNumber}. IntMK hat bereits einen Beschluss unter TOP ${top}.`);
    }
  }

  const service = {
    get(id: number): ResolutionDto {
      const row = rowById(id);
      const zs = db.select().from(ziffern).where(eq(ziffern.resolutionId, id)).orderBy(asc(ziffern.position)).all();
      const notes = db.select().from(protocolNotes).where(eq(protocolNotes.resolutionId, id)).orderBy(asc(protocolNotes.position)).all();
      const demands = deps.demands.summariesOf(id);
      return {
        ...summary(row, row.conferenceNumber, demands.length),
        preamble: row.preamble,
        ziffern: zs.map((z) => ({ number: z.number, text: z.text })),
        notes: notes.map((n) => ({ kind: n.kind, lands: n.lands, ziffer: n.ziffer, text: n.text, visibility: n.visibility })),
        demands,
      };
    },

    getByTop(conferenceNumber: number, top: string): ResolutionDto {
      const conferenceId = deps.conferences.idOf(conferenceNumber);
      const row = db
        .select({ id: resolutions.id })
        .from(resolutions)
        .where(and(eq(resolutions.conferenceId, conferenceId), eq(resolutions.top, top)))
        .get();
      if (!row) throw notFound('resolutions.not_found', `Die ${conferenceNumber}. IntMK hat keinen Beschluss unter TOP ${top}.`);
      return service.get(row.id);
    },

    list(input: ResolutionListInput): { items: ResolutionSummaryDto[]; total: number } {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (input.conferences?.length) {
        where.push(`c.number IN (${input.conferences.map(() => '?').join(',')})`);
        params.push(...input.conferences);
      }
      if (input.proposer) {
        where.push(`(r.all_laender = 1 OR EXISTS (SELECT 1 FROM json_each(r.proposers) WHERE value = ?))`);
        params.push(input.proposer);
      }
      if (input.adoption?.length) {
        where.push(`r.adoption IN (${input.adoption.map(() => '?').join(',')})`);
        params.push(...input.adoption);
      }
      if (input.visibility) {
        where.push('r.visibility = ?');
        params.push(input.visibility);
      }
      if (input.modifiedSince) {
        where.push('r.modified >= ?');
        params.push(new Date(input.modifiedSince).toISOString());
      }
      if (input.q) {
        const tq = parseTextQuery(input.q);
        if (tq.match) {
          where.push(`r.id IN (SELECT CASE kind WHEN 'resolution' THEN ref_id ELSE parent_id END FROM search_index
                      WHERE search_index MATCH ? AND kind IN ('resolution', 'ziffer'))`);
          params.push(tq.match);
        }
        for (const like of tq.likes) {
          where.push(`(r.title LIKE ? ESCAPE '\\' OR r.preamble LIKE ? ESCAPE '\\')`);
          params.push(like, like);
        }
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const order = {
        top: 'c.number ASC, r.top_sort ASC',
        '-top': 'c.number DESC, r.top_sort DESC',
        modified: 'r.modified ASC, r.id ASC',
        '-modified': 'r.modified DESC, r.id DESC',
      }[input.sort];
      const from = 'FROM resolutions r JOIN conferences c ON c.id = r.conference_id';
      const total = (cached(`SELECT count(*) AS n ${from} ${clause}`).get(...params) as { n: number }).n;
      const ids = cached(`SELECT r.id AS id ${from} ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
        ...params,
        input.limit,
        input.offset,
      ) as { id: number }[];
      if (ids.length === 0) return { items: [], total };
      const rows = db
        .select({ r: resolutions, conferenceNumber: conferences.number })
        .from(resolutions)
        .innerJoin(conferences, eq(conferences.id, resolutions.conferenceId))
        .where(
          inArray(
            resolutions.id,
            ids.map((i) => i.id),
          ),
        )
        .all();
      const byId = new Map(rows.map((r) => [r.r.id, r]));
      const items = ids.flatMap(({ id }) => {
        const r = byId.get(id);
        return r ? [summary(r.r, r.conferenceNumber, demandCountStmt.get(id)?.n ?? 0)] : [];
      });
      return { items, total };
    },

    create(conferenceNumber: number, input: ResolutionCreate): ResolutionDto {
      validate(input);
      const id = db.transaction(() => {
        const conferenceId = deps.conferences.idOf(conferenceNumber);
        assertTopFree(conferenceId, input.top, conferenceNumber);
        const now = clock.now().toISOString();
        const { ziffern: zs, notes, proposers, circular, ...rest } = input;
        const row = db
          .insert(resolutions)
          .values({
            ...rest,
            ...proposerColumns(proposers),
            conferenceId,
            topSort: topSortKey(input.top),
            circularNumber: circular?.number ?? null,
            circularDate: circular?.date ?? null,
            created: now,
            modified: now,
          })
          .returning({ id: resolutions.id })
          .get();
        writeChildren(row.id, { ziffern: zs, notes });
        return row.id;
      });
      return service.get(id);
    },

    update(id: number, patch: ResolutionPatch): ResolutionDto {
      db.transaction(() => {
        const row = rowById(id);
        const current = service.get(id);
        const merged = {
          top: patch.top ?? row.top,
          adoption: patch.adoption ?? row.adoption,
          mergedIntoTop: patch.mergedIntoTop !== undefined ? patch.mergedIntoTop : row.mergedIntoTop,
          ziffern: patch.ziffern ?? current.ziffern,
          notes: patch.notes ?? current.notes,
        };
        validate(merged);
        if (patch.top !== undefined && patch.top !== row.top) assertTopFree(row.conferenceId, patch.top, row.conferenceNumber, id);
        if (patch.ziffern) {
          const numbers = new Set(patch.ziffern.map((z) => z.number));
          const orphan = current.demands.find((d) => d.ziffer !== null && !numbers.has(d.ziffer));
          if (orphan) {
            throw unprocessable(
              'resolutions.ziffer_in_use',
              `Ziffer ${orphan.ziffer} trägt noch die Forderung ${orphan.id} und kann nicht entfallen.`,
              [{ field: 'body.ziffern', message: `Ziffer ${orphan.ziffer} fehlt` }],
            );
          }
        }
        const { ziffern: zs, notes, proposers, circular, ...rest } = patch;
        db.update(resolutions)
          .set({
            ...rest,
            ...(proposers !== undefined ? proposerColumns(proposers) : {}),
            ...(patch.top !== undefined ? { topSort: topSortKey(patch.top) } : {}),
            ...(circular !== undefined ? { circularNumber: circular?.number ?? null, circularDate: circular?.date ?? null } : {}),
            modified: clock.now().toISOString(),
          })
          .where(eq(resolutions.id, id))
          .run();
        writeChildren(id, { ziffern: zs, notes });
      });
      return service.get(id);
    },

    remove(id: number, requestId: string): void {
      db.transaction(() => {
        const snapshot = service.get(id);
        const withHistory = sqlite
          .prepare('SELECT count(*) AS n FROM status_updates s JOIN demands d ON d.id = s.demand_id WHERE d.resolution_id = ?')
          .get(id) as { n: number };
        if (withHistory.n > 0) {
          throw conflict(
            'resolutions.has_history',
            `Zu Forderungen dieses Beschlusses sind ${withHistory.n} Sachstände erfasst; der Beschluss kann nicht gelöscht werden, damit keine Historie verloren geht.`,
          );
        }
        db.insert(deletions)
          .values({ entity: 'resolution', entityId: String(id), snapshot, requestId, created: clock.now().toISOString() })
          .run();
        db.delete(resolutions).where(eq(resolutions.id, id)).run();
      });
    },
  };
  return service;
}
export type ResolutionsService = ReturnType<typeof createResolutionsService>;
