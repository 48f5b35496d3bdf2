// /buero/runden/:id – the round cockpit: the round's facts, the progress matrix per Land or
// working group (a click leads to the items), the reminders and the outbox, and a reminder now
// for one group. Three requests: the round, its progress, its mails.
import { useState } from 'preact/hooks';
import { api, call, type Outcome, type Schemas } from '../../api';
import { Alert, Breadcrumbs, ErrorAlert, Loaded, PageTitle, useLoad } from '../../components/ui';
import { dateShort, dateTime } from '../../format';
import type { Location_ } from '../../router';
import { failed, OfficeNav, type Round, roundTitle, useAction } from './shared';

type Progress = Schemas['RoundProgress'];
type Counts = Omit<Progress['groups'][number], 'code' | 'name'>;

/** The matrix's columns: count key, heading, the filter on the group's page. */
export const COLUMNS: { key: keyof Counts; label: string; stand: string }[] = [
  { key: 'assigned', label: 'zugewiesen', stand: '' },
  { key: 'notStarted', label: 'nicht begonnen', stand: 'offen' },
  { key: 'drafted', label: 'Entwurf', stand: 'draft' },
  { key: 'submitted', label: 'eingereicht', stand: 'submitted' },
  { key: 'returned', label: 'zurückgegeben', stand: 'returned' },
  { key: 'accepted', label: 'angenommen', stand: 'accepted' },
  { key: 'released', label: 'freigegeben', stand: 'released' },
  { key: 'missing', label: 'fehlend', stand: 'fehlend' },
  { key: 'overdue', label: 'überfällig', stand: 'fehlend' },
];

const MAIL_STATE_LABELS: Record<Schemas['Mail']['state'], string> = {
  pending: 'wird versandt',
  sent: 'versandt',
  outbox: 'im Postausgang (ohne Mailserver)',
  failed: 'fehlgeschlagen',
};

