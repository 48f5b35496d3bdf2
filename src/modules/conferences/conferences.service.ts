import { eq } from 'drizzle-orm';
import type { Ctx } from '../../context.js';
import { filter, isoOrUndefined } from '../../db/filter.js';
import { conferences, deletions } from '../../db/schema.js';
import { statementCache } from '../../db/statements.js';
import { CONFERENCE_KIND_LABELS, type ConferenceKind, type LandCode } from '../../domain/vocab.js';
import { conflict, unprocessable } from '../../shared/errors.js';
import { TABLES, type View } from '../../visibility/index.js';
import { conferenceDuplicate, conferenceNotFound } from './conferences.errors.js';
import type { ConferenceCreate, ConferenceDto, ConferencePatch } from './conferences.schemas.js';

/** A conference row as read by SQL, with its counts in one view of the record. */
interface SqlRow {
  id: number;
  number: number;
  year: number;
  kind: ConferenceKind;
  start_date: string | null;
  end_date: string | null;
  place: string | null;
  chair_land: string | null;
  note: string | null;
  created: string;
  modified: string;
  resolution_count: number;
}

export function conferenceTitle(c: { number: number; year: number }): string {
  return `${c.number}. IntMK ${c.year}`;
}

function toDto(row: SqlRow): ConferenceDto {
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

// Counts come from the view's resolution table, so the public count never includes a rejected,
// withdrawn or internal resolution.
const selectIn = (view: View) =>
  `SELECT c.*, (SELECT count(*) FROM ${TABLES[view].resolutions} r WHERE r.conference_id = c.id) AS resolution_count
   FROM conferences c`;

export function createConferencesService(ctx: Ctx) {
  const { db, sqlite, clock } = ctx;
  const cached = statementCache(sqlite);
  const countStmt = sqlite.prepare<[number], { n: number }>('SELECT count(*) AS n FROM resolutions WHERE conference_id = ?');
  const byNumberStmt = sqlite.prepare<[number], { id: number }>('SELECT id FROM conferences WHERE number = ?');
  const rowStmt = sqlite.prepare<[number], Omit<SqlRow, 'resolution_count'>>('SELECT * FROM conferences WHERE number = ?');
  const dtoStmt = {
    internal: sqlite.prepare<[number], SqlRow>(`${selectIn('internal')} WHERE c.number = ?`),
    public: sqlite.prepare<[number], SqlRow>(`${selectIn('public')} WHERE c.number = ?`),
  };

  function dto(number: number, view: View): ConferenceDto {
    const row = dtoStmt[view].get(number);
    if (!row) throw conferenceNotFound(number);
    return toDto(row);
  }

  return {
    /** Resolves a conference number to its id, or throws 404. Conferences themselves are public. */
    idOf(number: number): number {
      const row = byNumberStmt.get(number);
      if (!row) throw conferenceNotFound(number);
      return row.id;
    },

    list(
      input: { limit: number; offset: number; year?: number; kind?: ConferenceKind; sort: 'number' | '-number'; modifiedSince?: string },
      view: View,
    ): { items: ConferenceDto[]; total: number } {
      const f = filter()
        .given(input.year, 'c.year = ?')
        .given(input.kind, 'c.kind = ?')
        .given(isoOrUndefined(input.modifiedSince), 'c.modified >= ?');
      const total = (cached(`SELECT count(*) AS n FROM conferences c ${f.clause}`).get(...f.params) as { n: number }).n;
      const order = input.sort === '-number' ? 'c.number DESC' : 'c.number ASC';
      const rows = cached(`${selectIn(view)} ${f.clause} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
        ...f.params,
        input.limit,
        input.offset,
      ) as SqlRow[];
      return { items: rows.map(toDto), total };
    },

    get(number: number, view: View): ConferenceDto {
      return dto(number, view);
    },

    create(input: ConferenceCreate): ConferenceDto {
      checkDates(input);
      if (byNumberStmt.get(input.number)) {
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
        const row = rowStmt.get(number);
        if (!row) throw conferenceNotFound(number);
        const merged = {
          year: patch.year ?? row.year,
          startDate: patch.startDate !== undefined ? patch.startDate : row.start_date,
          endDate: patch.endDate !== undefined ? patch.endDate : row.end_date,
        };
        checkDates(merged);
        if (patch.number !== undefined && patch.number !== number && byNumberStmt.get(patch.number)) {
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
        // A reporting round keeps its Sachstände, drafts, objections and mails; the released ones are
        // in the append-only history. Deleting the conference would orphan all that: refused, not cascaded.
        const round = sqlite.prepare('SELECT id FROM rounds WHERE conference_id = ? ORDER BY id LIMIT 1').get(row.id) as
          | { id: number }
          | undefined;
        if (round) {
          throw conflict(
            'conferences.has_rounds',
            `Für die ${number}. IntMK ist die Berichtsrunde ${round.id} angelegt; die Konferenz kann nicht gelöscht werden.`,
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
