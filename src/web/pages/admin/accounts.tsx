// Accounts: who may work with the record, in which role and for which Länder or working groups.
import { useState } from 'preact/hooks';
import { api, call, type Failure, type Schemas } from '../../api';
import { Field, FormProblem, fieldErrors } from '../../components/form';
import { ADMIN_SECTIONS, ADMINS, CheckboxGroup, CopyableValue, RoleGate, SectionNav } from '../../components/office-admin';
import { Alert, Loaded, PageTitle, useLoad } from '../../components/ui';
import { dateTime } from '../../format';

export type User = Schemas['User'];
export type Role = User['role'];

export const ROLE_OPTIONS: { key: Role; label: string; hint: string }[] = [
  { key: 'editor', label: 'Bearbeitung (Land oder Arbeitsgruppe)', hint: 'meldet Sachstände für die gewählten Länder oder Arbeitsgruppen' },
  { key: 'reader', label: 'Lesen (intern)', hint: 'liest auch interne Inhalte, ändert nichts' },
  { key: 'chair', label: 'Vorsitz', hint: 'führt die Berichtsrunde, pflegt den Bestand, importiert' },
  { key: 'admin', label: 'Geschäftsstelle (Administration)', hint: 'alles, auch Konten und Protokoll' },
];
export const roleLabel = (r: Role) => ROLE_OPTIONS.find((o) => o.key === r)?.label ?? r;

export type Scopes = { laender: { code: string; name: string }[]; groups: { code: string; name: string }[] };

/** The Länder and the working groups an editor's account can act for. */
export async function loadScopes() {
  const [laender, bodies] = await Promise.all([
    call(api.GET('/api/v1/vocab/laender', { params: { query: { limit: 200 } } })),
    call(api.GET('/api/v1/vocab/addressees', { params: { query: { limit: 200 } } })),
  ]);
  if (!laender.ok) return laender;
  if (!bodies.ok) return bodies;
  const scopes: Scopes = {
    laender: laender.data.items,
    groups: bodies.data.items.filter((b) => b.kind === 'working_group').map((b) => ({ code: b.code, name: b.name })),
  };
  return { ok: true as const, data: scopes, response: laender.response };
}

export function actsFor(u: Pick<User, 'lands' | 'bodies'>, scopes: Scopes): string {
  const names = [
    ...u.lands.map((c) => scopes.laender.find((l) => l.code === c)?.name ?? c),
    ...u.bodies.map((c) => scopes.groups.find((g) => g.code === c)?.name ?? c),
  ];
  return names.join(', ') || '–';
}

