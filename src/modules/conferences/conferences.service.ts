import { eq } from 'drizzle-orm';
import type { Ctx } from '../../context.js';
import { conferences, deletions } from '../../db/schema.js';
import { CONFERENCE_KIND_LABELS, type LandCode } from '../../domain/vocab.js';
import { conflict, unprocessable } from '../../shared/errors.js';
import type { View } from '../../visibility/index.js';
import { conferenceDuplicate, conferenceNotFound } from './conferences.errors.js';
import { type ConferenceListQuery, type ConferenceViewRow, conferenceQueries } from './conferences.queries.js';
import type { ConferenceCreate, ConferenceDto, ConferencePatch } from './conferences.schemas.js';

export function conferenceTitle(c: { number: number; year: number }): string {
  return `${c.number}. IntMK ${c.year}`;
}

function toDto(row: ConferenceViewRow): ConferenceDto {
  return {
    number: row.number,
    year: row.year,
    kind: row.kind,
    kindLabel: CONFERENCE_KIND_LABELS[row.kind],
    title: conferenceTitle(row),
    startDate: row.start_date,
    endDate: row.end_date,
    place: row.place,
    chairLand: row.chair_land as LandCode | null,
    note: row.note,
    resolutionCount: row.resolution_count,
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
  const q = conferenceQueries(sqlite);

  function dto(number: number, view: View): ConferenceDto {
    const row = q.byNumber(number, view);
    if (!row) throw conferenceNotFound(number);
    return toDto(row);
  }

  return {
    /** Resolves a conference number to its id, or throws 404. Conferences themselves are public. */
    idOf(number: number): number {
      const id = q.idOf(number);
      if (id === undefined) throw conferenceNotFound(number);
      return id;
    },

    list(input: ConferenceListQuery, view: View): { items: ConferenceDto[]; total: number } {
      const { rows, total } = q.list(input, view);
      return { items: rows.map(toDto), total };
    },

    get(number: number, view: View): ConferenceDto {
      return dto(number, view);
    },

    create(input: ConferenceCreate): ConferenceDto {
      checkDates(input);
      if (q.idOf(input.number) !== undefined) {
        throw conferenceDuplicate(input.number);
      }
      const now = clock.now().toISOString();
      db.insert(conferences)
        .values({ ...input, created: now, modified: now })
        .run();
      return dto(input.number, 'internal');
    },

    update(number: number, patch: ConferencePatch): ConferenceDto {
      return db.transaction(() => {
        const row = q.row(number);
        if (!row) throw conferenceNotFound(number);
        const merged = {
          year: patch.year ?? row.year,
          startDate: patch.startDate !== undefined ? patch.startDate : row.start_date,
          endDate: patch.endDate !== undefined ? patch.endDate : row.end_date,
        };
        checkDates(merged);
        if (patch.number !== undefined && patch.number !== number && q.idOf(patch.number) !== undefined) {
          throw conferenceDuplicate(patch.number);
        }
        db.update(conferences)
          .set({ ...patch, modified: clock.now().toISOString() })
          .where(eq(conferences.id, row.id))
          .run();
        return dto(patch.number ?? number, 'internal');
      });
    },

    remove(number: number, requestId: string): void {
      db.transaction(() => {
        const row = db.select().from(conferences).where(eq(conferences.number, number)).get();
        if (!row) throw conferenceNotFound(number);
        // Internal resolutions count too: deleting must never orphan what the public cannot see.
        const count = q.resolutionCount(row.id);
        if (count > 0) {
          throw conflict(
            'conferences.has_resolutions',
            `Die ${number}. IntMK enthält noch ${count} Beschlüsse und kann nicht gelöscht werden.`,
          );
        }
        const due = q.dueDemandCount(row.id);
        if (due > 0) {
          throw conflict(
            'conferences.is_due_conference',
            `${due} Forderungen sind zur ${number}. IntMK fällig; die Konferenz kann nicht gelöscht werden.`,
          );
        }
        // A reporting round keeps its Sachstände, drafts, objections and mails; the released ones are
        // in the append-only history. Deleting the conference would orphan all that: refused, not cascaded.
        const round = q.firstRound(row.id);
        if (round !== undefined) {
          throw conflict(
            'conferences.has_rounds',
            `Für die ${number}. IntMK ist die Berichtsrunde ${round} angelegt; die Konferenz kann nicht gelöscht werden.`,
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
