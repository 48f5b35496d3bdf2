// The committed OpenAPI document (openapi/openapi.json, regenerated with `npm run openapi:generate`)
// promises limits on everything a client can send: each operation states its security, every
// request string has a maximum length, every request array a maximum size, and no list can be
// asked for more than 200 items. A new field without a bound fails here with its location.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Schema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  schema?: Schema;
  $ref?: string;
}
interface Operation {
  operationId?: string;
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }>; $ref?: string };
}

const doc = JSON.parse(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const MAX_LIMIT = 200;
/** Formats that bound a string by their own grammar. */
const BOUNDED_FORMATS = new Set(['date', 'date-time', 'email', 'uri']);

function resolve<T>(ref: string): T {
  if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  return node as T;
}

const operations: { label: string; op: Operation }[] = [];
for (const [path, item] of Object.entries(doc.paths)) {
  for (const method of METHODS) {
    const op = item[method] as Operation | undefined;
    if (op) operations.push({ label: `${method.toUpperCase()} ${path}`, op });
  }
}

function parametersOf(op: Operation): Parameter[] {
  return (op.parameters ?? []).map((p) => (p.$ref ? resolve<Parameter>(p.$ref) : p));
}

const typesOf = (s: Schema): string[] => (Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : []);

/**
 * Collects the unbounded strings and arrays reachable from a request schema. A component is
 * reported once under its own name (`#/components/schemas/X.field`), however many operations use it.
 */
function unbounded(schema: Schema | undefined, where: string, seen: Set<string>, out: Set<string>): void {
  if (!schema || typeof schema !== 'object') return;
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    if (!seen.has(ref)) {
      seen.add(ref);
      unbounded(resolve<Schema>(ref), ref, seen, out);
    }
    return;
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) {
      for (const [i, s] of list.entries()) unbounded(s as Schema, `${where}(${key}[${i}])`, seen, out);
    }
  }
  const types = typesOf(schema);
  if (types.includes('string')) {
    const bounded =
      typeof schema.maxLength === 'number' ||
      Array.isArray(schema.enum) ||
      'const' in schema ||
      typeof schema.pattern === 'string' ||
      (typeof schema.format === 'string' && BOUNDED_FORMATS.has(schema.format)) ||
      // A file upload (PDF or text) is bounded by the route's body limit in bytes, not by a length in characters.
      schema.format === 'binary';
    if (!bounded) out.add(`${where}: string without maxLength`);
  }
  if (types.includes('array')) {
    if (typeof schema.maxItems !== 'number') out.add(`${where}: array without maxItems`);
    if (schema.items && typeof schema.items === 'object') unbounded(schema.items as Schema, `${where}[]`, seen, out);
    if (Array.isArray(schema.prefixItems)) {
      for (const [i, s] of schema.prefixItems.entries()) unbounded(s as Schema, `${where}[${i}]`, seen, out);
    }
  }
  if (schema.properties && typeof schema.properties === 'object') {
    for (const [name, s] of Object.entries(schema.properties as Record<string, Schema>)) unbounded(s, `${where}.${name}`, seen, out);
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    unbounded(schema.additionalProperties as Schema, `${where}.*`, seen, out);
  }
  if (schema.patternProperties && typeof schema.patternProperties === 'object') {
    for (const [p, s] of Object.entries(schema.patternProperties as Record<string, Schema>)) unbounded(s, `${where}[${p}]`, seen, out);
  }
}

const report = (offenders: Iterable<string>) => [...offenders].sort().join('\n  ');

describe('committed OpenAPI document: security and input limits', () => {
  it('has operations to check', () => {
    expect(operations.length).toBeGreaterThan(30);
  });

  it('every operation declares its security', () => {
    const missing = operations.filter(({ op }) => !Array.isArray(op.security) || op.security.length === 0).map(({ label }) => label);
    expect(missing.length, `operations without security (${missing.length}):\n  ${report(missing)}\n`).toBe(0);
  });

  it('every request string has maxLength (or an enum, const, pattern or bounded format) and every array maxItems', () => {
    const offenders = new Set<string>();
    const seen = new Set<string>();
    for (const { label, op } of operations) {
      for (const p of parametersOf(op)) {
        if (p.in === 'query' || p.in === 'path') unbounded(p.schema, `${label} ${p.in} ${p.name}`, seen, offenders);
      }
      const body = op.requestBody?.$ref ? resolve<NonNullable<Operation['requestBody']>>(op.requestBody.$ref) : op.requestBody;
      for (const [type, media] of Object.entries(body?.content ?? {})) unbounded(media.schema, `${label} body(${type})`, seen, offenders);
    }
    expect(offenders.size, `unbounded request fields (${offenders.size}):\n  ${report(offenders)}\n`).toBe(0);
  });

  it(`every list endpoint caps its limit parameter at ${MAX_LIMIT} or less`, () => {
    const offenders: string[] = [];
    let lists = 0;
    for (const { label, op } of operations) {
      const limit = parametersOf(op).find((p) => p.in === 'query' && p.name === 'limit');
      if (!limit) continue;
      lists++;
      const max = limit.schema?.maximum;
      if (typeof max !== 'number' || max > MAX_LIMIT)
        offenders.push(`${label}: limit maximum ${max === undefined ? 'missing' : String(max)}`);
    }
    expect(lists).toBeGreaterThan(3);
    expect(offenders.length, `list endpoints with an uncapped limit (${offenders.length}):\n  ${report(offenders)}\n`).toBe(0);
  });
});
