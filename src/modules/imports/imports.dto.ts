// The draft as stored and as answered (GET /imports/{id}), in functions of their own so that the
// import worker serialises a new draft exactly as the service reads it (worker/task.ts).
import type { importDrafts } from '../../db/schema.js';
import type { ImportDraftDto, ImportDraftSummaryDto, ParsedDocument } from './imports.schemas.js';

export type Row = typeof importDrafts.$inferSelect;
export type NewRow = Omit<Row, 'id' | 'committedConference' | 'committed'>;
/** What a new draft's row holds besides its document (the worker fills in the conference). */
export type NewDraftMeta = Omit<NewRow, 'draft' | 'conferenceNumber'>;
/** What the service knows of a new draft before the worker has read it (which gives the fingerprint). */
export type DraftMetaAhead = Omit<NewDraftMeta, 'fingerprint'>;

/**
 * The stored draft with the fields of the record model that drafts made before them lack (lead
 * addressee, report-back duty, mentions, Ziffer headings, note links …): their neutral defaults,
 * so an old draft reads, patches and commits like a new one.
 */
export function draftOf(row: Row): ParsedDocument {
  const doc = row.draft as ParsedDocument;
  for (const r of doc.resolutions) {
    r.withdrawnBy ??= null;
    r.closingText ??= null;
    r.subtitle ??= null;
    r.ziffern = r.ziffern.map((z) => ({ ...z, heading: z.heading ?? null }));
    r.notes = r.notes.map((n) => ({ ...n, demand: n.demand ?? null, budgetReservation: n.budgetReservation ?? false }));
    for (const d of r.demands) {
      d.dueDate ??= null;
      d.topics ??= [];
      d.responsible ??= [];
      d.leadAddressee ??= null;
      d.reportBack ??= false;
      d.mentions ??= [];
      for (const s of d.suggestions) s.relation ??= 'reiterated';
    }
  }
  return doc;
}

/** The answer for a draft (GET /imports/{id}); the id comes first, which serialiseNew relies on. */
export function toDto(row: Row): ImportDraftDto {
  const doc = draftOf(row);
  const demands = doc.resolutions.flatMap((r) => r.demands);
  return {
    id: row.id,
    status: row.status,
    fingerprint: row.fingerprint,
    source: { filename: row.filename, contentType: row.contentType, pages: row.pages, characters: row.characters },
    conference: doc.conference,
    resolutions: doc.resolutions,
    warnings: doc.warnings,
    counts: {
      resolutions: doc.resolutions.length,
      demands: demands.length,
      suggestions: demands.reduce((n, d) => n + d.suggestions.length, 0),
    },
    committedConference: row.committedConference,
    created: row.created,
    modified: row.modified,
    committed: row.committed,
  };
}

/** A draft as GET /imports lists it: everything but its TOPs and warnings. */
export function summaryOf(dto: ImportDraftDto): ImportDraftSummaryDto {
  const { resolutions: _r, warnings: _w, ...summary } = dto;
  return summary;
}

/** A new draft serialised, as UTF-8: the document as stored, the answer but for its head `{"id":…,`. */
export interface SerialisedDraft {
  draft: Uint8Array;
  rest: Uint8Array;
}

/**
 * Serialises a new draft ahead of its insert: the document as stored, and the answer (what toDto
 * gives, as the serialiser writes it) but for the id, which the insert gives. Each is 2 MB of JSON
 * for a 1 MB text. The worker calls this after the parse; bytes cross to the event loop for free,
 * where strings this long cost 20-35 ms to receive. It fills in the defaults of the document in
 * place, as toDto does.
 */
export function serialiseNew(meta: NewDraftMeta, doc: ParsedDocument): SerialisedDraft {
  // Before toDto, which fills in the defaults of older drafts' fields in place.
  const draft = Buffer.from(JSON.stringify(doc), 'utf8');
  const dto = toDto({ ...meta, conferenceNumber: doc.conference.number, draft: doc, id: 0, committedConference: null, committed: null });
  const json = JSON.stringify(dto);
  const head = '{"id":0,';
  if (!json.startsWith(head)) throw new Error('toDto must put the id first');
  return { draft, rest: Buffer.from(json.slice(head.length), 'utf8') };
}

/** The answer for a new draft whose id the insert gave: `{"id":<id>,` and the rest serialised ahead. */
export function answerBytes(id: number, rest: Uint8Array): Buffer {
  const head = Buffer.from(`{"id":${id},`, 'utf8');
  return Buffer.concat([head, rest], head.length + rest.length);
}
