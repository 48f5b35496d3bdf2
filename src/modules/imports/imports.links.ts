// Suggestions that a detected demand repeats one already on record: an explicit reference
// ("Forderung aus der 19. IntMK", "TOP 6.2 der 14. IntMK 2019"), a cue word ("erneut",
// "bekräftigt") and the similarity of the wording to earlier demands and thread titles.
// Suggestions are only proposals; a reviewer accepts or rejects each one.
import type Database from 'better-sqlite3';
import { loadLinkCorpus } from './imports.queries.js';
import type { ImportDemand, LinkSuggestion } from './imports.schemas.js';

const STOPWORDS = new Set(
  'der die das den dem des ein eine einer eines einem einen und oder sowie auch mit von vom zu zur zum für auf an in im aus bei nach über unter durch als wie dass daß ist sind wird werden wurde soll sollen sollte kann können muss müssen hat haben nicht noch sich sie ihr ihre ihren wir es so um bis diese dieser dieses dabei damit dafür hierzu hierfür darüber hinaus zudem ferner insbesondere intmk länder land bund bundes bundesregierung integration fordert bittet appelliert daher erneut weiterhin bekräftigt ministerinnen minister senatorinnen senatoren zuständigen alle'.split(
    ' ',
  ),
);

/**
 * Content words, cut to a common stem length so "Finanzierung"/"finanzieren" meet; acronyms
 * (EOK, MBE, AQB) are kept whole, they name the subject more precisely than any other word.
 */
export function stems(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.match(/[\p{L}]{2,}/gu) ?? []) {
    if (/^\p{Lu}{2,6}$/u.test(w) && !['IntMK', 'BUND'].includes(w)) {
      out.add(w);
      continue;
    }
    const lower = w.toLowerCase();
    if (lower.length < 4 || STOPWORDS.has(lower)) continue;
    out.add(lower.slice(0, 7));
  }
  return out;
}

interface ExistingDemand {
  id: number;
  conference: number;
  top: string;
  title: string;
  ziffer: string | null;
  wording: string;
  summary: string;
  addressees: string | null;
  thread_id: number | null;
  thread_title: string | null;
  stems?: Set<string>;
}

interface ExistingThread {
  id: number;
  title: string;
  description: string | null;
  stems?: Set<string>;
}

export interface LinkIndex {
  suggest(demand: ImportDemand): LinkSuggestion[];
}

const MAX_PER_DEMAND = 3;
const THRESHOLD = 0.2;
const fmt = (n: number) => n.toFixed(2).replace('.', ',');

/**
 * Loads the demands of other conferences and all threads once; then suggests per draft demand.
 * Candidates are only what the public may see: an accepted suggestion copies the target's summary
 * into a new thread title, and a thread title is shown to anonymous callers. So no internal demand,
 * no demand of an internal, rejected or withdrawn resolution, and no thread without a public member.
 */
export function buildLinkIndex(sqlite: Database.Database, conference: number | null): LinkIndex {
  return linkIndexOf(loadLinkCorpus(sqlite, conference), conference);
}

/** The record's candidates as plain rows: they cross to the import worker, which suggests there. */
export interface LinkCorpus {
  demands: ExistingDemand[];
  threads: ExistingThread[];
}

/**
 * The similarity of a text to every candidate at once: the cosine of their word sets with
 * inverse-document-frequency weights (rare shared words count most). Only the candidates that
 * share a word with the text are visited, through the list of candidates per word (a draft of
 * 1 MB has about a thousand demands against a record of as many); the candidates' norms are
 * summed once. Each dot product adds the weights in the order of the text's words, as a pairwise
 * cosine would, so no score changes with the index.
 */
class Postings {
  private readonly docs = new Map<string, number[]>();
  /** Sum of the squared weights of each candidate's words. */
  readonly norms: Float64Array;

  constructor(
    sets: readonly Set<string>[],
    private readonly weight: (t: string) => number,
  ) {
    this.norms = new Float64Array(sets.length);
    sets.forEach((set, i) => {
      let norm = 0;
      for (const t of set) {
        norm += weight(t);
        const list = this.docs.get(t);
        if (list) list.push(i);
        else this.docs.set(t, [i]);
      }
      this.norms[i] = norm;
    });
  }

  /** The cosine of `own` and candidate i, for every i; 0 where they share no word. */
  cosines(own: Set<string>): Float64Array {
    const dots = new Float64Array(this.norms.length);
    if (own.size === 0) return dots;
    let norm = 0;
    for (const t of own) {
      const w = this.weight(t);
      norm += w;
      for (const i of this.docs.get(t) ?? []) dots[i]! += w;
    }
    for (let i = 0; i < dots.length; i++) if (dots[i]! > 0) dots[i] = dots[i]! / Math.sqrt(norm * this.norms[i]!);
    return dots;
  }
}

