// One account: role and scope, deactivation, a new invitation, its API tokens.
import { useState } from 'preact/hooks';
import { api, call, type Failure, type Schemas } from '../../api';
import { Field, FormProblem, fieldErrors, InputField } from '../../components/form';
import {
  ADMIN_SECTIONS,
  ADMINS,
  ConflictAlert,
  CopyableValue,
  changesBetween,
  RoleGate,
  SectionNav,
  useKeptLoad,
  type Versioned,
  versioned,
} from '../../components/office-admin';
import { Alert, Breadcrumbs, Loaded, PageTitle, useLoad } from '../../components/ui';
import { dateShort, dateTime } from '../../format';
import { actsFor, loadScopes, type Role, RoleFields, roleLabel, type Scopes, type User } from './accounts';

const FIELDS = { name: 'Name', email: 'E-Mail-Adresse', role: 'Rolle', lands: 'Länder', bodies: 'Arbeitsgruppen', active: 'Zustand' };

function EditForm({
  user,
  scopes,
  onSaved,
  onReload,
}: {
  user: Versioned<User>;
  scopes: Scopes;
  onSaved: () => void;
  onReload: () => void;
}) {
  const u = user.data;
  const [name, setName] = useState(u.name);
  const [email, setEmail] = useState(u.email ?? '');
  const [role, setRole] = useState<Role>(u.role);
  const [lands, setLands] = useState<string[]>(u.lands);
  const [bodies, setBodies] = useState<string[]>(u.bodies);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [conflict, setConflict] = useState<{ changes: ReturnType<typeof changesBetween> | null; current: User | null } | null>(null);
  const take = (c: User) => {
    setName(c.name);
    setEmail(c.email ?? '');
    setRole(c.role);
    setLands(c.lands);
    setBodies(c.bodies);
  };
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(failure);
  return (
    <form
      class="ek-form"
      noValidate
      aria-labelledby="konto-bearbeiten"
      onSubmit={async (e) => {
        e.preventDefault();
        setSaved(false);
        const r = await call(
          api.PATCH('/api/v1/users/{id}', {
            params: { path: { id: u.id }, header: { 'If-Match': user.etag } },
            body: {
              name,
              email: email.trim() === '' ? null : email.trim(),
              role,
              lands: (role === 'editor' ? lands : []) as User['lands'],
              bodies: role === 'editor' ? bodies : [],
            },
          }),
        );
        if (r.ok) {
          setFailure(null);
          setSaved(true);
          onSaved();
          return;
        }
        if (r.failure.status === 412) {
          const now = await call(api.GET('/api/v1/users/{id}', { params: { path: { id: u.id } } }));
          setConflict(now.ok ? { changes: changesBetween(u, now.data, FIELDS), current: now.data } : { changes: null, current: null });
          setFailure(null);
          return;
        }
        setFailure(r.failure);
      }}
    >
      <h2 class="kern-heading-medium" id="konto-bearbeiten">
        Konto bearbeiten
      </h2>
      {saved ? <Alert kind="success" title="Gespeichert" live /> : null}
      {conflict ? (
        <ConflictAlert
          changes={conflict.changes}
          onReload={() => {
            if (conflict.current) take(conflict.current);
            setConflict(null);
            onReload();
          }}
        />
      ) : null}
      <FormProblem failure={failure} />
      <InputField id="konto-name" label="Name" error={errors.name} type="text" value={name} onValue={setName} />
      <Field
        id="konto-email"
        label="E-Mail-Adresse"
        hint="Für die Anmeldung im Browser; Konten nur für Fachverfahren brauchen keine."
        error={errors.email}
      >
        {(p) => <input {...p} type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
      </Field>
      <RoleFields
        prefix="konto"
        role={role}
        lands={lands}
        bodies={bodies}
        scopes={scopes}
        errors={errors}
        onRole={setRole}
        onLands={setLands}
        onBodies={setBodies}
      />
      <div class="ek-actions">
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Speichern</span>
        </button>
      </div>
    </form>
  );
}

function ActiveSwitch({ user, onChanged }: { user: Versioned<User>; onChanged: () => void }) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const u = user.data;
  return (
    <section aria-labelledby="konto-zustand">
      <h2 class="kern-heading-medium" id="konto-zustand">
        Zustand
      </h2>
      <p class="kern-body">
        {u.active
          ? 'Das Konto ist aktiv. Deaktiviert gelten seine Token und Sitzungen nicht mehr; das Protokoll behält seine Einträge.'
          : 'Das Konto ist deaktiviert: keine Anmeldung, kein Token gilt.'}
      </p>
      <FormProblem failure={failure} />
      <div class="ek-actions">
        <button
          type="button"
          class={`kern-btn ${u.active ? 'kern-btn--secondary' : 'kern-btn--primary'}`}
          onClick={async () => {
            const r = await call(
              api.PATCH('/api/v1/users/{id}', {
                params: { path: { id: u.id }, header: { 'If-Match': user.etag } },
                body: { active: !u.active },
              }),
            );
            if (!r.ok) {
              setFailure(
                r.failure.status === 412
                  ? { ...r.failure, detail: 'Das Konto wurde inzwischen geändert. Bitte die Seite neu laden.' }
                  : r.failure,
              );
              return;
            }
            onChanged();
          }}
        >
          <span class="kern-label">{u.active ? 'Konto deaktivieren' : 'Konto wieder aktivieren'}</span>
        </button>
      </div>
    </section>
  );
}

