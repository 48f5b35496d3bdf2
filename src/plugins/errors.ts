// Maps every error to an RFC 9457 problem document (application/problem+json).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
  409: 'Konflikt',
  412: 'Vorbedingung fehlgeschlagen',
  413: 'Anfrage zu groß',
  415: 'Nicht unterstützter Medientyp',
  422: 'Nicht verarbeitbar',
  428: 'Vorbedingung erforderlich',
  429: 'Zu viele Anfragen',
  500: 'Interner Fehler',
  503: 'Vorübergehend überlastet',
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
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  return reply.code(status).type('application/problem+json').serializer(JSON.stringify).send(body);
}

interface SqliteLikeError {
  code?: string;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 404, 'route.not_found', `Die Adresse ${request.method} ${request.url.split('?')[0]} gibt es nicht.`),
  );

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
