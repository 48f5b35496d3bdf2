// The OpenAPI document is generated from the route schemas; nothing is written by hand.
// It is made on the first request for it, not at start: @fastify/swagger and @fastify/swagger-ui
// (with @fastify/static and yaml) took about a sixth of the server's start, for pages few requests
// ask for. The start only records the routes as they are registered (what @fastify/swagger's own
// hook does); the first request to /openapi.json or /docs loads both plugins into a small fastify
// instance of their own, registers the recorded routes there (schemas and configs only, never
// called) and answers from it: /openapi.json from its document, /docs/* by injecting the request.
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import Fastify from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { type ContractFacts, refineContract } from './openapi-contract.js';

type OpenApiDoc = ReturnType<typeof jsonSchemaTransformObject>;

const RESPONSE_DESCRIPTIONS: Record<string, string> = {
  '200': 'OK',
  '201': 'Angelegt',
  '204': 'Gelöscht',
  '400': 'Ungültige Anfrage (Validierung oder fehlerhaftes JSON)',
  '401': 'Nicht angemeldet (Token fehlt, ist ungültig, abgelaufen oder widerrufen)',
  '403': 'Keine Berechtigung für diese Rolle',
  '404': 'Nicht gefunden',
  '406': 'Format nicht lieferbar (Accept)',
  '409': 'Konflikt mit dem Bestand',
  '412': 'Vorbedingung fehlgeschlagen',
  '413': 'Anfrage zu groß',
  '415': 'Nicht unterstützter Medientyp',
  '422': 'Fachlich nicht verarbeitbar',
  '428': 'If-Match fehlt',
  '429': 'Zu viele Anfragen',
  '500': 'Interner Fehler',
};

/** Media types a route sends besides JSON (the zod provider describes JSON only), by operationId. */
export type AlternativeContent = Record<string, Record<string, { schema: Record<string, unknown> }>>;

/** Error responses are problem documents; every response gets a German description. */
function polish(doc: OpenApiDoc, alternatives: AlternativeContent, facts: ContractFacts): OpenApiDoc {
  const paths = (doc as { paths?: Record<string, Record<string, { responses?: Record<string, Record<string, unknown>> }>> }).paths ?? {};
  for (const ops of Object.values(paths)) {
    for (const op of Object.values(ops) as { operationId?: string; responses?: Record<string, Record<string, unknown>> }[]) {
      const extra = op.operationId ? alternatives[op.operationId] : undefined;
      const ok = op.responses?.['200'];
      if (extra && ok) ok.content = { ...(ok.content as Record<string, unknown>), ...extra };
      for (const [code, response] of Object.entries(op.responses ?? {})) {
        if (response.description === 'Default Response' || !response.description) {
          response.description = RESPONSE_DESCRIPTIONS[code] ?? 'Antwort';
        }
        const content = response.content as Record<string, unknown> | undefined;
        if (Number(code) >= 400 && content?.['application/json']) {
          response.content = { 'application/problem+json': content['application/json'] };
        }
      }
    }
  }
  pruneUnusedComponents(doc);
  return refineContract(doc as Record<string, unknown>, facts) as OpenApiDoc;
}

/** The zod registry yields input and output variants of every named schema; keep those reachable. */
function pruneUnusedComponents(doc: OpenApiDoc): void {
  const components = (doc as { components?: { schemas?: Record<string, unknown> } }).components;
  const schemas = components?.schemas ?? {};
  const refs = (value: unknown) => [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string);
  const reachable = new Set<string>();
  const queue = refs({ ...doc, components: { ...components, schemas: {} } });
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (reachable.has(name)) continue;
    reachable.add(name);
    queue.push(...refs(schemas[name] ?? {}));
  }
  for (const name of Object.keys(schemas)) if (!reachable.has(name)) delete schemas[name];
}

