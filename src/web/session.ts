// Who is signed in, for the whole application. Nothing is asked of the server when no session
// cookie is there (anonymous visitors cost no extra request); the CSRF token comes from its cookie.
import { useEffect, useState } from 'preact/hooks';
import { api, call, type Schemas } from './api';

export type Me = Schemas['Me'];
export type SessionState = { state: 'unknown' } | { state: 'anonymous' } | { state: 'signed-in'; me: Me };

let current: SessionState = { state: 'unknown' };
const listeners = new Set<(s: SessionState) => void>();

function set(s: SessionState): void {
  current = s;
  for (const l of listeners) l(s);
}

export function csrfToken(): string | null {
  const m = /(?:^|;\s*)ek_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1] as string) : null;
}

export async function refreshSession(): Promise<SessionState> {
  if (!csrfToken()) {
    set({ state: 'anonymous' });
    return current;
  }
  const me = await call(api.GET('/api/v1/me'));
  set(me.ok ? { state: 'signed-in', me: me.data } : { state: 'anonymous' });
  return current;
}

export function signedOut(): void {
  set({ state: 'anonymous' });
}

/**
 * Whether a session cookie is there, without asking the server: the header needs no request on
 * every page (an ended session shows when the person next needs it: 401 → sign-in and back).
 */
export function useSignedIn(): boolean {
  const [signedIn, setSignedIn] = useState(() => csrfToken() !== null);
  useEffect(() => {
    const update = () => setSignedIn(csrfToken() !== null);
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return signedIn;
}

export function useSession(): SessionState {
  const [s, setS] = useState(current);
  useEffect(() => {
    listeners.add(setS);
    if (current.state === 'unknown') void refreshSession();
    else setS(current);
    return () => {
      listeners.delete(setS);
    };
  }, []);
  return s;
}
