// Sachstand drafts of a round: an assigned group drafts, edits and submits; the office or the
// chair accepts, returns with a comment, or edits with a note; the release turns accepted drafts
// into status updates in one transaction. Drafts are never public (src/visibility/rounds.ts).
import { format } from 'date-fns';
import { isoToday } from '../../clock.js';
import type { Ctx } from '../../context.js';
import { placeholders, statementCache } from '../../db/statements.js';
import { DRAFT_KIND_LABELS, DRAFT_STATE_LABELS, type DraftEvent, type DraftKind, type DraftState } from '../../domain/rounds.js';
import { EVIDENCE_KIND_LABELS, type EvidenceKind, STATUS_LABELS, type Status, type Visibility } from '../../domain/vocab.js';
import { conflict, forbidden, notFound, unprocessable } from '../../shared/errors.js';
import { isPublicUpdate, markedPublic, publicLookup, roundGroupFilter, seesRoundGroups, TABLES } from '../../visibility/index.js';
import type { Actor } from '../auth/access.js';
import type { StatusService } from '../status/status.service.js';
import type { VocabService } from '../vocab/vocab.service.js';
import type { DraftCreate, DraftDto, DraftPatch, ReleaseItemDto } from './rounds.schemas.js';
import type { RoundsService } from './rounds.service.js';

/** Round data is internal only: every round route needs a token, so reads use the internal tables. */
const I = TABLES.internal;

interface DraftRow {
  id: number;
  round_id: number;
  demand_id: number;
  group_code: string;
  kind: DraftKind;
  status: Status;
  narrative: string;
  evidence: string;
  addressee: string;
  expected_date: string | null;
  visibility: Visibility;
  state: DraftState;
  status_update_id: number | null;
  created: string;
  modified: string;
  conference: number;
  top: string;
  ziffer: string | null;
  summary: string;
}

interface EvidenceIn {
  kind: EvidenceKind;
  citation: string;
  date: string | null;
  url: string | null;
  visibility: Visibility;
}

const selectDraft = `
  SELECT x.*, c.number AS conference, r.top, d.ziffer, d.summary
  FROM round_drafts x JOIN ${I.demands} d ON d.id = x.demand_id JOIN ${I.resolutions} r ON r.id = d.resolution_id
  JOIN conferences c ON c.id = r.conference_id`;

const isPrivileged = (actor: Actor) => actor.role === 'chair' || actor.role === 'admin';

