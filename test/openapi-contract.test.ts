// The committed OpenAPI document is a contract integrators can trust (issue #13, item 2): it is valid
// OpenAPI 3.1 with JSON Schema 2020-12 schemas, works from any host, declares the headers the API
// uses, keeps responses open to new fields while requests stay strict, and its examples are valid.
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';

type Json = Record<string, any>;
const doc = JSON.parse(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8')) as Json;
const schemas = doc.components.schemas as Record<string, Json>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const operations: { label: string; method: string; op: Json }[] = [];
for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
  for (const method of METHODS) if (item[method]) operations.push({ label: `${method.toUpperCase()} ${path}`, method, op: item[method] });
}

/** Every schema object in the document: components, parameters, request and response bodies. */
function allSchemas(): { where: string; schema: Json }[] {
  const out = Object.entries(schemas).map(([name, schema]) => ({ where: `#/components/schemas/${name}`, schema }));
  for (const { label, op } of operations) {
    for (const p of op.parameters ?? []) if (p.schema) out.push({ where: `${label} ${p.in} ${p.name}`, schema: p.schema });
    for (const [type, media] of Object.entries((op.requestBody?.content ?? {}) as Record<string, Json>)) {
      if (media.schema) out.push({ where: `${label} body ${type}`, schema: media.schema });
    }
    for (const [code, response] of Object.entries(op.responses as Record<string, Json>)) {
      for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Json>)) {
        if (media.schema) out.push({ where: `${label} ${code} ${type}`, schema: media.schema });
      }
    }
  }
  return out;
}

function walk(node: unknown, fn: (schema: Json, path: string) => void, path = ''): void {
  if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) walk(n, fn, `${path}[${i}]`);
  } else if (node && typeof node === 'object') {
    fn(node as Json, path);
    for (const [k, v] of Object.entries(node)) walk(v, fn, `${path}.${k}`);
  }
}

