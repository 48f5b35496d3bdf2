// Maps every error to an RFC 9457 problem document (application/problem+json): the route's and
// fastify's errors, unknown routes and methods, and what Node's HTTP parser refuses before fastify
// sees a request (malformed request line, 414, 431, 408), written to the socket directly.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Problem } from '../shared/api.js';
import { DomainError, type FieldError } from '../shared/errors.js';

const TITLES: Record<number, string> = {
  400: 'Ungültige Anfrage',
  401: 'Nicht angemeldet',
  403: 'Keine Berechtigung',
  404: 'Nicht gefunden',
  405: 'Methode nicht erlaubt',
  406: 'Format nicht lieferbar',
  408: 'Zeitüberschreitung',
  409: 'Konflikt',
  412: 'Vorbedingung fehlgeschlagen',
  413: 'Anfrage zu groß',
  414: 'Adresse zu lang',
  415: 'Nicht unterstützter Medientyp',
  422: 'Nicht verarbeitbar',
  428: 'Vorbedingung erforderlich',
  429: 'Zu viele Anfragen',
  431: 'Kopfzeilen zu groß',
  500: 'Interner Fehler',
  503: 'Vorübergehend nicht verfügbar',
};

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
): FastifyReply {
  const body: Problem = {
    type: `urn:erfolgskontrolle:problem:${code}`,
    title: TITLES[status] ?? 'Fehler',
    status,
    code,
    detail,
    instance: request.url,
    requestId: String(request.id),
    ...(request.clientRequestId ? { clientRequestId: request.clientRequestId } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  return reply.code(status).type('application/problem+json').serializer(JSON.stringify).send(body);
}

interface SqliteLikeError {
  code?: string;
}

/** Errors of fastify's router, before any hook: a path that is not valid percent-encoding, a too long parameter. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  // The router answers before any hook ran, so the header the onSend hook adds is set here.
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendProblem(request, reply, 414, 'request.uri_too_long', 'Ein Teil der Adresse ist zu lang.');
  } else {
    sendProblem(
      request,
      reply,
      400,
      'request.bad_url',
      'Die Adresse ist nicht korrekt prozentkodiert (UTF-8), z. B. /api/v1/conferences/20 oder ?q=Sprachf%C3%B6rderung.',
    );
  }
}

const REQUEST_LINE_LIMIT = 8 * 1024;

/**
 * What Node's HTTP parser refuses (fastify's default answers in English JSON): unencoded bytes in the
 * request line (`?q=Sprachförderung`), an overlong request line (414) or header section (431), a timeout.
 */
export function clientErrorHandler(
  this: { log: FastifyBaseLogger },
  error: Error & { code?: string; rawPacket?: unknown },
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const raw = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.toString('latin1') : '';
  const lineEnd = raw.indexOf('\r\n');
  let status = 400;
  let code = 'request.malformed';
  let detail =
    'Die Anfrage ist kein gültiges HTTP. Umlaute, Leerzeichen und andere Sonderzeichen in der Adresse müssen prozentkodiert sein (UTF-8), z. B. ?q=Sprachf%C3%B6rderung statt ?q=Sprachförderung.';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    code = 'request.timeout';
    detail = 'Die Anfrage kam nicht rechtzeitig vollständig an.';
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    const longLine = lineEnd < 0 || lineEnd > REQUEST_LINE_LIMIT;
    status = longLine ? 414 : 431;
    code = longLine ? 'request.uri_too_long' : 'request.headers_too_large';
    detail = longLine
      ? 'Die Adresse ist zu lang. Lange Suchen bitte kürzen oder auf mehrere Anfragen verteilen.'
      : 'Die Kopfzeilen der Anfrage sind zusammen zu groß (höchstens 16 KB).';
  }
  const requestId = randomUUID();
  const body = JSON.stringify({
    type: `urn:erfolgskontrolle:problem:${code}`,
    title: TITLES[status] ?? 'Fehler',
    status,
    code,
    detail,
    requestId,
  });
  this.log.info({ err: error, requestId }, `client error ${status}`);
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  } else {
    socket.destroy(error);
  }
}

/** Route patterns by method, to tell 405 (the path exists with another method) from 404. */
function routeTable(app: FastifyInstance) {
  const routes: { pattern: RegExp; methods: Set<string> }[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'OPTIONS' && m !== 'HEAD');
    if (methods.length === 0) return;
    const source = route.url
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    routes.push({ pattern: new RegExp(`^${source}/?$`), methods: new Set(methods) });
  });
  return (path: string): string[] => {
    const allowed = new Set<string>();
    for (const r of routes) if (r.pattern.test(path)) for (const m of r.methods) allowed.add(m);
    return [...allowed].sort();
  };
}

export function registerErrorHandling(app: FastifyInstance): void {
  const allowedMethods = routeTable(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = allowedMethods(path);
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(
        request,
        reply,
        405,
        'route.method_not_allowed',
        `Die Adresse ${path} kennt ${request.method} nicht; erlaubt: ${allowed.join(', ')}.`,
      );
    }
    return sendProblem(request, reply, 404, 'route.not_found', `Die Adresse ${request.method} ${path} gibt es nicht.`);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
      return sendProblem(request, reply, error.status, error.code, error.message, error.errors);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const fields: FieldError[] = error.validation.map((v) => {
        const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const keys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
        const field = [where, path, keys?.join(',')].filter(Boolean).join('.');
        return { field, message: v.message ?? 'ungültig' };
      });
      const first = fields[0];
      const detail = first
        ? `Die Anfrage ist ungültig: ${first.field}: ${first.message}${fields.length > 1 ? ` (und ${fields.length - 1} weitere Fehler)` : ''}`
        : 'Die Anfrage ist ungültig.';
      return sendProblem(request, reply, 400, 'request.validation_failed', detail, fields);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return sendProblem(request, reply, 500, 'server.error', 'Ein interner Fehler ist aufgetreten. Bitte nennen Sie die Request-ID.');
    }
    const sqlite = error as unknown as SqliteLikeError;
    if (sqlite.code === 'SQLITE_CONSTRAINT_UNIQUE' || sqlite.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return sendProblem(request, reply, 409, 'record.duplicate', 'Ein Eintrag mit diesen Angaben besteht bereits.');
    }
    if (sqlite.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      return sendProblem(
        request,
        reply,
        409,
        'record.referenced',
        'Der Eintrag wird noch von anderen Einträgen verwendet oder verweist auf einen fehlenden Eintrag.',
      );
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(request, reply, 400, 'request.malformed_json', 'Der Inhalt der Anfrage ist kein gültiges JSON.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(
          request,
          reply,
          415,
          'request.unsupported_media_type',
          `Der Medientyp ${String(request.headers['content-type'] ?? '(keiner)').split(';')[0]} wird hier nicht angenommen; die API erwartet application/json, der Import auch application/pdf oder text/plain.`,
        );
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(request, reply, 413, 'request.too_large', 'Der Inhalt der Anfrage ist zu groß.');
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(request, reply, 400, 'request.invalid_content_length', 'Die angegebene Länge des Inhalts stimmt nicht.');
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(request, reply, error.statusCode, 'request.invalid', `Die Anfrage ist ungültig: ${error.message}`);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 500, 'server.error', 'Ein interner Fehler ist aufgetreten. Bitte nennen Sie die Request-ID.');
  });
}