export function createDraftsService(ctx: Ctx, deps: { vocab: VocabService; rounds: RoundsService; status: StatusService }) {
  const { sqlite, clock } = ctx;
  const cached = statementCache(sqlite);
  const byIdStmt = sqlite.prepare<[number], DraftRow>(`${selectDraft} WHERE x.id = ?`);
  const eventsStmt = sqlite.prepare<[number], { event: DraftEvent; comment: string | null; actor: string; created: string }>(
    'SELECT event, comment, actor, created FROM round_draft_events WHERE draft_id = ? ORDER BY id',
  );
  const insertEvent = sqlite.prepare('INSERT INTO round_draft_events (draft_id, event, comment, actor, created) VALUES (?, ?, ?, ?, ?)');
  const setState = sqlite.prepare('UPDATE round_drafts SET state = ?, modified = ? WHERE id = ?');
  const addresseeStmt = sqlite.prepare<[number, string], { x: number }>(
    `SELECT 1 AS x FROM ${I.demandAddressees} WHERE demand_id = ? AND body_code = ?`,
  );

  const evidenceOf = (json: string) => (JSON.parse(json) as EvidenceIn[]).map((e) => ({ ...e, kindLabel: EVIDENCE_KIND_LABELS[e.kind] }));

  function toDto(r: DraftRow, withEvents = true): DraftDto {
    return {
      id: r.id,
      round: r.round_id,
      demand: { id: r.demand_id, conference: r.conference, top: r.top, ziffer: r.ziffer, summary: r.summary },
      group: r.group_code,
      groupName: deps.rounds.nameOf(r.group_code),
      kind: r.kind,
      kindLabel: DRAFT_KIND_LABELS[r.kind],
      status: r.status,
      statusLabel: STATUS_LABELS[r.status],
      narrative: r.narrative,
      evidence: evidenceOf(r.evidence),
      addressee: r.addressee || null,
      expectedDate: r.expected_date,
      visibility: r.visibility,
      state: r.state,
      stateLabel: DRAFT_STATE_LABELS[r.state],
      statusUpdateId: r.status_update_id,
      events: withEvents ? eventsStmt.all(r.id) : [],
      created: r.created,
      modified: r.modified,
    };
  }

  /** The draft as the actor may see it: other groups' drafts are missing to an editor (404). */
  function row(id: number, actor: Actor | null): DraftRow {
    const r = byIdStmt.get(id);
    if (!r || (actor && !seesRoundGroups(actor, [r.group_code])))
      throw notFound('drafts.not_found', `Der Entwurf ${id} ist nicht vorhanden.`);
    return r;
  }

  function event(draftId: number, e: DraftEvent, comment: string | null, actor: Actor): void {
    insertEvent.run(draftId, e, comment, actor.name, clock.now().toISOString());
  }

  function checkContent(
    demandId: number,
    c: { kind: DraftKind; status: Status; addressee: string | null; expectedDate: string | null },
  ): void {
    if (c.addressee !== null && !addresseeStmt.get(demandId, c.addressee)) {
      throw unprocessable('drafts.unknown_addressee', `„${c.addressee}“ ist kein Adressat der Forderung ${demandId}.`, [
        { field: 'body.addressee', message: 'kein Adressat der Forderung' },
      ]);
    }
    if (c.kind === 'zwischenbericht' && c.expectedDate === null) {
      throw unprocessable('drafts.interim_without_date', 'Ein Zwischenbericht nennt, bis wann die abschließende Antwort erwartet wird.', [
        { field: 'body.expectedDate', message: 'fehlt für einen Zwischenbericht' },
      ]);
    }
  }

  /** Release asOf: the Stichtag, or today when the Stichtag is still ahead (a Sachstand is never dated in the future). */
  const releaseAsOf = (roundAsOf: string) => {
    const today = isoToday(clock);
    return roundAsOf > today ? today : roundAsOf;
  };

  /** A Zwischenbericht's narrative says that it is one and when the answer is due. */
  const releasedNarrative = (r: DraftRow) =>
    r.kind === 'zwischenbericht' && r.expected_date
      ? `Zwischenbericht (abschließende Antwort erwartet bis ${format(new Date(r.expected_date), 'dd.MM.yyyy')}): ${r.narrative}`
      : r.narrative;

  const seenByPublic = publicLookup(sqlite);

  function releasable(roundId: number, selection: number[] | undefined): DraftRow[] {
    const rows = selection
      ? (cached(`${selectDraft} WHERE x.round_id = ? AND x.id IN (${placeholders(selection.length)}) ORDER BY x.id`).all(
          roundId,
          ...selection,
        ) as DraftRow[])
      : (cached(`${selectDraft} WHERE x.round_id = ? AND x.state = 'accepted' ORDER BY x.id`).all(roundId) as DraftRow[]);
    if (selection) {
      const found = new Map(rows.map((r) => [r.id, r]));
      const bad = selection.filter((id) => found.get(id)?.state !== 'accepted');
      if (bad.length > 0) {
        throw unprocessable(
          'rounds.release_not_accepted',
          `Freigegeben werden können nur angenommene Entwürfe dieser Runde; nicht angenommen oder nicht in der Runde: ${bad.join(', ')}.`,
          [{ field: 'body.drafts', message: `nicht freigebbar: ${bad.join(', ')}` }],
        );
      }
    }
    return rows;
  }

  const service = {
    get(id: number, actor: Actor | null): DraftDto {
      return toDto(row(id, actor));
    },

    list(roundId: number, actor: Actor, q: { state?: DraftState[]; group?: string; demand?: number }): DraftDto[] {
      deps.rounds.get(roundId, actor);
      const f = roundGroupFilter(actor, 'x.group_code');
      const where = ['x.round_id = ?', f.sql];
      const params: unknown[] = [roundId, ...f.params];
      if (q.state?.length) {
        where.push(`x.state IN (${placeholders(q.state.length)})`);
        params.push(...q.state);
      }
      if (q.group) {
        where.push('x.group_code = ?');
        params.push(q.group);
      }
      if (q.demand) {
        where.push('x.demand_id = ?');
        params.push(q.demand);
      }
      return (cached(`${selectDraft} WHERE ${where.join(' AND ')} ORDER BY x.id`).all(...params) as DraftRow[]).map((r) => toDto(r));
    },

    /** Call inside the audited write's transaction. */
    create(roundId: number, input: DraftCreate, actor: Actor): DraftDto {
      deps.rounds.assertOpen(roundId);
      if (!deps.rounds.isAssigned(roundId, input.demandId, input.group)) {
        throw unprocessable(
          'drafts.not_assigned',
          `„${deps.rounds.nameOf(input.group)}“ ist in der Berichtsrunde ${roundId} nicht für die Forderung ${input.demandId} zuständig.`,
          [{ field: 'body.group', message: 'nicht zugewiesen' }],
        );
      }
      if (!seesRoundGroups(actor, [input.group])) {
        throw forbidden(
          'drafts.not_own_group',
          `Entwürfe für „${deps.rounds.nameOf(input.group)}“ schreibt nur diese Stelle (oder Vorsitz und Geschäftsstelle).`,
        );
      }
      checkContent(input.demandId, input);
      const existing = sqlite
        .prepare('SELECT id FROM round_drafts WHERE round_id = ? AND demand_id = ? AND group_code = ? AND addressee = ?')
        .get(roundId, input.demandId, input.group, input.addressee ?? '') as { id: number } | undefined;
      if (existing) {
        throw conflict(
          'drafts.exists',
          `Für diese Forderung, Stelle und diesen Adressaten gibt es schon den Entwurf ${existing.id}; bitte ihn bearbeiten.`,
        );
      }
      const now = clock.now().toISOString();
      const r = sqlite
        .prepare(
          `INSERT INTO round_drafts (round_id, demand_id, group_code, kind, status, narrative, evidence, addressee, expected_date, visibility, state, created, modified)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?) RETURNING id`,
        )
        .get(
          roundId,
          input.demandId,
          input.group,
          input.kind,
          input.status,
          input.narrative,
          JSON.stringify(input.evidence),
          input.addressee ?? '',
          input.expectedDate,
          input.visibility,
          now,
          now,
        ) as { id: number };
      event(r.id, 'created', null, actor);
      return service.get(r.id, null);
    },

    /**
     * Editors edit their own group's drafts while they are with them (draft, returned); the office
     * and the chair edit any draft not yet released, with a note saying what and why.
     */
    update(id: number, patch: DraftPatch, actor: Actor): DraftDto {
      const r = row(id, actor);
      deps.rounds.assertOpen(r.round_id);
      const privileged = isPrivileged(actor);
      if (r.state === 'released')
        throw conflict('drafts.released', `Der Entwurf ${id} ist bereits freigegeben und wird nicht mehr geändert.`);
      if (!privileged && r.state !== 'draft' && r.state !== 'returned') {
        throw conflict(
          'drafts.not_editable',
          `Der Entwurf ${id} ist ${DRAFT_STATE_LABELS[r.state]}; ändern kann ihn jetzt nur die Geschäftsstelle oder der Vorsitz.`,
        );
      }
      if (privileged && !patch.note) {
        throw unprocessable(
          'drafts.note_required',
          'Ändern Geschäftsstelle oder Vorsitz einen Entwurf, ist eine Notiz nötig, was und warum geändert wurde.',
          [{ field: 'body.note', message: 'fehlt' }],
        );
      }
      const next = {
        kind: patch.kind ?? r.kind,
        status: patch.status ?? r.status,
        narrative: patch.narrative ?? r.narrative,
        evidence: patch.evidence ? JSON.stringify(patch.evidence) : r.evidence,
        addressee: patch.addressee === undefined ? r.addressee || null : patch.addressee,
        expectedDate: patch.expectedDate === undefined ? r.expected_date : patch.expectedDate,
        visibility: patch.visibility ?? r.visibility,
      };
      checkContent(r.demand_id, next);
      try {
        sqlite
          .prepare(
            `UPDATE round_drafts SET kind = ?, status = ?, narrative = ?, evidence = ?, addressee = ?, expected_date = ?, visibility = ?, modified = ?
             WHERE id = ?`,
          )
          .run(
            next.kind,
            next.status,
            next.narrative,
            next.evidence,
            next.addressee ?? '',
            next.expectedDate,
            next.visibility,
            clock.now().toISOString(),
            id,
          );
      } catch (e) {
        if (String(e).includes('UNIQUE'))
          throw conflict('drafts.exists', 'Für diesen Adressaten gibt es schon einen Entwurf dieser Stelle.');
        throw e;
      }
      event(id, privileged ? 'edited_by_office' : 'edited', patch.note ?? null, actor);
      return service.get(id, null);
    },

    /** A transition of the review: who may, and from which states. */
    transition(id: number, to: 'submitted' | 'returned' | 'accepted', actor: Actor, comment: string | null): DraftDto {
      const r = row(id, actor);
      deps.rounds.assertOpen(r.round_id);
      const from: Record<typeof to, DraftState[]> = {
        submitted: ['draft', 'returned'],
        returned: ['submitted', 'accepted'],
        accepted: ['submitted'],
      };
      if (!from[to].includes(r.state)) {
        throw conflict(
          'drafts.wrong_state',
          `Der Entwurf ${id} ist ${DRAFT_STATE_LABELS[r.state]}; ${to === 'submitted' ? 'einreichen' : to === 'returned' ? 'zurückgeben' : 'annehmen'} geht nur, wenn er ${from[to].map((s) => DRAFT_STATE_LABELS[s]).join(' oder ')} ist.`,
        );
      }
      setState.run(to, clock.now().toISOString(), id);
      event(id, to, comment, actor);
      return service.get(id, null);
    },

    /** Exactly what a release would make of the accepted drafts (or the selection), nothing written. */
    preview(
      roundId: number,
      selection: number[] | undefined,
    ): { round: number; releases: ReleaseItemDto[]; public: number; closesRound: boolean } {
      const round = deps.rounds.row(roundId);
      deps.rounds.assertOpen(roundId);
      const asOf = releaseAsOf(round.as_of);
      const releases = releasable(roundId, selection).map((r) => ({
        draftId: r.id,
        demandId: r.demand_id,
        demand: { conference: r.conference, top: r.top, ziffer: r.ziffer, summary: r.summary },
        reporter: r.group_code,
        reporterName: deps.rounds.nameOf(r.group_code),
        status: r.status,
        statusLabel: STATUS_LABELS[r.status],
        asOf,
        narrative: releasedNarrative(r),
        evidence: evidenceOf(r.evidence),
        addressee: r.addressee || null,
        visibility: r.visibility,
        public: isPublicUpdate(r, seenByPublic.demand(r.demand_id)),
      }));
      return { round: roundId, releases, public: releases.filter((i) => i.public).length, closesRound: selection === undefined };
    },

    /**
     * Releases the accepted drafts (or a selection) as status updates, in one transaction (the
     * caller's audited write): each becomes an append-only update with its visibility, reporter
     * and addressee; each demand's status is derived again once. Without a selection the round
     * is closed afterwards.
     */
    release(
      roundId: number,
      selection: number[] | undefined,
      actor: Actor,
    ): { draftId: number; demandId: number; statusUpdateId: number }[] {
      const round = deps.rounds.row(roundId);
      deps.rounds.assertOpen(roundId);
      const rows = releasable(roundId, selection);
      const now = clock.now().toISOString();
      const asOf = releaseAsOf(round.as_of);
      const insertUpdate = cached(
        `INSERT INTO ${I.statusUpdates} (demand_id, status, as_of, narrative, reporter, corrects_id, visibility, addressee, round_id, created)
         VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?) RETURNING id`,
      );
      const insertEvidence = cached(
        `INSERT INTO ${I.evidence} (status_update_id, position, kind, citation, date, url, visibility) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      const markReleased = cached("UPDATE round_drafts SET state = 'released', status_update_id = ?, modified = ? WHERE id = ?");
      const out: { draftId: number; demandId: number; statusUpdateId: number }[] = [];
      const touched = new Map<number, boolean>();
      for (const r of rows) {
        const u = insertUpdate.get(
          r.demand_id,
          r.status,
          asOf,
          releasedNarrative(r),
          r.group_code,
          r.visibility,
          r.addressee || null,
          roundId,
          now,
        ) as { id: number };
        (JSON.parse(r.evidence) as EvidenceIn[]).forEach((e, i) => {
          insertEvidence.run(u.id, i, e.kind, e.citation, e.date, e.url, e.visibility);
        });
        markReleased.run(u.id, now, r.id);
        event(r.id, 'released', `Sachstand ${u.id}`, actor);
        touched.set(r.demand_id, (touched.get(r.demand_id) ?? false) || markedPublic(r));
        out.push({ draftId: r.id, demandId: r.demand_id, statusUpdateId: u.id });
      }
      for (const [demandId, publicWrite] of touched) deps.status.refresh(demandId, publicWrite);
      sqlite
        .prepare(
          `UPDATE rounds SET released = ?, modified = ?, state = CASE WHEN ? THEN 'closed' ELSE state END,
           closed = CASE WHEN ? THEN ? ELSE closed END WHERE id = ?`,
        )
        .run(now, now, selection === undefined ? 1 : 0, selection === undefined ? 1 : 0, now, roundId);
      return out;
    },

    /** Does the demand have drafts (it then cannot be deleted)? */
    countFor(demandId: number): number {
      return (sqlite.prepare('SELECT count(*) AS n FROM round_drafts WHERE demand_id = ?').get(demandId) as { n: number }).n;
    },
  };
  return service;
}
export type DraftsService = ReturnType<typeof createDraftsService>;
