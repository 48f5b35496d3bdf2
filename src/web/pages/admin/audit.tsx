// The audit trail (who changed what, when, with which request) and the check of its hash chain.
import { useState } from 'preact/hooks';
import { api, call, type Failure, type Schemas } from '../../api';
import { Field, FormProblem } from '../../components/form';
import { ADMIN_SECTIONS, ADMINS, CopyableValue, RoleGate, SectionNav } from '../../components/office-admin';
import { Alert, Empty, Loaded, Pager, PageTitle, useLoad } from '../../components/ui';
import { dateTime } from '../../format';
import { href, type Location_, navigate } from '../../router';

const LIMIT = 50;

const ENTITY_LABELS: Record<string, string> = {
  conference: 'Konferenz',
  resolution: 'Beschluss',
  demand: 'Forderung',
  thread: 'Wiederkehrende Forderung',
  status_update: 'Sachstand',
  import: 'Import-Entwurf',
  user: 'Konto',
  token: 'Token',
  invitation: 'Einladung',
  session: 'Sitzung',
  addressee: 'Adressat',
  record: 'Bestand',
  round: 'Berichtsrunde',
  draft: 'Entwurf (Runde)',
};

type Filters = { konto: string; art: string; eintrag: string; aktion: string; von: string; bis: string };

function filtersOf(q: URLSearchParams): Filters {
  return {
    konto: q.get('konto') ?? '',
    art: q.get('art') ?? '',
    eintrag: q.get('eintrag') ?? '',
    aktion: q.get('aktion') ?? '',
    von: q.get('von') ?? '',
    bis: q.get('bis') ?? '',
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A day in Berlin as the API's instant: from its first to its last moment. */
function dayStart(d: string): string | undefined {
  return DATE.test(d) ? new Date(`${d}T00:00:00`).toISOString() : undefined;
}
function dayEnd(d: string): string | undefined {
  return DATE.test(d) ? new Date(`${d}T23:59:59.999`).toISOString() : undefined;
}

function FilterForm({ initial, users }: { initial: Filters; users: Schemas['User'][] }) {
  const [f, setF] = useState(initial);
  const set = (k: keyof Filters) => (e: { currentTarget: { value: string } }) => setF({ ...f, [k]: e.currentTarget.value });
  return (
    <form
      class="ek-filters"
      aria-label="Protokoll filtern"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(href('/verwaltung/protokoll', f));
      }}
    >
      <div class="ek-form-grid">
        <Field id="filter-konto" label="Konto">
          {(p) => (
            <div class="kern-form-input__select-wrapper">
              <select {...p} class="kern-form-input__select" value={f.konto} onChange={set('konto')}>
                <option value="">alle</option>
                {users.map((u) => (
                  <option key={u.id} value={String(u.id)}>
                    {u.name}
                  </option>
                ))}
              </select>
            </div>
          )}
        </Field>
        <Field id="filter-art" label="Art des Eintrags">
          {(p) => (
            <div class="kern-form-input__select-wrapper">
              <select {...p} class="kern-form-input__select" value={f.art} onChange={set('art')}>
                <option value="">alle</option>
                {Object.entries(ENTITY_LABELS).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
            </div>
          )}
        </Field>
        <Field id="filter-eintrag" label="Nummer des Eintrags" hint="z. B. die ID einer Forderung">
          {(p) => <input {...p} type="text" value={f.eintrag} onInput={set('eintrag')} />}
        </Field>
        <Field id="filter-aktion" label="Aktion" hint="z. B. demands.update">
          {(p) => <input {...p} type="text" value={f.aktion} onInput={set('aktion')} />}
        </Field>
        <Field id="filter-von" label="Von (Tag)">
          {(p) => <input {...p} type="date" value={f.von} onInput={set('von')} />}
        </Field>
        <Field id="filter-bis" label="Bis (Tag)">
          {(p) => <input {...p} type="date" value={f.bis} onInput={set('bis')} />}
        </Field>
      </div>
      <div class="ek-actions">
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Filter anwenden</span>
        </button>
        <a class="kern-link" href="/verwaltung/protokoll">
          Filter zurücksetzen
        </a>
      </div>
    </form>
  );
}

function Json({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <>
      <p class="kern-body kern-body--bold">{label}</p>
      <pre class="ek-mono">{JSON.stringify(value, null, 2)}</pre>
    </>
  );
}

function Entry({ e }: { e: Schemas['AuditEntry'] }) {
  return (
    <li class="ek-box">
      <p class="kern-body">
        <time dateTime={e.at}>{dateTime(e.at)}</time> · <strong>{e.actor}</strong> · <span class="ek-mono">{e.action}</span>
      </p>
      <p class="kern-body kern-body--small">
        {ENTITY_LABELS[e.entity] ?? e.entity}
        {e.entityId ? ` ${e.entityId}` : ''} · Eintrag {e.id}
        {e.requestId ? (
          <>
            {' '}
            · Request-ID <span class="ek-mono">{e.requestId}</span>
          </>
        ) : null}
      </p>
      <details class="ek-audit-detail">
        <summary class="kern-link">Vorher und nachher (Eintrag {e.id})</summary>
        <Json label="Vorher" value={e.before} />
        <Json label="Nachher" value={e.after} />
        <p class="kern-body kern-body--small ek-mono">Hash {e.hash}</p>
      </details>
    </li>
  );
}

function Audit({ query }: { query: URLSearchParams }) {
  const f = filtersOf(query);
  const offset = Number(query.get('offset') ?? 0) || 0;
  const key = JSON.stringify([f, offset]);
  const [users] = useLoad(() => call(api.GET('/api/v1/users', { params: { query: { limit: 200 } } })), []);
  const [load, retry] = useLoad(() => {
    const user = Number(f.konto);
    const from = dayStart(f.von);
    const to = dayEnd(f.bis);
    return call(
      api.GET('/api/v1/audit', {
        params: {
          query: {
            limit: LIMIT,
            offset,
            ...(user > 0 ? { user } : {}),
            ...(f.art ? { entity: f.art } : {}),
            ...(f.eintrag.trim() ? { entityId: f.eintrag.trim() } : {}),
            ...(f.aktion.trim() ? { action: f.aktion.trim() } : {}),
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
          },
        },
      }),
    );
  }, [key]);
  return (
    <>
      <PageTitle title="Verwaltung: Protokoll">Protokoll</PageTitle>
      <SectionNav label="Verwaltung" items={ADMIN_SECTIONS} path="/verwaltung/protokoll" />
      <p class="kern-body">
        Jede Änderung am Bestand, an Konten und Entwürfen, mit Zeit, Konto und Request-ID; neueste zuerst. Geheimnisse (Passwörter, Token,
        Links) stehen nie darin.
      </p>
      <FilterForm key={key} initial={f} users={users.state === 'ok' ? users.data.items : []} />
      <Loaded load={load} retry={retry} what="Protokoll">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Kein Eintrag passt zu diesen Filtern.</Empty>
          ) : (
            <section aria-labelledby="protokoll-ergebnis">
              <h2 class="kern-heading-medium" id="protokoll-ergebnis">
                {page.total === 1 ? '1 Eintrag' : `${page.total} Einträge`}
              </h2>
              <ol class="ek-audit-list">
                {page.items.map((e) => (
                  <Entry key={e.id} e={e} />
                ))}
              </ol>
              <Pager
                total={page.total}
                limit={LIMIT}
                offset={offset}
                to={(o) => href('/verwaltung/protokoll', { ...f, offset: o || undefined })}
              />
            </section>
          )
        }
      </Loaded>
    </>
  );
}

