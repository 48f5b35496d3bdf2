// Reviewing an import draft: the document's text of one TOP beside what was recognised in it;
// corrections, link decisions and the commit, each written with If-Match against the draft.
import { useEffect, useState } from 'preact/hooks';
import { api, call, type Failure, type Outcome, type Schemas } from '../../api';
import { Field, FormProblem, InputField, SelectField } from '../../components/form';
import {
  ConflictAlert,
  CURATORS,
  changesBetween,
  etagOf,
  OFFICE_SECTIONS,
  RoleGate,
  SectionNav,
  type Versioned,
  versioned,
} from '../../components/office-admin';
import { Alert, Breadcrumbs, Loaded, PageTitle, useLoad } from '../../components/ui';
import { dateTime } from '../../format';
import { href, type Location_, navigate } from '../../router';
import { DemandReview, type Vocab } from './import-demand';
import { draftTitle } from './imports';

export type Draft = Schemas['ImportDraft'];
type Resolution = Draft['resolutions'][number];

/** What differs between the draft this person loaded and the stored one, in the words of the page. */
function draftChanges(a: Draft, b: Draft) {
  const out = changesBetween(a.conference, b.conference, {
    number: 'Konferenz: Nummer',
    year: 'Konferenz: Jahr',
    place: 'Konferenz: Ort',
    startDate: 'Konferenz: Beginn',
    endDate: 'Konferenz: Ende',
  });
  if (a.status !== b.status) out.push({ field: 'Stand', mine: a.status, theirs: b.status });
  for (const r of a.resolutions) {
    const s = b.resolutions.find((x) => x.top === r.top);
    if (!s) continue;
    out.push(
      ...changesBetween(r, s, {
        title: `TOP ${r.top}: Titel`,
        adoption: `TOP ${r.top}: Beschlussfassung`,
        included: `TOP ${r.top}: übernehmen`,
      }),
    );
    for (const d of r.demands) {
      const e = s.demands.find((x) => x.key === d.key);
      if (!e) continue;
      out.push(
        ...changesBetween(d, e, {
          summary: `Forderung ${d.key}: Kurzfassung`,
          wording: `Forderung ${d.key}: Wortlaut`,
          kind: `Forderung ${d.key}: Art`,
          addressees: `Forderung ${d.key}: Adressaten`,
          accepted: `Forderung ${d.key}: übernehmen`,
        }),
      );
      for (const sg of d.suggestions) {
        const t = e.suggestions.find((x) => x.id === sg.id);
        if (t && t.decision !== sg.decision) out.push({ field: `Vorschlag ${sg.target.label}`, mine: sg.decision, theirs: t.decision });
      }
    }
  }
  return out;
}

type Sent = Promise<{ data?: unknown; error?: unknown; response: Response }>;
/** Sends one write with the draft's ETag as If-Match; resolves to the failure to show, if any. */
export type Write = (send: (ifMatch: string) => Sent) => Promise<Failure | null>;

function ConferenceForm({ draft, write }: { draft: Draft; write: Write }) {
  const c = draft.conference;
  const [number, setNumber] = useState(c.number === null ? '' : String(c.number));
  const [year, setYear] = useState(c.year === null ? '' : String(c.year));
  const [place, setPlace] = useState(c.place ?? '');
  const [start, setStart] = useState(c.startDate ?? '');
  const [end, setEnd] = useState(c.endDate ?? '');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);
  const committed = draft.status === 'committed';
  return (
    <details class="ek-box">
      <summary class="kern-link">Konferenzangaben berichtigen</summary>
      <form
        class="ek-form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setSaved(false);
          const f = await write((ifMatch) =>
            api.PATCH('/api/v1/imports/{id}/conference', {
              params: { path: { id: draft.id }, header: { 'If-Match': ifMatch } },
              body: {
                ...(number ? { number: Number(number) } : {}),
                ...(year ? { year: Number(year) } : {}),
                place: place.trim() || null,
                startDate: start || null,
                endDate: end || null,
              },
            }),
          );
          setFailure(f);
          setSaved(f === null);
        }}
      >
        {saved ? <Alert kind="success" title="Konferenzangaben gespeichert" live /> : null}
        <FormProblem failure={failure} />
        <div class="ek-form-grid">
          <InputField id="konf-nummer" label="Nummer" type="number" value={number} onValue={setNumber} />
          <InputField id="konf-jahr" label="Jahr" type="number" value={year} onValue={setYear} />
          <InputField id="konf-ort" label="Ort" type="text" value={place} onValue={setPlace} />
          <InputField id="konf-beginn" label="Beginn" type="date" value={start} onValue={setStart} />
          <InputField id="konf-ende" label="Ende" type="date" value={end} onValue={setEnd} />
        </div>
        <div class="ek-actions">
          <button type="submit" class="kern-btn kern-btn--secondary" disabled={committed}>
            <span class="kern-label">Konferenzangaben speichern</span>
          </button>
        </div>
      </form>
    </details>
  );
}

