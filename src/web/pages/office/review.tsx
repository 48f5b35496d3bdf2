// /buero/pruefung – the review queue: each submitted Sachstand beside the status the demand has
// so far and the demand's wording; accept, return with a comment, or edit with a note. The
// whole queue comes in one read, so the next item shows without a request. Keyboard: j/k go
// through the queue when the focus is in no field (and can be switched off, WCAG 2.1.4).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, call, type Outcome, type Schemas } from '../../api';
import { Field, FormProblem, SelectField } from '../../components/form';
import { Alert, Breadcrumbs, Empty, ErrorAlert, Loaded, PageTitle, useLoad } from '../../components/ui';
import { dateShort, dateTime } from '../../format';
import type { Location_ } from '../../router';
import { demandLabel, failed, OfficeNav, type Round, roundTitle, useAction } from './shared';

type Item = Schemas['RoundReviewItem'];
type Draft = Schemas['Draft'];
type Statuses = Schemas['StatusList'];

const EVENT_LABELS: Record<string, string> = {
  created: 'angelegt',
  edited: 'bearbeitet',
  edited_by_office: 'von der Geschäftsstelle bearbeitet',
  submitted: 'eingereicht',
  returned: 'zurückgegeben',
  accepted: 'angenommen',
  released: 'freigegeben',
};

/** The round to review: the one asked for, else the newest open one. */
async function loadRound(asked: number | null) {
  if (asked) return call(api.GET('/api/v1/rounds/{id}', { params: { path: { id: asked } } }));
  const open = await call(api.GET('/api/v1/rounds', { params: { query: { state: 'open', limit: 1 } } }));
  if (!open.ok) return open;
  return { ...open, data: open.data.items[0] ?? null };
}

/** A key press meant for the page, not typed into a field or used by assistive technology. */
function isShortcut(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return false;
  const t = e.target as HTMLElement | null;
  if (!t) return true;
  return !(t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(t.tagName) || t.closest('[role="application"]'));
}

function Panel({ title, children }: { title: string; children: preact.ComponentChildren }) {
  return (
    <section class="ek-review__panel" aria-label={title}>
      <h3 class="kern-heading-small">{title}</h3>
      {children}
    </section>
  );
}

