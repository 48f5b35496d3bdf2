import { useState } from 'preact/hooks';
import { api, call, type Failure } from '../api';
import { Field, FormProblem, fieldErrors } from '../components/form';
import { Alert, Loading, PageTitle } from '../components/ui';
import { navigate } from '../router';
import { signedOut, useSession } from '../session';
import { Fact } from './conference';

export async function signOut(): Promise<void> {
  await call(api.DELETE('/api/v1/session'));
  signedOut();
  navigate('/anmelden?abgemeldet=1');
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [repeatError, setRepeatError] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const errors = fieldErrors(failure);
  return (
    <form
      class="ek-form"
      noValidate
      aria-labelledby="passwort-aendern"
      onSubmit={async (e) => {
        e.preventDefault();
        setDone(false);
        if (next !== repeat) {
          setRepeatError('Die beiden neuen Passwörter stimmen nicht überein.');
          return;
        }
        setRepeatError(undefined);
        const r = await call(api.PUT('/api/v1/me/password', { body: { currentPassword: current, newPassword: next } }));
        if (!r.ok) {
          setFailure(r.failure);
          return;
        }
        setFailure(null);
        setCurrent('');
        setNext('');
        setRepeat('');
        setDone(true);
      }}
    >
      <h2 class="kern-heading-medium" id="passwort-aendern">
        Passwort ändern
      </h2>
      {done ? (
        <Alert kind="success" title="Passwort geändert" live>
          <p class="kern-body">Andere Sitzungen dieses Kontos sind beendet.</p>
        </Alert>
      ) : null}
      <FormProblem failure={failure} />
      <Field id="passwort-bisher" label="Bisheriges Passwort" error={errors.currentPassword}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="current-password"
            value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field id="passwort-neu" label="Neues Passwort" hint="Mindestens 12 Zeichen." error={errors.newPassword}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={next} onInput={(e) => setNext(e.currentTarget.value)} />}
      </Field>
      <Field id="passwort-neu-wiederholen" label="Neues Passwort wiederholen" error={repeatError}>
        {(p) => (
          <input {...p} type="password" autoComplete="new-password" value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
        )}
      </Field>
      <div class="ek-actions">
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Passwort ändern</span>
        </button>
      </div>
    </form>
  );
}

export function AccountPage() {
  const session = useSession();
  if (session.state === 'unknown') return <Loading what="Konto" />;
  if (session.state === 'anonymous') {
    navigate(`/anmelden?weiter=${encodeURIComponent('/konto')}`, { replace: true });
    return null;
  }
  const me = session.me;
  return (
    <>
      <PageTitle title="Mein Konto">Mein Konto</PageTitle>
      <dl class="kern-description-list ek-facts">
        <Fact term="Name">{me.name}</Fact>
        <Fact term="Rolle">{me.roleLabel}</Fact>
        {me.lands.length + me.bodies.length > 0 ? <Fact term="Handelt für">{[...me.lands, ...me.bodies].join(', ')}</Fact> : null}
      </dl>
      <div class="ek-actions">
        <button type="button" class="kern-btn kern-btn--secondary" onClick={() => void signOut()}>
          <span class="kern-label">Abmelden</span>
        </button>
        <button
          type="button"
          class="kern-btn kern-btn--tertiary"
          onClick={async () => {
            await call(api.POST('/api/v1/me/sessions/revocation'));
            signedOut();
            navigate('/anmelden?abgemeldet=1');
          }}
        >
          <span class="kern-label">Überall abmelden</span>
        </button>
      </div>
      {me.hasPassword ? <PasswordForm /> : null}
    </>
  );
}