/** The TOP as the document prints it: the text the recognised demands are taken from. */
function SourceText({ r }: { r: Resolution }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the text scrolls on its own beside the review; keyboard users must reach it
    <section class="ek-source" aria-labelledby="quelltext" tabIndex={0}>
      <h3 class="kern-heading-small" id="quelltext">
        Text im Dokument
      </h3>
      {r.agendaHeading ? <p class="kern-body kern-body--small">{r.agendaHeading}</p> : null}
      <p class="kern-body kern-body--bold">
        TOP {r.top}
        {r.greenList ? ` (Grüne Liste ${r.greenList})` : ''}: {r.title}
      </p>
      {r.subtitle ? <p class="kern-body">{r.subtitle}</p> : null}
      <p class="kern-body kern-body--small">
        Antragsteller: {r.proposers === 'all' ? 'Alle Länder' : r.proposers.join(', ') || '–'}
        {r.coordinatingLand ? ` (koordinierend ${r.coordinatingLand})` : ''}
      </p>
      {r.preamble ? <p class="kern-body">{r.preamble}</p> : null}
      {r.ziffern.length > 0 ? (
        <ol class="ek-ziffern">
          {r.ziffern.map((z) => (
            <li key={z.number} id={`ziffer-${z.number}`} class="kern-body">
              <span class="ek-ziffern__number">{z.number}.</span> {z.text}
            </li>
          ))}
        </ol>
      ) : r.preamble ? null : (
        <p class="kern-body kern-body--small">Keine Ziffern erkannt.</p>
      )}
      {r.budgetReservation ? <p class="kern-body kern-body--small">Haushaltsvorbehalt: {r.budgetReservation}</p> : null}
      {r.notes.map((n, i) => (
        <p key={i} class="kern-body kern-body--small">
          {n.kind === 'protokollerklaerung' ? 'Protokollerklärung' : 'Protokollnotiz'} {n.lands.join(', ')}
          {n.ziffer ? ` zu Ziffer ${n.ziffer}` : ''}: {n.text}
        </p>
      ))}
    </section>
  );
}

function TopForm({ draft, r, adoptions, write }: { draft: Draft; r: Resolution; adoptions: Vocab['adoptions']; write: Write }) {
  const [title, setTitle] = useState(r.title);
  const [adoption, setAdoption] = useState(r.adoption);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);
  const committed = draft.status === 'committed';
  const save = async (body: Schemas['ImportResolutionPatchInput']) => {
    setSaved(false);
    const f = await write((ifMatch) =>
      api.PATCH('/api/v1/imports/{id}/resolutions/{top}', {
        params: { path: { id: draft.id, top: r.top }, header: { 'If-Match': ifMatch } },
        body,
      }),
    );
    setFailure(f);
    setSaved(f === null);
  };
  return (
    <div class="ek-box">
      <h3 class="kern-heading-small">Erkannter TOP {r.top}</h3>
      {!r.included ? (
        <Alert kind="warning" title="Von der Übernahme ausgenommen">
          <p class="kern-body">Dieser TOP und seine Forderungen werden nicht übernommen.</p>
        </Alert>
      ) : null}
      {saved ? <Alert kind="success" title={`TOP ${r.top} gespeichert`} live /> : null}
      <FormProblem failure={failure} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save({ title, adoption });
        }}
      >
        <Field id={`top-titel-${r.top}`} label="Titel">
          {(p) => (
            <textarea {...p} class="kern-form-input__input" rows={2} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          )}
        </Field>
        <SelectField
          id={`top-beschluss-${r.top}`}
          label="Beschlussfassung"
          value={adoption}
          onValue={(v) => setAdoption(v as typeof adoption)}
        >
          {adoptions.map((a) => (
            <option key={a.key} value={a.key}>
              {a.label}
            </option>
          ))}
        </SelectField>
        <div class="ek-actions">
          <button type="submit" class="kern-btn kern-btn--secondary" disabled={committed}>
            <span class="kern-label">TOP speichern</span>
          </button>
          <button
            type="button"
            class="kern-btn kern-btn--tertiary"
            disabled={committed}
            onClick={() => void save({ included: !r.included })}
          >
            <span class="kern-label">{r.included ? 'TOP nicht übernehmen' : 'TOP wieder übernehmen'}</span>
          </button>
        </div>
      </form>
    </div>
  );
}

