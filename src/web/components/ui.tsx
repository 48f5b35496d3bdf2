import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Failure, Outcome } from '../api';

/** A navigation since the page was loaded: then the new page's heading takes the focus. */
let navigated = false;
export function noteNavigation(): void {
  navigated = true;
}

/** The page's heading; sets the document title and takes the focus after a navigation. */
export function PageTitle({ children, title }: { children: ComponentChildren; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Erfolgskontrolle IntMK`;
    if (navigated) ref.current?.focus();
  }, [title]);
  return (
    <h1 class="kern-heading-x-large" tabIndex={-1} ref={ref} id="seitentitel">
      {children}
    </h1>
  );
}

export type Load<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; failure: Failure };

/** Loads data for a page and reloads when a dependency changes; stale answers are dropped. */
export function useLoad<T>(load: () => Promise<Outcome<T>>, deps: unknown[]): [Load<T>, () => void] {
  const [state, setState] = useState<Load<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ state: 'loading' });
    load().then((o) => {
      if (!live) return;
      setState(o.ok ? { state: 'ok', data: o.data } : { state: 'error', failure: o.failure });
    });
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return [state, () => setRound((r) => r + 1)];
}

export function Loading({ what = 'Daten' }: { what?: string }) {
  return (
    <div class="ek-loading" role="status">
      <span class="kern-loader kern-loader--visible" aria-hidden="true" />
      <span class="kern-body">{what} werden geladen …</span>
    </div>
  );
}

export function Alert({
  kind,
  title,
  children,
  live = false,
}: {
  kind: 'info' | 'success' | 'warning' | 'danger';
  title: string;
  children?: ComponentChildren;
  live?: boolean;
}) {
  const icon = kind === 'danger' ? 'danger' : kind;
  return (
    <div class={`kern-alert kern-alert--${kind}`} role={live ? (kind === 'danger' ? 'alert' : 'status') : undefined}>
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${icon}`} aria-hidden="true" />
        <span class="kern-title">{title}</span>
      </div>
      {children ? <div class="kern-alert__body">{children}</div> : null}
    </div>
  );
}

/** A failed request: the problem's German detail, and a way to try again. */
export function ErrorAlert({ failure, retry }: { failure: Failure; retry?: () => void }) {
  const title =
    failure.status === 404
      ? 'Nicht gefunden'
      : failure.status === 0
        ? 'Keine Verbindung'
        : failure.status >= 500
          ? 'Fehler auf dem Server'
          : 'Das hat nicht geklappt';
  return (
    <Alert kind="danger" title={title} live>
      <p class="kern-body">{failure.detail}</p>
      {retry && failure.status !== 404 ? (
        <button type="button" class="kern-btn kern-btn--secondary" onClick={retry}>
          <span class="kern-label">Erneut versuchen</span>
        </button>
      ) : null}
    </Alert>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return (
    <Alert kind="info" title="Keine Einträge">
      <p class="kern-body">{children}</p>
    </Alert>
  );
}

/** Renders the loading and error states; `children` only once the data is there. */
export function Loaded<T>({
  load,
  retry,
  what,
  children,
}: {
  load: Load<T>;
  retry?: () => void;
  what?: string;
  children: (data: T) => ComponentChildren;
}) {
  if (load.state === 'loading') return <Loading what={what} />;
  if (load.state === 'error') return <ErrorAlert failure={load.failure} retry={retry} />;
  return <>{children(load.data)}</>;
}

const STATUS_KIND: Record<string, 'info' | 'success' | 'warning' | 'danger'> = {
  open: 'danger',
  rejected: 'danger',
  under_examination: 'warning',
  in_progress: 'warning',
  partially_fulfilled: 'warning',
  reiterated: 'warning',
  largely_fulfilled: 'success',
  fulfilled: 'success',
  report_delivered: 'success',
  obsolete: 'info',
};

export function StatusBadge({ status }: { status: { key: string; label: string } }) {
  return (
    <span class={`kern-badge kern-badge--${STATUS_KIND[status.key] ?? 'info'} ek-badge`}>
      <span class="kern-label kern-label--small">{status.label}</span>
    </span>
  );
}

/** Search snippets mark matches between « and »; shown as <mark>. */
export function Highlighted({ text }: { text: string }) {
  const parts = text.split(/«([^»]*)»/);
  return <>{parts.map((p, i) => (i % 2 === 1 ? <mark key={i}>{p}</mark> : p))}</>;
}

export function Breadcrumbs({ items }: { items: { href?: string; label: string }[] }) {
  return (
    <nav aria-label="Brotkrümelnavigation" class="ek-breadcrumbs">
      <ol>
        {items.map((item, i) => (
          <li key={i}>
            {item.href && i < items.length - 1 ? (
              <a class="kern-link" href={item.href}>
                {item.label}
              </a>
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function Pager({ total, limit, offset, to }: { total: number; limit: number; offset: number; to: (offset: number) => string }) {
  if (total <= limit) return null;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.ceil(total / limit);
  return (
    <nav aria-label="Seiten" class="ek-pager">
      {offset > 0 ? (
        <a class="kern-link" href={to(Math.max(0, offset - limit))} rel="prev">
          Vorherige Seite
        </a>
      ) : null}
      <span class="kern-body">
        Seite {page} von {pages}
      </span>
      {offset + limit < total ? (
        <a class="kern-link" href={to(offset + limit)} rel="next">
          Nächste Seite
        </a>
      ) : null}
    </nav>
  );
}
