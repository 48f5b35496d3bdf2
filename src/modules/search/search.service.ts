import type { Ctx } from '../../context.js';
import { statementCache } from '../../db/statements.js';
import { parseTextQuery } from '../../shared/fts.js';
import { perView, type RecordTables, TABLES, type View } from '../../visibility/index.js';

export type SearchKind = 'resolution' | 'demand' | 'status_update';

export interface SearchHit {
  kind: SearchKind;
  id: number;
  matchedIn: 'title' | 'text' | 'ziffer' | 'wording' | 'summary' | 'sachstand';
  ziffer: string | null;
  title: string;
  snippet: string;
  conference: number;
  top: string;
  resolutionId: number;
  demandId: number | null;
}

interface Row {
  kind: 'resolution' | 'ziffer' | 'demand' | 'status_update';
  ref_id: number;
  parent_id: number;
  title: string;
  title_snip: string;
  body_snip: string;
  title_hit: number;
  rank: number;
}

// Markers around the matched words in snippets (plain text, safe to show anywhere).
const OPEN = '«';
const CLOSE = '»';

/**
 * Cuts a word-aligned window around the first match of a highlighted text and widens the markers
 * to whole words (the trigram index marks only the matched characters: `Integrations«maßnah»men`).
 */
export function excerpt(highlighted: string, radius = 90): string {
  const words = highlighted.replace(/(\p{L}*)«([^»]*)»(\p{L}*)/gu, `${OPEN}$1$2$3${CLOSE}`);
  const at = words.indexOf(OPEN);
  if (at < 0) return words.length > 2 * radius ? `${words.slice(0, 2 * radius).replace(/\s\S*$/, '')} …` : words;
  let start = Math.max(0, at - radius);
  let end = Math.min(words.length, words.indexOf(CLOSE, at) + radius);
  if (start > 0) start = words.indexOf(' ', start) + 1 || start;
  if (end < words.length) end = words.lastIndexOf(' ', end) > at ? words.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '… ' : ''}${words.slice(start, end).trim()}${end < words.length ? ' …' : ''}`;
}

/**
 * A relevance score from a hit's own highlighted text only: BM25's saturation and length
 * normalisation with a fixed average length and no document frequencies, title matches weighted
 * as bm25() weighs them for signed-in callers (5:1).
 */
function ownScore(r: Pick<Row, 'title_snip' | 'body_snip'>): number {
  const field = (highlighted: string, weight: number) => {
    const tf = highlighted.split(OPEN).length - 1;
    if (tf === 0) return 0;
    const length = highlighted.length / 6; // characters to words, roughly
    return (weight * (tf * 2.2)) / (tf + 1.2 * (0.25 + (0.75 * length) / 60));
  };
  return field(r.title_snip, 5) + field(r.body_snip, 1);
}

export function createSearchService(ctx: Ctx) {
  const { sqlite } = ctx;
  const cached = statementCache(sqlite);
  const pingStmt = sqlite.prepare('SELECT 1');
  const contexts = (t: RecordTables) => ({
    resolution: sqlite.prepare<[number], { c: number; top: string; title: string }>(
      `SELECT c.number AS c, r.top, r.title FROM ${t.resolutions} r JOIN conferences c ON c.id = r.conference_id WHERE r.id = ?`,
    ),
    demand: sqlite.prepare<[number], { c: number; top: string; rid: number; summary: string }>(
      `SELECT c.number AS c, r.top, r.id AS rid, d.summary FROM ${t.demands} d JOIN ${t.resolutions} r ON r.id = d.resolution_id
       JOIN conferences c ON c.id = r.conference_id WHERE d.id = ?`,
    ),
  });
  const contextStmts = perView(contexts);

  return {
    ping: () => pingStmt.get(),

    search(
      input: { q: string; kinds?: SearchKind[] | undefined; limit: number; offset: number },
      view: View,
    ): { items: SearchHit[]; total: number } {
      const tq = parseTextQuery(input.q);
      if (!tq.match) return { items: [], total: 0 };
      const kinds = new Set<string>(input.kinds ?? ['resolution', 'demand', 'status_update']);
      const indexKinds = [...kinds].flatMap((k) => (k === 'resolution' ? ['resolution', 'ziffer'] : [k]));
      const params = { match: tq.match, kinds: JSON.stringify(indexKinds) };
      const filter = TABLES[view].searchFilter;
      // Rows, snippets and the total all come from entries the view may find, so they agree and
      // an internal text never surfaces, not even as a count.
      const where = `search_index MATCH @match AND kind IN (SELECT value FROM json_each(@kinds))${filter ? ` AND ${filter}` : ''}`;
      const contextStmt = contextStmts[view];
      const columns = `kind, ref_id, parent_id, title,
                  highlight(search_index, 3, '${OPEN}', '${CLOSE}') AS title_snip,
                  highlight(search_index, 4, '${OPEN}', '${CLOSE}') AS body_snip,
                  (highlight(search_index, 3, '${OPEN}', '${CLOSE}') <> title) AS title_hit`;
      let total: number;
      let rows: Row[];
      if (view === 'internal') {
        total = (cached(`SELECT count(*) AS n FROM search_index WHERE ${where}`).get(params) as { n: number }).n;
        rows = cached(
          `SELECT ${columns}, bm25(search_index, 0, 0, 0, 5.0, 1.0) AS rank
           FROM search_index WHERE ${where} ORDER BY rank, rowid LIMIT @limit OFFSET @offset`,
        ).all({ ...params, limit: input.limit, offset: input.offset }) as Row[];
      } else {
        // bm25() weighs terms by statistics over the whole index, internal rows included, so the
        // order of public hits would shift with internal texts. The public order comes from each
        // hit's own text alone (ownScore).
        const all = cached(`SELECT ${columns}, 0 AS rank FROM search_index WHERE ${where} ORDER BY rowid`).all(params) as Row[];
        for (const r of all) r.rank = -ownScore(r);
        all.sort((a, b) => a.rank - b.rank);
        total = all.length;
        rows = all.slice(input.offset, input.offset + input.limit);
      }
      const items = rows.flatMap((r): SearchHit[] => {
        const snippet = excerpt(r.title_hit && r.kind !== 'ziffer' ? r.title_snip : r.body_snip);
        if (r.kind === 'resolution' || r.kind === 'ziffer') {
          const resolutionId = r.kind === 'resolution' ? r.ref_id : r.parent_id;
          const c = contextStmt.resolution.get(resolutionId);
          if (!c) return [];
          return [
            {
              kind: 'resolution',
              id: resolutionId,
              matchedIn: r.kind === 'ziffer' ? 'ziffer' : r.title_hit ? 'title' : 'text',
              ziffer: r.kind === 'ziffer' ? r.title : null,
              title: c.title,
              snippet,
              conference: c.c,
              top: c.top,
              resolutionId,
              demandId: null,
            },
          ];
        }
        const demandId = r.kind === 'demand' ? r.ref_id : r.parent_id;
        const c = contextStmt.demand.get(demandId);
        if (!c) return [];
        return [
          {
            kind: r.kind,
            id: r.ref_id,
            matchedIn: r.kind === 'status_update' ? 'sachstand' : r.title_hit ? 'summary' : 'wording',
            ziffer: null,
            title: c.summary,
            snippet,
            conference: c.c,
            top: c.top,
            resolutionId: c.rid,
            demandId,
          },
        ];
      });
      return { items, total };
    },
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
