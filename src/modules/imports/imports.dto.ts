// The draft as stored and as answered (GET /imports/{id}), in functions of their own so that the
// import worker serialises a new draft exactly as the service reads it (worker/task.ts).
import type { importDrafts } from '../../db/schema.js';
import { withJsonBytes } from '../../shared/json.js';
import type { ImportDraftDto, ImportDraftSummaryDto, ParsedDocument } from './imports.schemas.js';

export type Row = typeof importDrafts.$inferSelect;
export type NewRow = Omit<Row, 'id' | 'committedConference' | 'committed'>;
/** What a new draft's row holds besides its document (the worker fills in the conference). */
export type NewDraftMeta = Omit<NewRow, 'draft' | 'conferenceNumber'>;
/** What the service knows of a new draft before the worker has read it (which gives its text's length and fingerprint). */
export type DraftMetaAhead = Omit<NewDraftMeta, 'fingerprint' | 'characters'>;

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

/** A draft as GET /imports lists it: everything but its TOPs and warnings, which it does not read. */
export function summaryOf(dto: ImportDraftDto): ImportDraftSummaryDto {
  const fields = Object.keys(dto).filter((key) => key !== 'resolutions' && key !== 'warnings');
  return Object.fromEntries(fields.map((key) => [key, dto[key as keyof ImportDraftDto]])) as ImportDraftSummaryDto;
}

/**
 * A new draft read by the worker: its document as stored and its answer but for the head
 * `{"id":…,`, as UTF-8 JSON, and the summary of the answer (id 0: the insert gives it).
 */
export interface SerialisedDraft {
  draft: Uint8Array;
  rest: Uint8Array;
  summary: ImportDraftSummaryDto;
}

/**
 * Serialises a new draft ahead of its insert: the document as stored, and the answer (what toDto
 * gives, as the serialiser writes it) but for the id. Both hold the resolutions, 2.3 MB of JSON for
 * a 1 MB text: they are serialised and encoded once, for both. The worker calls this after the
 * parse: bytes cross to the event loop for free, where strings this long cost 20-35 ms to receive,
 * and the document's objects as many again in garbage collection. It fills in the defaults of the
 * document in place first (as toDto does), so the document is stored with them.
 */
export function serialiseNew(meta: NewDraftMeta, doc: ParsedDocument): SerialisedDraft {
  const dto = toDto({ ...meta, conferenceNumber: doc.conference.number, draft: doc, id: 0, committedConference: null, committed: null });
  const resolutions = Buffer.from(JSON.stringify(dto.resolutions), 'utf8');
  const utf8 = (text: string) => Buffer.from(text, 'utf8');
  // The document's own keys in their order: JSON.stringify(doc) would give the same text.
  const draft =
    Object.keys(doc).join() === 'conference,resolutions,warnings'
      ? Buffer.concat([
          utf8(`{"conference":${JSON.stringify(doc.conference)},"resolutions":`),
          resolutions,
          utf8(`,"warnings":${JSON.stringify(doc.warnings)}}`),
        ])
      : utf8(JSON.stringify(doc));
  // The answer around an empty list of resolutions: outside strings a quote is a quote, so the one
  // `"resolutions":[]` is the key (the counts' "resolutions" is a number).
  const shell = JSON.stringify({ ...dto, resolutions: [] });
  const head = '{"id":0,';
  const key = '"resolutions":[]';
  const at = shell.indexOf(key);
  if (!shell.startsWith(head) || at < 0) throw new Error('toDto must put the id first and give the resolutions');
  const rest = Buffer.concat([utf8(`${shell.slice(head.length, at)}"resolutions":`), resolutions, utf8(shell.slice(at + key.length))]);
  return { draft, rest, summary: summaryOf(dto) };
}

/**
 * The answer for a new draft whose id the insert gave, sent as the bytes the worker wrote. Its TOPs
 * and warnings are parsed from them only when read (the CLI reads them; the server only sends
 * them), so a 2 MB draft does not become objects on the event loop for nothing.
 */
export function newDraftAnswer(summary: ImportDraftSummaryDto, id: number, rest: Uint8Array): ImportDraftDto {
  const head = Buffer.from(`{"id":${id},`, 'utf8');
  const json = Buffer.concat([head, rest], head.length + rest.length);
  let parsed: ImportDraftDto | undefined;
  const whole = () => (parsed ??= JSON.parse(json.toString('utf8')) as ImportDraftDto);
  // The keys in toDto's order, as the bytes have them: serialised without its bytes, the object
  // gives the same text.
  const { status, fingerprint, source, conference, counts, committedConference, created, modified, committed } = summary;
  const answer: ImportDraftDto = {
    id,
    status,
    fingerprint,
    source,
    conference,
    get resolutions() {
      return whole().resolutions;
    },
    get warnings() {
      return whole().warnings;
    },
    counts,
    committedConference,
    created,
    modified,
    committed,
  };
  return withJsonBytes(answer, json);
}
