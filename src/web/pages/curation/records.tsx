// Correcting a conference and a resolution of the record, each with If-Match.
import { useState } from 'preact/hooks';
import { api, call, type Schemas } from '../../api';
import { Field, InputField, SelectField, TextAreaField } from '../../components/form';
import {
  CURATORS,
  curationPage,
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
        <InputField id="konf-jahr" label="Jahr" type="number" value={year} onValue={setYear} />
        <SelectField id="konf-art" label="Art" value={kind} onValue={(v) => setKind(v as Conference['kind'])}>
          <option value="hauptkonferenz">Hauptkonferenz</option>
          <option value="sonderkonferenz">Sonderkonferenz</option>
        </SelectField>
        <InputField id="konf-beginn" label="Beginn" type="date" value={start} onValue={setStart} />
        <InputField id="konf-ende" label="Ende" type="date" value={end} onValue={setEnd} />
        <InputField id="konf-ort" label="Ort" type="text" value={place} onValue={setPlace} />
        <SelectField id="konf-vorsitz" label="Vorsitzland" value={chair} onValue={setChair}>
          <option value="">unbekannt</option>
          {laender.map((l) => (
            <option key={l.code} value={l.code}>
              {l.name}
            </option>
          ))}
        </SelectField>
      </div>
      <TextAreaField id="konf-anmerkung" label="Anmerkung" rows={2} value={note} onValue={setNote} />
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
      <TextAreaField id="beschluss-titel" label="Titel" rows={2} value={title} onValue={setTitle} />
      <InputField id="beschluss-untertitel" label="Untertitel" type="text" value={subtitle} onValue={setSubtitle} />
      <Field
        id="beschluss-ueberschrift"
        label="Überschrift der Tagesordnung"
        hint="z. B. „TOP 4 Integration, Teilhabe und gesellschaftlicher Zusammenhalt“"
      >
        {(p) => <input {...p} type="text" value={heading} onInput={(e) => setHeading(e.currentTarget.value)} />}
      </Field>
      <div class="ek-form-grid">
        <SelectField
          id="beschluss-fassung"
          label="Beschlussfassung"
          value={adoption}
          onValue={(v) => setAdoption(v as Resolution['adoption'])}
        >
          {adoptions.map((a) => (
            <option key={a.key} value={a.key}>
              {a.label}
            </option>
          ))}
        </SelectField>
        <InputField
          id="beschluss-gl"
          label="Grüne Liste"
          hint="z. B. G3; leer, wenn nicht"
          type="text"
          value={greenList}
          onValue={setGreenList}
        />
      </div>
      <TextAreaField id="beschluss-haushalt" label="Haushaltsvorbehalt" rows={2} value={budget} onValue={setBudget} />
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

export const ResolutionCurationPage = curationPage({
  what: 'Beschluss',
  record: (id) => call(api.GET('/api/v1/resolutions/{id}', { params: { path: { id } } })),
  vocab: () => call(api.GET('/api/v1/vocab/adoptions')),
  editor: (r, adoptions) => <ResolutionEditor initial={r} adoptions={adoptions} />,
});
