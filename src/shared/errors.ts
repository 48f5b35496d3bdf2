// One error vocabulary: services throw these; the error plugin maps them to RFC 9457
// problem documents. Messages are for people, German first.

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 406 | 409 | 412 | 413 | 415 | 422 | 428 | 429 | 503,
    /** Stable, namespaced code, e.g. `demands.not_found`. */
    readonly code: string,
    /** German message a person understands. */
    message: string,
    readonly errors: FieldError[] = [],
    /** Seconds after which a client may try again (503, 429): sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const notFound = (code: string, message: string) => new DomainError(404, code, message);
export const notAcceptable = (code: string, message: string) => new DomainError(406, code, message);
export const conflict = (code: string, message: string) => new DomainError(409, code, message);
export const unprocessable = (code: string, message: string, errors: FieldError[] = []) => new DomainError(422, code, message, errors);
export const unauthorized = (code: string, message: string) => new DomainError(401, code, message);
export const forbidden = (code: string, message: string) => new DomainError(403, code, message);
export const payloadTooLarge = (code: string, message: string) => new DomainError(413, code, message);
export const unsupportedMediaType = (code: string, message: string) => new DomainError(415, code, message);
/** Busy or over budget for now; the client may try again after the given seconds. */
export const unavailable = (code: string, message: string, retryAfterSeconds: number) =>
  new DomainError(503, code, message, [], retryAfterSeconds);