function CommitSection({ draft, write, onCommitted }: { draft: Draft; write: Write; onCommitted: () => void }) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const [refreshed, setRefreshed] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [result, setResult] = useState<Schemas['ImportCommitResult'] | null>(null);
  const [busy, setBusy] = useState(false);
  const included = draft.resolutions.filter((r) => r.included);
  const demands = included.flatMap((r) => r.demands.filter((d) => d.accepted));
  const links = demands.flatMap((d) => d.suggestions.filter((s) => s.decision === 'accepted'));
  const open = demands.flatMap((d) => d.suggestions.filter((s) => s.decision === 'pending'));
  return (
    <section aria-labelledby="uebernehmen" class="ek-box">
      <h2 class="kern-heading-medium" id="uebernehmen">
        Übernehmen
      </h2>
      {draft.status === 'committed' ? (
        <Alert kind="success" title="Übernommen" live={result !== null}>
          <p class="kern-body">
            {result
              ? `${result.resolutions} Beschlüsse, ${result.demands} Forderungen und ${result.threadLinks} ${result.threadLinks === 1 ? 'Verknüpfung' : 'Verknüpfungen'} übernommen. `
              : ''}
            Am {dateTime(draft.committed)} als{' '}
            <a class="kern-link" href={`/konferenzen/${draft.committedConference}`}>
              {draft.committedConference}. IntMK
            </a>{' '}
            in den Bestand übernommen.
          </p>
        </Alert>
      ) : (
        <>
          <p class="kern-body">
            Übernommen werden {included.length} TOPs mit {demands.length} Forderungen und {links.length}{' '}
            {links.length === 1 ? 'angenommenen Verknüpfung' : 'angenommenen Verknüpfungen'}
            {open.length > 0 ? `; ${open.length} Vorschläge sind noch nicht entschieden und bleiben unverknüpft` : ''}. Alles geschieht in
            einem Schritt: gelingt ein Teil nicht, wird nichts übernommen.
          </p>
          <FormProblem failure={failure} />
          <button
            type="button"
            class="kern-btn kern-btn--primary"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              const r = await call(api.POST('/api/v1/imports/{id}/commit', { params: { path: { id: draft.id } } }));
              setBusy(false);
              if (!r.ok) {
                setFailure(r.failure);
                return;
              }
              setFailure(null);
              setResult(r.data);
              onCommitted();
            }}
          >
            <span class="kern-label">{busy ? 'Wird übernommen …' : 'In den Bestand übernehmen'}</span>
          </button>
          <h3 class="kern-heading-small">Weitere Schritte</h3>
          {refreshed ? <Alert kind="success" title="Vorschläge neu berechnet" live /> : null}
          <p class="kern-body">
            Hat sich der Bestand seit dem Hochladen geändert (etwa eine Forderung, auf die ein Vorschlag zeigt), lassen sich die Vorschläge
            neu berechnen; getroffene Entscheidungen bleiben.
          </p>
          <div class="ek-actions">
            <button
              type="button"
              class="kern-btn kern-btn--secondary"
              onClick={async () => {
                setRefreshed(false);
                const f = await write(() => api.POST('/api/v1/imports/{id}/suggestions/refresh', { params: { path: { id: draft.id } } }));
                setFailure(f);
                setRefreshed(f === null);
              }}
            >
              <span class="kern-label">Vorschläge neu berechnen</span>
            </button>
            {confirmDelete ? (
              <>
                <span class="kern-body" role="status">
                  Den Entwurf mit allen Berichtigungen verwerfen?
                </span>
                <button
                  type="button"
                  class="kern-btn kern-btn--primary"
                  onClick={async () => {
                    const f = await write((ifMatch) =>
                      api.DELETE('/api/v1/imports/{id}', { params: { path: { id: draft.id }, header: { 'If-Match': ifMatch } } }),
                    );
                    if (f) setFailure(f);
                    else navigate('/buero/import?verworfen=1');
                  }}
                >
                  <span class="kern-label">Ja, verwerfen</span>
                </button>
                <button type="button" class="kern-btn kern-btn--tertiary" onClick={() => setConfirmDelete(false)}>
                  <span class="kern-label">Abbrechen</span>
                </button>
              </>
            ) : (
              <button type="button" class="kern-btn kern-btn--tertiary" onClick={() => setConfirmDelete(true)}>
                <span class="kern-label">Entwurf verwerfen</span>
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function TopNav({ draft, current }: { draft: Draft; current: string }) {
  return (
    <nav aria-label="TOPs des Entwurfs">
      <ul class="ek-top-list">
        {draft.resolutions.map((r) => {
          const accepted = r.demands.filter((d) => d.accepted).length;
          const pending = r.demands.reduce((n, d) => n + d.suggestions.filter((s) => s.decision === 'pending').length, 0);
          return (
            <li key={r.top}>
              <a
                class="kern-link"
                href={href(`/buero/import/${draft.id}`, { top: r.top })}
                aria-current={r.top === current ? 'true' : undefined}
                title={r.title}
              >
                TOP {r.top}
                {r.included ? '' : ' (ausgenommen)'}
              </a>{' '}
              <span class="kern-body kern-body--small">
                {accepted} F.{pending > 0 ? `, ${pending} offen` : ''}
              </span>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

async function loadVocab(): Promise<Outcome<Vocab>> {
  const [kinds, bodies, adoptions] = await Promise.all([
    call(api.GET('/api/v1/vocab/demand-kinds')),
    call(api.GET('/api/v1/vocab/addressees', { params: { query: { limit: 200 } } })),
    call(api.GET('/api/v1/vocab/adoptions')),
  ]);
  if (!kinds.ok) return kinds;
  if (!bodies.ok) return bodies;
  if (!adoptions.ok) return adoptions;
  return {
    ok: true,
    data: { kinds: kinds.data, bodies: bodies.data.items.map((b) => ({ code: b.code, name: b.name })), adoptions: adoptions.data },
    response: kinds.response,
  };
}

function Review({ id, query }: { id: number; query: URLSearchParams }) {
  const [first, retry] = useLoad(() => versioned(call(api.GET('/api/v1/imports/{id}', { params: { path: { id } } }))), [id]);
  const [vocab, retryVocab] = useLoad(loadVocab, []);
  const [current, setCurrent] = useState<Versioned<Draft> | null>(null);
  // Forms keep what the person typed across their own saves; a reload after a conflict starts
  // them afresh from the stored draft.
  const [generation, setGeneration] = useState(0);
  const [conflict, setConflict] = useState<{ changes: ReturnType<typeof draftChanges> | null; latest: Versioned<Draft> | null } | null>(
    null,
  );
  useEffect(() => {
    if (first.state === 'ok') setCurrent(first.data);
  }, [first]);

  if (first.state !== 'ok' || !current)
    return (
      <Loaded load={first} retry={retry} what="Entwurf">
        {() => null}
      </Loaded>
    );
  const draft = current.data;
  const top = query.get('top') ?? draft.resolutions.find((r) => r.demands.length > 0)?.top ?? draft.resolutions[0]?.top ?? '';
  const r = draft.resolutions.find((x) => x.top === top);

  /** Sends one write with the draft's ETag; the answer is the new draft. A 412 explains itself. */
  const write: Write = async (send) => {
    const o = (await call(send(current.etag))) as Outcome<Draft>;
    if (o.ok && o.response.status === 204) return null;
    if (o.ok) {
      setCurrent({ data: o.data, etag: etagOf(o) });
      setConflict(null);
      return null;
    }
    if (o.failure.status === 412) {
      const latest = await versioned(call(api.GET('/api/v1/imports/{id}', { params: { path: { id } } })));
      setConflict(latest.ok ? { changes: draftChanges(draft, latest.data.data), latest: latest.data } : { changes: null, latest: null });
      return null;
    }
    return o.failure;
  };

  return (
    <>
      <Breadcrumbs items={[{ href: '/buero/import', label: 'Import' }, { label: draftTitle(draft) }]} />
      <PageTitle title={`Import: ${draftTitle(draft)}`}>Import: {draftTitle(draft)}</PageTitle>
      <SectionNav label="Import und Datenpflege" items={OFFICE_SECTIONS} path="/buero/import/" />
      {query.get('vorhanden') ? (
        <Alert kind="info" title="Dieses Dokument wurde bereits hochgeladen">
          <p class="kern-body">Hier ist der Entwurf von damals, mit allen Berichtigungen und Entscheidungen.</p>
        </Alert>
      ) : null}
      <p class="kern-body">
        {draft.source.filename ?? 'Ohne Dateiname'} ·{' '}
        {draft.source.contentType === 'application/pdf' ? `PDF, ${draft.source.pages} Seiten` : 'Text'} ·{' '}
        {draft.source.characters.toLocaleString('de-DE')} Zeichen · {draft.counts.resolutions} TOPs, {draft.counts.demands} Forderungen,{' '}
        {draft.counts.suggestions} Verknüpfungsvorschläge · hochgeladen {dateTime(draft.created)}
      </p>
      {draft.warnings.length > 0 ? (
        <Alert kind="warning" title="Beim Einlesen unsicher">
          <ul class="kern-list">
            {draft.warnings.map((w, i) => (
              <li key={i} class="kern-body">
                {w}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {conflict ? (
        <ConflictAlert
          changes={conflict.changes}
          modified={conflict.latest?.data.modified}
          onReload={() => {
            if (conflict.latest) setCurrent(conflict.latest);
            else retry();
            setGeneration((g) => g + 1);
            setConflict(null);
          }}
        />
      ) : null}
      <ConferenceForm key={`k${generation}`} draft={draft} write={write} />
      <TopNav draft={draft} current={top} />
      <Loaded load={vocab} retry={retryVocab} what="Vokabular">
        {(v) =>
          r ? (
            <section aria-labelledby="top-pruefen">
              <h2 class="kern-heading-medium" id="top-pruefen">
                TOP {r.top}: {r.title}
              </h2>
              <div class="ek-review">
                <SourceText r={r} />
                <div>
                  <TopForm key={`${r.top}-${generation}`} draft={draft} r={r} adoptions={v.adoptions} write={write} />
                  <h3 class="kern-heading-small">
                    {r.demands.length === 0
                      ? 'Keine Forderung erkannt'
                      : r.demands.length === 1
                        ? '1 erkannte Forderung'
                        : `${r.demands.length} erkannte Forderungen`}
                  </h3>
                  {r.demands.map((d) => (
                    <DemandReview key={`${d.key}-${generation}`} draft={draft} d={d} vocab={v} write={write} />
                  ))}
                </div>
              </div>
            </section>
          ) : (
            <Alert kind="warning" title="TOP nicht gefunden">
              <p class="kern-body">Diesen TOP gibt es im Entwurf nicht.</p>
            </Alert>
          )
        }
      </Loaded>
      <CommitSection
        draft={draft}
        write={write}
        onCommitted={async () => {
          const latest = await versioned(call(api.GET('/api/v1/imports/{id}', { params: { path: { id } } })));
          if (latest.ok) setCurrent(latest.data);
        }}
      />
    </>
  );
}

export function ImportDraftPage({ id, query }: { id: number; query: Location_['query'] }) {
  return <RoleGate roles={CURATORS}>{() => <Review id={id} query={query} />}</RoleGate>;
}