function Matrix({
  round,
  progress,
  onRemind,
  busy,
}: {
  round: Round;
  progress: Progress;
  onRemind: (code: string, name: string) => void;
  busy: boolean;
}) {
  const open = round.state === 'open';
  const cell = (code: string, name: string, c: Counts, col: (typeof COLUMNS)[number]) => {
    const n = c[col.key];
    const alert = (col.key === 'missing' || col.key === 'overdue') && n > 0;
    return (
      <td
        class={`kern-table__cell kern-table__cell--numeric${n === 0 ? ' ek-matrix__zero' : alert ? ' ek-matrix__alert' : ''}`}
        key={col.key}
      >
        {n > 0 ? (
          <a
            class="kern-link"
            href={`/buero/runden/${round.id}/stellen/${encodeURIComponent(code)}${col.stand ? `?stand=${col.stand}` : ''}`}
          >
            {n}
            <span class="kern-sr-only">
              {' '}
              {col.label} – {name}
            </span>
          </a>
        ) : (
          n
        )}
      </td>
    );
  };
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls; its region must be reachable by keyboard
    <section class="ek-region kern-table-responsive" tabIndex={0} aria-labelledby="fortschritt">
      <table class="kern-table kern-table--small ek-matrix">
        <thead class="kern-table__head">
          <tr class="kern-table__row">
            <th class="kern-table__header" scope="col">
              Land oder Arbeitsgruppe
            </th>
            {COLUMNS.map((c) => (
              <th class="kern-table__header kern-table__header--numeric" scope="col" key={c.key}>
                {c.label}
              </th>
            ))}
            {open ? (
              <th class="kern-table__header" scope="col">
                Erinnerung
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {progress.groups.map((g) => (
            <tr class="kern-table__row" key={g.code}>
              <th class="kern-table__cell" scope="row">
                <a class="kern-link" href={`/buero/runden/${round.id}/stellen/${encodeURIComponent(g.code)}`}>
                  {g.name}
                </a>
              </th>
              {COLUMNS.map((c) => cell(g.code, g.name, g, c))}
              {open ? (
                <td class="kern-table__cell">
                  {g.missing > 0 ? (
                    <button
                      type="button"
                      class="kern-btn kern-btn--secondary kern-btn--x-small"
                      aria-label={`Jetzt erinnern – ${g.name}`}
                      disabled={busy}
                      onClick={() => onRemind(g.code, g.name)}
                    >
                      <span class="kern-label">Jetzt erinnern</span>
                    </button>
                  ) : (
                    '–'
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
        <tfoot class="kern-table__footer">
          <tr class="kern-table__row">
            <th class="kern-table__cell" scope="row">
              Zusammen
            </th>
            {COLUMNS.map((c) => (
              <td class="kern-table__cell kern-table__cell--numeric" key={c.key}>
                {progress.totals[c.key]}
              </td>
            ))}
            {open ? <td class="kern-table__cell" /> : null}
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

function Outbox({ mails }: { mails: Schemas['MailPage'] }) {
  if (mails.items.length === 0) return <p class="kern-body">Noch keine Erinnerung erzeugt.</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls; its region must be reachable by keyboard
    <section class="ek-region kern-table-responsive" tabIndex={0} aria-labelledby="postausgang">
      <table class="kern-table kern-table--small">
        <thead class="kern-table__head">
          <tr class="kern-table__row">
            <th class="kern-table__header" scope="col">
              Erzeugt
            </th>
            <th class="kern-table__header" scope="col">
              Stelle
            </th>
            <th class="kern-table__header" scope="col">
              Empfänger
            </th>
            <th class="kern-table__header" scope="col">
              Betreff
            </th>
            <th class="kern-table__header" scope="col">
              Stand
            </th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {mails.items.map((m) => (
            <tr class="kern-table__row" key={m.id}>
              <td class="kern-table__cell">{dateTime(m.created)}</td>
              <td class="kern-table__cell">{m.group ?? '–'}</td>
              <td class="kern-table__cell">{m.recipient}</td>
              <td class="kern-table__cell">{m.subject}</td>
              <td class="kern-table__cell">
                {MAIL_STATE_LABELS[m.state]}
                {m.sent ? `, ${dateTime(m.sent)}` : ''}
                {m.lastError ? ` (${m.lastError})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {mails.total > mails.items.length ? (
        <p class="kern-body kern-body--small">
          Die neuesten {mails.items.length} von {mails.total} Nachrichten.
        </p>
      ) : null}
    </section>
  );
}

export function CockpitPage({ id, query }: { id: number; query: Location_['query'] }) {
  const [load, retry] = useLoad(async (): Promise<Outcome<{ round: Round; progress: Progress }>> => {
    const [r, p] = await Promise.all([
      call(api.GET('/api/v1/rounds/{id}', { params: { path: { id } } })),
      call(api.GET('/api/v1/rounds/{id}/progress', { params: { path: { id } } })),
    ]);
    if (!r.ok) return failed(r);
    if (!p.ok) return failed(p);
    return { ok: true, data: { round: r.data, progress: p.data }, response: p.response };
  }, [id]);
  const [mails, retryMails] = useLoad(
    () => call(api.GET('/api/v1/rounds/{id}/mails', { params: { path: { id }, query: { limit: 20 } } })),
    [id],
  );
  const remind = useAction<Schemas['RoundReminderResult']>();
  const [reminded, setReminded] = useState<{ name: string; result: Schemas['RoundReminderResult'] } | null>(null);

  const onRemind = async (code: string, name: string) => {
    setReminded(null);
    const result = await remind.run(() =>
      call(api.POST('/api/v1/rounds/{id}/reminders', { params: { path: { id } }, body: { group: code } })),
    );
    if (result) {
      setReminded({ name, result });
      retryMails();
    }
  };

  const title = load.state === 'ok' ? roundTitle(load.data.round) : `Berichtsrunde ${id}`;
  return (
    <>
      <Breadcrumbs items={[{ href: '/buero', label: 'Büro' }, { label: title }]} />
      <PageTitle title={title}>{title}</PageTitle>
      <OfficeNav current="runde" round={id} />
      {query.get('eroeffnet') === '1' ? (
        <Alert kind="success" title="Runde eröffnet">
          <p class="kern-body">Die Forderungen sind vorab der zuständigen Stelle zugewiesen. Zuweisungen lassen sich im Block ändern.</p>
        </Alert>
      ) : null}
      <Loaded load={load} retry={retry} what="Runde">
        {({ round, progress }) => (
          <>
            <dl class="kern-description-list ek-facts">
              <Fact term="Stand">{round.stateLabel}</Fact>
              <Fact term="Vorgelegt zur">{round.presentedTo}. IntMK</Fact>
              <Fact term="Stichtag">{dateShort(round.asOf)}</Fact>
              <Fact term="Rückmeldefrist">
                {dateShort(round.deadline)}
                {progress.overdue ? ' – abgelaufen' : ''}
              </Fact>
              <Fact term="Erinnerungen">
                {round.reminderDays.length
                  ? `${round.reminderDays.join(' und ')} Tage vor der Frist, einmal nach Ablauf`
                  : 'einmal nach Ablauf'}
              </Fact>
              <Fact term="Forderungen im Umfang">
                {progress.totals.items}
                {progress.totals.unassigned > 0 ? (
                  <>
                    {', davon '}
                    <a class="kern-link" href={`/buero/runden/${round.id}/stellen/-`}>
                      {progress.totals.unassigned} ohne Zuweisung
                    </a>
                  </>
                ) : null}
              </Fact>
            </dl>
            <div class="ek-actions">
              {round.state === 'open' ? (
                <>
                  <a class="kern-btn kern-btn--primary" href={`/buero/runden/${round.id}/zuweisen`}>
                    <span class="kern-label">Im Block zuweisen</span>
                  </a>
                  <a class="kern-link" href={`/buero/pruefung?runde=${round.id}`}>
                    Eingereichte prüfen ({progress.totals.submitted})
                  </a>
                </>
              ) : null}
              <a class="kern-link" href={`/buero/freigabe?runde=${round.id}`}>
                {round.state === 'open' ? `Freigabe (${progress.totals.accepted} angenommen)` : 'Freigabe und Beanstandungen'}
              </a>
            </div>

            <h2 class="kern-heading-medium" id="fortschritt">
              Fortschritt je Land oder Arbeitsgruppe
            </h2>
            <p class="kern-body kern-body--small">
              Jede Zuweisung zählt einmal, im Stand des weitesten Entwurfs der Stelle. Fehlend: zugewiesen und noch nicht eingereicht. Eine
              Zahl führt zu den Forderungen dahinter.
            </p>
            {remind.failure ? <ErrorAlert failure={remind.failure} /> : null}
            {reminded ? (
              <Alert kind="success" title="Erinnerung erzeugt" live>
                <p class="kern-body">
                  {reminded.name}: {reminded.result.queued === 1 ? 'eine Nachricht' : `${reminded.result.queued} Nachrichten`} zu{' '}
                  {reminded.result.missing} fehlenden Sachständen.
                </p>
              </Alert>
            ) : null}
            {progress.groups.length === 0 ? (
              <p class="kern-body">Noch keiner Stelle ist etwas zugewiesen.</p>
            ) : (
              <Matrix round={round} progress={progress} onRemind={onRemind} busy={remind.busy} />
            )}
          </>
        )}
      </Loaded>
      <h2 class="kern-heading-medium" id="postausgang">
        Erinnerungen und Postausgang
      </h2>
      <Loaded load={mails} retry={retryMails} what="Nachrichten">
        {(m) => <Outbox mails={m} />}
      </Loaded>
    </>
  );
}

function Fact({ term, children }: { term: string; children: preact.ComponentChildren }) {
  return (
    <div class="kern-description-list-item">
      <dt class="kern-description-list-item__key">{term}</dt>
      <dd class="kern-description-list-item__value">{children}</dd>
    </div>
  );
}