function Invitation({ user }: { user: User }) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const [issued, setIssued] = useState<Schemas['IssuedInvitation'] | null>(null);
  return (
    <section aria-labelledby="konto-einladung">
      <h2 class="kern-heading-medium" id="konto-einladung">
        Einladung
      </h2>
      <p class="kern-body">
        Ein neuer Link zum Festlegen des Passworts (etwa wenn es vergessen wurde). Frühere, noch offene Links dieses Kontos verlieren damit
        ihre Gültigkeit.
      </p>
      <FormProblem failure={failure} />
      {issued ? (
        <CopyableValue
          id="neuer-einladungslink"
          label="Einladungslink"
          value={`${location.origin}${issued.path}`}
          hint={`Gilt bis ${dateTime(issued.expires)} und nur einmal. Er wird nicht wieder angezeigt.`}
        />
      ) : null}
      <div class="ek-actions">
        <button
          type="button"
          class="kern-btn kern-btn--secondary"
          onClick={async () => {
            const r = await call(api.POST('/api/v1/users/{id}/invitations', { params: { path: { id: user.id } } }));
            if (!r.ok) {
              setFailure(r.failure);
              return;
            }
            setFailure(null);
            setIssued(r.data);
          }}
        >
          <span class="kern-label">Neuen Einladungslink erzeugen</span>
        </button>
      </div>
    </section>
  );
}

function tokenState(t: Schemas['ApiToken']): string {
  if (t.revoked) return `widerrufen am ${dateShort(t.revoked)}`;
  if (!t.active) return 'abgelaufen';
  return 'gültig';
}

