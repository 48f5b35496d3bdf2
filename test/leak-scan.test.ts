// Leak scan: every GET operation of the committed OpenAPI document, called anonymously with every
// applicable id (public, internal, missing) and with filters aimed at the internal content, in
// every report format. No anonymous response may contain a marker of the fixture
// (test/fixtures-access.ts) or betray internal content through status codes and totals. The same
// crawl as a reader must find every marker, so the scan is known to look at real content.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { pdfText } from './documents.js';
import { type AccessFixture, buildAccessFixture, MARKER_PATTERN, MARKER_WORD } from './fixtures-access.js';
import type { As } from './helper.js';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: { enum?: string[]; items?: { enum?: string[] } };
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  security?: Record<string, string[]>[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}
// The committed document; OPENAPI_DOCUMENT points at another one (e.g. a freshly served copy).
const DOCUMENT = JSON.parse(readFileSync(process.env.OPENAPI_DOCUMENT ?? new URL('../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
};

const GET_OPERATIONS = Object.entries(DOCUMENT.paths).flatMap(([path, item]) => (item.get ? [{ path, op: item.get }] : []));

/** `public`: the caller may see it; `hidden`: exists but internal; `missing`: does not exist; `other`: no expectation. */
type Kind = 'public' | 'hidden' | 'missing' | 'other';
interface Value {
  value: string;
  kind: Kind;
}
interface Probe {
  operationId: string;
  /** Needs a token according to the document (no `{}` in its security). */
  needsLogin: boolean | undefined;
  url: string;
  headers: Record<string, string>;
  params: Record<string, string>;
  query: Record<string, string>;
  kind: Kind;
  /** The request without filters (only the page size). */
  base: boolean;
  /** The operation has required query parameters (its base request is incomplete). */
  requiredQuery: boolean;
}

const MISSING_ID = '987654';
/** Words only internal text contains: searching for them anonymously must find nothing. */
const SECRET_WORDS = ['GEHEIM', 'geheim', 'Vertraulich', 'vertraulich'];

function pathValues(path: string, name: string, fx: AccessFixture): Value[] {
  const ids = (visible: number[], hidden: number[]): Value[] => [
    ...visible.map((v) => ({ value: String(v), kind: 'public' as const })),
    ...hidden.map((v) => ({ value: String(v), kind: 'hidden' as const })),
    { value: MISSING_ID, kind: 'missing' },
  ];
  const segments = path.split('/');
  const resource = segments[segments.indexOf(`{${name}}`) - 1];
  if (name === 'number') {
    return [
      ...[fx.conferences.main, fx.conferences.second].map((n) => ({ value: String(n), kind: 'public' as const })),
      // Empty: some operations (the report) refuse it, which is no statement about visibility.
      { value: String(fx.conferences.spare), kind: 'other' },
      { value: '999', kind: 'missing' },
    ];
  }
  if (name === 'demandId') return ids(fx.visible.demands, fx.hidden.demands);
  if (name === 'id') {
    switch (resource) {
      case 'resolutions':
        return ids(fx.visible.resolutions, fx.hidden.resolutions);
      case 'demands':
        return ids(fx.visible.demands, fx.hidden.demands);
      case 'status-updates':
        return ids(fx.visible.statusUpdates, fx.hidden.statusUpdates);
      case 'threads':
        // A thread without a visible member does not exist for the public (its title may describe them).
        return ids([fx.threads.main], [fx.threads.hiddenMembers, fx.threads.spare]);
      case 'imports':
        return ids(fx.imports ? Object.values(fx.imports) : [], []);
      case 'users':
        return ids(Object.values(fx.users), []);
    }
  }
  // A path parameter this scan does not know yet: still called, without status expectations.
  return ['1', '2', '3', MISSING_ID].map((value) => ({ value, kind: 'other' as const }));
}

/** The path parameter combinations of one path, each with its combined kind. */
function pathCombinations(path: string, fx: AccessFixture): { params: Record<string, string>; kind: Kind }[] {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  if (names.includes('number') && names.includes('top')) {
    const tops: [number, string, Kind][] = [
      [20, fx.tops.public, 'public'],
      [20, fx.tops.merged, 'public'],
      [20, fx.tops.spare, 'public'],
      [20, fx.tops.internal, 'hidden'],
      [20, fx.tops.rejected, 'hidden'],
      [21, fx.tops.withdrawn, 'hidden'],
      [20, fx.tops.withdrawn, 'missing'],
      [21, fx.tops.public, 'missing'],
      [999, fx.tops.public, 'missing'],
    ];
    return tops.map(([number, top, kind]) => ({ params: { number: String(number), top }, kind }));
  }
  let combos: { params: Record<string, string>; kind: Kind }[] = [{ params: {}, kind: 'public' }];
  for (const name of names) {
    combos = combos.flatMap((c) =>
      pathValues(path, name, fx).map((v) => ({ params: { ...c.params, [name]: v.value }, kind: combine(c.kind, v.kind) })),
    );
  }
  return combos;
}

function combine(a: Kind, b: Kind): Kind {
  for (const k of ['other', 'missing', 'hidden'] as const) if (a === k || b === k) return k;
  return 'public';
}

const enumOf = (p: Parameter): string[] => p.schema?.enum ?? p.schema?.items?.enum ?? [];

/** Values for a query parameter: aimed at internal content where the name says what it filters. */
function queryValues(p: Parameter, fx: AccessFixture): string[] {
  const all = (o: Record<string, number>) => Object.values(o).map(String);
  switch (p.name) {
    case 'q':
    case 'text':
      return [...fx.markers, ...SECRET_WORDS, 'resolution-title', '7Q', 'GEHEIM 7Q', 'Migrationsberatung', 'Beratung'];
    case 'limit':
      return ['200'];
    case 'offset':
      return ['1'];
    case 'modified_since':
      return ['2000-01-01T00:00:00Z'];
    case 'conference':
      return ['20', '21', '22', '20,21'];
    case 'resolution':
      return all(fx.resolutions);
    case 'demand':
      return all(fx.demands);
    case 'thread':
      return all(fx.threads);
    case 'proposer':
      return ['NI', 'HE', 'BY', 'HB', 'SH', 'SN'];
    case 'responsible':
    case 'reporter':
      return ['NI', 'HE', 'BY', 'HB'];
    case 'addressee':
      return ['BREG'];
    case 'topic':
      return ['migrationsberatung', ...fx.markers.filter((m) => m.includes('topic'))];
    case 'since':
    case 'until':
    case 'asOf':
      return ['2025-01-01', '2025-07-15', '2026-11-20'];
    case 'year':
      return ['2025', '2026', '2027'];
    default:
      return enumOf(p);
  }
}

function probesOf(path: string, op: Operation, fx: AccessFixture): Probe[] {
  const query = (op.parameters ?? []).filter((p) => p.in === 'query');
  const has = (name: string) => query.some((p) => p.name === name);
  const baseQuery: Record<string, string> = has('limit') ? { limit: '200' } : {};
  const variants: { query: Record<string, string>; headers: Record<string, string>; base: boolean }[] = [
    { query: baseQuery, headers: {}, base: true },
  ];
  for (const p of query) {
    for (const v of queryValues(p, fx)) variants.push({ query: { ...baseQuery, [p.name]: v }, headers: {}, base: false });
  }
  // Pairs that matter together: every report format for both audiences, searches per kind.
  const pairs: [string, string][] = [
    ['format', 'audience'],
    ['q', 'kind'],
  ];
  for (const [a, b] of pairs) {
    const pa = query.find((p) => p.name === a);
    const pb = query.find((p) => p.name === b);
    if (!pa || !pb) continue;
    for (const va of a === 'q' ? ['GEHEIM', ...fx.markers.slice(0, 4)] : queryValues(pa, fx)) {
      for (const vb of queryValues(pb, fx)) variants.push({ query: { ...baseQuery, [a]: va, [b]: vb }, headers: {}, base: false });
    }
  }
  // Content negotiation: every media type the operation declares, for every audience.
  const mediaTypes = Object.keys(op.responses?.['200']?.content ?? {});
  if (mediaTypes.length > 1) {
    const audiences = has('audience') ? enumOf(query.find((p) => p.name === 'audience') as Parameter) : [undefined];
    for (const type of mediaTypes) {
      for (const audience of audiences) {
        variants.push({ query: audience ? { ...baseQuery, audience } : baseQuery, headers: { accept: type }, base: false });
      }
    }
  }
  const requiredQuery = query.some((p) => p.required);
  const needsLogin = op.security ? !op.security.some((s) => Object.keys(s).length === 0) : undefined;
  return pathCombinations(path, fx).flatMap(({ params, kind }) => {
    const concrete = path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] as string));
    return variants.map((v) => {
      const qs = new URLSearchParams(v.query).toString();
      return {
        operationId: op.operationId,
        needsLogin,
        url: qs ? `${concrete}?${qs}` : concrete,
        headers: v.headers,
        params,
        query: v.query,
        kind,
        base: v.base,
        requiredQuery,
      };
    });
  });
}

