// Property-based fuzzing over every operation of the committed OpenAPI document (issue #13): random
// callers, path values, query parameters (declared and not), headers and JSON bodies shaped after the
// declared request schemas, mixed with hostile values (NUL, lone surrogates, bad percent-encoding,
// overlong and injection-looking strings). Whatever comes in: never a 5xx, and every error is a complete
// application/problem+json document. Deterministic (fixed seed), at least 5,000 requests.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { type As, createTestApp } from './helper.js';

type Json = Record<string, any>;
const doc = JSON.parse(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8')) as Json;
const resolveRef = (node: Json | undefined): Json | undefined =>
  node && typeof node.$ref === 'string'
    ? (node.$ref
        .slice(2)
        .split('/')
        .reduce((n: Json | undefined, k: string) => n?.[k], doc) as Json | undefined)
    : node;

interface Op {
  operationId: string;
  method: string;
  path: string;
  pathParams: string[];
  query: { name: string; schema: Json }[];
  body: Json | undefined;
  bodyTypes: string[];
}

const ops: Op[] = [];
for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
  for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
    const op = item[method] as Json | undefined;
    if (!op) continue;
    const params = ((op.parameters ?? []) as Json[]).map((p) => resolveRef(p) as Json);
    const content = (op.requestBody?.content ?? {}) as Record<string, Json>;
    ops.push({
      operationId: op.operationId,
      method: method.toUpperCase(),
      path,
      pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
      query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
      body: resolveRef(content['application/json']?.schema),
      bodyTypes: Object.keys(content),
    });
  }
}

const HOSTILE = [
  '',
  '0',
  '-1',
  '1.5',
  'abc',
  'Sprachförderung',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '99999999999999999999',
  '1e400',
  'true',
  'null',
  "' OR 1=1 --",
  '"foo OR',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\u202Eevil',
  'ä'.repeat(300),
];
const RAW_QUERY = ['%00', '%ED%A0%80', '%E0%A4%A', '100%', '%zz', '%C3%BC', 'a+b', '%2C%2C'];
const VALID_PATH: Record<string, string[]> = {
  number: ['18', '20', '21', '99'],
  id: ['1', '2', '5', '40', '999'],
  demandId: ['1', '2', '97'],
  top: ['4.5', '1.3', 'G1', 'A'],
  tokenId: ['1', '2'],
  suggestionId: ['1', 's1'],
  key: ['1', 'k1'],
};

const hostile = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));

/** Percent-encodes like a client would; a lone surrogate cannot be encoded, so it is sent as its UTF-8 bytes. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

function valueFor(schema: Json): fc.Arbitrary<string> {
  const s = schema.items ?? schema;
  const good: fc.Arbitrary<string>[] = [];
  if (Array.isArray(s.enum)) good.push(fc.constantFrom(...s.enum.map(String)));
  if (s.type === 'boolean') good.push(fc.constantFrom('true', 'false', '1', '0'));
  if (s.type === 'integer' || s.type === 'number') good.push(fc.integer({ min: -5, max: 300 }).map(String));
  if (s.format === 'date') good.push(fc.constantFrom('2025-04-23', '2026-11-20', '2025-02-30'));
  if (s.format === 'date-time') good.push(fc.constantFrom('2026-01-01T00:00:00Z', '2026-11-20T09:00:00+01:00'));
  if (good.length === 0) good.push(fc.constantFrom('MBE', 'Sprachförderung', 'NI', 'BREG', '20'));
  return fc.oneof({ weight: 3, arbitrary: fc.oneof(...good) }, { weight: 2, arbitrary: hostile });
}

/** A JSON value shaped after a request schema: declared fields with plausible or hostile values. */
function bodyFor(schema: Json | undefined, depth = 0): fc.Arbitrary<unknown> {
  const any = fc.jsonValue({ maxDepth: 2 });
  if (!schema || depth > 2) return fc.oneof(any, hostile);
  const s = resolveRef(schema) as Json;
  const variants = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (variants) return fc.oneof(...variants.map((v) => bodyFor(v, depth + 1)));
  if (s.type === 'object' || s.properties) {
    const props = Object.entries((s.properties ?? {}) as Record<string, Json>);
    const record = fc.record(Object.fromEntries(props.map(([k, v]) => [k, bodyFor(v, depth + 1)])), { requiredKeys: [] });
    return fc.oneof({ weight: 4, arbitrary: record }, { weight: 1, arbitrary: any });
  }
  if (s.type === 'array') return fc.oneof(fc.array(bodyFor(s.items, depth + 1), { maxLength: 3 }), any);
  if (Array.isArray(s.enum)) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...s.enum) }, { weight: 1, arbitrary: hostile });
  if (s.type === 'integer' || s.type === 'number') return fc.oneof(fc.integer({ min: -3, max: 200 }), fc.double(), hostile);
  if (s.type === 'boolean') return fc.oneof(fc.boolean(), hostile);
  if (s.format === 'date') return fc.oneof(fc.constantFrom('2025-04-23', '2026-11-20', '2025-02-30'), hostile);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom('MBE', 'Bund', 'NI', 'BREG', '4.5', 'Sachstand') },
    { weight: 2, arbitrary: hostile },
  );
}