/** The options of @fastify/swagger: the document's frame, and the transforms that finish it. */
function swaggerOptions(serverUrl: string | undefined, alternatives: AlternativeContent): FastifyDynamicSwaggerOptions {
  // What the route configs say about headers, collected while the routes are transformed.
  const facts: ContractFacts = { etagOperations: new Set(), noEtagOperations: new Set(), noLocationOperations: new Set() };
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Erfolgskontrolle IntMK',
        version: '1.0.0',
        description:
          'Nachverfolgung der Beschlüsse der Integrationsministerkonferenz (IntMK): Konferenzen, Beschlüsse, Forderungen und ihre Adressaten, datierte Sachstände und wiederkehrende Forderungen.\n\nFollow-up tracker for the resolutions of the German conference of integration ministers.',
        license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
        contact: { name: 'IntMK-Geschäftsstelle' },
      },
      // Relative by default: Swagger UI's "Try it out" then calls the host and port it was loaded from.
      servers: [{ url: serverUrl ?? '/', description: serverUrl ? 'Öffentliche Adresse' : 'Dieser Server' }],
      components: {
        securitySchemes: {
          cookieAuth: {
            type: 'apiKey',
            in: 'cookie',
            name: 'ek_session',
            description:
              'Sitzung der Web-Anwendung (`POST /api/v1/session`). Schreibende Anfragen brauchen zusätzlich den Kopf `X-CSRF-Token` mit dem Wert aus der Anmeldung (auch im Cookie `ek_csrf`).',
          },
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'ek_<id>_<secret>',
            description:
              'API-Token der Geschäftsstelle (`npm run user -- create …`). Ohne Token sind nur öffentliche Inhalte lesbar. In der Dokumentation unter „Authorize“ eintragen.',
          },
        },
      },
      tags: [
        { name: 'Konferenzen', description: 'Integrationsministerkonferenzen (Hauptkonferenzen und Sonderkonferenzen)' },
        { name: 'Beschlüsse', description: 'Beschlüsse unter den Tagesordnungspunkten, mit Ziffern und Protokollnotizen' },
        { name: 'Forderungen', description: 'Forderungen, Bitten und Aufträge in den Beschlüssen' },
        { name: 'Sachstände', description: 'Datierte, unveränderliche Sachstände zu Forderungen' },
        { name: 'Stränge', description: 'Wiederkehrende Forderungen über mehrere Konferenzen' },
        { name: 'Vokabular', description: 'Länder, Adressaten, Status und Arten' },
        { name: 'Suche', description: 'Volltextsuche' },
        { name: 'Berichte', description: 'Die Erfolgskontrolle des Vorsitzes als Dokument' },
        { name: 'Import', description: 'Beschlusssammlungen als PDF oder Text einlesen, prüfen und übernehmen' },
        { name: 'Konten', description: 'Konten, Rollen und API-Token (Administration)' },
        { name: 'Protokoll', description: 'Das manipulationssichere Änderungsprotokoll (Administration)' },
        { name: 'Anmeldung', description: 'Anmeldung im Browser: Einladungen, Sitzungen, Passwörter' },
        {
          name: 'Berichtsrunden',
          description: 'Berichtsrunden: Zuständigkeiten, Sachstandsentwürfe, Prüfung, Freigabe, Beanstandungen, Erinnerungen',
        },
        { name: 'Abgleich', description: 'Änderungen und Löschungen für Integratoren, ohne Lücken fortsetzbar' },
        { name: 'Betrieb', description: 'Zustand des Dienstes' },
      ],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const id = (input.schema as { operationId?: string } | undefined)?.operationId;
      const config = input.route.config as { etag?: boolean; location?: boolean } | undefined;
      if (id && config?.etag === true) facts.etagOperations.add(id);
      if (id && config?.etag === false) facts.noEtagOperations.add(id);
      if (id && config?.location === false) facts.noLocationOperations.add(id);
      return out;
    },
    transformObject: (input) => polish(jsonSchemaTransformObject(input), alternatives, facts),
  };
}

/** The documentation's own fastify instance: the recorded routes, @fastify/swagger and Swagger UI. */
async function docsInstance(routes: readonly RouteOptions[], serverUrl: string | undefined, alternatives: AlternativeContent) {
  const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')]);
  const docs = Fastify({ logger: false, exposeHeadRoutes: false });
  // The routes are described, never called: nothing is validated or serialised here.
  docs.setValidatorCompiler(() => () => true);
  docs.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await docs.register(swagger, swaggerOptions(serverUrl, alternatives));
  for (const { method, url, schema, config } of routes) {
    docs.route({ method, url, schema, config, handler: async () => null } as RouteOptions);
  }
  await docs.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: false } });
  await docs.ready();
  return docs;
}

/** Response headers of the documentation's instance that this server sets itself. */
const OWN_HEADERS = new Set(['connection', 'content-length', 'date', 'keep-alive', 'transfer-encoding']);

export function registerOpenApi(app: FastifyInstance, serverUrl?: string, alternatives: AlternativeContent = {}): void {
  // Every route with its schema, as @fastify/swagger records them (HEAD routes are GET's twins);
  // hidden ones (the documentation's own, CORS's OPTIONS) stay out of the document anyway.
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    if (route.method !== 'HEAD' && (route.schema as { hide?: boolean } | undefined)?.hide !== true) routes.push(route);
  });
  let docs: Promise<FastifyInstance> | undefined;
  const docsApp = () => {
    docs ??= docsInstance(routes, serverUrl, alternatives);
    // A failed build (a schema the generator refuses) is tried again by the next request, and logged by this one.
    docs.catch(() => {
      docs = undefined;
    });
    return docs;
  };
  app.get('/openapi.json', { schema: { hide: true } }, async () => (await docsApp()).swagger());
  const forward = async (req: FastifyRequest, reply: FastifyReply) => {
    const res = await (await docsApp()).inject({ method: 'GET', url: req.url, headers: req.headers });
    if (res.statusCode === 404) return reply.callNotFound();
    reply.code(res.statusCode);
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined && !OWN_HEADERS.has(name)) reply.header(name, value);
    }
    // A redirect or 304 has no body (and so no type of its own).
    return reply.send(res.rawPayload.length > 0 ? res.rawPayload : undefined);
  };
  app.get('/docs', { schema: { hide: true } }, forward);
  app.get('/docs/*', { schema: { hide: true } }, forward);
}
