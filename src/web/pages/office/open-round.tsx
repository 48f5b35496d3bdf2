// /buero/runden/neu: open a round – Stichtag, deadline, scope – with a preview of exactly the
// demands the round will ask about (the API applies the same rule when the round is opened).
import { addDays, format } from 'date-fns';
import { useEffect, useState } from 'preact/hooks';
import { api, call, type Schemas } from '../../api';
import { Field, FormProblem, fieldErrors } from '../../components/form';
import { Alert, Breadcrumbs, ErrorAlert, Loaded, Loading, PageTitle, useLoad } from '../../components/ui';
import { navigate } from '../../router';
import { demandLabel, OfficeNav, useAction } from './shared';

type Preview = Schemas['RoundScopePreview'];

const iso = (d: Date) => format(d, 'yyyy-MM-dd');

function ScopePreview({
  conference,
  deadline,
  notYetDue,
  standing,
}: {
  conference: number;
  deadline: string;
  notYetDue: boolean;
  standing: boolean;
}) {
  const [load, retry] = useLoad(
    () =>
      call(
        api.GET('/api/v1/rounds/scope-preview', {
          params: {
            query: { conference, deadline, excludeNotYetDue: notYetDue, excludeStanding: standing },
          },
        }),
      ),
    [conference, deadline, notYetDue, standing],
  );
  return (
    <section aria-labelledby="umfang" class="ek-group">
      <h2 class="kern-heading-medium" id="umfang">
        Umfang der Runde
      </h2>
      <div aria-live="polite">
        <Loaded load={load} retry={retry} what="Umfang">
          {(p: Preview) => (
            <>
              <p class="kern-body">
                <strong>{p.count === 1 ? '1 Forderung' : `${p.count} Forderungen`}</strong> der {p.conference}. IntMK und früherer
                Konferenzen, deren Stränge noch offen sind.
              </p>
              {p.openRound ? (
                <Alert kind="warning" title="Es läuft bereits eine Runde">
                  <p class="kern-body">
                    Für die {p.conference}. IntMK ist die{' '}
                    <a class="kern-link" href={`/buero/runden/${p.openRound}`}>
                      Berichtsrunde {p.openRound}
                    </a>{' '}
                    offen. Je Konferenz ist nur eine offene Runde möglich.
                  </p>
                </Alert>
              ) : null}
              {p.demands.length > 0 ? (
                // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls; its region must be reachable by keyboard
                <section class="ek-region kern-table-responsive ek-scope" tabIndex={0} aria-label="Forderungen im Umfang">
                  <table class="kern-table kern-table--small">
                    <thead class="kern-table__head">
                      <tr class="kern-table__row">
                        <th class="kern-table__header" scope="col">
                          Fundstelle
                        </th>
                        <th class="kern-table__header" scope="col">
                          Forderung
                        </th>
                        <th class="kern-table__header" scope="col">
                          Art
                        </th>
                        <th class="kern-table__header" scope="col">
                          Adressaten
                        </th>
                        <th class="kern-table__header" scope="col">
                          Status
                        </th>
                      </tr>
                    </thead>
                    <tbody class="kern-table__body">
                      {p.demands.map((d) => (
                        <tr class="kern-table__row" key={d.id}>
                          <td class="kern-table__cell">{demandLabel(d)}</td>
                          <td class="kern-table__cell">{d.summary}</td>
                          <td class="kern-table__cell">{d.kindLabel}</td>
                          <td class="kern-table__cell">{d.addressees.join(', ') || '–'}</td>
                          <td class="kern-table__cell">{d.statusLabel}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </section>
              ) : null}
            </>
          )}
        </Loaded>
      </div>
    </section>
  );
}

export function OpenRoundPage() {
  const [conferences, retry] = useLoad(
    () => call(api.GET('/api/v1/conferences', { params: { query: { limit: 100, sort: '-number' } } })),
    [],
  );
  const today = new Date();
  const [conference, setConference] = useState<number | null>(null);
  const [asOf, setAsOf] = useState(iso(today));
  const [deadline, setDeadline] = useState(iso(addDays(today, 28)));
  const [notYetDue, setNotYetDue] = useState(true);
  const [standing, setStanding] = useState(true);
  const [objectionDays, setObjectionDays] = useState('28');
  const [reminderDays, setReminderDays] = useState('14, 3');
  const action = useAction<Schemas['Round']>();
  const errors = fieldErrors(action.failure);

  useEffect(() => {
    if (conference === null && conferences.state === 'ok') setConference(conferences.data.items[0]?.number ?? null);
  }, [conferences]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (conference === null) return;
    const created = await action.run(() =>
      call(
        api.POST('/api/v1/rounds', {
          body: {
            conference,
            asOf,
            deadline,
            excludeNotYetDue: notYetDue,
            excludeStanding: standing,
            objectionDays: Number(objectionDays),
            reminderDays: reminderDays
              .split(/[,;\s]+/)
              .filter(Boolean)
              .map(Number),
          },
        }),
      ),
    );
    if (created) navigate(`/buero/runden/${created.id}?eroeffnet=1`);
  };

  return (
    <>
      <Breadcrumbs items={[{ href: '/buero', label: 'Büro' }, { label: 'Neue Berichtsrunde' }]} />
      <PageTitle title="Neue Berichtsrunde">Neue Berichtsrunde eröffnen</PageTitle>
      <OfficeNav current="runde" />
      {conferences.state === 'loading' ? <Loading what="Konferenzen" /> : null}
      {conferences.state === 'error' ? <ErrorAlert failure={conferences.failure} retry={retry} /> : null}
      {conferences.state === 'ok' && conference !== null ? (
        <>
          <FormProblem failure={action.failure} />
          <form class="ek-office-form" noValidate onSubmit={submit}>
            <Field
              id="runde-konferenz"
              label="Erfolgskontrolle der Konferenz"
              hint="Die Runde fragt nach den Forderungen dieser Konferenz."
            >
              {(p) => (
                <div class="kern-form-input__select-wrapper">
                  <select
                    {...p}
                    class="kern-form-input__select"
                    value={String(conference)}
                    onChange={(e) => setConference(Number(e.currentTarget.value))}
                  >
                    {conferences.data.items.map((c) => (
                      <option key={c.number} value={c.number}>
                        {c.title}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </Field>
            <Field id="runde-stichtag" label="Stichtag" hint="Die Sachstände sprechen zu diesem Tag." error={errors.asOf}>
              {(p) => <input {...p} type="date" required value={asOf} onInput={(e) => setAsOf(e.currentTarget.value)} />}
            </Field>
            <Field
              id="runde-frist"
              label="Rückmeldefrist"
              hint="Bis dahin erbittet die Geschäftsstelle die Sachstände."
              error={errors.deadline}
            >
              {(p) => <input {...p} type="date" required value={deadline} onInput={(e) => setDeadline(e.currentTarget.value)} />}
            </Field>
            <fieldset class="ek-checks ek-checks--stack">
              <legend class="kern-label">Umfang</legend>
              <div class="kern-form-check">
                <input
                  class="kern-form-check__checkbox"
                  type="checkbox"
                  id="runde-nicht-faellig"
                  checked={notYetDue}
                  onChange={(e) => setNotYetDue(e.currentTarget.checked)}
                />
                <label class="kern-label" for="runde-nicht-faellig">
                  Aufträge weglassen, die erst nach der nächsten Konferenz fällig sind
                </label>
              </div>
              <div class="kern-form-check">
                <input
                  class="kern-form-check__checkbox"
                  type="checkbox"
                  id="runde-dauer"
                  checked={standing}
                  onChange={(e) => setStanding(e.currentTarget.checked)}
                />
                <label class="kern-label" for="runde-dauer">
                  Selbstverpflichtungen als Daueraufgabe (ohne Frist) weglassen
                </label>
              </div>
            </fieldset>
            <Field
              id="runde-erinnerungen"
              label="Erinnerungen (Tage vor der Frist)"
              hint="Durch Komma getrennt, z. B. 14, 3. Nach der Frist geht einmal eine Erinnerung an die Säumigen."
              error={errors.reminderDays}
            >
              {(p) => (
                <input
                  {...p}
                  type="text"
                  inputMode="numeric"
                  value={reminderDays}
                  onInput={(e) => setReminderDays(e.currentTarget.value)}
                />
              )}
            </Field>
            <Field id="runde-einspruch" label="Einspruchsfrist nach der Freigabe (Tage)" error={errors.objectionDays}>
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  max={365}
                  value={objectionDays}
                  onInput={(e) => setObjectionDays(e.currentTarget.value)}
                />
              )}
            </Field>
            <div class="ek-actions">
              <button type="submit" class="kern-btn kern-btn--primary" disabled={action.busy}>
                <span class="kern-label">{action.busy ? 'Runde wird eröffnet …' : 'Berichtsrunde eröffnen'}</span>
              </button>
            </div>
          </form>
          <ScopePreview conference={conference} deadline={deadline} notYetDue={notYetDue} standing={standing} />
        </>
      ) : null}
    </>
  );
}