describe('OpenAPI document: valid and plain', () => {
  it('is valid OpenAPI 3.1 (the official schema, through swagger-parser)', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('has no $id or $schema in components (Swagger UI resolves them as remote documents)', () => {
    const offenders = Object.entries(schemas)
      .filter(([, s]) => '$id' in s || '$schema' in s)
      .map(([n]) => n);
    expect(offenders).toEqual([]);
  });

  it('every schema is valid against the JSON Schema 2020-12 metaschema', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const invalid: string[] = [];
    for (const { where, schema } of allSchemas()) {
      if (!ajv.validateSchema(schema)) invalid.push(`${where}: ${ajv.errorsText(ajv.errors)}`);
    }
    expect(invalid).toEqual([]);
  });

  it('announces a relative server, so Try it out calls the host it was loaded from', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('shows integers without the ±2^53 bounds and boolean flags as booleans', () => {
    const offenders: string[] = [];
    for (const { where, schema } of allSchemas()) {
      walk(schema, (s, path) => {
        if (Math.abs(s.minimum ?? 0) === Number.MAX_SAFE_INTEGER || Math.abs(s.maximum ?? 0) === Number.MAX_SAFE_INTEGER)
          offenders.push(`${where}${path}: safe-integer bound`);
        if (Array.isArray(s.enum) && s.enum.includes('true') && s.enum.includes('false'))
          offenders.push(`${where}${path}: boolean as string enum`);
      });
    }
    expect(offenders).toEqual([]);
    const open = operations.find((o) => o.op.operationId === 'listDemands')?.op.parameters.find((p: Json) => p.name === 'open');
    expect(open.schema.type).toBe('boolean');
  });

  it('keeps responses open to new fields and requests strict', () => {
    const closed: string[] = [];
    for (const [name, schema] of Object.entries(schemas)) {
      if (name.endsWith('Input')) {
        if (schema.type === 'object' && schema.additionalProperties !== false) closed.push(`${name}: request not strict`);
        continue;
      }
      walk(schema, (s, path) => {
        if (s.additionalProperties === false) closed.push(`${name}${path}: response closed`);
      });
    }
    expect(closed).toEqual([]);
  });

  it('declares ETag, If-Match, If-None-Match, Location, Content-Disposition and Retry-After', () => {
    const missing: string[] = [];
    for (const { label, method, op } of operations) {
      const params = (op.parameters ?? []).map((p: Json) => p.$ref ?? p.name);
      const headers = (code: string) => Object.keys(op.responses[code]?.headers ?? {});
      if (
        ['PATCH', 'PUT', 'DELETE'].includes(method.toUpperCase()) &&
        op.responses['428'] &&
        !params.includes('#/components/parameters/IfMatch')
      )
        missing.push(`${label}: If-Match`);
      if (op.responses['201'] && !headers('201').includes('Location') && op.operationId !== 'createAddressee')
        missing.push(`${label}: Location`);
      if (op.responses['201'] && !headers('201').includes('ETag') && !['createUser', 'createToken'].includes(op.operationId))
        missing.push(`${label}: 201 ETag`);
      if (op.responses['429'] && !headers('429').includes('Retry-After')) missing.push(`${label}: Retry-After`);
      if (method === 'get' && headers('200').includes('ETag') && !params.includes('#/components/parameters/IfNoneMatch'))
        missing.push(`${label}: If-None-Match`);
    }
    const single = ['getConference', 'getResolution', 'getDemand', 'getStatusUpdate', 'getThread', 'getImport', 'getUser'];
    for (const id of single) {
      const op = operations.find((o) => o.op.operationId === id)?.op;
      if (!op?.responses['200'].headers?.ETag) missing.push(`${id}: ETag`);
      if (!op?.responses['304']) missing.push(`${id}: 304`);
    }
    const report = operations.find((o) => o.op.operationId === 'getErfolgskontrolle')?.op;
    if (!report?.responses['200'].headers?.['Content-Disposition']) missing.push('getErfolgskontrolle: Content-Disposition');
    expect(missing).toEqual([]);
  });

  it('pages every list the same way: items, total, limit, offset, next, and a Link header', () => {
    const offenders: string[] = [];
    let pages = 0;
    for (const { label, method, op } of operations) {
      if (method !== 'get') continue;
      const ok = op.responses['200']?.content?.['application/json']?.schema as Json | undefined;
      if (!ok) continue;
      if (ok.type === 'array') offenders.push(`${label}: bare array`);
      const name = typeof ok.$ref === 'string' ? ok.$ref.split('/').pop() : undefined;
      const schema = name ? schemas[name] : ok;
      const props = Object.keys(schema?.properties ?? {});
      // The change feed pages by position (`after`), not by offset: test/sync.test.ts.
      if (!props.includes('items') || op.operationId === 'listChanges') continue;
      pages++;
      for (const key of ['items', 'total', 'limit', 'offset', 'next']) if (!props.includes(key)) offenders.push(`${label}: no ${key}`);
      const params = (op.parameters ?? []).map((p: Json) => p.name);
      if (!params.includes('limit') || !params.includes('offset')) offenders.push(`${label}: no limit/offset`);
      if (!op.responses['200'].headers?.Link) offenders.push(`${label}: no Link header`);
    }
    expect(offenders).toEqual([]);
    expect(pages).toBeGreaterThanOrEqual(14);
  });

  it('has examples on the main schemas, each valid against its schema', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema({ ...doc, $id: 'https://erfolgskontrolle.invalid/openapi.json' });
    const main = ['Conference', 'Resolution', 'DemandDetail', 'StatusUpdate', 'Thread', 'Problem'];
    for (const name of main) {
      const examples = schemas[name]?.examples as unknown[] | undefined;
      expect(examples?.length, `${name} has examples`).toBeGreaterThan(0);
      const validate = ajv.getSchema(`https://erfolgskontrolle.invalid/openapi.json#/components/schemas/${name}`);
      for (const example of examples ?? []) {
        expect(validate?.(example), `${name}: ${ajv.errorsText(validate?.errors)}`).toBe(true);
      }
    }
  });
});