interface Request {
  as: As;
  url: string;
  payload?: string;
  contentType?: string;
  ifMatch?: string;
}

function requestFor(op: Op): fc.Arbitrary<Request> {
  const path = fc
    .tuple(
      ...op.pathParams.map((name) =>
        fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(VALID_PATH[name] ?? ['1'])) }, { weight: 1, arbitrary: hostile.map(encode) }),
      ),
    )
    .map((values) => {
      let i = 0;
      return op.path.replace(/\{\w+\}/g, () => values[i++] ?? '1');
    });
  const queryParam = fc.oneof(
    ...(op.query.length > 0
      ? [
          {
            weight: 4,
            arbitrary: fc.constantFrom(...op.query).chain((q) => valueFor(q.schema).map((v) => `${q.name}=${encode(v)}`)),
          },
        ]
      : []),
    {
      weight: 1,
      arbitrary: fc.constantFrom(...op.query.map((q) => q.name), 'zzz').chain((n) => fc.constantFrom(...RAW_QUERY).map((v) => `${n}=${v}`)),
    },
  );
  // Expensive renders (DOCX, PDF, XLSX) are covered by the report tests; here the formats that render in milliseconds.
  const cheap = (q: string) => !/format=(docx|pdf|xlsx)/.test(q);
  const query = fc.array(queryParam, { maxLength: 4 }).map((parts) => parts.filter(cheap).join('&'));
  const body: fc.Arbitrary<{ payload?: string; contentType?: string }> =
    op.bodyTypes.length === 0
      ? fc.constant({})
      : fc.oneof(
          {
            weight: 6,
            arbitrary: bodyFor(op.body).map((b) => ({ payload: JSON.stringify(b) ?? 'null', contentType: 'application/json' })),
          },
          {
            weight: 1,
            arbitrary: fc.constantFrom('{"a": [1, 2', '', 'null').map((p) => ({ payload: p, contentType: 'application/json' })),
          },
          { weight: 1, arbitrary: hostile.map((p) => ({ payload: p, contentType: 'text/plain' })) },
          { weight: 1, arbitrary: fc.constant({}) },
        );
  return fc
    .record({
      as: fc.constantFrom<As>('anonymous', 'admin', 'chair', 'reader', 'editorNI'),
      path,
      query,
      body,
      ifMatch: fc.option(fc.constantFrom('*', '"veraltet"', 'W/"x"', 'garbage'), { nil: undefined }),
    })
    .map(({ as, path: p, query: q, body: b, ifMatch }) => ({ as, url: q ? `${p}?${q}` : p, ...b, ...(ifMatch ? { ifMatch } : {}) }));
}

const REQUESTS_PER_OPERATION = Math.ceil(5_200 / ops.length);

describe('fuzzing every operation of openapi.json', () => {
  it(`at least 5,000 requests over ${ops.length} operations: no 5xx, every error problem+json`, async () => {
    const t = await createTestApp({ seed: true });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const covered = new Set<string>();
    let sent = 0;
    // Reads first, then writes; the operations that can lock callers out (revocation, deactivation) last.
    const rank = (o: Op) => (['revokeToken', 'revokeOwnToken', 'updateUser'].includes(o.operationId) ? 2 : o.method === 'GET' ? 0 : 1);
    for (const [index, op] of [...ops].sort((a, b) => rank(a) - rank(b)).entries()) {
      const samples = fc.sample(requestFor(op), { numRuns: REQUESTS_PER_OPERATION, seed: 4711 + index });
      for (const r of samples) {
        sent++;
        covered.add(op.operationId);
        const headers: Record<string, string> = {};
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.ifMatch) headers['if-match'] = r.ifMatch;
        let res: LightMyRequestResponse;
        try {
          res = await t.request(r.as, {
            method: op.method as 'GET',
            url: r.url,
            headers,
            ...(r.payload !== undefined ? { payload: r.payload } : {}),
          });
        } catch (error) {
          failures.push(`${op.operationId} ${op.method} ${r.url.slice(0, 120)} threw ${String(error)}`);
          continue;
        }
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const label = `${op.operationId} as ${r.as}: ${op.method} ${r.url.slice(0, 120)} ${r.payload?.slice(0, 80) ?? ''}`;
        if (res.statusCode >= 500) failures.push(`${label} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        else if (res.statusCode >= 400) {
          const type = String(res.headers['content-type']);
          const problem = type.startsWith('application/problem+json') ? JSON.parse(res.body) : null;
          if (
            !problem ||
            problem.status !== res.statusCode ||
            !problem.code ||
            !problem.detail ||
            problem.requestId !== res.headers['x-request-id']
          ) {
            failures.push(`${label} → ${res.statusCode} not a complete problem document: ${type} ${res.body.slice(0, 120)}`);
          }
        }
      }
    }
    console.log(
      `fuzz: ${sent} requests over ${covered.size} operations; statuses ${[...statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
    expect(covered.size).toBe(ops.length);
    expect(sent).toBeGreaterThanOrEqual(5_000);
    expect(failures.slice(0, 20)).toEqual([]);
    expect((await t.app.inject({ url: '/health', as: 'anonymous' })).statusCode).toBe(200);
  }, 600_000);
});
