import { and, asc, count, desc, eq, gte, sql } from 'drizzle-orm';
import type { Ctx } from '../../context.js';
import { conferences, deletions } from '../../db/schema.js';
import { CONFERENCE_KIND_LABELS, type LandCode } from '../../domain/vocab.js';
import { conflict, notFound, unprocessable } from '../../shared/errors.js';
import type { ConferenceCreate, ConferenceDto, ConferencePatch } from './conferences.schemas.js';

type Row = typeof conferences.$inferSelect;

export const conferenceNotFound = (number: number) => notFound('conferences.not_found', `Die ${number}. IntMK ist nicht erfasst.`);

export function conferenceTitle(c: { number: number; year: number }): string {
  return `${c.number}. IntMK ${c.year}`;
}

function toDto(row: Row, resolutionCount: number): ConferenceDto {
  return {
    number: row.number,
    year: row.year,
    kind: row.kind,
    kindLabel: CONFERENCE_KIND_LABELS[row.kind],
    title: conferenceTitle(row),
    startDate: row.startDate,
    endDate: row.endDate,
    place: row.place,
    chairLand: row.chairLand as LandCode | null,
    note: row.note,
    resolutionCount,
    created: row.created,
    modified: row.modified,
  };
}

function checkDates(c: { year: number; startDate: string | null; endDate: string | null }): void {
  if (c.startDate && c.endDate && c.endDate < c.startDate) {
    throw unprocessable('conferences.invalid_dates', 'Das Enddatum liegt vor dem Anfangsdatum.', [
      { field: 'body.endDate', message: 'liegt vor startDate' },
    ]);
  }
  if (c.startDate && Number(c.startDate.slice(0, 4)) !== c.year) {
    throw unprocessable('conferences.year_mismatch', `Das Anfangsdatum ${c.startDate} liegt nicht im Jahr ${c.year}.`, [
      { field: 'body.startDate', message: 'passt nicht zum Jahr' },
    ]);
  }
}

export function createConferencesService(ctx: Ctx) {
  const { db, sqlite, clock } = ctx;
  const countStmt = sqlite.prepare<[number], { n: number }>('SELECT count(*) AS n FROM resolutions WHERE conference_id = ?');
  const byNumberStmt = sqlite.prepare<[number], { id: number }>('SELECT id FROM conferences WHERE number = ?');

  function rowByNumber(number: number): Row {
    const row = db.select().from(conferences).where(eq(conferences.number, number)).get();
    if (!row) throw conferenceNotFound(number);
    return row;
  }

  return {
    /** Resolves a conference number to its id, or throws 404. */
    idOf(number: number): number {
      const row = byNumberStmt.get(number);
      if (!row) throw conferenceNotFound(number);
      return row.id;
    },

    list(input: { limit: number; offset: number; year?: number; kind?: Row['kind']; sort: 'number' | '-number'; modifiedSince?: string }) {
      const where = and(
        input.year !== undefined ? eq(conferences.year, input.year) : undefined,
        input.kind ? eq(conferences.kind, input.kind) : undefined,
        input.modifiedSince ? gte(conferences.modified, new Date(input.modifiedSince).toISOString()) : undefined,
      );
      const total = db.select({ n: count() }).from(conferences).where(where).get()?.n ?? 0;
      const rows = db
        .select({
          row: conferences,
          resolutionCount: sql<number>`(SELECT count(*) FROM resolutions r WHERE r.conference_id = "conferences"."id")`,
        })
        .from(conferences)
        .where(where)
        .orderBy(input.sort === '-number' ? desc(conferences.number) : asc(conferences.number))
        .limit(input.limit)
        .offset(input.offset)
        .all();
      return { items: rows.map((r) => toDto(r.row, r.resolutionCount)), total };
    },

    get(number: number): ConferenceDto {
      const row = rowByNumber(number);
      return toDto(row, countStmt.get(row.id)?.n ?? 0);
    },

    create(input: ConferenceCreate): ConferenceDto {
      checkDates(input);
      if (byNumberStmt.get(input.number)) {
        throw conflict('conferences.duplicate', `Die ${input.number}. IntMK ist bereits erfasst.`);
      }
      const now = clock.now().toISOString();
      const row = db
        .insert(conferences)
        .values({ ...input, created: now, modified: now })
        .returning()
        .get();
      return toDto(row, 0);
    },

    update(number: number, patch: ConferencePatch): ConferenceDto {
      return db.transaction(() => {
        const row = rowByNumber(number);
        const merged = { ...row, ...patch };
        checkDates(merged);
        if (patch.number !== undefined && patch.number !== number && byNumberStmt.get(patch.number)) {
          throw conflict('conferences.duplicate', `Die ${patch.number}. IntMK ist bereits erfasst.`);
        }
        const updated = db
          .update(conferences)
          .set({ ...patch, modified: clock.now().toISOString() })
          .where(eq(conferences.id, row.id))
          .returning()
          .get();
        return toDto(updated, countStmt.get(row.id)?.n ?? 0);
      });
    },

    remove(number: number, requestId: string): void {
      db.transaction(() => {
        const row = rowByNumber(number);
        const count = countStmt.get(row.id)?.n ?? 0;
        if (count > 0) {
          throw conflict(
            'conferences.has_resolutions',
            `Die ${number}. IntMK enthält noch ${count} Beschlüsse und kann nicht gelöscht werden.`,
          );
        }
        const due = sqlite.prepare('SELECT count(*) AS n FROM demands WHERE due_conference_id = ?').get(row.id) as { n: number };
        if (due.n > 0) {
          throw conflict(
            'conferences.is_due_conference',
            `${due.n} Forderungen sind zur ${number}. IntMK fällig; die Konferenz kann nicht gelöscht werden.`,
          );
        }
        db.insert(deletions)
          .values({ entity: 'conference', entityId: String(number), snapshot: row, requestId, created: clock.now().toISOString() })
          .run();
        db.delete(conferences).where(eq(conferences.id, row.id)).run();
      });
    },
  };
}
export type ConferencesService = ReturnType<typeof createConferencesService>;
