import { useState } from 'preact/hooks';
import { api, call, type Failure } from '../api';
import { Field, FormProblem, fieldErrors } from '../components/form';
import { ErrorAlert, Loading, PageTitle, useLoad } from '../components/ui';
import { dateTime } from '../format';
import { navigate } from '../router';
import { refreshSession } from '../session';

export function InvitationPage() {
  // The token travels in the fragment, which browsers never send to a server (nor to its logs).
  const [token] = useState(() => decodeURIComponent(location.hash.slice(1)));
  const [info] = useLoad(
    () =>
      token.length >= 20
        ? call(api.POST('/api/v1/invitations/inspection', { body: { token } }))
        : Promise.resolve({
            ok: false as const,
            failure: { status: 404, detail: 'Der Link ist unvollständig. Bitte den ganzen Link aus der Einladung öffnen.' },
          }),
    [token],
  );
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [repeatError, setRepeatError] = useState<string | undefined>();
  const errors = fieldErrors(failure);
  return (
    <>
      <PageTitle title="Passwort festlegen">Passwort festlegen</PageTitle>
      {info.state === 'loading' ? <Loading what="Einladung" /> : null}
      {info.state === 'error' ? <ErrorAlert failure={info.failure} /> : null}
      {info.state === 'ok' ? (
        <>
          <p class="kern-body">
            Willkommen, {info.data.name}. Sie melden sich künftig mit <strong>{info.data.email}</strong> und dem Passwort an, das Sie hier
            festlegen. Der Link gilt bis {dateTime(info.data.expires)} und nur einmal.
          </p>
          <FormProblem failure={failure} />
          <form
            class="ek-form"
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              if (password !== repeat) {
                setRepeatError('Die beiden Passwörter stimmen nicht überein.');
                document.getElementById('passwort-wiederholen')?.focus();
                return;
              }
              setRepeatError(undefined);
              const r = await call(api.POST('/api/v1/invitations/acceptance', { body: { token, password } }));
              if (!r.ok) {
                setFailure(r.failure);
                return;
              }
              history.replaceState(null, '', '/einladung');
              await refreshSession();
              navigate('/konto', { replace: true });
            }}
          >
            <input type="text" name="username" autoComplete="username" value={info.data.email} hidden readOnly />
            <Field
              id="passwort-neu"
              label="Neues Passwort"
              hint="Mindestens 12 Zeichen; ein Satz aus mehreren Wörtern ist gut zu merken."
              error={errors.password}
            >
              {(p) => (
                <input
                  {...p}
                  type="password"
                  autoComplete="new-password"
                  required
                  value={password}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                />
              )}
            </Field>
            <Field id="passwort-wiederholen" label="Neues Passwort wiederholen" error={repeatError}>
              {(p) => (
                <input
                  {...p}
                  type="password"
                  autoComplete="new-password"
                  required
                  value={repeat}
                  onInput={(e) => setRepeat(e.currentTarget.value)}
                />
              )}
            </Field>
            <div class="ek-actions">
              <button type="submit" class="kern-btn kern-btn--primary">
                <span class="kern-label">Passwort festlegen und anmelden</span>
              </button>
            </div>
          </form>
        </>
      ) : null}
    </>
  );
}
