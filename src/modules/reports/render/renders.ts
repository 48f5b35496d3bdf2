// Report renders under a budget. A render is expensive (a PDF of the full record takes seconds and
// hundreds of MB), so:
// - the bytes are cached by the report's content (conference, audience, Stichtag and every record
//   value it shows; its generation time left out) and format, and concurrent requests for the same
//   report share one render: fifty anonymous PDF requests cost one render;
// - a request is also remembered by its version key (the request, the day and the database's
//   version, reports.service), so that the same request while nothing was written finds its
//   document before the report is built: a repeated request costs no build (about 12 ms);
// - each caller (account, or client address without one) has at most a few renders running;
// - the pool bounds time, heap and queue (pool.ts). Over any of these limits the caller gets 503
//   with Retry-After, never a server that stops answering.
import { createHash } from 'node:crypto';
import { unavailable } from '../../../shared/errors.js';
import type { Report, ReportFormat } from '../reports.schemas.js';
import { renderInProcess } from './index.js';
import { RenderBudgetError, RenderBusyError, type RenderPool } from './pool.js';

type Body = Buffer | string;
type Format = Exclude<ReportFormat, 'json'>;

const HEAVY: readonly Format[] = ['docx', 'pdf', 'xlsx'];

export interface RenderOptions {
  /** Bytes of rendered reports kept in memory (default 64 MB); 0 turns the cache off. */
  cacheBytes?: number;
  /** Renders one caller may have running at once (default 2). */
  perCaller?: number;
}

export interface Rendered {
  body: Body;
  /** Where the bytes came from: the cache, a render another request started, or a new render. */
  from: 'cache' | 'shared' | 'render';
}

/** A rendered document found by its request, before the report is built (reports.service versionKey). */
export interface Early {
  body: Body;
  fileName: string;
}

export interface Renders {
  /** The document a request with the same version key got, while its bytes are still cached. */
  cached(format: Format, versionKey: string): Early | undefined;
  /** Renders (or finds) the document; with `request`, a later `cached` of its version key finds it. */
  render(report: Report, format: Format, caller: string, request?: { versionKey: string; fileName: string }): Promise<Rendered>;
}

/** Requests remembered with the document they got (their bytes are in the cache, counted there). */
const MAX_REQUESTS = 1000;

/** The cache key: the report's content without its generation time, and the format. */
export function reportKey(report: Report, format: Format): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(report, (key, value) => (key === 'generated' ? undefined : value)));
  return `${format}:${hash.digest('hex')}`;
}

export function createRenders(pool: RenderPool | null, options: RenderOptions = {}): Renders {
  const maxBytes = options.cacheBytes ?? 64 * 1024 * 1024;
  const perCaller = options.perCaller ?? 2;
  const cache = new Map<string, Body>();
  let bytes = 0;
  const running = new Map<string, Promise<Body>>();
  // Request (format and version key) → the content key of its document and the document's file name.
  const requests = new Map<string, { key: string; fileName: string }>();
  const active = new Map<string, number>();

  const sizeOf = (b: Body) => (typeof b === 'string' ? b.length * 2 : b.byteLength);
  function remember(key: string, body: Body) {
    const size = sizeOf(body);
    if (size > maxBytes / 4) return;
    cache.set(key, body);
    bytes += size;
    // Map order is insertion order; a hit re-inserts, so the first entries are the least recently used.
    for (const [k, b] of cache) {
      if (bytes <= maxBytes) break;
      cache.delete(k);
      bytes -= sizeOf(b);
    }
  }

  async function renderOnce(report: Report, format: Format): Promise<Body> {
    try {
      return pool && HEAVY.includes(format) ? await pool.render(report, format) : await renderInProcess(report, format);
    } catch (err) {
      if (err instanceof RenderBusyError) {
        throw unavailable(
          'reports.busy',
          'Es werden gerade zu viele Berichte erstellt. Bitte in einer halben Minute erneut versuchen.',
          30,
        );
      }
      if (err instanceof RenderBudgetError) {
        throw unavailable(
          'reports.over_budget',
          `Der Bericht ließ sich nicht im vorgesehenen Rahmen erstellen (${err.message === 'memory' ? 'Speicher' : 'Zeit'}). Bitte später erneut versuchen oder ein anderes Format wählen.`,
          300,
        );
      }
      throw err;
    }
  }

  /** The cached bytes of `key`, now the most recently used. */
  function take(key: string): Body | undefined {
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
    }
    return hit;
  }

  function note(format: Format, request: { versionKey: string; fileName: string }, key: string) {
    const id = `${format}:${request.versionKey}`;
    requests.delete(id);
    requests.set(id, { key, fileName: request.fileName });
    for (const oldest of requests.keys()) {
      if (requests.size <= MAX_REQUESTS) break;
      requests.delete(oldest);
    }
  }

  return {
    cached(format, versionKey) {
      const id = `${format}:${versionKey}`;
      const request = requests.get(id);
      if (!request) return undefined;
      const body = take(request.key);
      if (body === undefined) {
        requests.delete(id);
        return undefined;
      }
      return { body, fileName: request.fileName };
    },

    async render(report, format, caller, request) {
      const key = reportKey(report, format);
      const hit = take(key);
      if (hit !== undefined) {
        if (request) note(format, request, key);
        return { body: hit, from: 'cache' };
      }
      const shared = running.get(key);
      if (shared) return { body: await shared, from: 'shared' };
      const mine = active.get(caller) ?? 0;
      if (mine >= perCaller) {
        throw unavailable(
          'reports.too_many_renders',
          `Für diesen Zugang werden schon ${mine} Berichte erstellt. Bitte warten, bis einer fertig ist, und dann erneut versuchen.`,
          10,
        );
      }
      active.set(caller, mine + 1);
      const job = renderOnce(report, format).finally(() => {
        running.delete(key);
        const left = (active.get(caller) ?? 1) - 1;
        if (left > 0) active.set(caller, left);
        else active.delete(caller);
      });
      running.set(key, job);
      const body = await job;
      if (maxBytes > 0) remember(key, body);
      if (request && maxBytes > 0) note(format, request, key);
      return { body, from: 'render' };
    },
  };
}
