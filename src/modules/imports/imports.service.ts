// Import of a published resolution collection: upload → draft (parsed, with link suggestions)
// → review and corrections → commit in one transaction through the existing services' verbs.
// Nothing but the draft is written before the commit, and nothing at all when the input is refused.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { count, desc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../context.js';
import { importDrafts } from '../../db/schema.js';
import { SEEDS_DIR } from '../../paths.js';
import { conflict, notFound, unavailable, unprocessable } from '../../shared/errors.js';
import type { ConferencesService } from '../conferences/conferences.service.js';
import type { DemandsService } from '../demands/demands.service.js';
import type { ResolutionsService } from '../resolutions/resolutions.service.js';
import type { ThreadsService } from '../threads/threads.service.js';
import type { VocabService } from '../vocab/vocab.service.js';
import { type DraftMetaAhead, draftOf, type NewRow, newDraftAnswer, type Row, summaryOf, toDto } from './imports.dto.js';
import { buildLinkIndex } from './imports.links.js';
import { importQueries, loadLinkCorpus } from './imports.queries.js';
import type {
  ImportCommitResult,
  ImportDemand,
  ImportDemandPatch,
  ImportDraftDto,
  ImportDraftSummaryDto,
  ImportResolutionPatch,
  LinkSuggestion,
  ParsedDocument,
} from './imports.schemas.js';
import { NotACollectionError } from './parse/index.js';
import { PdfError } from './pdf.js';
import { checkedLength, UploadRefusal } from './upload-text.js';
import { ImportBudgetError, ImportBusyError, type ImportRunner, inProcessRunner, type ParsedDraft } from './worker/runner.js';
import type { ImportSource } from './worker/task.js';

/** Largest upload accepted (the route refuses bigger bodies with 413 before reading them). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const IMPORT_CONTENT_TYPES = ['application/pdf', 'text/plain'] as const;
export type ImportContentType = (typeof IMPORT_CONTENT_TYPES)[number];

/**
 * A published collection (not one of the benches' documents) that the worker reads once when it
 * starts: a first import of 1 MB took about 1 s more CPU than the next ones (parser and link
 * index not yet compiled, heap not yet grown); warming up on 80 kB moves most of that to idle time.
 */
const WARM_UP_DOCUMENT = join(SEEDS_DIR, 'sources', 'intmk-16-2021-beschluesse.txt');

export interface ImportInput {
  data: Buffer;
  contentType: ImportContentType;
  filename?: string | null;
}

export type Progress = (message: string) => void;

/**
 * Wraps the one synchronous step of an upload that writes (callers put their audit record
 * around it); the default just runs it.
 */
export type StoreDraft = (store: () => ImportDraftDto) => ImportDraftDto;

/** The same document was stored by another upload while this one was being read. */
class AlreadyImported extends Error {
  constructor(readonly row: Row) {
    super('already imported');
  }
}

const PDF_CODES: Record<PdfError['code'], string> = {
  broken: 'imports.pdf_broken',
  encrypted: 'imports.pdf_encrypted',
  no_text: 'imports.pdf_no_text',
  too_many_pages: 'imports.pdf_too_many_pages',
  too_large: 'imports.pdf_too_large',
  too_long: 'imports.too_long',
};

/**
 * Lets the event loop answer what is waiting. One setImmediate is not enough: the worker's message
 * is handled in the poll phase, and the check phase that follows it runs before the next poll
 * reads the requests that arrived meanwhile; the second setImmediate runs after that poll.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/** Each mention (year, words) once, in the order given. */
function uniqueMentions<T extends { year: number; text: string }>(list: readonly T[]): T[] {
  return list.filter((m, i) => list.findIndex((x) => x.year === m.year && x.text === m.text) === i);
}

