// Builds the application from explicit dependencies; src/server.ts only listens.
import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from './clock.js';
import type { Database_ } from './db/client.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { usersRoutes } from './modules/auth/users.routes.js';
import { conferencesRoutes } from './modules/conferences/conferences.routes.js';
import { demandsRoutes } from './modules/demands/demands.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { importsRoutes } from './modules/imports/imports.routes.js';
import { createImportPool, type ImportPoolOptions } from './modules/imports/worker/runner.js';
import { REPORT_ALTERNATIVE_CONTENT } from './modules/reports/render/index.js';
import { createRenderPool, type RenderBudget } from './modules/reports/render/pool.js';
import type { RenderOptions } from './modules/reports/render/renders.js';
import { reportsRoutes } from './modules/reports/reports.routes.js';
import { resolutionsRoutes } from './modules/resolutions/resolutions.routes.js';
import { cockpitRoutes } from './modules/rounds/cockpit.routes.js';
import { draftsRoutes } from './modules/rounds/drafts.routes.js';
import { formsRoutes } from './modules/rounds/forms.routes.js';
import type { MailOptions } from './modules/rounds/reminders.service.js';
import { roundsRoutes } from './modules/rounds/rounds.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { sessionsRoutes } from './modules/sessions/sessions.routes.js';
import { statusRoutes } from './modules/status/status.routes.js';
import { syncRoutes } from './modules/sync/sync.routes.js';
import { threadsRoutes } from './modules/threads/threads.routes.js';
import { vocabRoutes } from './modules/vocab/vocab.routes.js';
import { registerAuth } from './plugins/auth.js';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from './plugins/errors.js';
import { registerEtags, registerNotModified } from './plugins/etag.js';
import { registerInputGuards } from './plugins/input-guards.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerPaging } from './plugins/paging.js';
import { registerResponseCache } from './plugins/response-cache.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { registerWeb } from './plugins/web.js';
import { createServices, type Services } from './services.js';
import { DomainError } from './shared/errors.js';
import { jsonOf } from './shared/json.js';

// Validation messages in German, for people first.
z.config(z.locales.de());

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    /** PUBLIC_URL: the published address, for absolute links (else the host the client called). */
    publicUrl: string | undefined;
  }
}

/**
 * Checks a response against its schema (fastify-type-provider-zod's compiler throws a logged 500
 * when it does not match) and then sends the handler's object as production does, not zod's
 * parsed copy: tests see the bytes production sends, and the ETag hashed from them (src/plugins/etag.ts)
 * is the tag `If-Match` is compared with (src/shared/etag.ts).
 */
const checkedSerializer: typeof serializerCompiler = (route) => {
  const check = serializerCompiler(route);
  return (data) => {
    check(data);
    return serialise(data);
  };
};

/**
 * JSON text, or its UTF-8 bytes when they were serialised ahead (shared/json.ts): fastify sends a
 * Buffer from a serializer as it is, although its types ask for a string.
 */
const serialise = jsonOf as (value: unknown) => string;

/** How long after the server's first request the import worker starts and warms up. */
const IMPORT_WORKER_START_DELAY_MS = 1000;

/**
 * Starts the import worker a second after the first request reaches the server: the first import
 * finds it ready (thread up, module loaded, parser warmed up), and the server's own start, to its
 * first answer, does not wait for it or share the CPU with it. Once, through the HTTP server's own
 * event, so no request after the first pays for it (requests injected in tests start nothing).
 */
