// Correcting a conference and a resolution of the record, each with If-Match.
import { useState } from 'preact/hooks';
import { api, call, type Schemas } from '../../api';
import { Field } from '../../components/form';
import {
  CURATORS,
  OFFICE_SECTIONS,
  RoleGate,
  SectionNav,
  useVersionedEditor,
  type Versioned,
  versioned,
} from '../../components/office-admin';
import { Breadcrumbs, Loaded, PageTitle, useLoad } from '../../components/ui';

type Conference = Schemas['Conference'];
type Resolution = Schemas['Resolution'];
type Land = { code: string; name: string };

const CONFERENCE_FIELDS = {
  year: 'Jahr',
  kind: 'Art',
  startDate: 'Beginn',
  endDate: 'Ende',
  place: 'Ort',
  chairLand: 'Vorsitzland',
  note: 'Anmerkung',
};

function ConferenceEditor({ initial, laender }: { initial: Versioned<Conference>; laender: Land[] }) {
  const number = initial.data.number;
  const ed = useVersionedEditor(
    initial,
    () => versioned(call(api.GET('/api/v1/conferences/{number}', { params: { path: { number } } }))),
    CONFERENCE_FIELDS,
  );
  return (
    <section aria-labelledby="konferenz-bearbeiten">
      <h2 class="kern-heading-medium" id="konferenz-bearbeiten">
        Konferenzangaben
      </h2>
      {ed.notices}
      <ConferenceForm
        key={ed.generation}
        c={ed.current.data}
        laender={laender}
        onSave={(body) =>
          ed.save(
            (ifMatch) => api.PATCH('/api/v1/conferences/{number}', { params: { path: { number }, header: { 'If-Match': ifMatch } }, body }),
            'Konferenzangaben gespeichert',
          )
        }
      />
    </section>
  );
}

function ConferenceForm({ c, laender, onSave }: { c: Conference; laender: Land[]; onSave: (b: Schemas['ConferencePatchInput']) => void }) {
  const [year, setYear] = useState(String(c.year));
  const [kind, setKind] = useState(c.kind);
  const [start, setStart] = useState(c.startDate ?? '');
  const [end, setEnd] = useState(c.endDate ?? '');
  const [place, setPlace] = useState(c.place ?? '');
  const [chair, setChair] = useState(c.chairLand ?? '');
  const [note, setNote] = useState(c.note ?? '');
  return (
    <form
      class="ek-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave({
          year: Number(year),
          kind,
          startDate: start || null,
          endDate: end || null,
          place: place.trim() || null,
          chairLand: (chair || null) as Conference['chairLand'],
          note: note.trim() || null,
        });
      }}
    >
      <div class="ek-form-grid">
        <Field id="konf-jahr" label="Jahr">
          {(p) => <input {...p} type="number" inputMode="numeric" value={year} onInput={(e) => setYear(e.currentTarget.value)} />}
        </Field>
        <Field id="konf-art" label="Art">
          {(p) => (
            <div class="kern-form-input__select-wrapper">
              <select
                {...p}
                class="kern-form-input__select"
                value={kind}
                onChange={(e) => setKind(e.currentTarget.value as Conference['kind'])}
              >
                <option value="hauptkonferenz">Hauptkonferenz</option>
                <option value="sonderkonferenz">Sonderkonferenz</option>
              </select>
            </div>
          )}
        </Field>
        <Field id="konf-beginn" label="Beginn">
          {(p) => <input {...p} type="date" value={start} onInput={(e) => setStart(e.currentTarget.value)} />}
        </Field>
        <Field id="konf-ende" label="Ende">
          {(p) => <input {...p} type="date" value={end} onInput={(e) => setEnd(e.currentTarget.value)} />}
        </Field>
        <Field id="konf-ort" label="Ort">
          {(p) => <input {...p} type="text" value={place} onInput={(e) => setPlace(e.currentTarget.value)} />}
        </Field>
        <Field id="konf-vorsitz" label="Vorsitzland">
          {(p) => (
            <div class="kern-form-input__select-wrapper">
              <select {...p} class="kern-form-input__select" value={chair} onChange={(e) => setChair(e.currentTarget.value)}>
                <option value="">unbekannt</option>
                {laender.map((l) => (
                  <option key={l.code} value={l.code}>
                    {l.name}
                  </option>
                ))}
              </select>
            </div>
          )}
        </Field>
      </div>
      <Field id="konf-anmerkung" label="Anmerkung">
        {(p) => <textarea {...p} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
      </Field>
      <div class="ek-actions">
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Konferenz speichern</span>
        </button>
      </div>
    </form>
  );
}

