// Building blocks of the import, curation and administration pages: who may see them, secrets
// shown once, and what a write that lost a race (412) tells the person.
import './office-admin.css';
import { type ComponentChildren, Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { call, type Failure, type Outcome, type Schemas } from '../api';
import { navigate } from '../router';
import { type Me, useSession } from '../session';
import { Alert, type Load, Loaded, Loading, PageTitle, useLoad } from './ui';

export type Role = Me['role'];
export const CURATORS: Role[] = ['chair', 'admin'];
export const ADMINS: Role[] = ['admin'];

/**
 * Shows the page only to the given roles: anonymous visitors go to the sign-in page (and come
 * back), everyone else gets the 403 page. The API refuses them too; this only spares the trip.
 */
export function RoleGate({ roles, children }: { roles: Role[]; children: (me: Me) => ComponentChildren }) {
  const session = useSession();
  const path = location.pathname + location.search;
  useEffect(() => {
    if (session.state === 'anonymous') navigate(`/anmelden?weiter=${encodeURIComponent(path)}`, { replace: true });
  }, [session.state, path]);
  if (session.state === 'unknown' || session.state === 'anonymous') return <Loading what="Anmeldung" />;
  if (!roles.includes(session.me.role)) return <Forbidden me={session.me} />;
  return <>{children(session.me)}</>;
}

function Forbidden({ me }: { me: Me }) {
  return (
    <>
      <PageTitle title="Kein Zugriff">Kein Zugriff (403)</PageTitle>
      <Alert kind="warning" title="Diese Seite ist der Geschäftsstelle vorbehalten">
        <p class="kern-body">
          Sie sind als {me.name} mit der Rolle „{me.roleLabel}“ angemeldet. Diese Seite steht nur dem Vorsitz und der Administration offen;
          die Verwaltung der Konten nur der Administration.
        </p>
      </Alert>
      <p class="kern-body">
        Zur{' '}
        <a class="kern-link" href="/">
          Startseite
        </a>{' '}
        oder zu{' '}
        <a class="kern-link" href="/konto">
          Mein Konto
        </a>
        .
      </p>
    </>
  );
}

/** The navigation entries of this area, for the roles that may use them. */
export function OfficeAdminNavItems({ path }: { path: string }) {
  const session = useSession();
  if (session.state !== 'signed-in' || session.me.role !== 'admin') return null;
  return (
    <li>
      <a class="kern-link" href="/verwaltung" aria-current={path.startsWith('/verwaltung') ? 'page' : undefined}>
        Verwaltung
      </a>
    </li>
  );
}

/** Tabs between the pages of one area (a list of links; the current one is marked). */
export function SectionNav({ label, items, path }: { label: string; items: { href: string; label: string }[]; path: string }) {
  return (
    <nav aria-label={label} class="ek-section-nav">
      <ul>
        {items.map((i) => {
          const current = i.href === path || (i.href !== items[0]?.href && path.startsWith(`${i.href}/`));
          return (
            <li key={i.href}>
              <a class="kern-link" href={i.href} aria-current={current ? 'page' : undefined}>
                {i.label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export const ADMIN_SECTIONS = [
  { href: '/verwaltung', label: 'Konten' },
  { href: '/verwaltung/protokoll', label: 'Protokoll' },
  { href: '/verwaltung/pruefung', label: 'Prüfung der Kette' },
];

export const OFFICE_SECTIONS = [
  { href: '/buero/import', label: 'Import' },
  { href: '/buero/pflege', label: 'Datenpflege' },
];

/** A secret the server shows this one time: readable, selectable, copyable. */
export function CopyableValue({ id, label, value, hint }: { id: string; label: string; value: string; hint: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  return (
    <div class="ek-secret">
      <div class="kern-form-input">
        <label class="kern-label" for={id}>
          {label}
        </label>
        <div class="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
        <input
          class="kern-form-input__input ek-secret__value"
          id={id}
          type="text"
          readOnly
          value={value}
          aria-describedby={`${id}-hint`}
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <div class="ek-actions">
        <button
          type="button"
          class="kern-btn kern-btn--secondary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(value);
              setCopied('yes');
            } catch {
              setCopied('no');
            }
          }}
        >
          <span class="kern-label">Kopieren</span>
        </button>
        <span role="status" class="kern-body">
          {copied === 'yes'
            ? 'In die Zwischenablage kopiert.'
            : copied === 'no'
              ? 'Kopieren nicht möglich; bitte markieren und kopieren.'
              : ''}
        </span>
      </div>
    </div>
  );
}

/** ETag of a response, for the If-Match of the next write. */
export function etagOf(o: { response: Response }): string {
  return o.response.headers.get('etag') ?? '*';
}

export type Versioned<T> = { data: T; etag: string };

export async function versioned<T>(request: Promise<Outcome<T>>): Promise<Outcome<Versioned<T>>> {
  const o = await request;
  return o.ok ? { ok: true, data: { data: o.data, etag: etagOf(o) }, response: o.response } : o;
}

/**
 * An editing page of the data curation, for curators only: loads the record (with its ETag, for
 * the If-Match of the first write) and the vocabulary its editor offers, each with its own loading
 * and error state, and shows the editor once both are there (keyed by the id, so another record
 * starts afresh).
 */
export function curationPage<R, V>(page: {
  /** What is loaded, in the loading and error messages ("Beschluss"). */
  what: string;
  record: (id: number) => Promise<Outcome<R>>;
  vocab: () => Promise<Outcome<V>>;
  editor: (record: Versioned<R>, vocab: V, id: number) => ComponentChildren;
}) {
  function Editing({ id }: { id: number }) {
    const [record, retry] = useLoad(() => versioned(page.record(id)), [id]);
    const [vocab, retryVocab] = useLoad(page.vocab, []);
    return (
      <Loaded load={record} retry={retry} what={page.what}>
        {(r) => (
          <Loaded load={vocab} retry={retryVocab} what="Vokabular">
            {(v) => <Fragment key={id}>{page.editor(r, v, id)}</Fragment>}
          </Loaded>
        )}
      </Loaded>
    );
  }
  return function CurationPage({ id }: { id: number }) {
    return <RoleGate roles={CURATORS}>{() => <Editing id={id} />}</RoleGate>;
  };
}

type Change = { field: string; mine: string; theirs: string };

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '–';
  if (Array.isArray(v))
    return v.map((x) => (typeof x === 'object' && x && 'code' in x ? String((x as { code: unknown }).code) : show(x))).join(', ') || '–';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Which of the named fields differ between the version the person loaded and the current one. */
export function changesBetween(
  loaded: Record<string, unknown>,
  current: Record<string, unknown>,
  labels: Record<string, string>,
): Change[] {
  const out: Change[] = [];
  for (const [field, label] of Object.entries(labels)) {
    const a = show(loaded[field]);
    const b = show(current[field]);
    if (a !== b) out.push({ field: label, mine: a, theirs: b });
  }
  return out;
}

/**
 * A write refused with 412: someone saved in between. Says what they changed (against the
 * version this person started from) and offers to load the current version; the person's own
 * input is lost only when they choose to reload.
 */
export function ConflictAlert({
  changes,
  onReload,
  modified,
}: {
  changes: Change[] | null;
  onReload: () => void;
  modified?: string | undefined;
}) {
  // The write was started further down the page: bring the explanation into view.
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div class="kern-alert kern-alert--warning" role="alert" tabIndex={-1} ref={ref}>
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--warning" aria-hidden="true" />
        <span class="kern-title">Inzwischen hat jemand anderes gespeichert</span>
      </div>
      <div class="kern-alert__body">
        <p class="kern-body">
          Ihre Änderung wurde nicht gespeichert, weil der Eintrag seit dem Öffnen geändert wurde
          {modified ? ` (zuletzt ${new Date(modified).toLocaleString('de-DE')})` : ''}. So würde nichts überschrieben, was Sie nicht gesehen
          haben.
        </p>
        {changes === null ? null : changes.length === 0 ? (
          <p class="kern-body">In den Feldern dieses Formulars hat sich nichts geändert; geändert wurde etwas anderes am Eintrag.</p>
        ) : (
          <>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls; its region must be reachable by keyboard */}
            <section class="kern-table-responsive" tabIndex={0} aria-label="Geänderte Felder">
              <table class="kern-table kern-table--small">
                <caption class="kern-body kern-body--bold">Was sich geändert hat</caption>
                <thead class="kern-table__head">
                  <tr class="kern-table__row">
                    <th class="kern-table__header" scope="col">
                      Feld
                    </th>
                    <th class="kern-table__header" scope="col">
                      Als Sie geöffnet haben
                    </th>
                    <th class="kern-table__header" scope="col">
                      Jetzt gespeichert
                    </th>
                  </tr>
                </thead>
                <tbody class="kern-table__body">
                  {changes.map((c) => (
                    <tr class="kern-table__row" key={c.field}>
                      <th class="kern-table__header" scope="row">
                        {c.field}
                      </th>
                      <td class="kern-table__cell">{c.mine}</td>
                      <td class="kern-table__cell">{c.theirs}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </>
        )}
        <p class="kern-body">Laden Sie die aktuelle Fassung und tragen Sie Ihre Änderung dort erneut ein.</p>
        <div class="ek-actions">
          <button type="button" class="kern-btn kern-btn--primary" onClick={onReload}>
            <span class="kern-label">Aktuelle Fassung laden</span>
          </button>
        </div>
      </div>
    </div>
  );
}

/** A checkbox group (KERN fieldset) for choosing several codes. */
export function CheckboxGroup({
  id,
  legend,
  hint,
  options,
  value,
  onChange,
  columns = false,
}: {
  id: string;
  legend: string;
  hint?: string;
  options: { code: string; name: string }[];
  value: string[];
  onChange: (next: string[]) => void;
  columns?: boolean;
}) {
  return (
    <fieldset class="kern-fieldset" aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend class="kern-label">{legend}</legend>
      {hint ? (
        <div class="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <div class={`kern-fieldset__body${columns ? ' ek-checkbox-columns' : ''}`}>
        {options.map((o) => (
          <div class="kern-form-check" key={o.code}>
            <input
              class="kern-form-check__checkbox"
              type="checkbox"
              id={`${id}-${o.code}`}
              checked={value.includes(o.code)}
              onChange={(e) => onChange(e.currentTarget.checked ? [...value, o.code] : value.filter((v) => v !== o.code))}
            />
            <label class="kern-label" for={`${id}-${o.code}`}>
              {o.name}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * Like useLoad, but a refresh after a write keeps the page (and what it shows once, such as a
 * new secret) on screen until the new data is there; only a change of `deps` shows the loader.
 */
export function useKeptLoad<T>(load: () => Promise<Outcome<T>>, deps: unknown[]): [Load<T>, () => void] {
  const [state, setState] = useState<Load<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const key = JSON.stringify(deps);
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    if (loadedKey !== key) setState({ state: 'loading' });
    load().then((o) => {
      if (!live) return;
      setLoadedKey(key);
      setState(o.ok ? { state: 'ok', data: o.data } : { state: 'error', failure: o.failure });
    });
    return () => {
      live = false;
    };
  }, [key, round]);
  return [state, () => setRound((r) => r + 1)];
}

/** Whether a failure is the 412 of a lost race. */
export const isConflict = (f: Failure | null): boolean => f?.status === 412;

export type AddresseeOption = Schemas['Addressee'];

/**
 * Chooses addressees (or responsible bodies) by code: the chosen ones as a list with a remove
 * button each, the others in a select to add from. Codes not in the vocabulary stay visible.
 */
export function CodePicker({
  id,
  legend,
  hint,
  options,
  value,
  onChange,
  error,
}: {
  id: string;
  legend: string;
  hint?: string;
  options: { code: string; name: string }[];
  value: string[];
  onChange: (next: string[]) => void;
  error?: string | undefined;
}) {
  const [pick, setPick] = useState('');
  const nameOf = (c: string) => options.find((o) => o.code === c)?.name ?? `${c} (unbekannt)`;
  const rest = options.filter((o) => !value.includes(o.code));
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={`kern-fieldset ek-picker${error ? ' kern-form-input--error' : ''}`} aria-describedby={described}>
      <legend class="kern-label">{legend}</legend>
      {hint ? (
        <div class="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p class="kern-error" id={`${id}-error`}>
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          {error}
        </p>
      ) : null}
      {value.length === 0 ? (
        <p class="kern-body kern-body--small">Noch keine gewählt.</p>
      ) : (
        <ul class="ek-picker__chosen">
          {value.map((c) => (
            <li key={c}>
              <span class="kern-body">{nameOf(c)}</span>{' '}
              <button
                type="button"
                class="kern-btn kern-btn--tertiary kern-btn--x-small"
                aria-label={`${nameOf(c)} entfernen`}
                onClick={() => onChange(value.filter((v) => v !== c))}
              >
                <span class="kern-label">Entfernen</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="ek-picker__add">
        <label class="kern-label" for={`${id}-neu`}>
          Hinzufügen
        </label>
        <div class="ek-search__row">
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id={`${id}-neu`} value={pick} onChange={(e) => setPick(e.currentTarget.value)}>
              <option value="">bitte wählen</option>
              {rest.map((o) => (
                <option key={o.code} value={o.code}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            class="kern-btn kern-btn--secondary"
            disabled={pick === ''}
            onClick={() => {
              if (pick) onChange([...value, pick]);
              setPick('');
            }}
          >
            <span class="kern-label">Hinzufügen</span>
          </button>
        </div>
      </div>
    </fieldset>
  );
}

type Sent = Promise<{ data?: unknown; error?: unknown; response: Response }>;

/**
 * Editing one versioned record: every write carries the ETag of the version on screen; the
 * answer becomes the new version. A 412 fetches the stored version and says what differs from
 * the one this person started from; reloading starts the forms afresh (`generation` keys them).
 */
export function useVersionedEditor<T extends object>(
  initial: Versioned<T>,
  fetchCurrent: () => Promise<Outcome<Versioned<T>>>,
  labels: Record<string, string>,
) {
  const [current, setCurrent] = useState(initial);
  const [conflict, setConflict] = useState<{ changes: Change[] | null; latest: Versioned<T> | null } | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  async function save(send: (ifMatch: string) => Sent, message = 'Gespeichert'): Promise<boolean> {
    setSaved(null);
    const o = (await call(send(current.etag))) as Outcome<T>;
    if (o.ok) {
      setCurrent({ data: o.data, etag: etagOf(o) });
      setFailure(null);
      setConflict(null);
      setSaved(message);
      return true;
    }
    if (o.failure.status === 412) {
      const latest = await fetchCurrent();
      setConflict(
        latest.ok
          ? {
              changes: changesBetween(current.data as Record<string, unknown>, latest.data.data as Record<string, unknown>, labels),
              latest: latest.data,
            }
          : { changes: null, latest: null },
      );
      setFailure(null);
      return false;
    }
    setFailure(o.failure);
    return false;
  }

  const notices = (
    <>
      {saved ? <Alert kind="success" title={saved} live /> : null}
      {conflict ? (
        <ConflictAlert
          changes={conflict.changes}
          modified={(conflict.latest?.data as { modified?: string } | undefined)?.modified}
          onReload={async () => {
            const latest = conflict.latest ?? (await fetchCurrent().then((o) => (o.ok ? o.data : null)));
            if (latest) setCurrent(latest);
            setGeneration((g) => g + 1);
            setConflict(null);
          }}
        />
      ) : null}
      {failure ? <FailureNotice failure={failure} /> : null}
    </>
  );
  return { current, save, notices, generation, failure };
}

function FailureNotice({ failure }: { failure: Failure }) {
  return (
    <Alert kind="danger" title="Das hat nicht geklappt" live>
      <p class="kern-body">{failure.detail}</p>
      {failure.errors?.length ? (
        <ul class="kern-list">
          {failure.errors.map((e, i) => (
            <li key={i} class="kern-body kern-body--small">
              {e.field.replace(/^body\./, '')}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