const DOCUMENT_FORMATS = ['docx', 'pdf', 'xlsx'];
const isDocument = (probe: Probe) =>
  DOCUMENT_FORMATS.includes(probe.query.format ?? '') || /pdf|openxmlformats/.test(probe.headers.accept ?? '');

/** Everything a person could read in a response: text, the text of every part of DOCX/XLSX, a PDF's text. */
async function readable(res: LightMyRequestResponse, cache: Map<string, string>): Promise<string> {
  const type = String(res.headers['content-type'] ?? '');
  const key = createHash('sha1').update(type).update(res.rawPayload).digest('hex');
  const known = cache.get(key);
  if (known !== undefined) return known;
  let text: string;
  if (type.includes('application/pdf')) {
    const pdf = (await pdfText(res.rawPayload)).text;
    // pdf.js puts spaces between text items; a marker broken over items still shows without them.
    text = `${pdf}\n${pdf.replace(/\s+/g, '')}`;
  } else if (type.includes('openxmlformats')) {
    const zip = await JSZip.loadAsync(res.rawPayload);
    const parts: string[] = [];
    for (const file of Object.values(zip.files).filter((f) => !f.dir)) {
      const xml = await file.async('string');
      // Runs split a text over several elements; without the tags it reads as one.
      parts.push(xml, xml.replace(/<[^>]+>/g, ''));
    }
    text = parts.join('\n');
  } else if (/[/+]json\b/.test(type)) {
    // `instance` (problems) and `next` (pages) repeat the request's own URL, and so any marker
    // the scan put into its query; everything else in the body is scanned.
    const body = jsonOf(res);
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      delete body.instance;
      delete body.next;
    }
    text = body === undefined ? res.body : JSON.stringify(body);
  } else {
    text = res.body;
  }
  const headers = Object.entries(res.headers)
    .filter(([name]) => !['etag', 'x-request-id', 'date'].includes(name))
    .map(([name, value]) => `${name}: ${String(value)}`)
    .join('\n');
  text = `${headers}\n${text}`;
  cache.set(key, text);
  return text;
}