function ConferenceCuration({ number }: { number: number }) {
  const [conference, retry] = useLoad(
    () => versioned(call(api.GET('/api/v1/conferences/{number}', { params: { path: { number } } }))),
    [number],
  );
  const [resolutions, retryResolutions] = useLoad(
    () => call(api.GET('/api/v1/conferences/{number}/resolutions', { params: { path: { number }, query: { limit: 200 } } })),
    [number],
  );
  const [laender] = useLoad(() => call(api.GET('/api/v1/vocab/laender', { params: { query: { limit: 20 } } })), []);
  return (
    <Loaded load={conference} retry={retry} what="Konferenz">
      {(c) => (
        <>
          <Breadcrumbs items={[{ href: '/buero/pflege', label: 'Datenpflege' }, { label: c.data.title }]} />
          <PageTitle title={`Datenpflege: ${c.data.title}`}>{c.data.title}</PageTitle>
          <SectionNav label="Import und Datenpflege" items={OFFICE_SECTIONS} path="/buero/pflege/" />
          <p class="kern-body">
            <a class="kern-link" href={`/konferenzen/${number}`}>
              Öffentliche Ansicht der Konferenz
            </a>
          </p>
          {laender.state === 'ok' ? <ConferenceEditor key={c.data.number} initial={c} laender={laender.data.items} /> : null}
          <section aria-labelledby="konferenz-beschluesse">
            <h2 class="kern-heading-medium" id="konferenz-beschluesse">
              Beschlüsse
            </h2>
            <Loaded load={resolutions} retry={retryResolutions} what="Beschlüsse">
              {(page) => (
                <ul class="kern-list">
                  {page.items.map((r) => (
                    <li key={r.id} class="kern-body">
                      <a class="kern-link" href={`/buero/pflege/beschluesse/${r.id}`}>
                        TOP {r.top}: {r.title}
                      </a>{' '}
                      · {r.adoptionLabel} · {r.demandCount} Forderungen{r.visibility === 'internal' ? ' · intern' : ''}
                    </li>
                  ))}
                </ul>
              )}
            </Loaded>
          </section>
        </>
      )}
    </Loaded>
  );
}

export function ConferenceCurationPage({ number }: { number: number }) {
  return <RoleGate roles={CURATORS}>{() => <ConferenceCuration number={number} />}</RoleGate>;
}

const RESOLUTION_FIELDS = {
  title: 'Titel',
  subtitle: 'Untertitel',
  agendaHeading: 'Überschrift der Tagesordnung',
  adoption: 'Beschlussfassung',
  greenList: 'Grüne Liste',
  budgetReservation: 'Haushaltsvorbehalt',
  proposers: 'Antragsteller',
};

function ResolutionForm({
  r,
  adoptions,
  onSave,
}: {
  r: Resolution;
  adoptions: Schemas['AdoptionList'];
  onSave: (b: Schemas['ResolutionPatchInput']) => void;
}) {
  const [title, setTitle] = useState(r.title);
  const [subtitle, setSubtitle] = useState(r.subtitle ?? '');
  const [heading, setHeading] = useState(r.agendaHeading ?? '');
  const [adoption, setAdoption] = useState(r.adoption);
  const [greenList, setGreenList] = useState(r.greenList ?? '');
  const [budget, setBudget] = useState(r.budgetReservation ?? '');
  return (
    <form
      class="ek-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave({
          title,
          subtitle: subtitle.trim() || null,
          agendaHeading: heading.trim() || null,
          adoption,
          greenList: greenList.trim() || null,
          budgetReservation: budget.trim() || null,
        });
      }}
    >
      <Field id="beschluss-titel" label="Titel">
        {(p) => <textarea {...p} rows={2} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />}
      </Field>
      <Field id="beschluss-untertitel" label="Untertitel">
        {(p) => <input {...p} type="text" value={subtitle} onInput={(e) => setSubtitle(e.currentTarget.value)} />}
      </Field>
      <Field
        id="beschluss-ueberschrift"
        label="Überschrift der Tagesordnung"
        hint="z. B. „TOP 4 Integration, Teilhabe und gesellschaftlicher Zusammenhalt“"
      >
        {(p) => <input {...p} type="text" value={heading} onInput={(e) => setHeading(e.currentTarget.value)} />}
      </Field>
      <div class="ek-form-grid">
        <Field id="beschluss-fassung" label="Beschlussfassung">
          {(p) => (
            <div class="kern-form-input__select-wrapper">
              <select
                {...p}
                class="kern-form-input__select"
                value={adoption}
                onChange={(e) => setAdoption(e.currentTarget.value as Resolution['adoption'])}
              >
                {adoptions.map((a) => (
                  <option key={a.key} value={a.key}>
                    {a.label}
                  </option>
                ))}
              </select>
            </div>
          )}
        </Field>
        <Field id="beschluss-gl" label="Grüne Liste" hint="z. B. G3; leer, wenn nicht">
          {(p) => <input {...p} type="text" value={greenList} onInput={(e) => setGreenList(e.currentTarget.value)} />}
        </Field>
      </div>
      <Field id="beschluss-haushalt" label="Haushaltsvorbehalt">
        {(p) => <textarea {...p} rows={2} value={budget} onInput={(e) => setBudget(e.currentTarget.value)} />}
      </Field>
      <div class="ek-actions">
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Beschluss speichern</span>
        </button>
      </div>
    </form>
  );
}

