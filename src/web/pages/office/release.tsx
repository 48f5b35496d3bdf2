// /buero/freigabe – release: exactly what becomes public and what stays internal, then the
// release of all accepted Sachstände in one step; afterwards the objections the Länder raise,
// each with its answer (and the answer given here).
import { useState } from 'preact/hooks';
import { api, call, type Outcome, type Schemas } from '../../api';
import { Field, FormProblem, SelectField } from '../../components/form';
import { Alert, Breadcrumbs, Empty, Loaded, PageTitle, useLoad } from '../../components/ui';
import { dateShort, dateTime } from '../../format';
import type { Location_ } from '../../router';
import { demandLabel, failed, OfficeNav, type Round, roundTitle, useAction } from './shared';

type Preview = Schemas['RoundReleasePreview'];
type ReleaseItem = Preview['releases'][number];
type Objection = Schemas['Objection'];
type Statuses = Schemas['StatusList'];

async function loadRound(asked: number | null) {
  if (asked) return call(api.GET('/api/v1/rounds/{id}', { params: { path: { id: asked } } }));
  const newest = await call(api.GET('/api/v1/rounds', { params: { query: { limit: 1 } } }));
  if (!newest.ok) return newest;
  return { ...newest, data: newest.data.items[0] ?? null };
}

