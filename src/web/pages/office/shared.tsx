// What every page of the chair's office shares: only the chair and the office (admin) get in; an
// editor or reader sees a 403 page, and no office request is even made for them.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Failure, Outcome, Schemas } from '../../api';
import { Alert, Loading, PageTitle } from '../../components/ui';
import { useSession } from '../../session';
import './office.css';

export type Round = Schemas['Round'];

export const OFFICE_ROLES = ['chair', 'admin'] as const;

export function Forbidden() {
  return (
    <>
      <PageTitle title="Kein Zugriff">Kein Zugriff (403)</PageTitle>
      <Alert kind="danger" title="Nur für Vorsitz und Geschäftsstelle">
        <p class="kern-body">
          Diese Seite gehört zum Büro des Vorsitzes. Mit Ihrem Konto können Sie sie nicht öffnen. Ihre eigenen Aufgaben der Berichtsrunde
          finden Sie unter{' '}
          <a class="kern-link" href="/aufgaben">
            Aufgaben
          </a>
          .
        </p>
      </Alert>
    </>
  );
}

/** Renders the page only for the chair and the office; everyone else gets the 403 page or the sign-in. */
export function OfficeGuard({ path, children }: { path: string; children: () => ComponentChildren }) {
  const session = useSession();
  if (session.state === 'unknown') return <Loading what="Anmeldedaten" />;
  if (session.state === 'anonymous') {
    return (
      <>
        <PageTitle title="Anmeldung nötig">Anmeldung nötig</PageTitle>
        <p class="kern-body">
          Das Büro des Vorsitzes ist nur nach der Anmeldung erreichbar.{' '}
          <a class="kern-link" href={`/anmelden?weiter=${encodeURIComponent(path)}`}>
            Anmelden
          </a>
        </p>
      </>
    );
  }
  if (!(OFFICE_ROLES as readonly string[]).includes(session.me.role)) return <Forbidden />;
  return <>{children()}</>;
}

/** A write with its busy and failure state; `run` resolves to the data or null. */
export function useAction<T>(): {
  busy: boolean;
  failure: Failure | null;
  run: (request: () => Promise<Outcome<T>>) => Promise<T | null>;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  return {
    busy,
    failure,
    clear: () => setFailure(null),
    run: async (request) => {
      setBusy(true);
      setFailure(null);
      const r = await request();
      setBusy(false);
      if (!r.ok) {
        setFailure(r.failure);
        return null;
      }
      return r.data;
    },
  };
}

/** The failure of an outcome, re-typed for a loader that returns something else. */
export function failed(o: { ok: false; failure: Failure }): { ok: false; failure: Failure } {
  return { ok: false, failure: o.failure };
}

export function roundTitle(r: Pick<Round, 'id' | 'conference'>): string {
  return `Berichtsrunde ${r.id} zur ${r.conference}. IntMK`;
}

export function demandLabel(d: { conference: number; top: string; ziffer: string | null }): string {
  return `${d.conference}. IntMK, TOP ${d.top}${d.ziffer ? `, Ziffer ${d.ziffer}` : ''}`;
}

export function OfficeNav({ current, round }: { current: 'start' | 'runde' | 'pruefung' | 'freigabe' | 'anlage'; round?: number }) {
  const q = round ? `?runde=${round}` : '';
  const items: [typeof current, string, string][] = [
    ['start', '/buero', 'Übersicht'],
    ['runde', round ? `/buero/runden/${round}` : '/buero', 'Berichtsrunde'],
    ['pruefung', `/buero/pruefung${q}`, 'Prüfung'],
    ['freigabe', `/buero/freigabe${q}`, 'Freigabe'],
    ['anlage', '/buero/anlage', 'Anlage'],
  ];
  return (
    <nav aria-label="Büro des Vorsitzes" class="ek-office-nav">
      <ul>
        {items.map(([key, href, label]) => (
          <li key={key}>
            <a class="kern-link" href={href} aria-current={key === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
