// Authentication (bearer tokens) and authorization (one access level per route), fail closed:
// the app does not start with an API route that declares no access level, and the OpenAPI
// document states each operation's security from the same declaration.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditService, Origin, WriteMeta } from '../modules/audit/audit.service.js';
import { ACCESS_DESCRIPTIONS, type Access, type Actor, allows, ROLE_LABELS } from '../modules/auth/access.js';
import type { AuthFailure, AuthService } from '../modules/auth/auth.service.js';
import type { SessionFailure, SessionsService } from '../modules/sessions/sessions.service.js';
import { problemSchema } from '../shared/api.js';
import { DomainError, forbidden, unauthorized } from '../shared/errors.js';
import { type View, viewOf } from '../visibility/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    view: View;
    /** Why a session cookie sent with the request did not sign anyone in. */
    sessionFailure: SessionFailure | null;
    /**
     * Runs a write with its audit record (see AuditService.write). PATCH, PUT and DELETE always
     * check `If-Match` against `before`, so no route can forget it.
     */
    audited<R>(meta: Omit<WriteMeta<R>, 'ifMatch'>, fn: () => R): R;
  }
  interface FastifyContextConfig {
    /** Who may call the route (see src/modules/auth/access.ts); required on every API route. */
    access?: Access;
    /** Send an ETag of the returned representation (200; a 201 sends one unless this is false). */
    etag?: boolean;
    /** `false`: a 201 without a Location header (nothing to read on its own). */
    location?: boolean;
    /** Routes that negotiate their format or stream documents opt out of the GET cache. */
    responseCache?: boolean;
  }
}

const FAILURE_MESSAGES: Record<AuthFailure, string> = {
  malformed: 'Der Kopf Authorization ist ungültig. Erwartet wird „Bearer ek_…“ mit einem Token dieses Dienstes.',
  unknown: 'Das Token ist unbekannt.',
  revoked: 'Das Token wurde widerrufen.',
  expired: 'Das Token ist abgelaufen. Die Geschäftsstelle kann ein neues ausstellen.',
  inactive: 'Das Konto zu diesem Token ist deaktiviert.',
};