function ReleaseTable({ items, id, caption }: { items: ReleaseItem[]; id: string; caption: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls; its region must be reachable by keyboard
    <section class="ek-region kern-table-responsive" tabIndex={0} aria-labelledby={id}>
      <table class="kern-table kern-table--small">
        <caption class="kern-sr-only">{caption}</caption>
        <thead class="kern-table__head">
          <tr class="kern-table__row">
            <th class="kern-table__header" scope="col">
              Forderung
            </th>
            <th class="kern-table__header" scope="col">
              Stelle
            </th>
            <th class="kern-table__header" scope="col">
              Status
            </th>
            <th class="kern-table__header" scope="col">
              Sachstand
            </th>
            <th class="kern-table__header" scope="col">
              Nachweise
            </th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {items.map((r) => (
            <tr class="kern-table__row" key={r.draftId}>
              <td class="kern-table__cell">
                <a class="kern-link" href={`/forderungen/${r.demandId}`}>
                  {demandLabel(r.demand)}
                </a>
                <br />
                {r.demand.summary}
              </td>
              <td class="kern-table__cell">
                {r.reporterName}
                {r.addressee ? ` (betrifft ${r.addressee})` : ''}
              </td>
              <td class="kern-table__cell">
                {r.statusLabel}, Stand {dateShort(r.asOf)}
              </td>
              <td class="kern-table__cell">{r.narrative}</td>
              <td class="kern-table__cell">
                {r.evidence.length === 0
                  ? '–'
                  : r.evidence.map((e, i) => (
                      <span key={i}>
                        {i > 0 ? <br /> : null}
                        {e.kindLabel}: {e.citation}
                        {r.public && e.visibility === 'internal' ? ' (bleibt intern)' : ''}
                      </span>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Release({ round, preview, onReleased }: { round: Round; preview: Preview; onReleased: () => void }) {
  const action = useAction<Schemas['RoundRelease']>();
  const pub = preview.releases.filter((r) => r.public);
  const internal = preview.releases.filter((r) => !r.public);
  if (preview.releases.length === 0) {
    return (
      <Empty>
        Noch kein Sachstand ist angenommen.{' '}
        <a class="kern-link" href={`/buero/pruefung?runde=${round.id}`}>
          Zur Prüfung
        </a>
      </Empty>
    );
  }
  return (
    <>
      <p class="kern-body">
        {preview.releases.length === 1 ? 'Ein angenommener Sachstand wird' : `${preview.releases.length} angenommene Sachstände werden`} mit
        Stichtag {dateShort(preview.releases[0]?.asOf)} Teil der Historie: <strong>{pub.length} öffentlich</strong>,{' '}
        <strong>{internal.length} nur intern</strong>. Danach ist die Runde abgeschlossen; die Länder können freigegebene Sachstände{' '}
        {round.objectionDays} Tage lang beanstanden.
      </p>
      <h2 class="kern-heading-medium" id="oeffentlich">
        Wird öffentlich ({pub.length})
      </h2>
      {pub.length ? (
        <ReleaseTable items={pub} id="oeffentlich" caption="Sachstände, die öffentlich werden" />
      ) : (
        <p class="kern-body">Keiner.</p>
      )}
      <h2 class="kern-heading-medium" id="intern">
        Bleibt intern ({internal.length})
      </h2>
      <p class="kern-body kern-body--small">
        Intern bleibt ein Sachstand, der als intern markiert ist oder zu einer Forderung gehört, die nicht öffentlich ist.
      </p>
      {internal.length ? (
        <ReleaseTable items={internal} id="intern" caption="Sachstände, die intern bleiben" />
      ) : (
        <p class="kern-body">Keiner.</p>
      )}
      <FormProblem failure={action.failure} />
      <div class="ek-actions">
        <button
          type="button"
          class="kern-btn kern-btn--primary"
          disabled={action.busy}
          onClick={async () => {
            const r = await action.run(() =>
              call(api.POST('/api/v1/rounds/{id}/release', { params: { path: { id: round.id } }, body: {} })),
            );
            if (r) onReleased();
          }}
        >
          <span class="kern-label">
            {action.busy ? 'Wird freigegeben …' : `Alle ${preview.releases.length} freigeben und Runde abschließen`}
          </span>
        </button>
      </div>
    </>
  );
}

function Decide({ objection, statuses, onDecided }: { objection: Objection; statuses: Statuses; onDecided: () => void }) {
  const [decision, setDecision] = useState<'rejected' | 'upheld'>('rejected');
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<Statuses[number]['key']>('in_progress');
  const [narrative, setNarrative] = useState('');
  const action = useAction<Objection>();
  const id = `b${objection.id}`;
  return (
    <form
      class="ek-office-form"
      aria-label={`Über Beanstandung ${objection.id} entscheiden`}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await action.run(() =>
          call(
            api.POST('/api/v1/objections/{id}/decision', {
              params: { path: { id: objection.id } },
              body: decision === 'upheld' ? { decision, reason, status, narrative } : { decision, reason },
            }),
          ),
        );
        if (r) onDecided();
      }}
    >
      <FormProblem failure={action.failure} />
      <fieldset class="ek-checks">
        <legend class="kern-label">Entscheidung</legend>
        <div class="kern-form-check">
          <input
            class="kern-form-check__radio"
            type="radio"
            name={`${id}-d`}
            id={`${id}-rej`}
            checked={decision === 'rejected'}
            onChange={() => setDecision('rejected')}
          />
          <label class="kern-label" for={`${id}-rej`}>
            zurückweisen
          </label>
        </div>
        <div class="kern-form-check">
          <input
            class="kern-form-check__radio"
            type="radio"
            name={`${id}-d`}
            id={`${id}-up`}
            checked={decision === 'upheld'}
            onChange={() => setDecision('upheld')}
          />
          <label class="kern-label" for={`${id}-up`}>
            stattgeben (neuer Sachstand)
          </label>
        </div>
      </fieldset>
      <Field id={`${id}-grund`} label="Antwort an das Land (Begründung)">
        {(p) => (
          <textarea
            {...p}
            class={`${p.class} kern-form-input__textarea`}
            rows={3}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        )}
      </Field>
      {decision === 'upheld' ? (
        <>
          <SelectField
            id={`${id}-status`}
            label="Status des neuen Sachstands"
            value={status}
            onValue={(v) => setStatus(v as typeof status)}
          >
            {statuses.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </SelectField>
          <Field id={`${id}-sachstand`} label="Neuer Sachstand">
            {(p) => (
              <textarea
                {...p}
                class={`${p.class} kern-form-input__textarea`}
                rows={4}
                value={narrative}
                onInput={(e) => setNarrative(e.currentTarget.value)}
              />
            )}
          </Field>
        </>
      ) : null}
      <div class="ek-actions">
        <button type="submit" class="kern-btn kern-btn--secondary" disabled={action.busy}>
          <span class="kern-label">Entscheidung speichern</span>
        </button>
      </div>
    </form>
  );
}

function Objections({
  round,
  objections,
  statuses,
  laender,
  reload,
}: {
  round: Round;
  objections: Objection[];
  statuses: Statuses;
  laender: Map<string, string>;
  reload: () => void;
}) {
  return (
    <>
      <h2 class="kern-heading-medium" id="beanstandungen">
        Beanstandungen ({objections.length})
      </h2>
      <p class="kern-body">{round.objectionsUntil ? `Beanstandungen sind bis zum ${dateShort(round.objectionsUntil)} möglich.` : ''}</p>
      {objections.length === 0 ? (
        <p class="kern-body">Bisher hat kein Land einen freigegebenen Sachstand beanstandet.</p>
      ) : (
        <ul class="ek-history">
          {objections.map((o) => (
            <li key={o.id} class="ek-history__item">
              <h3 class="kern-heading-small">
                Beanstandung {o.id}: {laender.get(o.land) ?? o.land} zum{' '}
                <a class="kern-link" href={`/forderungen/${o.demandId}`}>
                  Sachstand {o.statusUpdateId}
                </a>{' '}
                – {o.stateLabel}
              </h3>
              <p class="kern-body">
                <strong>Begründung ({dateTime(o.created)}):</strong> {o.reason}
              </p>
              {o.state === 'open' ? (
                <Decide objection={o} statuses={statuses} onDecided={reload} />
              ) : (
                <p class="kern-body">
                  <strong>Antwort ({dateTime(o.decided)}):</strong> {o.decisionReason}
                  {o.replacementId ? ` Neuer Sachstand ${o.replacementId}.` : ''}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

interface ReleaseData {
  round: Round;
  preview: Preview | null;
  objections: Objection[];
  statuses: Statuses;
  laender: Map<string, string>;
}

export function ReleasePage({ query }: { query: Location_['query'] }) {
  const asked = Number(query.get('runde')) || null;
  const [released, setReleased] = useState(false);
  const [load, retry] = useLoad(async (): Promise<Outcome<ReleaseData | null>> => {
    const round = await loadRound(asked);
    if (!round.ok) return failed(round);
    if (round.data === null) return { ok: true, data: null, response: round.response };
    const r = round.data;
    const [preview, objections, statuses, laender] = await Promise.all([
      r.state === 'open' ? call(api.GET('/api/v1/rounds/{id}/release-preview', { params: { path: { id: r.id } } })) : null,
      r.released ? call(api.GET('/api/v1/rounds/{id}/objections', { params: { path: { id: r.id }, query: { limit: 200 } } })) : null,
      r.released ? call(api.GET('/api/v1/vocab/statuses')) : null,
      r.released ? call(api.GET('/api/v1/vocab/laender', { params: { query: { limit: 50 } } })) : null,
    ]);
    if (preview && !preview.ok) return failed(preview);
    if (objections && !objections.ok) return failed(objections);
    if (statuses && !statuses.ok) return failed(statuses);
    if (laender && !laender.ok) return failed(laender);
    return {
      ok: true,
      data: {
        round: r,
        preview: preview?.data ?? null,
        objections: objections?.data.items ?? [],
        statuses: statuses?.data ?? [],
        laender: new Map((laender?.data.items ?? []).map((l) => [l.code as string, l.name])),
      },
      response: round.response,
    };
  }, [asked]);
  return (
    <>
      <Breadcrumbs items={[{ href: '/buero', label: 'Büro' }, { label: 'Freigabe' }]} />
      <PageTitle title="Freigabe">Freigabe der Sachstände</PageTitle>
      <OfficeNav current="freigabe" round={load.state === 'ok' && load.data ? load.data.round.id : (asked ?? undefined)} />
      {released ? (
        <Alert kind="success" title="Freigegeben" live>
          <p class="kern-body">Die Sachstände sind Teil der Historie; die Runde ist abgeschlossen.</p>
        </Alert>
      ) : null}
      <Loaded load={load} retry={retry} what="Freigabe">
        {(data) =>
          data === null ? (
            <Empty>Noch keine Berichtsrunde eröffnet.</Empty>
          ) : (
            <>
              <p class="kern-body">
                <a class="kern-link" href={`/buero/runden/${data.round.id}`}>
                  {roundTitle(data.round)}
                </a>{' '}
                – {data.round.stateLabel}
                {data.round.released ? `, freigegeben am ${dateTime(data.round.released)}` : ''}.
              </p>
              {data.preview ? (
                <Release
                  round={data.round}
                  preview={data.preview}
                  onReleased={() => {
                    setReleased(true);
                    retry();
                  }}
                />
              ) : null}
              {data.round.released ? (
                <Objections
                  round={data.round}
                  objections={data.objections}
                  statuses={data.statuses}
                  laender={data.laender}
                  reload={retry}
                />
              ) : null}
            </>
          )
        }
      </Loaded>
    </>
  );
}