/** The index over a corpus, without the demands of `conference` (the one being imported). */
export function linkIndexOf(corpus: LinkCorpus, conference: number | null): LinkIndex {
  const demands = corpus.demands.filter((d) => d.conference !== conference).map((d) => ({ ...d }));
  const threads = corpus.threads.map((t) => ({ ...t }));
  // The resolution title names the subject of its demands ("Sprachmittlung im sozialen Bereich").
  for (const d of demands) d.stems = stems(`${d.title} ${d.wording} ${d.summary}`);
  for (const t of threads) t.stems = stems(`${t.title} ${t.description ?? ''}`);
  const df = new Map<string, number>();
  for (const doc of [...demands, ...threads]) for (const t of doc.stems!) df.set(t, (df.get(t) ?? 0) + 1);
  const n = demands.length + threads.length;
  const idf = (t: string) => Math.log(1 + (n + 1) / ((df.get(t) ?? 0) + 1));
  // The squared weight of each word, computed once per word.
  const squares = new Map<string, number>();
  const weight = (t: string) => {
    let w = squares.get(t);
    if (w === undefined) {
      w = idf(t) ** 2;
      squares.set(t, w);
    }
    return w;
  };
  const demandPostings = new Postings(
    demands.map((d) => d.stems!),
    weight,
  );
  const threadPostings = new Postings(
    threads.map((t) => t.stems!),
    weight,
  );

  return {
    suggest(demand: ImportDemand): LinkSuggestion[] {
      const own = stems(demand.wording);
      const cueWords = demand.cues.filter((c) => c.kind === 'cue_word');
      const refs = demand.cues.filter((c) => c.kind === 'explicit_reference' && c.conference !== null);
      const out: LinkSuggestion[] = [];
      const demandSims = demandPostings.cosines(own);
      for (const [i, d] of demands.entries()) {
        const sim = demandSims[i]!;
        // Neither similar nor referred to: no score, so no suggestion (the rules below add nothing to 0).
        if (sim < 0.12 && refs.length === 0) continue;
        const reasons: LinkSuggestion['reasons'] = [];
        let score = 0;
        const ref = refs.find((r) => r.conference === d.conference && (r.top === null || r.top === d.top));
        if (ref) {
          score += ref.top ? 0.6 : 0.35;
          reasons.push({ kind: 'explicit_reference', text: `Ausdrücklicher Verweis: „${ref.text}“` });
        }
        if (sim >= 0.12) {
          score += Math.min(0.65, sim * 1.3);
          reasons.push({ kind: 'text_similarity', text: `Ähnlicher Wortlaut und Gegenstand (Ähnlichkeit ${fmt(sim)})` });
        }
        if (cueWords.length && score > 0) {
          score += 0.15;
          reasons.push({ kind: 'cue_word', text: `Signalwort „${cueWords[0]!.text}“ deutet auf eine wiederholte Forderung` });
        }
        const shared = (d.addressees ?? '').split(',').some((a) => demand.addressees.includes(a));
        if (shared && score > 0) score += 0.05;
        if (score < THRESHOLD) continue;
        out.push({
          id: `${demand.key}:d${d.id}`,
          target: {
            type: 'demand',
            id: d.id,
            label: `${d.conference}. IntMK, TOP ${d.top}${d.ziffer ? ` Ziffer ${d.ziffer}` : ''}: ${d.summary}${d.thread_title ? ` (Strang „${d.thread_title}“)` : ''}`,
          },
          score: Math.min(1, Number(score.toFixed(3))),
          reasons,
          decision: 'pending',
          relation: 'reiterated',
        });
      }
      const threadSims = threadPostings.cosines(own);
      for (const [i, t] of threads.entries()) {
        const sim = threadSims[i]!;
        if (sim < 0.12) continue;
        const reasons: LinkSuggestion['reasons'] = [
          { kind: 'text_similarity', text: `Wortlaut ähnelt dem Strang (Ähnlichkeit ${fmt(sim)})` },
        ];
        let score = Math.min(0.65, sim * 1.5);
        if (cueWords.length) {
          score += 0.15;
          reasons.push({ kind: 'cue_word', text: `Signalwort „${cueWords[0]!.text}“ deutet auf eine wiederholte Forderung` });
        }
        if (score < THRESHOLD) continue;
        out.push({
          id: `${demand.key}:t${t.id}`,
          target: { type: 'thread', id: t.id, label: `Strang „${t.title}“` },
          score: Math.min(1, Number(score.toFixed(3))),
          reasons,
          decision: 'pending',
          relation: 'reiterated',
        });
      }
      return out.sort((a, b) => b.score - a.score).slice(0, MAX_PER_DEMAND);
    },
  };
}