function EditForm({
  draft,
  statuses,
  onSaved,
  onCancel,
}: {
  draft: Draft;
  statuses: Statuses;
  onSaved: (d: Draft) => void;
  onCancel: () => void;
}) {
  const [status, setStatus] = useState(draft.status);
  const [narrative, setNarrative] = useState(draft.narrative);
  const [note, setNote] = useState('');
  const action = useAction<Draft>();
  return (
    <form
      class="ek-office-form"
      aria-label="Sachstand bearbeiten"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const saved = await action.run(async () => {
          // Optimistic concurrency: the draft as read now must still be the one under review.
          const now = await call(api.GET('/api/v1/drafts/{id}', { params: { path: { id: draft.id } } }));
          if (!now.ok) return now;
          if (now.data.modified !== draft.modified) {
            return {
              ok: false as const,
              failure: {
                status: 412,
                detail: 'Der Entwurf wurde inzwischen geändert. Bitte die Prüfliste neu laden und die Änderung erneut vornehmen.',
              },
            };
          }
          return call(
            api.PATCH('/api/v1/drafts/{id}', {
              params: { path: { id: draft.id }, header: { 'If-Match': now.response.headers.get('etag') ?? '*' } },
              body: { status, narrative, note },
            }),
          );
        });
        if (saved) onSaved(saved);
      }}
    >
      <FormProblem failure={action.failure} />
      <SelectField id="bearbeiten-status" label="Status" value={status} onValue={(v) => setStatus(v as Draft['status'])}>
        {statuses.map((s) => (
          <option key={s.key} value={s.key}>
            {s.label}
          </option>
        ))}
      </SelectField>
      <Field id="bearbeiten-sachstand" label="Sachstand">
        {(p) => (
          <textarea
            {...p}
            class={`${p.class} kern-form-input__textarea`}
            rows={6}
            value={narrative}
            onInput={(e) => setNarrative(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field
        id="bearbeiten-notiz"
        label="Notiz zur Änderung"
        hint="Pflicht: was geändert wurde und warum. Die Stelle sieht die Notiz."
        error={action.failure?.errors?.find((x) => x.field === 'body.note')?.message}
      >
        {(p) => <input {...p} type="text" maxLength={2000} required value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
      </Field>
      <div class="ek-actions">
        <button type="submit" class="kern-btn kern-btn--primary" disabled={action.busy}>
          <span class="kern-label">Änderung speichern</span>
        </button>
        <button type="button" class="kern-btn kern-btn--tertiary" onClick={onCancel}>
          <span class="kern-label">Abbrechen</span>
        </button>
      </div>
    </form>
  );
}

function Workbench({ round, initial, statuses }: { round: Round; initial: Item[]; statuses: Statuses }) {
  const [queue, setQueue] = useState(initial);
  const [index, setIndex] = useState(0);
  const [mode, setMode] = useState<'view' | 'return' | 'edit'>('view');
  const [comment, setComment] = useState('');
  const [keys, setKeys] = useState(true);
  const [done, setDone] = useState<string | null>(null);
  const action = useAction<Draft>();
  const heading = useRef<HTMLHeadingElement>(null);
  const commentField = useRef<HTMLTextAreaElement>(null);
  const moved = useRef(false);
  const item = queue[Math.min(index, queue.length - 1)];

  const go = (to: number) => {
    if (to < 0 || to >= queue.length) return;
    moved.current = true;
    setIndex(to);
    setMode('view');
    setComment('');
    action.clear();
  };
  useEffect(() => {
    if (moved.current) heading.current?.focus();
    moved.current = false;
  }, [index, queue]);
  // Asked to return the item: the comment field takes the focus.
  useEffect(() => {
    if (mode === 'return') commentField.current?.focus();
  }, [mode]);
  useEffect(() => {
    if (!keys) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isShortcut(e)) return;
      if (e.key === 'j') go(index + 1);
      else if (e.key === 'k') go(index - 1);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [keys, index, queue.length]);

  /** The item leaves the queue (accepted or returned); the next one takes its place. */
  const settle = (draft: Draft, what: string) => {
    setDone(`${demandLabel(draft.demand)} (${draft.groupName}): ${what}.`);
    const next = queue.filter((q) => q.draft.id !== draft.id);
    moved.current = true;
    setQueue(next);
    setIndex(Math.min(index, Math.max(0, next.length - 1)));
    setMode('view');
    setComment('');
  };

  const keysHelp = (
    <div class="ek-keys">
      <div class="kern-form-check">
        <input
          class="kern-form-check__checkbox"
          type="checkbox"
          id="tastenkuerzel"
          checked={keys}
          onChange={(e) => setKeys(e.currentTarget.checked)}
        />
        <label class="kern-label" for="tastenkuerzel">
          Tastenkürzel verwenden: <kbd>j</kbd> nächster, <kbd>k</kbd> vorheriger Sachstand (nur wenn der Fokus in keinem Eingabefeld oder
          Schalter steht)
        </label>
      </div>
    </div>
  );

  if (!item) {
    return (
      <>
        {done ? (
          <Alert kind="success" title="Erledigt" live>
            <p class="kern-body">{done}</p>
          </Alert>
        ) : null}
        <Empty>
          Kein eingereichter Sachstand wartet auf Prüfung.{' '}
          <a class="kern-link" href={`/buero/freigabe?runde=${round.id}`}>
            Zur Freigabe
          </a>
        </Empty>
      </>
    );
  }
  const { draft, demand, previous } = item;
  const position = queue.indexOf(item);
  return (
    <>
      {keysHelp}
      <div aria-live="polite">
        {done ? (
          <Alert kind="success" title="Erledigt">
            <p class="kern-body">{done}</p>
          </Alert>
        ) : null}
      </div>
      <nav aria-label="Prüfliste" class="ek-actions">
        <button
          type="button"
          class="kern-btn kern-btn--secondary kern-btn--small"
          disabled={position === 0}
          onClick={() => go(position - 1)}
        >
          <span class="kern-label">Vorheriger</span>
        </button>
        <span class="kern-body">
          Sachstand {position + 1} von {queue.length}
        </span>
        <button
          type="button"
          class="kern-btn kern-btn--secondary kern-btn--small"
          disabled={position === queue.length - 1}
          onClick={() => go(position + 1)}
        >
          <span class="kern-label">Nächster</span>
        </button>
      </nav>
      <h2 class="kern-heading-medium ek-review__title" tabIndex={-1} ref={heading} id="eintrag">
        {demandLabel(demand)} – {draft.groupName}
      </h2>
      <div class="ek-review">
        <Panel title="Forderung">
          <p class="kern-body">
            <strong>{demand.resolutionTitle}</strong>
          </p>
          <blockquote class="ek-quote kern-body">{demand.wording}</blockquote>
          <p class="kern-body kern-body--small">
            {demand.kindLabel}
            {demand.addressees.length ? ` an ${demand.addressees.map((a) => a.name).join(', ')}` : ''}.{' '}
            <a class="kern-link" href={`/forderungen/${demand.id}`}>
              Forderung öffnen
            </a>
          </p>
        </Panel>
        <Panel title="Bisheriger Stand">
          <p class="kern-body">
            <strong>{previous.statusLabel}</strong>
            {previous.asOf ? ` (Stand ${dateShort(previous.asOf)})` : ''}
          </p>
          {previous.update ? (
            <>
              <p class="kern-body ek-review__narrative">{previous.update.narrative}</p>
              <p class="kern-body kern-body--small">Berichtet von {previous.update.reporterName}</p>
            </>
          ) : (
            <p class="kern-body">Noch kein Sachstand erfasst.</p>
          )}
        </Panel>
        <Panel title="Eingereichter Sachstand">
          <p class="kern-body">
            <strong>{draft.statusLabel}</strong> – {draft.kindLabel}
            {draft.addressee ? `, betrifft ${draft.addressee}` : ''}
            {draft.expectedDate ? `, abschließende Antwort erwartet bis ${dateShort(draft.expectedDate)}` : ''}
          </p>
          <p class="kern-body ek-review__narrative">{draft.narrative}</p>
          {draft.evidence.length ? (
            <ul class="kern-list">
              {draft.evidence.map((e, i) => (
                <li key={i} class="kern-body kern-body--small">
                  {e.kindLabel}: {e.citation}
                  {e.date ? ` (${dateShort(e.date)})` : ''}
                  {e.visibility === 'internal' ? ' – intern' : ''}
                </li>
              ))}
            </ul>
          ) : null}
          <p class="kern-body kern-body--small">
            Wird {draft.visibility === 'public' ? 'öffentlich' : 'nur intern'} sichtbar. Von {draft.groupName}.
          </p>
          {draft.events.length ? (
            <details>
              <summary class="kern-body kern-body--small">Verlauf ({draft.events.length})</summary>
              <ul class="kern-list">
                {draft.events.map((ev, i) => (
                  <li key={i} class="kern-body kern-body--small">
                    {dateTime(ev.created)}: {EVENT_LABELS[ev.event] ?? ev.event} ({ev.actor}){ev.comment ? ` – „${ev.comment}“` : ''}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </Panel>
      </div>
      {action.failure ? <ErrorAlert failure={action.failure} /> : null}
      {mode === 'view' ? (
        <div class="ek-actions">
          <button
            type="button"
            class="kern-btn kern-btn--primary"
            disabled={action.busy}
            onClick={async () => {
              const r = await action.run(() => call(api.POST('/api/v1/drafts/{id}/acceptance', { params: { path: { id: draft.id } } })));
              if (r) settle(r, 'angenommen');
            }}
          >
            <span class="kern-label">Annehmen</span>
          </button>
          <button type="button" class="kern-btn kern-btn--secondary" onClick={() => setMode('return')}>
            <span class="kern-label">Zurückgeben …</span>
          </button>
          <button type="button" class="kern-btn kern-btn--secondary" onClick={() => setMode('edit')}>
            <span class="kern-label">Bearbeiten …</span>
          </button>
        </div>
      ) : null}
      {mode === 'return' ? (
        <form
          class="ek-office-form"
          aria-label="Zurückgeben"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await action.run(() =>
              call(api.POST('/api/v1/drafts/{id}/return', { params: { path: { id: draft.id } }, body: { comment } })),
            );
            if (r) settle(r, 'zurückgegeben');
          }}
        >
          <Field
            id="rueckgabe-kommentar"
            label="Kommentar für die Stelle"
            hint="Was fehlt oder zu ändern ist; die Stelle sieht ihn und reicht erneut ein."
            error={action.failure?.errors?.[0]?.message}
          >
            {(p) => (
              <textarea
                {...p}
                class={`${p.class} kern-form-input__textarea`}
                rows={4}
                required
                ref={commentField}
                value={comment}
                onInput={(e) => setComment(e.currentTarget.value)}
              />
            )}
          </Field>
          <div class="ek-actions">
            <button type="submit" class="kern-btn kern-btn--primary" disabled={action.busy}>
              <span class="kern-label">Mit Kommentar zurückgeben</span>
            </button>
            <button type="button" class="kern-btn kern-btn--tertiary" onClick={() => setMode('view')}>
              <span class="kern-label">Abbrechen</span>
            </button>
          </div>
        </form>
      ) : null}
      {mode === 'edit' ? (
        <EditForm
          draft={draft}
          statuses={statuses}
          onCancel={() => setMode('view')}
          onSaved={(d) => {
            setQueue(queue.map((q) => (q.draft.id === d.id ? { ...q, draft: d } : q)));
            setMode('view');
            setDone(`${demandLabel(d.demand)} (${d.groupName}): bearbeitet; er wartet weiter auf Annahme.`);
          }}
        />
      ) : null}
      <h2 class="kern-heading-small" id="warteschlange">
        Alle wartenden Sachstände
      </h2>
      <ol class="ek-queue-list" aria-labelledby="warteschlange">
        {queue.map((q, i) => (
          <li key={q.draft.id}>
            <button
              type="button"
              class="kern-btn kern-btn--tertiary kern-btn--small"
              aria-current={i === position ? 'true' : undefined}
              onClick={() => go(i)}
            >
              <span class="kern-label">
                {demandLabel(q.demand)} – {q.draft.groupName}: {q.demand.summary}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </>
  );
}

export function ReviewPage({ query }: { query: Location_['query'] }) {
  const asked = Number(query.get('runde')) || null;
  const [load, retry] = useLoad(async (): Promise<
    Outcome<{ round: Round; queue: Schemas['RoundReviewPage']; statuses: Statuses } | null>
  > => {
    const round = await loadRound(asked);
    if (!round.ok) return failed(round);
    if (round.data === null) return { ok: true, data: null, response: round.response };
    const [q, s] = await Promise.all([
      call(api.GET('/api/v1/rounds/{id}/review-queue', { params: { path: { id: round.data.id }, query: { limit: 200 } } })),
      call(api.GET('/api/v1/vocab/statuses')),
    ]);
    if (!q.ok) return failed(q);
    if (!s.ok) return failed(s);
    return { ok: true, data: { round: round.data, queue: q.data, statuses: s.data }, response: q.response };
  }, [asked]);
  return (
    <>
      <Breadcrumbs items={[{ href: '/buero', label: 'Büro' }, { label: 'Prüfung' }]} />
      <PageTitle title="Prüfung der Sachstände">Prüfung der Sachstände</PageTitle>
      <OfficeNav current="pruefung" round={load.state === 'ok' && load.data ? load.data.round.id : (asked ?? undefined)} />
      <Loaded load={load} retry={retry} what="Prüfliste">
        {(data) =>
          data === null ? (
            <Empty>Keine Berichtsrunde ist offen.</Empty>
          ) : (
            <>
              <p class="kern-body">
                {roundTitle(data.round)}:{' '}
                {data.queue.total === 1 ? 'ein eingereichter Sachstand wartet' : `${data.queue.total} eingereichte Sachstände warten`} auf
                Prüfung, in der Reihenfolge des Eingangs.
                {data.queue.total > data.queue.items.length ? ` Angezeigt sind die ersten ${data.queue.items.length}.` : ''}
              </p>
              <Workbench round={data.round} initial={data.queue.items} statuses={data.statuses} />
            </>
          )
        }
      </Loaded>
    </>
  );
}