function startAfterFirstRequest(app: FastifyInstance, start: () => Promise<void>): void {
  let timer: NodeJS.Timeout | undefined;
  app.server.once('request', () => {
    timer = setTimeout(() => {
      start().catch((err: unknown) => app.log.warn({ err }, 'import worker did not start'));
    }, IMPORT_WORKER_START_DELAY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearTimeout(timer));
}

export interface AppDeps {
  database: Database_;
  clock: Clock;
  logLevel?: string;
  publicUrl?: string;
  /**
   * Check every response against its schema before sending (on in tests and development).
   * Services build responses typed by the same schemas, so production skips the second check
   * and serialises directly: validating a large response costs more than building it.
   */
  validateResponses?: boolean;
  /** Budget of the GET response cache in bytes; 0 turns it off (the default, e.g. in tests). */
  responseCacheBytes?: number;
  /** Worker threads rendering DOCX, PDF and XLSX reports; 0 or unset renders in the request's thread. */
  reportWorkers?: number;
  /** Time, heap and queue of the render workers; cache size and renders per caller. */
  reportBudget?: RenderBudget & RenderOptions;
  /** Parse and read PDFs of imports in a worker thread with a time and memory budget (the server does); unset: in process. */
  importWorker?: ImportPoolOptions | boolean;
  /** Requests per minute and token (or client address, without one); 0 or unset: no limit. */
  rateLimitPerMinute?: number;
  /** Failed authentications per client address and minute before 429 (default 10). */
  authFailuresPerMinute?: number;
  /** Behind a reverse proxy: trust X-Forwarded-For for the client address (rate limits). */
  /** Fastify's trustProxy: every hop (true) or the proxies' addresses and networks. */
  trustProxy?: boolean | string;
  /** Origins allowed to call the API from a browser (CORS); none by default. */
  corsOrigins?: string[];
  /** Folder of the built web application (dist/web); unset: `/` says it is not built. */
  webRoot?: string;
  /** Reminder mails of reporting rounds: SMTP (or the outbox without it), sender, link base. */
  mail?: MailOptions;
  /** Run the reminders (queue and send) this often; 0 or unset: only on request (tests). */
  reminderIntervalMs?: number;
  /** Extra routes registered with the same plugins, hooks and type provider (the bench baseline). */
  extraRoutes?: (app: FastifyInstance) => void;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.logLevel ?? 'info' },
    // The server's own id is always generated, so it is unique in logs and the audit trail; a
    // client's X-Request-Id is kept apart (request.clientRequestId, see registerInputGuards).
    genReqId: () => randomUUID(),
    frameworkErrors,
    clientErrorHandler,
    bodyLimit: 1024 * 1024,
    trustProxy: deps.trustProxy ?? false,
    requestTimeout: 30_000,
    routerOptions: { ignoreTrailingSlash: true },
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only: without this, fastify's text/plain parser would hand a string to the
  // body schema and the client would get a validation error instead of 415.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(deps.validateResponses === false ? () => serialise : checkedSerializer);
  const importPool = deps.importWorker ? createImportPool(deps.importWorker === true ? {} : deps.importWorker) : undefined;
  if (importPool) {
    startAfterFirstRequest(app, () => app.services.imports.warmUp());
    app.addHook('onClose', () => importPool.close());
  }
  app.decorate(
    'services',
    createServices(
      { db: deps.database.db, sqlite: deps.database.sqlite, clock: deps.clock },
      { importRunner: importPool, mail: deps.mail },
    ),
  );
  app.decorate('publicUrl', deps.publicUrl);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // Security headers on every response, errors and the documentation included.
  // No upgrade-insecure-requests: the docs are also served over plain HTTP inside an intranet.
  registerSecurityHeaders(app, { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  await app.register(cors, {
    origin: deps.corsOrigins && deps.corsOrigins.length > 0 ? deps.corsOrigins : false,
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'if-match', 'accept', 'x-request-id', 'x-csrf-token'],
    exposedHeaders: ['etag', 'location', 'content-disposition', 'x-request-id', 'retry-after'],
    maxAge: 600,
  });
  registerErrorHandling(app);
  registerInputGuards(app);
  registerAuth(app, {
    auth: app.services.auth,
    sessions: app.services.sessions,
    audit: app.services.audit,
    failuresPerMinute: deps.authFailuresPerMinute ?? 10,
  });
  if (deps.rateLimitPerMinute) {
    const auth = app.services.auth;
    await app.register(rateLimit, {
      global: true,
      max: deps.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (req) => {
        const token = /^Bearer +(\S+)/i.exec(req.headers.authorization ?? '')?.[1];
        const id = token ? auth.publicIdOf(token) : null;
        return id ? `token:${id}` : `ip:${req.ip}`;
      },
      errorResponseBuilder: (_req, ctx) =>
        new DomainError(
          429,
          'rate_limit.exceeded',
          `Zu viele Anfragen: höchstens ${ctx.max} je Minute. Bitte in ${Math.ceil(ctx.ttl / 1000)} Sekunden erneut versuchen.`,
        ),
    });
  }
  // onSend order: the tag, then the cache stores the tagged 200, then a matching If-None-Match makes it 304.
  registerEtags(app);
  registerResponseCache(app, { sqlite: deps.database.sqlite, clock: deps.clock, maxBytes: deps.responseCacheBytes ?? 0 });
  registerPaging(app, { publicUrl: deps.publicUrl });
  registerNotModified(app);
  registerOpenApi(app, deps.publicUrl, REPORT_ALTERNATIVE_CONTENT);

  const pool = deps.reportWorkers ? createRenderPool(deps.reportWorkers, deps.reportBudget) : null;
  if (pool) app.addHook('onClose', () => pool.close());

  await app.register(healthRoutes);
  await app.register(
    async (api) => {
      await api.register(vocabRoutes);
      await api.register(conferencesRoutes);
      await api.register(resolutionsRoutes);
      await api.register(demandsRoutes);
      await api.register(statusRoutes);
      await api.register(threadsRoutes);
      await api.register(searchRoutes);
      await api.register(reportsRoutes, { pool, renders: deps.reportBudget });
      await api.register(importsRoutes);
      await api.register(usersRoutes);
      await api.register(sessionsRoutes, { attemptsPerMinute: deps.authFailuresPerMinute ?? 10 });
      await api.register(auditRoutes);
      await api.register(syncRoutes);
      await api.register(cockpitRoutes);
      await api.register(roundsRoutes);
      await api.register(draftsRoutes);
      await api.register(formsRoutes);
      deps.extraRoutes?.(api);
    },
    { prefix: '/api/v1' },
  );
  registerWeb(app, deps.webRoot);
  app.addHook('onClose', () => app.services.reminders.close());
  if (deps.reminderIntervalMs) {
    const stop = app.services.reminders.start(deps.reminderIntervalMs, (err) => app.log.error(err, 'reminders failed'));
    app.addHook('onClose', stop);
  }
  await app.ready();
  return app;
}
