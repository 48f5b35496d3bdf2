import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../context.js';
import { deletions, protocolNotes, resolutions, resolutionVotes, ziffern } from '../../db/schema.js';
import { ADOPTION_LABELS, type Adoption, LAND_CODES, type LandCode, type Visibility, type Vote } from '../../domain/vocab.js';
import { voteRecordOf } from '../../domain/votes.js';
import { conflict, unprocessable } from '../../shared/errors.js';
import { publicModifiedTracker, type View } from '../../visibility/index.js';
import type { ConferencesService } from '../conferences/conferences.service.js';
import type { DemandsService } from '../demands/demands.service.js';
import { resolutionNotFound, resolutionNotFoundByTop } from './resolutions.errors.js';
import { resolutionQueries, type SqlRow } from './resolutions.queries.js';
import type { ResolutionCreate, ResolutionDto, ResolutionPatch, ResolutionSummaryDto } from './resolutions.schemas.js';

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

/** Adoptions that follow a vote: only these can carry the Länder's votes. */
const VOTED_ADOPTIONS: readonly Adoption[] = ['einstimmig', 'mehrheitlich', 'abgelehnt'];

export function createResolutionsService(ctx: Ctx, deps: { conferences: ConferencesService; demands: DemandsService }) {
  const { db, sqlite, clock } = ctx;
  const publicModified = publicModifiedTracker(sqlite, clock);
  const queries = resolutionQueries(sqlite);

  function summary(row: SqlRow): ResolutionSummaryDto {
    const circularNumber = row.circular_number;
    const circularDate = row.circular_date;
    return {
      id: row.id,
      conference: row.conference_number,
      top: row.top,
      agendaHeading: row.agenda_heading,
      title: row.title,
      proposers: JSON.parse(row.proposers) as LandCode[],
      allLaender: row.all_laender === 1,
      coordinatingLand: (row.coordinating_land as LandCode | null) ?? null,
      greenList: row.green_list,
      adoption: row.adoption,
      adoptionLabel: ADOPTION_LABELS[row.adoption],
      mergedIntoTop: row.merged_into_top,
      circular: circularNumber && circularDate ? { number: circularNumber, date: circularDate } : null,
      budgetReservation: row.budget_reservation,
      subtitle: row.subtitle,
      withdrawnBy: row.withdrawn_by === null ? null : (JSON.parse(row.withdrawn_by) as LandCode[] | null),
      visibility: row.visibility,
      demandCount: row.demand_count,
      created: row.created,
      modified: row.modified,
    };
  }

  function validate(r: {
    ziffern: { number: string }[];
    notes: { ziffer: string | null; demandId: number | null }[];
    votes: { land: LandCode; vote: Vote }[];
    adoption: Adoption;
    mergedIntoTop: string | null;
    withdrawnBy: LandCode[] | null;
    top: string;
    /** The resolution's demands a note may be about (none yet when it is created). */
    demandIds: number[];
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
      if (n.demandId !== null && !r.demandIds.includes(n.demandId)) {
        throw unprocessable('resolutions.unknown_demand', `Die Forderung ${n.demandId} gehört nicht zu diesem Beschluss.`, [
          { field: `body.notes.${i}.demandId`, message: 'keine Forderung dieses Beschlusses' },
        ]);
      }
    }
    const voters = r.votes.map((v) => v.land);
    const twice = voters.find((l, i) => voters.indexOf(l) !== i);
    if (twice) {
      throw unprocessable('resolutions.duplicate_vote', `Für ${twice} ist mehr als eine Stimme angegeben.`, [
        { field: 'body.votes', message: `${twice} doppelt` },
      ]);
    }
    if (r.votes.length > 0) checkVotes(r.adoption, r.votes);
    if (r.adoption === 'zusammengelegt' && !r.mergedIntoTop) {
      throw unprocessable(
        'resolutions.merged_without_target',
        'Ein zusammengelegter TOP braucht den TOP, mit dem er zusammengelegt wurde (mergedIntoTop).',
        [{ field: 'body.mergedIntoTop', message: 'fehlt' }],
      );
    }
    if (r.withdrawnBy && r.adoption !== 'zurueckgezogen') {
      throw unprocessable('resolutions.withdrawn_by_not_withdrawn', 'Wer zurückgenommen hat, passt nur zu „zurückgezogen“.', [
        { field: 'body.withdrawnBy', message: 'nur bei zurückgezogen' },
      ]);
    }
    if (r.mergedIntoTop === r.top) {
      throw unprocessable('resolutions.merged_into_self', 'Ein TOP kann nicht mit sich selbst zusammengelegt werden.', [
        { field: 'body.mergedIntoTop', message: 'gleich top' },
      ]);
    }
  }

  /** Votes must fit the adoption they led to (only a vote that was taken has votes). */
  function checkVotes(adoption: Adoption, votes: { land: LandCode; vote: Vote }[]): void {
    const contradiction = (detail: string, message: string) =>
      unprocessable('resolutions.vote_contradicts_adoption', `${detail} Abstimmung oder Art der Beschlussfassung prüfen.`, [
        { field: 'body.votes', message },
      ]);
    const lands = (vote: Vote) => votes.filter((v) => v.vote === vote).map((v) => v.land);
    const yes = lands('ja').length;
    const no = lands('nein');
    if (!VOTED_ADOPTIONS.includes(adoption)) {
      throw contradiction(
        `Ein Beschluss „${ADOPTION_LABELS[adoption]}“ hat keine Abstimmung, aber Stimmen sind angegeben.`,
        'keine Abstimmung',
      );
    }
    if (adoption === 'einstimmig' && (no.length > 0 || yes === 0)) {
      throw contradiction(
        no.length > 0 ? `Einstimmig gefasst, aber mit Nein-Stimme (${no.join(', ')}).` : 'Einstimmig gefasst, aber ohne Ja-Stimme.',
        no.length > 0 ? 'Nein bei einstimmig' : 'kein Ja bei einstimmig',
      );
    }
    const allYes = votes.length === LAND_CODES.length && yes === votes.length;
    if (adoption === 'mehrheitlich' && (yes <= no.length || allYes)) {
      throw contradiction(
        yes <= no.length
          ? `Mehrheitlich gefasst, aber mit ${yes} Ja- gegen ${no.length} Nein-Stimmen.`
          : 'Mehrheitlich gefasst, aber ohne Nein-Stimme oder Enthaltung – das wäre einstimmig.',
        yes <= no.length ? 'keine Mehrheit' : 'alle Ja bei mehrheitlich',
      );
    }
    if (adoption === 'abgelehnt' && allYes) {
      throw contradiction(`Alle ${LAND_CODES.length} Länder stimmten mit Ja; das passt nicht zu „abgelehnt“.`, 'alle Ja bei abgelehnt');
    }
  }

  function proposerColumns(p: 'all' | LandCode[]) {
    return p === 'all' ? { proposers: [...LAND_CODES], allLaender: true } : { proposers: p, allLaender: false };
  }

  function writeChildren(
    resolutionId: number,
    input: {
      ziffern?: { number: string; heading: string | null; text: string }[];
      notes?: ResolutionCreate['notes'];
      votes?: ResolutionCreate['votes'];
    },
  ): void {
    if (input.votes) {
      db.delete(resolutionVotes).where(eq(resolutionVotes.resolutionId, resolutionId)).run();
      for (const v of input.votes) db.insert(resolutionVotes).values({ resolutionId, land: v.land, vote: v.vote }).run();
    }
    if (input.ziffern) {
      db.delete(ziffern).where(eq(ziffern.resolutionId, resolutionId)).run();
      input.ziffern.forEach((z, position) => {
        db.insert(ziffern).values({ resolutionId, position, number: z.number, heading: z.heading, text: z.text }).run();
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
    get(id: number, view: View): ResolutionDto {
      const row = queries.byId(id, view);
      if (!row) throw resolutionNotFound(id);
      const demands = deps.demands.summariesOf(id, view);
      return {
        ...summary(row),
        // The demands listed are the ones counted, so demandCount always matches them.
        demandCount: demands.length,
        preamble: row.preamble,
        reasoning: row.reasoning,
        votes: voteRecordOf(queries.votes(id, view)),
        ziffern: queries.ziffern(id, view),
        closingText: row.closing_text,
        notes: queries.notes(id, view).map((n) => ({
          kind: n.kind,
          lands: JSON.parse(n.lands) as LandCode[],
          ziffer: n.ziffer,
          demandId: n.demand_id,
          budgetReservation: n.budget_reservation === 1,
          text: n.text,
          visibility: n.visibility,
        })),
        demands,
      };
    },

    getByTop(conferenceNumber: number, top: string, view: View): ResolutionDto {
      const conferenceId = deps.conferences.idOf(conferenceNumber);
      const row = queries.idByTop(conferenceId, top, view);
      if (row === undefined) throw resolutionNotFoundByTop(conferenceNumber, top);
      return service.get(row, view);
    },

    /**
     * Every filter runs over the view's resolutions, so a filter on `visibility` or `adoption`,
     * or a word that only an internal resolution contains, finds nothing for the public.
     */
    list(input: ResolutionListInput, view: View): { items: ResolutionSummaryDto[]; total: number } {
      const { rows, total } = queries.page(input, view);
      return { items: rows.map(summary), total };
    },

    create(conferenceNumber: number, input: ResolutionCreate): ResolutionDto {
      validate({ ...input, demandIds: [] });
      const id = db.transaction(() => {
        const conferenceId = deps.conferences.idOf(conferenceNumber);
        assertTopFree(conferenceId, input.top, conferenceNumber);
        const now = clock.now().toISOString();
        const { ziffern: zs, notes, votes, proposers, circular, ...rest } = input;
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
            publicModified: now,
          })
          .returning({ id: resolutions.id })
          .get();
        writeChildren(row.id, { ziffern: zs, notes, votes });
        return row.id;
      });
      return service.get(id, 'internal');
    },

    update(id: number, patch: ResolutionPatch): ResolutionDto {
      db.transaction(() => {
        const row = queries.internalRow(id);
        if (!row) throw resolutionNotFound(id);
        const current = service.get(id, 'internal');
        // An internal note or a fix to an internal part is no change the public may notice.
        const publicChange = publicModified.watch('resolution', id, () => service.get(id, 'public'));
        const membership = publicModified.watchThreadsOfResolution(id);
        const merged = {
          top: patch.top ?? row.top,
          adoption: patch.adoption ?? row.adoption,
          mergedIntoTop: patch.mergedIntoTop !== undefined ? patch.mergedIntoTop : row.merged_into_top,
          withdrawnBy: patch.withdrawnBy !== undefined ? patch.withdrawnBy : current.withdrawnBy,
          demandIds: current.demands.map((d) => d.id),
          ziffern: patch.ziffern ?? current.ziffern,
          notes: patch.notes ?? current.notes,
          votes: patch.votes ?? current.votes?.byLand ?? [],
        };
        validate(merged);
        if (patch.top !== undefined && patch.top !== row.top) assertTopFree(row.conference_id, patch.top, row.conference_number, id);
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
        const { ziffern: zs, notes, votes, proposers, circular, ...rest } = patch;
        const now = clock.now().toISOString();
        db.update(resolutions)
          .set({
            ...rest,
            ...(proposers !== undefined ? proposerColumns(proposers) : {}),
            ...(patch.top !== undefined ? { topSort: topSortKey(patch.top) } : {}),
            ...(circular !== undefined ? { circularNumber: circular?.number ?? null, circularDate: circular?.date ?? null } : {}),
            modified: now,
          })
          .where(eq(resolutions.id, id))
          .run();
        writeChildren(id, { ziffern: zs, notes, votes });
        publicChange(now);
        membership();
      });
      return service.get(id, 'internal');
    },

    remove(id: number, requestId: string): void {
      db.transaction(() => {
        const snapshot = service.get(id, 'internal');
        const withHistory = queries.updateCount(id);
        if (withHistory > 0) {
          throw conflict(
            'resolutions.has_history',
            `Zu Forderungen dieses Beschlusses ${withHistory === 1 ? 'ist ein Sachstand' : `sind ${withHistory} Sachstände`} erfasst; der Beschluss kann nicht gelöscht werden, damit keine Historie verloren geht.`,
          );
        }
        const drafts = queries.draftCount(id);
        if (drafts > 0) {
          throw conflict(
            'resolutions.has_drafts',
            `Zu Forderungen dieses Beschlusses gibt es ${drafts === 1 ? 'einen Sachstandsentwurf' : `${drafts} Sachstandsentwürfe`} einer Berichtsrunde; der Beschluss kann nicht gelöscht werden.`,
          );
        }
        db.insert(deletions)
          .values({ entity: 'resolution', entityId: String(id), snapshot, requestId, created: clock.now().toISOString() })
          .run();
        const membership = publicModified.watchThreadsOfResolution(id);
        db.delete(resolutions).where(eq(resolutions.id, id)).run();
        membership();
      });
    },
  };
  return service;
}
export type ResolutionsService = ReturnType<typeof createResolutionsService>;