function jsonOf(res: LightMyRequestResponse): any {
  if (!/[/+]json\b/.test(String(res.headers['content-type'] ?? ''))) return undefined;
  try {
    return JSON.parse(res.body);
  } catch {
    return undefined;
  }
}

/** A 404 problem with the requested path values blanked, to compare hidden with missing ones. */
function normalisedProblem(res: LightMyRequestResponse, params: Record<string, string>): string {
  const p = jsonOf(res) ?? {};
  let detail = String(p.detail ?? '');
  for (const v of Object.values(params)) {
    detail = detail.replace(new RegExp(`(?<![\\w.])${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`, 'g'), '<id>');
  }
  return `${p.code} ${detail}`;
}

interface CrawlResult {
  requests: number;
  distinct: number;
  /** Responses the GET cache answered. */
  cacheHits: number;
  operations: Set<string>;
  /** Readable text per probe (only kept for the reader crawl). */
  found: Set<string>;
  foundByFormat: Map<string, Set<string>>;
  leaks: string[];
  statusProblems: string[];
  totalProblems: string[];
}

async function crawl(fx: AccessFixture, as: As, options: { documents?: boolean } = {}): Promise<CrawlResult> {
  const cache = new Map<string, string>();
  const result: CrawlResult = {
    requests: 0,
    distinct: 0,
    cacheHits: 0,
    operations: new Set(),
    found: new Set(),
    foundByFormat: new Map(),
    leaks: [],
    statusProblems: [],
    totalProblems: [],
  };
  const distinct = new Set<string>();
  const anonymous = as === 'anonymous';
  const hiddenResolutions = new Set(fx.hidden.resolutions.map(String));
  const hiddenDemands = new Set(fx.hidden.demands.map(String));
  for (const { path, op } of GET_OPERATIONS) {
    const answers = new Map<string, { hidden: Map<string, string>; missing: Map<string, string> }>();
    for (const probe of probesOf(path, op, fx)) {
      if (options.documents === false && isDocument(probe)) continue;
      const res = await fx.t.request(as, { method: 'GET', url: probe.url, headers: probe.headers });
      result.requests++;
      if (res.headers['x-cache'] === 'hit') result.cacheHits++;
      result.operations.add(probe.operationId);
      distinct.add(createHash('sha1').update(String(res.statusCode)).update(res.rawPayload).digest('hex'));
      const text = await readable(res, cache);
      const what = `${probe.operationId} GET ${probe.url}${probe.headers.accept ? ` (Accept: ${probe.headers.accept})` : ''}`;
      const format = probe.query.format ?? probe.headers.accept ?? (probe.operationId === 'getErfolgskontrolle' ? 'json' : undefined);

      if (res.statusCode >= 500) result.statusProblems.push(`${what} → ${res.statusCode}`);
      if (!anonymous) {
        for (const m of fx.markers) {
          if (!text.includes(m)) continue;
          result.found.add(m);
          if (format && res.statusCode === 200) {
            const set = result.foundByFormat.get(format) ?? new Set();
            set.add(m);
            result.foundByFormat.set(format, set);
          }
        }
        continue;
      }

      const leaked = fx.markers.filter((m) => text.includes(m));
      const wordHit = text.includes(MARKER_WORD) || MARKER_PATTERN.test(text);
      if (leaked.length > 0 || wordHit) {
        result.leaks.push(`${what} → ${res.statusCode}: ${leaked.length ? leaked.join(', ') : (MARKER_PATTERN.exec(text)?.[0] ?? '')}`);
      }

      // Status codes: login routes refuse, hidden and missing ids look the same.
      if (probe.needsLogin === true) {
        if (res.statusCode !== 401) result.statusProblems.push(`${what} → ${res.statusCode}, expected 401 (route needs a token)`);
        continue;
      }
      const refused = probe.needsLogin === undefined && res.statusCode === 401;
      if (probe.kind === 'public' && probe.base && !probe.requiredQuery && (res.statusCode < 200 || res.statusCode > 299) && !refused) {
        result.statusProblems.push(`${what} → ${res.statusCode}, expected 2xx (public id)`);
      }
      if (probe.kind === 'hidden' || probe.kind === 'missing') {
        // Without filters: 404. With them a refusal of the filter itself (400, or 401 for an
        // audience that needs a token) is fine, as long as hidden and missing ids get the same.
        const acceptable = probe.base ? [404] : [400, 401, 404];
        if (!acceptable.includes(res.statusCode) && !refused) {
          result.statusProblems.push(`${what} → ${res.statusCode}, expected ${acceptable.join(' or ')} (${probe.kind} id)`);
        }
        const key = `${new URLSearchParams(probe.query).toString()} ${probe.headers.accept ?? ''}`;
        const seen = answers.get(key) ?? { hidden: new Map<string, string>(), missing: new Map<string, string>() };
        const answer = res.statusCode === 404 ? `404 ${normalisedProblem(res, probe.params)}` : String(res.statusCode);
        seen[probe.kind].set(answer, what);
        answers.set(key, seen);
      }

      // Totals: computed over what the caller sees, so they agree with the items.
      const body = jsonOf(res);
      if (res.statusCode === 200 && body && Array.isArray(body.items) && typeof body.total === 'number') {
        const q = probe.query;
        if (q.limit === '200' && q.offset === undefined && body.total !== body.items.length) {
          result.totalProblems.push(`${what}: total ${body.total} but ${body.items.length} items`);
        }
        const secretQuery = ['q', 'text', 'topic'].some((k) => q[k] && (MARKER_PATTERN.test(q[k]) || /vertraulich/i.test(q[k])));
        const internalFilter =
          q.visibility === 'internal' ||
          ['abgelehnt', 'zurueckgezogen'].includes(q.adoption ?? '') ||
          ['fulfilled', 'largely_fulfilled', 'obsolete'].includes(q.status ?? '') ||
          hiddenResolutions.has(q.resolution ?? '') ||
          hiddenDemands.has(q.demand ?? '');
        if ((secretQuery || internalFilter) && body.total !== 0) {
          result.totalProblems.push(`${what}: total ${body.total}, expected 0 (filter aims at internal content only)`);
        }
      }
    }
    // Existence must not show: for each request, hidden ids answer exactly like missing ones.
    for (const { hidden, missing } of answers.values()) {
      if (hidden.size === 0 || missing.size === 0) continue;
      for (const [answer, what] of hidden) {
        if (!missing.has(answer)) {
          result.statusProblems.push(`${what}: a hidden id answers “${answer}”, a missing one “${[...missing.keys()].join('” / “')}”`);
        }
      }
    }
  }
  result.distinct = distinct.size;
  return result;
}