/** The actor of a route whose access level guarantees one. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized('auth.required', 'Für diese Anfrage ist eine Anmeldung nötig.');
  return req.actor;
}

/** Cookie of the browser session (httpOnly) and of its CSRF token (readable by the page). */
export const SESSION_COOKIE = 'ek_session';
export const CSRF_COOKIE = 'ek_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** One cookie's value from the Cookie header, or undefined. */
export function cookieOf(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export interface AuthOptions {
  auth: AuthService;
  sessions: SessionsService;
  audit: AuditService;
  /** Failed authentications per client address and minute before 429. */
  failuresPerMinute: number;
}

export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('view', 'public');
  app.decorateRequest('sessionFailure', null);
  const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
  const CHANGES = new Set(['PATCH', 'PUT', 'DELETE']);
  app.decorateRequest('audited', function audited<R>(this: FastifyRequest, meta: Omit<WriteMeta<R>, 'ifMatch'>, fn: () => R): R {
    const origin: Origin = { actor: this.actor, requestId: String(this.id), clientRequestId: this.clientRequestId };
    if (!CHANGES.has(this.method)) return options.audit.write(origin, meta, fn);
    if (!meta.before) throw new Error(`${this.method} ${this.routeOptions.url}: a change needs \`before\` for If-Match`);
    return options.audit.write(origin, { ...meta, ifMatch: { header: this.headers['if-match'] } }, fn);
  });

  app.addHook('onRoute', (route) => {
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true;
    if (hidden || route.url.startsWith('/docs')) return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access level (config.access)`);
    if (!route.schema || route.method === 'HEAD') return;
    const schema = route.schema as Record<string, unknown> & { response?: Record<string | number, unknown>; description?: string };
    schema.security = access === 'public' ? [{}, { bearerAuth: [] }, { cookieAuth: [] }] : [{ bearerAuth: [] }, { cookieAuth: [] }];
    schema.response = {
      ...schema.response,
      401: problemSchema,
      ...(access === 'public' ? {} : { 403: problemSchema }),
      429: problemSchema,
    };
    schema.description = [schema.description, `**Berechtigung:** ${ACCESS_DESCRIPTIONS[access]}`].filter(Boolean).join('\n\n');
  });

  // Failed authentications per client address, in fixed one-minute windows.
  const failures = new Map<string, { window: number; count: number }>();
  const windowOf = () => Math.floor(Date.now() / 60_000);
  const blocked = (ip: string) => {
    const f = failures.get(ip);
    return f !== undefined && f.window === windowOf() && f.count >= options.failuresPerMinute;
  };
  function noteFailure(ip: string): void {
    const w = windowOf();
    const f = failures.get(ip);
    if (f && f.window === w) {
      f.count++;
      return;
    }
    failures.delete(ip);
    failures.set(ip, { window: w, count: 1 });
    // Bounded memory: drop the oldest entries (insertion order), never everyone's counters at once.
    for (const key of failures.keys()) {
      if (failures.size <= 10_000) break;
      failures.delete(key);
    }
  }

  app.addHook('onRequest', async (req, reply) => {
    const header = req.headers.authorization;
    if (header !== undefined) {
      reply.header('cache-control', 'no-store');
      const m = /^Bearer +(\S+) *$/i.exec(header);
      const result = m ? options.auth.authenticate(m[1] as string) : { failure: 'malformed' as const };
      if ('failure' in result) {
        // A blocked address still gets in with a valid token: several users behind one proxy must
        // not be locked out by someone guessing; only the failed attempts are refused.
        if (blocked(req.ip)) {
          throw new DomainError(
            429,
            'auth.too_many_failures',
            'Zu viele fehlgeschlagene Anmeldungen von dieser Adresse. Bitte in einer Minute erneut versuchen.',
          );
        }
        noteFailure(req.ip);
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        throw unauthorized(`auth.${result.failure === 'malformed' ? 'malformed' : 'invalid_token'}`, FAILURE_MESSAGES[result.failure]);
      }
      req.actor = result.actor;
      req.view = viewOf(result.actor);
    } else {
      // The web application's session: the cookie signs in, and every write must also carry the
      // CSRF token the page got at sign-in (a cross-site form cannot read it).
      const cookie = cookieOf(req, SESSION_COOKIE);
      if (cookie !== undefined) {
        reply.header('cache-control', 'no-store');
        const result = options.sessions.authenticate(cookie);
        if ('failure' in result) {
          req.sessionFailure = result.failure;
        } else {
          if (!SAFE.has(req.method) && !options.sessions.csrfMatches(result.actor, req.headers[CSRF_HEADER] as string | undefined)) {
            throw forbidden(
              'auth.csrf_failed',
              'Das Sicherheitsmerkmal der Sitzung (Kopf X-CSRF-Token) fehlt oder passt nicht. Bitte die Seite neu laden und erneut versuchen.',
            );
          }
          req.actor = result.actor;
          req.view = viewOf(result.actor);
        }
      }
    }
    const access = (req.routeOptions.config as { access?: Access } | undefined)?.access;
    if (access === undefined) {
      // Only unmatched requests (404) and the documentation have no access level.
      if (req.routeOptions.url?.startsWith('/api/')) throw forbidden('auth.forbidden', 'Diese Adresse ist nicht freigegeben.');
      return;
    }
    if (access === 'public') return;
    if (!req.actor) {
      if (req.sessionFailure) {
        throw unauthorized('auth.session_expired', 'Die Sitzung ist abgelaufen oder beendet. Bitte erneut anmelden.');
      }
      reply.header('www-authenticate', 'Bearer');
      throw unauthorized('auth.required', 'Für diese Anfrage ist eine Anmeldung nötig: Kopf „Authorization: Bearer <Token>“.');
    }
    if (!allows(access, req.actor.role)) {
      throw forbidden('auth.forbidden', `Die Rolle „${ROLE_LABELS[req.actor.role]}“ darf das nicht. ${ACCESS_DESCRIPTIONS[access]}`);
    }
  });
}
