import { useState } from 'preact/hooks';
import { api, call, type Failure } from '../api';
import { Field, FormProblem, fieldErrors } from '../components/form';
import { Alert, PageTitle } from '../components/ui';
import { type Location_, navigate } from '../router';
import { refreshSession } from '../session';

/** Only paths of this application are followed after sign-in. */
export function safeTarget(value: string | null, fallback: string): string {
  return value && /^\/(?!\/)/.test(value) && !value.startsWith('/anmelden') ? value : fallback;
}

export function SignInPage({ query }: { query: Location_['query'] }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const expired = query.get('abgelaufen') === '1';
  const errors = fieldErrors(failure);
  return (
    <>
      <PageTitle title="Anmelden">Anmelden</PageTitle>
      {query.get('abgemeldet') === '1' ? (
        <Alert kind="success" title="Abgemeldet" live>
          <p class="kern-body">Sie sind abgemeldet.</p>
        </Alert>
      ) : null}
      {expired ? (
        <Alert kind="info" title="Sitzung abgelaufen">
          <p class="kern-body">Bitte melden Sie sich erneut an. Danach geht es dort weiter, wo Sie waren.</p>
        </Alert>
      ) : null}
      <p class="kern-body">
        Für Arbeitsgruppen der Länder und die Geschäftsstelle. Ein Konto erhalten Sie mit einer Einladung der Geschäftsstelle.
      </p>
      <FormProblem failure={failure} />
      <form
        class="ek-form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const r = await call(api.POST('/api/v1/session', { body: { email, password } }));
          setBusy(false);
          if (!r.ok) {
            setFailure(r.failure);
            return;
          }
          await refreshSession();
          navigate(safeTarget(query.get('weiter'), '/konto'), { replace: true });
        }}
      >
        <Field id="email" label="E-Mail-Adresse" error={errors.email}>
          {(p) => (
            <input
              {...p}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="passwort" label="Passwort" error={errors.password}>
          {(p) => (
            <input
              {...p}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        <div class="ek-actions">
          <button type="submit" class="kern-btn kern-btn--primary" disabled={busy}>
            <span class="kern-label">{busy ? 'Anmeldung läuft …' : 'Anmelden'}</span>
          </button>
        </div>
      </form>
    </>
  );
}