function Tokens({ user, onChanged }: { user: User; onChanged: () => void }) {
  const [label, setLabel] = useState('');
  const [days, setDays] = useState('365');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [issued, setIssued] = useState<Schemas['IssuedToken'] | null>(null);
  const errors = fieldErrors(failure);
  return (
    <section aria-labelledby="konto-token">
      <h2 class="kern-heading-medium" id="konto-token">
        Token für Fachverfahren
      </h2>
      {user.tokens.length === 0 ? (
        <p class="kern-body">Dieses Konto hat kein Token.</p>
      ) : (
        <>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls; its region must be reachable by keyboard */}
          <section class="kern-table-responsive" tabIndex={0} aria-label="Ausgestellte Token">
            <table class="kern-table kern-table--small">
              <thead class="kern-table__head">
                <tr class="kern-table__row">
                  <th class="kern-table__header" scope="col">
                    Bezeichnung
                  </th>
                  <th class="kern-table__header" scope="col">
                    Kennung
                  </th>
                  <th class="kern-table__header" scope="col">
                    Gültig bis
                  </th>
                  <th class="kern-table__header" scope="col">
                    Zuletzt benutzt
                  </th>
                  <th class="kern-table__header" scope="col">
                    Zustand
                  </th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {user.tokens.map((t) => (
                  <tr class="kern-table__row" key={t.id}>
                    <td class="kern-table__cell ek-cell-wrap">{t.label ?? '–'}</td>
                    <td class="kern-table__cell ek-mono">ek_{t.publicId}…</td>
                    <td class="kern-table__cell">{dateShort(t.expires)}</td>
                    <td class="kern-table__cell">{t.lastUsed ? dateShort(t.lastUsed) : 'nie'}</td>
                    <td class="kern-table__cell">
                      <div class="ek-row-actions">
                        <span>{tokenState(t)}</span>
                        {t.active ? (
                          <button
                            type="button"
                            class="kern-btn kern-btn--tertiary kern-btn--x-small"
                            aria-label={`Token ${t.label ?? t.publicId} widerrufen`}
                            onClick={async () => {
                              const r = await call(
                                api.POST('/api/v1/users/{id}/tokens/{tokenId}/revocation', {
                                  params: { path: { id: user.id, tokenId: t.id } },
                                }),
                              );
                              if (!r.ok) setFailure(r.failure);
                              else onChanged();
                            }}
                          >
                            <span class="kern-label">Widerrufen</span>
                          </button>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
      {issued ? (
        <Alert kind="success" title="Token ausgestellt" live>
          <CopyableValue
            id="neues-token"
            label="Token"
            value={issued.token}
            hint="Nur jetzt sichtbar; gespeichert wird allein ein Hash. Im Fachverfahren als „Authorization: Bearer …“ eintragen."
          />
        </Alert>
      ) : null}
      <FormProblem failure={failure} />
      <form
        class="ek-form"
        noValidate
        aria-labelledby="token-ausstellen"
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await call(
            api.POST('/api/v1/users/{id}/tokens', {
              params: { path: { id: user.id } },
              body: { label: label.trim() === '' ? null : label.trim(), days: Number(days) },
            }),
          );
          if (!r.ok) {
            setFailure(r.failure);
            return;
          }
          setFailure(null);
          setIssued(r.data);
          setLabel('');
          onChanged();
        }}
      >
        <h3 class="kern-heading-small" id="token-ausstellen">
          Neues Token ausstellen
        </h3>
        <InputField
          id="token-bezeichnung"
          label="Bezeichnung"
          hint="z. B. „Fachverfahren HE“"
          error={errors.label}
          type="text"
          value={label}
          onValue={setLabel}
        />
        <Field id="token-tage" label="Gültigkeit in Tagen" error={errors.days}>
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              min={1}
              max={3650}
              value={days}
              onInput={(e) => setDays(e.currentTarget.value)}
            />
          )}
        </Field>
        <div class="ek-actions">
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">Token ausstellen</span>
          </button>
        </div>
      </form>
    </section>
  );
}

function Account({ id }: { id: number }) {
  const [scopes, retryScopes] = useLoad(loadScopes, []);
  const [user, reload] = useKeptLoad(() => versioned(call(api.GET('/api/v1/users/{id}', { params: { path: { id } } }))), [id]);

  return (
    <Loaded load={user} retry={reload} what="Konto">
      {(v) => (
        <>
          <Breadcrumbs items={[{ href: '/verwaltung', label: 'Verwaltung' }, { label: v.data.name }]} />
          <PageTitle title={`Konto ${v.data.name}`}>{v.data.name}</PageTitle>
          <SectionNav label="Verwaltung" items={ADMIN_SECTIONS} path="/verwaltung/konten" />
          <Loaded load={scopes} retry={retryScopes} what="Länder und Arbeitsgruppen">
            {(s) => (
              <>
                <dl class="kern-description-list ek-facts">
                  <div class="kern-description-list-item">
                    <dt class="kern-description-list-item__key">Rolle</dt>
                    <dd class="kern-description-list-item__value">{roleLabel(v.data.role)}</dd>
                  </div>
                  <div class="kern-description-list-item">
                    <dt class="kern-description-list-item__key">Handelt für</dt>
                    <dd class="kern-description-list-item__value">{actsFor(v.data, s)}</dd>
                  </div>
                  <div class="kern-description-list-item">
                    <dt class="kern-description-list-item__key">Angelegt</dt>
                    <dd class="kern-description-list-item__value">{dateTime(v.data.created)}</dd>
                  </div>
                  <div class="kern-description-list-item">
                    <dt class="kern-description-list-item__key">Protokoll</dt>
                    <dd class="kern-description-list-item__value">
                      <a class="kern-link" href={`/verwaltung/protokoll?konto=${v.data.id}`}>
                        Was dieses Konto geändert hat
                      </a>
                    </dd>
                  </div>
                </dl>
                <EditForm user={v} scopes={s} onSaved={reload} onReload={reload} />
              </>
            )}
          </Loaded>
          <ActiveSwitch user={v} onChanged={reload} />
          {v.data.active && v.data.email ? <Invitation user={v.data} /> : null}
          <Tokens user={v.data} onChanged={reload} />
        </>
      )}
    </Loaded>
  );
}

export function AccountPage({ id }: { id: number }) {
  return <RoleGate roles={ADMINS}>{() => <Account id={id} />}</RoleGate>;
}