const show = (title: string, list: string[]) => {
  if (list.length > 0) console.log(`${title} (${list.length}):\n  ${list.slice(0, 60).join('\n  ')}${list.length > 60 ? '\n  …' : ''}`);
};

describe('leak scan over every GET operation of openapi/openapi.json', () => {
  it('anonymous responses contain no marker, hidden ids are 404 like missing ones, totals agree; readers find every marker', async () => {
    const fx = await buildAccessFixture({ imports: true });
    const anonymous = await crawl(fx, 'anonymous');
    const reader = await crawl(fx, 'reader');
    console.log(
      `leak scan: ${GET_OPERATIONS.length} GET operations; anonymous ${anonymous.requests} requests, ${anonymous.distinct} distinct responses; ` +
        `reader ${reader.requests} requests, ${reader.distinct} distinct responses; ${fx.markers.length} markers`,
    );
    show('LEAKS', anonymous.leaks);
    show('STATUS PROBLEMS', anonymous.statusProblems);
    show('TOTAL PROBLEMS', anonymous.totalProblems);

    // The crawl must have looked at something: every GET operation, many distinct answers.
    expect.soft(GET_OPERATIONS.length).toBeGreaterThanOrEqual(25);
    expect.soft([...anonymous.operations].sort()).toEqual(GET_OPERATIONS.map((g) => g.op.operationId).sort());
    expect.soft(anonymous.requests).toBeGreaterThanOrEqual(600);
    expect.soft(anonymous.distinct).toBeGreaterThanOrEqual(100);

    expect.soft(anonymous.leaks, 'anonymous responses containing markers').toEqual([]);
    expect.soft(anonymous.statusProblems, 'anonymous status codes').toEqual([]);
    expect.soft(anonymous.totalProblems, 'anonymous totals').toEqual([]);

    // The same requests as a reader find every marker, and the markers in every report format:
    // the decoding of DOCX, XLSX and PDF above is known to see the text.
    const missed = fx.markers.filter((m) => !reader.found.has(m));
    show('MARKERS A READER DID NOT FIND', missed);
    expect.soft(missed, 'markers not found by the reader crawl').toEqual([]);
    const formats = ['json', 'html', 'md', 'csv', 'docx', 'pdf', 'xlsx'];
    const formatsWithout = formats.filter((f) => (reader.foundByFormat.get(f)?.size ?? 0) === 0);
    expect.soft(formatsWithout, 'report formats in which the reader found no marker').toEqual([]);
    expect.soft(reader.statusProblems, 'reader 5xx').toEqual([]);
  }, 240_000);

  it('with the response cache on, anonymous callers never get what a reader was served before', async () => {
    const fx = await buildAccessFixture({ app: { responseCacheBytes: 8 * 1024 * 1024 } });
    const reader = await crawl(fx, 'reader', { documents: false });
    const anonymous = await crawl(fx, 'anonymous', { documents: false });
    const again = await crawl(fx, 'anonymous', { documents: false });
    console.log(
      `leak scan with response cache: reader ${reader.requests}, anonymous 2 × ${anonymous.requests} requests, ${again.cacheHits} cache hits`,
    );
    expect.soft(again.cacheHits, 'the second anonymous crawl is served from the cache').toBeGreaterThan(100);
    show('LEAKS (cache)', [...anonymous.leaks, ...again.leaks]);
    expect.soft(reader.found.size).toBe(fx.markers.length);
    expect.soft(anonymous.leaks).toEqual([]);
    expect.soft(again.leaks, 'served from the cache').toEqual([]);
    expect.soft(again.statusProblems).toEqual([]);
    expect.soft(again.totalProblems).toEqual([]);
  }, 120_000);

  it('anonymous lists, counts and derived values come from public content only', async () => {
    const fx = await buildAccessFixture();
    const get = async (url: string, as: As = 'anonymous') => {
      const res = await fx.t.request(as, `/api/v1${url}`);
      return { status: res.statusCode, body: jsonOf(res) };
    };
    const ids = (body: any) => (body?.items ?? []).map((i: { id: number }) => i.id).sort((a: number, b: number) => a - b);
    const sorted = (a: number[]) => [...a].sort((x, y) => x - y);

    const demands = await get('/demands?limit=200');
    expect.soft(demands.body?.total, 'anonymous /demands total').toBe(fx.visible.demands.length);
    expect.soft(ids(demands.body)).toEqual(sorted(fx.visible.demands));
    const resolutions = await get('/resolutions?limit=200');
    expect.soft(resolutions.body?.total, 'anonymous /resolutions total').toBe(fx.visible.resolutions.length);
    expect.soft(ids(resolutions.body)).toEqual(sorted(fx.visible.resolutions));
    const updates = await get('/status-updates?limit=200');
    expect.soft(updates.body?.total, 'anonymous /status-updates total').toBe(fx.visible.statusUpdates.length);
    expect.soft(ids(updates.body)).toEqual(sorted(fx.visible.statusUpdates));

    // Readers see everything, so the fixture's internal items are real.
    const all = (await get('/demands?limit=200', 'reader')).body;
    expect.soft(all?.total).toBe(fx.visible.demands.length + fx.hidden.demands.length);
    expect
      .soft((await get('/resolutions?limit=200', 'reader')).body?.total)
      .toBe(fx.visible.resolutions.length + fx.hidden.resolutions.length);

    // Counts inside resources.
    expect.soft((await get('/conferences/21')).body?.resolutionCount, 'conference 21 holds only a withdrawn resolution').toBe(0);
    expect.soft((await get('/conferences/20')).body?.resolutionCount).toBe(fx.visible.resolutions.length);
    const conferences = (await get('/conferences?limit=200')).body;
    expect
      .soft(Object.fromEntries((conferences?.items ?? []).map((c: any) => [c.number, c.resolutionCount])))
      .toEqual({ 20: fx.visible.resolutions.length, 21: 0, 22: 0 });
    const resolution = (await get(`/resolutions/${fx.resolutions.public}`)).body;
    expect.soft(resolution?.notes?.length, 'only the public protocol note').toBe(1);
    expect.soft(sorted((resolution?.demands ?? []).map((d: any) => d.id))).toEqual(sorted(fx.visible.demands));
    expect.soft(resolution?.demandCount).toBe(fx.visible.demands.length);
    expect.soft((await get(`/conferences/20/resolutions/${fx.tops.public}`)).body?.demandCount).toBe(fx.visible.demands.length);
    expect.soft((await get(`/resolutions/${fx.resolutions.public}/demands`)).body?.items.length).toBe(fx.visible.demands.length);
    // A merge into an internal TOP does not name it.
    expect.soft((await get(`/resolutions/${fx.resolutions.merged}`)).body?.mergedIntoTop).toBeNull();
    expect.soft((await get(`/resolutions/${fx.resolutions.merged}`, 'reader')).body?.mergedIntoTop).toBe(fx.tops.internal);

    // The current status derives from public updates only.
    const demand = (await get(`/demands/${fx.demands.publicNI}`)).body;
    expect.soft(demand?.status?.key).toBe(fx.visible.publicNIStatus);
    expect.soft(demand?.status?.updateId).toBe(fx.statusUpdates.public);
    expect.soft((demand?.statusHistory ?? []).map((u: any) => u.id)).toEqual([fx.statusUpdates.public]);
    expect.soft(demand?.thread?.id).toBe(fx.threads.main);
    expect.soft((await get(`/demands/${fx.demands.publicNI}`, 'reader')).body?.status?.key).toBe('fulfilled');
    expect.soft((await get('/demands?status=fulfilled')).body?.total).toBe(0);
    expect.soft((await get(`/demands?status=${fx.visible.publicNIStatus}&limit=200`)).body?.total).toBeGreaterThanOrEqual(1);
    const history = (await get(`/demands/${fx.demands.publicNI}/status-updates`)).body?.items;
    expect.soft((history ?? []).map((u: any) => u.id)).toEqual([fx.statusUpdates.public]);

    // Evidence and corrections: the internal item and the link to an internal update disappear.
    const withEvidence = (await get(`/status-updates/${fx.statusUpdates.publicWithInternalEvidence}`)).body;
    expect.soft(withEvidence?.evidence?.length).toBe(1);
    expect.soft((await get(`/status-updates/${fx.statusUpdates.correction}`)).body?.correctsId).toBeNull();
    const retracted = (await get(`/status-updates/${fx.statusUpdates.retracted}`)).body;
    expect.soft(retracted?.retracted).toBe(true);
    expect.soft(retracted?.retraction?.reason).toBe('Doppelt erfasst.');

    // Threads show their public members only, and derive status, years and counts from them.
    const thread = (await get(`/threads/${fx.threads.main}`)).body;
    expect.soft(thread?.memberCount).toBe(1);
    expect.soft((thread?.members ?? []).map((m: any) => m.demand.id)).toEqual([fx.demands.publicNI]);
    expect.soft(thread?.status?.key).toBe(fx.visible.publicNIStatus);
    expect.soft((thread?.timeline ?? []).filter((e: any) => e.demandId !== null && e.demandId !== fx.demands.publicNI)).toEqual([]);
    const hiddenThread = (await get(`/threads/${fx.threads.hiddenMembers}`)).body;
    expect.soft(hiddenThread?.memberCount ?? 0).toBe(0);
    expect.soft(hiddenThread?.members ?? []).toEqual([]);
    expect.soft(hiddenThread?.conferences ?? []).toEqual([]);
    const threads = (await get('/threads?limit=200')).body;
    const byId = new Map((threads?.items ?? []).map((x: any) => [x.id, x]));
    expect.soft((byId.get(fx.threads.main) as any)?.memberCount).toBe(1);
    expect.soft((byId.get(fx.threads.hiddenMembers) as any)?.memberCount ?? 0).toBe(0);
    expect.soft((await get('/threads?status=fulfilled')).body?.total).toBe(0);

    // Search: internal text is not found, public text is.
    expect.soft((await get('/search?q=GEHEIM')).body?.total).toBe(0);
    expect.soft((await get('/search?q=vertraulich')).body?.total).toBe(0);
    expect.soft((await get('/search?q=GEHEIM', 'reader')).body?.total).toBeGreaterThan(0);
    expect.soft((await get('/search?q=Migrationsberatung')).body?.total).toBeGreaterThan(0);

    // The public report counts public demands only, with their public status.
    const report = (await get('/conferences/20/erfolgskontrolle?format=json&audience=public')).body;
    const reported = (report?.resolutions ?? []).flatMap((r: any) => r.demands.map((d: any) => d.id));
    expect.soft((report?.resolutions ?? []).map((r: any) => r.id).filter((id: number) => !fx.visible.resolutions.includes(id))).toEqual([]);
    expect.soft(reported.filter((id: number) => !fx.visible.demands.includes(id))).toEqual([]);
    expect.soft(report?.summary?.demands).toBe(reported.length);
    const count = (status: string) => report?.summary?.byStatus?.find((s: any) => s.status === status)?.count;
    expect.soft(count('fulfilled')).toBe(0);
    expect.soft(count('largely_fulfilled')).toBe(0);
    expect.soft(report?.summary?.shares?.fulfilled).toBe(0);
    // Anonymous callers asking for the internal report get the public one or a refusal, never more.
    const internalAsked = await fx.t.request('anonymous', '/api/v1/conferences/20/erfolgskontrolle?format=json&audience=internal');
    if (internalAsked.statusCode === 200) expect.soft(jsonOf(internalAsked)?.audience).toBe('public');
    else expect.soft([401, 403]).toContain(internalAsked.statusCode);
  }, 60_000);
});