export function createImportsService(
  ctx: Ctx,
  deps: {
    vocab: VocabService;
    conferences: ConferencesService;
    resolutions: ResolutionsService;
    demands: DemandsService;
    threads: ThreadsService;
    /** Where parsing and PDF reading run (a worker pool in the server); in process by default. */
    runner?: ImportRunner;
  },
) {
  const runner = deps.runner ?? inProcessRunner;
  const { db, sqlite, clock } = ctx;
  const q = importQueries(sqlite);

  /** Inserts a new draft with its document already serialised (UTF-8 JSON); returns its id. */
  function insertDraft(values: Omit<NewRow, 'draft'>, draft: Uint8Array): number {
    const { lastInsertRowid } = db
      .insert(importDrafts)
      // Bound as a blob and stored as the text it is, without becoming a string on the way.
      .values({ ...values, draft: sql`CAST(${Buffer.from(draft.buffer, draft.byteOffset, draft.byteLength)} AS TEXT)` })
      .run();
    return Number(lastInsertRowid);
  }

  function rowById(id: number): Row {
    const row = db.select().from(importDrafts).where(eq(importDrafts.id, id)).get();
    if (!row) throw notFound('imports.not_found', `Der Import-Entwurf ${id} ist nicht vorhanden.`);
    return row;
  }

  function editable(id: number): Row {
    const row = rowById(id);
    if (row.status === 'committed') {
      throw conflict('imports.already_committed', `Der Import-Entwurf ${id} ist bereits übernommen und kann nicht mehr geändert werden.`);
    }
    return row;
  }

  function save(row: Row, doc: ParsedDocument): ImportDraftDto {
    const updated = db
      .update(importDrafts)
      .set({ draft: doc, conferenceNumber: doc.conference.number, modified: clock.now().toISOString() })
      .where(eq(importDrafts.id, row.id))
      .returning()
      .get();
    return toDto(updated);
  }

  /** One correction of a draft not yet committed: read, change, save, in one transaction. */
  function edit(id: number, change: (doc: ParsedDocument) => void): ImportDraftDto {
    return db.transaction(() => {
      const row = editable(id);
      const doc = draftOf(row);
      change(doc);
      return save(row, doc);
    });
  }

  /** A new draft's row as known before the worker reads it; it is created when its upload is read. */
  function draftAhead(filename: string | null, contentType: ImportContentType, pages: number | null): DraftMetaAhead {
    const now = clock.now().toISOString();
    return { status: 'draft', filename, contentType, pages, created: now, modified: now };
  }

  /** Adds link suggestions to every demand of the draft, against what the database holds now. */
  function suggestLinks(doc: ParsedDocument): void {
    const index = buildLinkIndex(sqlite, doc.conference.number);
    for (const r of doc.resolutions) for (const d of r.demands) d.suggestions = index.suggest(d);
  }

  /**
   * Reads a new draft in the runner, off the event loop: the text's fingerprint, the parse, the
   * link suggestions (about as costly) and the draft's serialisation (imports.dto.ts).
   */
  function parseWithLinks(source: ImportSource, draft: DraftMetaAhead, known: string[]): Promise<ParsedDraft> {
    const bodies = deps.vocab.bodies('internal').map((b) => ({ code: b.code, name: b.name, kind: b.kind }));
    const corpus = loadLinkCorpus(sqlite, null);
    return offThread(() => runner.parse(source, bodies, corpus, draft, known));
  }

  /** Maps the worker's budget and queue errors to problems; the rest passes through. */
  async function offThread<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (err) {
      if (err instanceof ImportBusyError) {
        throw unavailable('imports.busy', 'Es werden gerade zu viele Dokumente gelesen. Bitte in einer Minute erneut versuchen.', 60);
      }
      if (err instanceof ImportBudgetError) {
        throw unprocessable(
          'imports.over_budget',
          err.message === 'memory'
            ? 'Das Dokument braucht beim Lesen mehr Speicher als erlaubt; es wurde abgewiesen.'
            : 'Das Dokument ließ sich nicht in der erlaubten Zeit lesen; es wurde abgewiesen.',
        );
      }
      throw err;
    }
  }

  /**
   * What the worker reads the draft from: a PDF's text, extracted in the worker first, or a text
   * file's bytes, which the worker decodes itself.
   */
  async function sourceOf(input: ImportInput, progress: Progress): Promise<{ source: ImportSource; pages: number | null }> {
    if (input.data.length === 0) throw unprocessable('imports.empty', 'Die Datei ist leer.');
    if (input.data.length > MAX_IMPORT_BYTES) {
      throw unprocessable('imports.too_large', `Die Datei ist größer als ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
    }
    if (input.contentType !== 'application/pdf') return { source: { data: input.data }, pages: null };
    progress('Lese PDF …');
    try {
      const { text, pages } = await offThread(() => runner.extractPdf(input.data));
      progress(`Text aus ${pages} Seiten gelesen (${text.length} Zeichen).`);
      return { source: { text: checkedLength(text) }, pages };
    } catch (err) {
      if (err instanceof PdfError) throw unprocessable(PDF_CODES[err.code], err.message);
      if (err instanceof UploadRefusal) throw unprocessable(err.code, err.message);
      throw err;
    }
  }

  const service = {
    /**
     * Parses an upload into a draft; the same document a second time returns the first draft and
     * writes nothing. Reading a PDF is asynchronous and stays outside any transaction: only the
     * insert runs inside `storeDraft`.
     */
    async create(
      input: ImportInput,
      progress: Progress = () => {},
      storeDraft: StoreDraft = (store) => store(),
    ): Promise<{ draft: ImportDraftDto; created: boolean }> {
      const { source, pages } = await sourceOf(input, progress);
      progress('Erkenne TOPs und Forderungen …');
      const ahead = draftAhead(input.filename ?? null, input.contentType, pages);
      // The worker fingerprints and reads the document in one step; one that a draft was read from
      // already it only fingerprints.
      const known = db
        .select({ fingerprint: importDrafts.fingerprint })
        .from(importDrafts)
        .all()
        .map((r) => r.fingerprint);
      const read = async (knownNow: string[]) => {
        try {
          return await parseWithLinks(source, ahead, knownNow);
        } catch (err) {
          if (err instanceof NotACollectionError) throw unprocessable('imports.not_intmk', err.message);
          if (err instanceof UploadRefusal) throw unprocessable(err.code, err.message);
          throw err;
        }
      };
      let parsed = await read(known);
      const { fingerprint } = parsed;
      const byFingerprint = () => db.select().from(importDrafts).where(eq(importDrafts.fingerprint, fingerprint)).get();
      const existing = byFingerprint();
      if (existing) {
        progress(`Dieses Dokument wurde bereits importiert (Entwurf ${existing.id}, Status ${existing.status}).`);
        return { draft: toDto(existing), created: false };
      }
      // Its draft was discarded while the worker fingerprinted it: read it after all.
      if (!parsed.serialised) parsed = await read([]);
      if (!parsed.serialised) throw new Error('the worker read no draft');
      const { summary, rest, draft: draftBytes } = parsed.serialised;
      const { conference, counts } = summary;
      progress(`${conference.number}. IntMK ${conference.year ?? ''}: ${counts.resolutions} TOPs, ${counts.demands} Forderungen erkannt.`);
      const values = { ...ahead, fingerprint, characters: summary.source.characters, conferenceNumber: conference.number };
      // Requests that came in meanwhile are answered before the transaction holds the event loop.
      await nextTurn();
      let draft: ImportDraftDto;
      try {
        draft = storeDraft(() => {
          // Throwing rolls back the caller's transaction, so a lost race leaves no audit record.
          const raced = byFingerprint();
          if (raced) throw new AlreadyImported(raced);
          return newDraftAnswer(summary, insertDraft(values, draftBytes), rest);
        });
      } catch (err) {
        if (err instanceof AlreadyImported) return { draft: toDto(err.row), created: false };
        throw err;
      }
      progress(`Entwurf ${draft.id} angelegt.`);
      // And again before the answer's 2 MB are hashed for its ETag and written to the socket.
      await nextTurn();
      return { draft, created: true };
    },

    /**
     * Starts the runner's worker and has it read WARM_UP_DOCUMENT once, writing nothing (the
     * server calls this a second after its first request). Without the document there is nothing to warm up on.
     */
    async warmUp(): Promise<void> {
      await runner.start();
      const text = await readFile(WARM_UP_DOCUMENT, 'utf8').catch(() => null);
      if (text === null) return;
      await parseWithLinks({ text }, draftAhead(null, 'text/plain', null), []);
    },

    get(id: number): ImportDraftDto {
      return toDto(rowById(id));
    },

    list(q: { limit: number; offset: number; status?: Row['status'] | undefined }): { items: ImportDraftSummaryDto[]; total: number } {
      const where = q.status ? eq(importDrafts.status, q.status) : undefined;
      const total = db.select({ n: count() }).from(importDrafts).where(where).get()?.n ?? 0;
      const rows = db
        .select()
        .from(importDrafts)
        .where(where)
        .orderBy(desc(importDrafts.modified), desc(importDrafts.id))
        .limit(q.limit)
        .offset(q.offset)
        .all();
      return {
        items: rows.map((row) => summaryOf(toDto(row))),
        total,
      };
    },

    patchConference(id: number, patch: Partial<ParsedDocument['conference']>): ImportDraftDto {
      return edit(id, (doc) => {
        doc.conference = { ...doc.conference, ...patch };
      });
    },

    patchResolution(id: number, top: string, patch: ImportResolutionPatch): ImportDraftDto {
      return edit(id, (doc) => {
        const r = doc.resolutions.find((x) => x.top === top);
        if (!r) throw notFound('imports.resolution_not_found', `Der Entwurf ${id} enthält keinen TOP ${top}.`);
        Object.assign(r, patch);
        const keys = new Set(r.demands.map((d) => d.key));
        for (const [i, n] of r.notes.entries()) {
          if (n.demand !== null && !keys.has(n.demand)) {
            throw unprocessable(
              'imports.note_unknown_demand',
              `TOP ${top}: Die Protokollnotiz betrifft ${n.demand}, keine Forderung dieses TOP.`,
              [{ field: `body.notes.${i}.demand`, message: 'keine Forderung dieses TOP' }],
            );
          }
        }
      });
    },

    patchDemand(id: number, key: string, patch: ImportDemandPatch): ImportDraftDto {
      return edit(id, (doc) => {
        const d = doc.resolutions.flatMap((r) => r.demands).find((x) => x.key === key);
        if (!d) throw notFound('imports.demand_not_found', `Der Entwurf ${id} enthält keine Forderung ${key}.`);
        Object.assign(d, patch);
        if (d.leadAddressee !== null && !d.addressees.includes(d.leadAddressee)) {
          throw unprocessable(
            'imports.lead_not_addressee',
            `Forderung ${key}: Federführend kann nur ein Adressat sein, ${d.leadAddressee} ist keiner.`,
            [{ field: 'body.leadAddressee', message: 'kein Adressat' }],
          );
        }
      });
    },

    decideSuggestion(
      id: number,
      suggestionId: string,
      decision: LinkSuggestion['decision'],
      relation?: LinkSuggestion['relation'],
    ): ImportDraftDto {
      return edit(id, (doc) => {
        const s = doc.resolutions
          .flatMap((r) => r.demands)
          .flatMap((d) => d.suggestions)
          .find((x) => x.id === suggestionId);
        if (!s) throw notFound('imports.suggestion_not_found', `Der Entwurf ${id} enthält keinen Verknüpfungsvorschlag ${suggestionId}.`);
        s.decision = decision;
        if (relation) s.relation = relation;
      });
    },

    /** Recomputes the link suggestions against the current record; decisions already taken are kept. */
    refreshSuggestions(id: number): ImportDraftDto {
      return edit(id, (doc) => {
        const decided = new Map(doc.resolutions.flatMap((r) => r.demands.flatMap((d) => d.suggestions.map((s) => [s.id, s] as const))));
        suggestLinks(doc);
        for (const r of doc.resolutions)
          for (const d of r.demands)
            for (const s of d.suggestions) {
              s.decision = decided.get(s.id)?.decision ?? 'pending';
              s.relation = decided.get(s.id)?.relation ?? s.relation;
            }
      });
    },

    /** Writes the reviewed draft as conference, resolutions, demands and thread links: all or nothing. */
    commit(id: number, progress: Progress = () => {}): ImportCommitResult {
      const result = db.transaction(() => {
        const row = rowById(id);
        if (row.status === 'committed') {
          throw conflict(
            'imports.already_committed',
            `Der Import-Entwurf ${id} ist bereits übernommen (${row.committedConference}. IntMK); ein zweites Übernehmen würde alles doppelt anlegen.`,
          );
        }
        const doc = draftOf(row);
        const c = doc.conference;
        if (c.number === null || c.year === null) {
          throw unprocessable('imports.conference_incomplete', 'Nummer und Jahr der Konferenz fehlen im Entwurf; bitte zuerst ergänzen.', [
            { field: 'conference', message: 'number und year fehlen' },
          ]);
        }
        const present = q.conference(c.number);
        if (present && present.n > 0) {
          throw conflict(
            'imports.conference_exists',
            `Die ${c.number}. IntMK ist bereits mit ${present.n} Beschlüssen erfasst; der Import würde sie doppelt anlegen.`,
          );
        }
        const known = new Set(deps.vocab.bodies('internal').map((b) => b.code));
        const included = doc.resolutions.filter((r) => r.included);
        for (const r of included) {
          for (const d of r.demands.filter((x) => x.accepted)) {
            const unknown = d.addressees.filter((a) => !known.has(a));
            if (unknown.length) {
              throw unprocessable(
                'imports.unknown_body',
                `Forderung ${d.key}: unbekannte Adressaten ${unknown.join(', ')}; bitte im Entwurf korrigieren oder die Stellen anlegen.`,
                [{ field: `demands.${d.key}.addressees`, message: unknown.join(', ') }],
              );
            }
            if (d.addressees.length === 0) {
              throw unprocessable('imports.no_addressee', `Forderung ${d.key} hat keinen Adressaten.`, [
                { field: `demands.${d.key}.addressees`, message: 'leer' },
              ]);
            }
            // Suggestions were computed against what the public saw then. A target made internal,
            // rejected or deleted since would link a public demand to hidden content (and name a
            // new thread after it): the curator has to look at the suggestions again.
            for (const s of d.suggestions.filter((x) => x.decision === 'accepted')) {
              if (!q.isPublicTarget(s.target.type, s.target.id)) {
                const what = s.target.type === 'thread' ? `den Strang ${s.target.id}` : `die Forderung ${s.target.id}`;
                throw conflict(
                  'imports.stale_suggestion',
                  `Forderung ${d.key}: Der angenommene Vorschlag verweist auf ${what}, die inzwischen nicht mehr öffentlich oder nicht mehr erfasst ist. Bitte die Vorschläge neu berechnen (POST /api/v1/imports/${id}/suggestions/refresh) und erneut entscheiden.`,
                );
              }
            }
          }
        }

        if (!present) {
          deps.conferences.create({
            number: c.number,
            year: c.year,
            kind: c.kind,
            startDate: c.startDate,
            endDate: c.endDate,
            place: c.place,
            chairLand: c.chairLand,
            note: row.filename ? `Importiert aus ${row.filename}` : 'Importiert',
          });
        } else {
          // A placeholder conference (referenced before, no resolutions yet) is filled in where empty.
          const current = deps.conferences.get(c.number, 'internal');
          deps.conferences.update(c.number, {
            ...(current.startDate ? {} : { startDate: c.startDate }),
            ...(current.endDate ? {} : { endDate: c.endDate }),
            ...(current.place ? {} : { place: c.place }),
            ...(current.chairLand ? {} : { chairLand: c.chairLand }),
          });
        }
        const conferenceNumbers = q.conferenceNumbers();

        let resolutions = 0;
        let demands = 0;
        let threadLinks = 0;
        let threadMentions = 0;
        /** Adds mentions to a thread, each (year, words) once. */
        const mention = (threadId: number, add: ImportDemand['mentions']) => {
          const current = deps.threads.get(threadId, 'internal').mentions;
          const fresh = uniqueMentions(add).filter((m) => !current.some((x) => x.year === m.year && x.text === m.text));
          if (fresh.length === 0) return;
          deps.threads.update(threadId, { mentions: [...current, ...fresh].sort((a, b) => a.year - b.year) });
          threadMentions += fresh.length;
        };
        for (const r of included) {
          const accepted = r.demands.filter((x) => x.accepted);
          for (const [i, n] of r.notes.entries()) {
            if (n.demand !== null && !accepted.some((d) => d.key === n.demand)) {
              throw unprocessable(
                'imports.note_demand_not_accepted',
                `TOP ${r.top}: Die Protokollnotiz betrifft ${n.demand}, das nicht als Forderung übernommen wird; bitte die Notiz oder die Forderung korrigieren.`,
                [{ field: `resolutions.${r.top}.notes.${i}.demand`, message: n.demand }],
              );
            }
          }
          // A collection of adopted resolutions records neither votes nor reasons.
          const created = deps.resolutions.create(c.number, {
            reasoning: null,
            votes: [],
            top: r.top,
            agendaHeading: r.agendaHeading,
            title: r.title,
            proposers: r.proposers,
            coordinatingLand: r.coordinatingLand,
            greenList: r.greenList,
            adoption: r.adoption,
            mergedIntoTop: r.mergedIntoTop,
            circular: r.circular,
            budgetReservation: r.budgetReservation,
            subtitle: r.subtitle,
            withdrawnBy: r.withdrawnBy,
            preamble: r.preamble,
            ziffern: r.ziffern,
            closingText: r.closingText,
            // Notes about one demand are linked once the demands exist (below).
            notes: r.notes.map(({ demand: _demand, ...n }) => ({ ...n, demandId: null, visibility: 'public' as const })),
            visibility: 'public',
          });
          resolutions++;
          const demandIds = new Map<string, number>();
          for (const d of accepted) {
            const demand = deps.demands.create(created.id, {
              ziffer: d.ziffer,
              kind: d.kind,
              wording: d.wording,
              summary: d.summary.slice(0, 500),
              addressees: d.addressees,
              topics: d.topics,
              dueDate: d.dueDate,
              dueConference: d.dueConference !== null && conferenceNumbers.has(d.dueConference) ? d.dueConference : null,
              responsible: d.responsible,
              leadAddressee: d.leadAddressee,
              reportBack: d.reportBack,
              visibility: 'public',
            });
            demandIds.set(d.key, demand.id);
            demands++;
            // A demand may join several threads (docs/decisions/0010), each once.
            const joined = new Set<number>();
            for (const s of d.suggestions.filter((x) => x.decision === 'accepted')) {
              if (s.target.type === 'thread') {
                if (joined.has(s.target.id)) continue;
                deps.threads.addMember(s.target.id, { demandId: demand.id, relation: s.relation });
                joined.add(s.target.id);
              } else {
                const earlier = deps.demands.get(s.target.id, 'internal');
                if (earlier.thread) {
                  if (joined.has(earlier.thread.id)) continue;
                  deps.threads.addMember(earlier.thread.id, { demandId: demand.id, relation: s.relation });
                  joined.add(earlier.thread.id);
                } else {
                  const thread = deps.threads.create({
                    title: earlier.summary.slice(0, 500),
                    description: null,
                    origin: null,
                    mentions: [],
                    members: [
                      { demandId: earlier.id, relation: 'raised_first' },
                      { demandId: demand.id, relation: s.relation },
                    ],
                  });
                  joined.add(thread.id);
                }
              }
              threadLinks++;
            }
            // What the text says about earlier raisings goes to its threads; without one, the demand
            // starts a thread whose first raising is the mention (the demand reiterates it).
            if (d.mentions.length > 0) {
              if (joined.size === 0) {
                deps.threads.create({
                  title: d.summary.slice(0, 500),
                  description: null,
                  origin: null,
                  mentions: uniqueMentions(d.mentions).sort((a, b) => a.year - b.year),
                  members: [{ demandId: demand.id, relation: 'reiterated' }],
                });
                threadMentions += uniqueMentions(d.mentions).length;
              } else {
                for (const threadId of joined) mention(threadId, d.mentions);
              }
            }
          }
          if (r.notes.some((n) => n.demand !== null)) {
            deps.resolutions.update(created.id, {
              notes: r.notes.map(({ demand, ...n }) => ({
                ...n,
                demandId: demand === null ? null : (demandIds.get(demand) ?? null),
                visibility: 'public' as const,
              })),
            });
          }
        }
        const now = clock.now().toISOString();
        db.update(importDrafts)
          .set({ status: 'committed', committedConference: c.number, committed: now, modified: now })
          .where(eq(importDrafts.id, id))
          .run();
        return { draft: id, conference: c.number, resolutions, demands, threadLinks, threadMentions };
      });
      progress(
        `Übernommen: ${result.resolutions} Beschlüsse, ${result.demands} Forderungen, ${result.threadLinks} Verknüpfungen, ${result.threadMentions} frühere Erwähnungen.`,
      );
      return result;
    },

    remove(id: number): void {
      const row = rowById(id);
      if (row.status === 'committed') {
        // The committed record stays the proof that this document was imported (and blocks a second import).
        throw conflict('imports.already_committed', `Der Import-Entwurf ${id} ist übernommen und bleibt als Nachweis erhalten.`);
      }
      db.delete(importDrafts).where(eq(importDrafts.id, id)).run();
    },
  };
  return service;
}
export type ImportsService = ReturnType<typeof createImportsService>;
