// Post-processing of the generated OpenAPI document into the contract integrators rely on
// (docs/decisions/0005-api-contract.md): plain JSON Schema 2020-12 components without `$id`,
// responses open to new fields while requests stay strict, booleans and integers shown as such,
// the headers the API sends and reads, and examples on the main schemas.
import { SCHEMA_EXAMPLES } from './openapi-examples.js';

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  parameters?: Json[];
  responses?: Record<string, Json>;
}

export interface ContractFacts {
  /** Operations whose 200 (and 201) responses carry an ETag (route config `etag`). */
  etagOperations: Set<string>;
  /** Operations answering 201 without a representation of the created resource (no ETag). */
  noEtagOperations: Set<string>;
  /** Operations answering 201 without a Location (nothing to read on its own). */
  noLocationOperations: Set<string>;
}

const SAFE = Number.MAX_SAFE_INTEGER;
const BOOLEAN_ENUM = ['0', '1', 'false', 'true'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const HEADERS: Record<string, Json> = {
  ETag: {
    description: 'Starker Entity-Tag der gelieferten Fassung; für `If-Match` (Änderungen) und `If-None-Match` (bedingtes Lesen).',
    schema: { type: 'string', maxLength: 100, examples: ['"x3Jc0pAQ1n3u2m5bYk8qZg"'] },
  },
  Location: {
    description: 'Adresse des angelegten Eintrags (relativ zum Server).',
    schema: { type: 'string', format: 'uri-reference', examples: ['/api/v1/demands/42'] },
  },
  ContentDisposition: {
    description: 'Dateiname des Dokuments (`inline` für JSON und HTML, sonst `attachment`).',
    schema: { type: 'string', examples: ['attachment; filename="Erfolgskontrolle_20_IntMK_Stichtag_2026-11-20.docx"'] },
  },
  Link: {
    description: 'Die nächste Seite als `<URL>; rel="next"` (RFC 8288), wie `next` im Inhalt; fehlt auf der letzten Seite.',
    schema: { type: 'string', examples: ['<https://intmk.example/api/v1/demands?offset=50&limit=50>; rel="next"'] },
  },
  RetryAfter: {
    description: 'Sekunden bis zum nächsten sinnvollen Versuch.',
    schema: { type: 'integer', minimum: 0, examples: [30] },
  },
};

const PARAMETERS: Record<string, Json> = {
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: true,
    description:
      'ETag der zuletzt gelesenen Fassung (aus dem Kopf `ETag` von GET); `*` für jede vorhandene Fassung. Fehlt er: 428, passt er nicht: 412.',
    schema: { type: 'string', maxLength: 1000 },
  },
  IfNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'ETag einer gespeicherten Fassung: ist sie noch aktuell, antwortet der Server 304 ohne Inhalt.',
    schema: { type: 'string', maxLength: 1000 },
  },
};

const ref = (kind: 'headers' | 'parameters', name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** Applies `fn` to every schema object below `node` (depth first, the node itself last). */
function walk(node: unknown, fn: (schema: Json) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, fn);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const value of Object.values(node as Json)) walk(value, fn);
  fn(node as Json);
}

/** Integers as integers: no ±2^53-1 bounds from zod's int, `> 0` as `minimum: 1`; booleans as booleans. */
function plainTypes(schema: Json): void {
  if (schema.type === 'integer' || (Array.isArray(schema.type) && schema.type.includes('integer'))) {
    if (schema.minimum === -SAFE) delete schema.minimum;
    if (schema.maximum === SAFE) delete schema.maximum;
    if (schema.exclusiveMinimum === 0) {
      delete schema.exclusiveMinimum;
      schema.minimum = 1;
    }
  }
  if (schema.type === 'string' && Array.isArray(schema.enum) && [...schema.enum].sort().join() === BOOLEAN_ENUM.join()) {
    delete schema.enum;
    schema.type = 'boolean';
    schema.description = `${schema.description ? `${schema.description}. ` : ''}\`true\` or \`false\` (\`1\`/\`0\` are accepted as aliases)`;
  }
}

function openResponse(schema: Json): void {
  if (schema.additionalProperties === false) delete schema.additionalProperties;
}

export function refineContract(doc: Json, facts: ContractFacts): Json {
  doc.components ??= {};
  const components = doc.components as Record<string, Record<string, Json>>;
  const schemas = components.schemas ?? {};
  for (const [name, schema] of Object.entries(schemas)) {
    delete schema.$id;
    delete schema.$schema;
    // Output variants describe responses: open to fields added later. `…Input` variants stay strict.
    if (!name.endsWith('Input')) walk(schema, openResponse);
    const examples = SCHEMA_EXAMPLES[name];
    if (examples) schema.examples = examples;
  }
  walk(doc, plainTypes);
  components.headers = { ...components.headers, ...HEADERS };
  components.parameters = { ...components.parameters, ...PARAMETERS };

  const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const item of Object.values(paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op?.responses) continue;
      const id = op.operationId ?? '';
      const responses = op.responses;
      for (const [code, response] of Object.entries(responses)) {
        if (Number(code) < 400) walk(response.content, openResponse);
      }
      const headersOf = (code: string) => {
        const response = responses[code];
        if (!response) return undefined;
        response.headers ??= {};
        return response.headers as Json;
      };
      if (facts.etagOperations.has(id)) {
        const ok = headersOf('200');
        if (ok) ok.ETag = ref('headers', 'ETag');
      }
      const okSchema = (responses['200']?.content as Record<string, { schema?: Json }> | undefined)?.['application/json']?.schema;
      if (typeof okSchema?.$ref === 'string' && /(Page|ChangeFeed)$/.test(okSchema.$ref)) {
        const h = headersOf('200');
        if (h) h.Link = ref('headers', 'Link');
      }
      const created = headersOf('201');
      if (created) {
        if (!facts.noLocationOperations.has(id)) created.Location = ref('headers', 'Location');
        if (!facts.noEtagOperations.has(id)) created.ETag = ref('headers', 'ETag');
      }
      for (const code of ['429', '503']) {
        const h = headersOf(code);
        if (h) h['Retry-After'] = ref('headers', 'RetryAfter');
      }
      const ok = responses['200']?.content as Record<string, unknown> | undefined;
      if (ok && Object.keys(ok).some((type) => type !== 'application/json')) {
        const h = headersOf('200');
        if (h) h['Content-Disposition'] = ref('headers', 'ContentDisposition');
      }
      op.parameters ??= [];
      if (responses['428']) op.parameters.push(ref('parameters', 'IfMatch'));
      if (method === 'get' && facts.etagOperations.has(id)) {
        op.parameters.push(ref('parameters', 'IfNoneMatch'));
        responses['304'] = { description: 'Nicht geändert: die Fassung mit diesem ETag ist aktuell' };
      }
      if (op.parameters.length === 0) delete op.parameters;
    }
  }
  return doc;
}