function ResolutionEditor({ initial, adoptions }: { initial: Versioned<Resolution>; adoptions: Schemas['AdoptionList'] }) {
  const id = initial.data.id;
  const ed = useVersionedEditor(
    initial,
    () => versioned(call(api.GET('/api/v1/resolutions/{id}', { params: { path: { id } } }))),
    RESOLUTION_FIELDS,
  );
  const r = ed.current.data;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: '/buero/pflege', label: 'Datenpflege' },
          { href: `/buero/pflege/konferenzen/${r.conference}`, label: `${r.conference}. IntMK` },
          { label: `TOP ${r.top}` },
        ]}
      />
      <PageTitle title={`Datenpflege: TOP ${r.top}`}>
        TOP {r.top}: {r.title}
      </PageTitle>
      <SectionNav label="Import und Datenpflege" items={OFFICE_SECTIONS} path="/buero/pflege/" />
      <p class="kern-body">
        <a class="kern-link" href={`/konferenzen/${r.conference}/top/${encodeURIComponent(r.top)}`}>
          Öffentliche Ansicht des Beschlusses
        </a>
      </p>
      <section aria-labelledby="beschluss-bearbeiten">
        <h2 class="kern-heading-medium" id="beschluss-bearbeiten">
          Beschluss
        </h2>
        {ed.notices}
        <ResolutionForm
          key={ed.generation}
          r={r}
          adoptions={adoptions}
          onSave={(body) =>
            ed.save(
              (ifMatch) => api.PATCH('/api/v1/resolutions/{id}', { params: { path: { id }, header: { 'If-Match': ifMatch } }, body }),
              'Beschluss gespeichert',
            )
          }
        />
      </section>
      <section aria-labelledby="beschluss-forderungen">
        <h2 class="kern-heading-medium" id="beschluss-forderungen">
          Forderungen
        </h2>
        {r.demands.length === 0 ? (
          <p class="kern-body">Dieser Beschluss enthält keine Forderung.</p>
        ) : (
          <ul class="kern-list">
            {r.demands.map((d) => (
              <li key={d.id} class="kern-body">
                <a class="kern-link" href={`/buero/pflege/forderungen/${d.id}`}>
                  {d.ziffer ? `Ziffer ${d.ziffer}: ` : ''}
                  {d.summary}
                </a>{' '}
                · {d.kindLabel} · an {d.addressees.map((a) => a.name).join(', ')}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function ResolutionCuration({ id }: { id: number }) {
  const [resolution, retry] = useLoad(() => versioned(call(api.GET('/api/v1/resolutions/{id}', { params: { path: { id } } }))), [id]);
  const [adoptions, retryAdoptions] = useLoad(() => call(api.GET('/api/v1/vocab/adoptions')), []);
  return (
    <Loaded load={resolution} retry={retry} what="Beschluss">
      {(r) => (
        <Loaded load={adoptions} retry={retryAdoptions} what="Vokabular">
          {(a) => <ResolutionEditor key={r.data.id} initial={r} adoptions={a} />}
        </Loaded>
      )}
    </Loaded>
  );
}

export function ResolutionCurationPage({ id }: { id: number }) {
  return <RoleGate roles={CURATORS}>{() => <ResolutionCuration id={id} />}</RoleGate>;
}