export function AuditPage({ query }: { query: Location_['query'] }) {
  return <RoleGate roles={ADMINS}>{() => <Audit query={query} />}</RoleGate>;
}

function Verification() {
  const [anchor, setAnchor] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [result, setResult] = useState<Schemas['AuditVerification'] | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <PageTitle title="Verwaltung: Prüfung der Kette">Prüfung der Protokollkette</PageTitle>
      <SectionNav label="Verwaltung" items={ADMIN_SECTIONS} path="/verwaltung/pruefung" />
      <p class="kern-body">
        Jeder Protokolleintrag trägt den Hash seines Vorgängers. Die Prüfung rechnet die ganze Kette nach: ein geänderter oder entfernter
        Eintrag fällt auf. Ob am Ende Einträge fehlen, zeigt erst der Anker: der letzte Eintrag einer früheren Prüfung, außerhalb der
        Datenbank aufbewahrt (etwa im Aktenvermerk).
      </p>
      <FormProblem failure={failure} />
      <form
        class="ek-form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const given = anchor.trim();
          const r = await call(api.GET('/api/v1/audit/verification', { params: { query: given ? { anchor: given } : {} } }));
          setBusy(false);
          if (!r.ok) {
            setFailure(r.failure);
            setResult(null);
            return;
          }
          setFailure(null);
          setResult(r.data);
        }}
      >
        <Field
          id="anker"
          label="Anker einer früheren Prüfung (freiwillig)"
          hint="Form <Eintrag>:<Hash>, z. B. 1520:9f86d08…; leer lassen, um nur die Kette zu prüfen."
          error={failure?.errors?.[0]?.message ? `${failure.errors[0].message}` : undefined}
        >
          {(p) => (
            <input {...p} type="text" class={`${p.class} ek-mono`} value={anchor} onInput={(e) => setAnchor(e.currentTarget.value)} />
          )}
        </Field>
        <div class="ek-actions">
          <button type="submit" class="kern-btn kern-btn--primary" disabled={busy}>
            <span class="kern-label">{busy ? 'Wird geprüft …' : 'Kette prüfen'}</span>
          </button>
        </div>
      </form>
      {result ? (
        <section aria-labelledby="pruefergebnis">
          <h2 class="kern-heading-medium" id="pruefergebnis">
            Ergebnis
          </h2>
          {result.ok ? (
            <Alert kind="success" title="Die Kette ist unversehrt" live>
              <p class="kern-body">
                {result.records} Einträge geprüft
                {result.anchor ? `; der Anker ${result.anchor.split(':')[0]} steht unverändert in der Kette` : ''}.
              </p>
            </Alert>
          ) : (
            <Alert kind="danger" title="Die Kette ist gebrochen" live>
              <p class="kern-body">
                {result.records} Einträge geprüft. {result.brokenAt !== null ? `Erster Eintrag, der nicht passt: ${result.brokenAt}. ` : ''}
                {result.reason ?? ''}
              </p>
            </Alert>
          )}
          {result.head ? (
            <>
              <h3 class="kern-heading-small">Neuer Anker</h3>
              <CopyableValue
                id="neuer-anker"
                label={`Anker (Eintrag ${result.head.id})`}
                value={`${result.head.id}:${result.head.hash}`}
                hint="Außerhalb der Datenbank aufbewahren und bei der nächsten Prüfung angeben."
              />
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

export function VerificationPage() {
  return <RoleGate roles={ADMINS}>{() => <Verification />}</RoleGate>;
}