/** Role, Länder and working groups: the fields invite and edit share. */
export function RoleFields({
  prefix,
  role,
  lands,
  bodies,
  scopes,
  errors,
  onRole,
  onLands,
  onBodies,
}: {
  prefix: string;
  role: Role;
  lands: string[];
  bodies: string[];
  scopes: Scopes;
  errors: Record<string, string>;
  onRole: (r: Role) => void;
  onLands: (l: string[]) => void;
  onBodies: (b: string[]) => void;
}) {
  return (
    <>
      <Field id={`${prefix}-rolle`} label="Rolle" error={errors.role} hint={ROLE_OPTIONS.find((o) => o.key === role)?.hint}>
        {(p) => (
          <div class="kern-form-input__select-wrapper">
            <select {...p} class="kern-form-input__select" value={role} onChange={(e) => onRole(e.currentTarget.value as Role)}>
              {ROLE_OPTIONS.map((o) => (
                <option key={o.key} value={o.key}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        )}
      </Field>
      {role === 'editor' ? (
        <>
          {errors.lands ? (
            <p class="kern-error" id={`${prefix}-scope-error`}>
              <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
              {errors.lands}
            </p>
          ) : null}
          <CheckboxGroup
            id={`${prefix}-laender`}
            legend="Handelt für die Länder"
            hint="Mindestens ein Land oder eine Arbeitsgruppe."
            options={scopes.laender}
            value={lands}
            onChange={onLands}
            columns
          />
          <CheckboxGroup
            id={`${prefix}-gruppen`}
            legend="Handelt für die Arbeitsgruppen"
            options={scopes.groups}
            value={bodies}
            onChange={onBodies}
          />
        </>
      ) : null}
    </>
  );
}

function InviteForm({ scopes, onInvited }: { scopes: Scopes; onInvited: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [lands, setLands] = useState<string[]>([]);
  const [bodies, setBodies] = useState<string[]>([]);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [issued, setIssued] = useState<Schemas['InvitedAccount'] | null>(null);
  const errors = fieldErrors(failure);
  return (
    <section aria-labelledby="einladen">
      <h2 class="kern-heading-medium" id="einladen">
        Person einladen
      </h2>
      <p class="kern-body">
        Legt ein Konto an und erzeugt einen einmaligen Link, mit dem die Person ihr Passwort festlegt. Der Link gilt sieben Tage und wird
        nur jetzt angezeigt: bitte kopieren und der Person auf sicherem Weg schicken.
      </p>
      {issued ? (
        <Alert kind="success" title={`Konto für ${issued.user.name} angelegt`} live>
          <CopyableValue
            id="einladungslink"
            label="Einladungslink"
            value={`${location.origin}${issued.invitation.path}`}
            hint={`Gilt bis ${dateTime(issued.invitation.expires)} und nur einmal. Er wird nicht wieder angezeigt.`}
          />
          <p class="kern-body">
            <a class="kern-link" href={`/verwaltung/konten/${issued.user.id}`}>
              Zum Konto von {issued.user.name}
            </a>
          </p>
        </Alert>
      ) : null}
      <FormProblem failure={failure} />
      <form
        class="ek-form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await call(
            api.POST('/api/v1/invitations', {
              body: {
                name,
                email,
                role,
                lands: role === 'editor' ? (lands as User['lands']) : [],
                bodies: role === 'editor' ? bodies : [],
              },
            }),
          );
          if (!r.ok) {
            setFailure(r.failure);
            setIssued(null);
            return;
          }
          setFailure(null);
          setIssued(r.data);
          setName('');
          setEmail('');
          setLands([]);
          setBodies([]);
          onInvited();
        }}
      >
        <Field
          id="einladen-name"
          label="Name"
          hint="Person oder Stelle, z. B. „Referat 23, Ministerium für Soziales HB“"
          error={errors.name}
        >
          {(p) => <input {...p} type="text" autoComplete="off" value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <Field id="einladen-email" label="E-Mail-Adresse" hint="Mit ihr meldet sich die Person an." error={errors.email}>
          {(p) => <input {...p} type="email" autoComplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
        </Field>
        <RoleFields
          prefix="einladen"
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
            <span class="kern-label">Einladen</span>
          </button>
        </div>
      </form>
    </section>
  );
}

function AccountsTable({ users, scopes }: { users: User[]; scopes: Scopes }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls; its region must be reachable by keyboard
    <section class="kern-table-responsive" tabIndex={0} aria-labelledby="konten-liste">
      <table class="kern-table kern-table--small">
        <caption class="kern-title" id="konten-liste">
          {users.length === 1 ? '1 Konto' : `${users.length} Konten`}
        </caption>
        <thead class="kern-table__head">
          <tr class="kern-table__row">
            <th class="kern-table__header" scope="col">
              Name
            </th>
            <th class="kern-table__header" scope="col">
              Rolle
            </th>
            <th class="kern-table__header" scope="col">
              Handelt für
            </th>
            <th class="kern-table__header" scope="col">
              Token
            </th>
            <th class="kern-table__header" scope="col">
              Zustand
            </th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {users.map((u) => (
            <tr class="kern-table__row" key={u.id}>
              <td class="kern-table__cell ek-cell-wrap">
                <a class="kern-link" href={`/verwaltung/konten/${u.id}`}>
                  {u.name}
                </a>
                {u.email ? <div class="kern-body kern-body--small">{u.email}</div> : null}
              </td>
              <td class="kern-table__cell">{roleLabel(u.role)}</td>
              <td class="kern-table__cell ek-cell-wrap">{actsFor(u, scopes)}</td>
              <td class="kern-table__cell">{u.tokens.filter((t) => t.active).length} gültig</td>
              <td class="kern-table__cell">
                <span class={`kern-badge kern-badge--${u.active ? 'success' : 'danger'} ek-badge`}>
                  <span class="kern-label kern-label--small">{u.active ? 'aktiv' : 'deaktiviert'}</span>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Accounts() {
  const [scopes, retryScopes] = useLoad(loadScopes, []);
  const [users, retryUsers] = useLoad(() => call(api.GET('/api/v1/users', { params: { query: { limit: 200 } } })), []);
  return (
    <>
      <PageTitle title="Verwaltung: Konten">Verwaltung</PageTitle>
      <SectionNav label="Verwaltung" items={ADMIN_SECTIONS} path="/verwaltung" />
      <Loaded load={scopes} retry={retryScopes} what="Länder und Arbeitsgruppen">
        {(s) => (
          <>
            <Loaded load={users} retry={retryUsers} what="Konten">
              {(page) => <AccountsTable users={page.items} scopes={s} />}
            </Loaded>
            <InviteForm scopes={s} onInvited={retryUsers} />
          </>
        )}
      </Loaded>
    </>
  );
}

export function AccountsPage() {
  return <RoleGate roles={ADMINS}>{() => <Accounts />}</RoleGate>;
}
