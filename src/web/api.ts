// The web application reads and writes only through the public API and its generated client:
// it can do nothing an integrator cannot.
import { createErfolgskontrolleClient, type Schemas } from '../client/index';

export type { Schemas };
export const api = createErfolgskontrolleClient({ baseUrl: location.origin, credentials: 'same-origin' });

// Every write with the session carries its CSRF token; an ended session sends the person to the
// sign-in page, which brings them back to where they were when the request went out (by the time
// its answer is read, the page may already have moved on to the sign-in page itself).
const sentFrom = new WeakMap<Request, string>();
api.use({
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const m = /(?:^|;\s*)ek_csrf=([^;]+)/.exec(document.cookie);
      if (m) request.headers.set('x-csrf-token', decodeURIComponent(m[1] as string));
    }
    sentFrom.set(request, location.pathname + location.search);
    return request;
  },
  async onResponse({ request, response }) {
    const back = sentFrom.get(request) ?? location.pathname + location.search;
    if (response.status === 401 && !back.startsWith('/anmelden')) {
      const problem = (await response
        .clone()
        .json()
        .catch(() => null)) as { code?: string } | null;
      if (problem?.code === 'auth.session_expired') location.assign(`/anmelden?abgelaufen=1&weiter=${encodeURIComponent(back)}`);
    }
    return response;
  },
});

/** What a failed call tells the person: the problem's German detail, or why there is none. */
export interface Failure {
  status: number;
  detail: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

export type Outcome<T> = { ok: true; data: T; response: Response } | { ok: false; failure: Failure };

type ClientResult<T> = { data?: T; error?: unknown; response: Response };

/** Turns a client call into data or a Failure with the problem+json detail. */
export async function call<T>(request: Promise<ClientResult<T>>): Promise<Outcome<T>> {
  try {
    const { data, error, response } = await request;
    if (response.ok && data !== undefined) return { ok: true, data: data as T, response };
    if (response.ok) return { ok: true, data: undefined as T, response };
    const problem = (error ?? {}) as Partial<{ detail: string; code: string; errors: Failure['errors'] }>;
    return {
      ok: false,
      failure: {
        status: response.status,
        detail: typeof problem.detail === 'string' ? problem.detail : `Der Server antwortete mit Status ${response.status}.`,
        ...(problem.code ? { code: problem.code } : {}),
        ...(problem.errors ? { errors: problem.errors } : {}),
      },
    };
  } catch {
    return {
      ok: false,
      failure: { status: 0, detail: 'Der Server ist nicht erreichbar. Bitte die Verbindung prüfen und erneut versuchen.' },
    };
  }
}
