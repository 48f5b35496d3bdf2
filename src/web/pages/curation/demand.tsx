// Correcting one demand: wording, kind, addressees (and who leads), who follows it up, due dates.
import { useState } from 'preact/hooks';
import { api, call, type Outcome, type Schemas } from '../../api';
import { Field } from '../../components/form';
import {
  CodePicker,
  CURATORS,
  OFFICE_SECTIONS,
  RoleGate,
  SectionNav,
  useVersionedEditor,
  type Versioned,
  versioned,
} from '../../components/office-admin';
import { Breadcrumbs, Loaded, PageTitle, useLoad } from '../../components/ui';

type Demand = Schemas['DemandDetail'];
type Option = { code: string; name: string };
type Vocab = { kinds: Schemas['DemandKindList']; bodies: Option[]; groups: Option[]; laender: Option[] };

const FIELDS = {
  summary: 'Kurzfassung',
  wording: 'Wortlaut',
  kind: 'Art',
  addressees: 'Adressaten',
  leadAddressee: 'Federführend',
  responsible: 'Nachverfolgt von',
  dueDate: 'Fällig am',
  dueConference: 'Fällig zur Konferenz',
  visibility: 'Sichtbarkeit',
  ziffer: 'Ziffer',
};

async function loadVocab(): Promise<Outcome<Vocab>> {
  const [kinds, bodies, laender] = await Promise.all([
    call(api.GET('/api/v1/vocab/demand-kinds')),
    call(api.GET('/api/v1/vocab/addressees', { params: { query: { limit: 200 } } })),
    call(api.GET('/api/v1/vocab/laender', { params: { query: { limit: 20 } } })),
  ]);
  if (!kinds.ok) return kinds;
  if (!bodies.ok) return bodies;
  if (!laender.ok) return laender;
  const all = bodies.data.items;
  return {
    ok: true,
    data: {
      kinds: kinds.data,
      bodies: all.map((b) => ({ code: b.code, name: b.name })),
      groups: all.filter((b) => b.kind === 'working_group').map((b) => ({ code: b.code, name: b.name })),
      laender: laender.data.items,
    },
    response: kinds.response,
  };
}

function DemandForm({ d, vocab, onSave }: { d: Demand; vocab: Vocab; onSave: (b: Schemas['DemandPatchInput']) => void }) {
  const [summary, setSummary] = useState(d.summary);
  const [wording, setWording] = useState(d.wording);
  const [kind, setKind] = useState(d.kind);
  const [ziffer, setZiffer] = useState(d.ziffer ?? '');
  const [addressees, setAddressees] = useState(d.addressees.map((a) => a.code));
  const [lead, setLead] = useState(d.leadAddressee ?? '');
  const [responsible, setResponsible] = useState(d.responsible);
  const [dueDate, setDueDate] = useState(d.dueDate ?? '');
  const [dueConference, setDueConference] = useState(d.dueConference === null ? '' : String(d.dueConference));
  const [visibility, setVisibility] = useState(d.visibility);
  const names = [...vocab.bodies, ...vocab.laender];
  return (
    <form
      class="ek-form ek-form--wide"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave({
          summary,
          wording,
          kind,
          ziffer: ziffer.trim() || null,
          addressees,
          leadAddressee: lead && addressees.includes(lead) ? lead : null,
          responsible,
          dueDate: dueDate || null,
          dueConference: dueConference ? Number(dueConference) : null,
          visibility,
        });
      }}
    >
      <Field id="forderung-kurz" label="Kurzfassung">
        {(p) => <input {...p} type="text" value={summary} onInput={(e) => setSummary(e.currentTarget.value)} />}
      </Field>
      <Field id="forderung-wortlaut" label="Wortlaut">
        {(p) => <textarea {...p} rows={5} value={wording} onInput={(e) => setWording(e.currentTarget.value)} />}
      </Field>
      <div class="ek-form-grid">
        <Field id="forderung-art" label="Art">
          {(p) => (
            <div class="kern-form-input__select-wrapper">
              <select
                {...p}
                class="kern-form-input__select"
                value={kind}
                onChange={(e) => setKind(e.currentTarget.value as Demand['kind'])}
              >
                {vocab.kinds.map((k) => (
                  <option key={k.key} value={k.key}>
                    {k.label}
                  </option>
                ))}
              </select>
            </div>
          )}
        </Field>
        <Field id="forderung-ziffer" label="Ziffer">
          {(p) => <input {...p} type="text" value={ziffer} onInput={(e) => setZiffer(e.currentTarget.value)} />}
        </Field>
        <Field id="forderung-sichtbar" label="Sichtbarkeit">
          {(p) => (
            <div class="kern-form-input__select-wrapper">
              <select
                {...p}
                class="kern-form-input__select"
                value={visibility}
                onChange={(e) => setVisibility(e.currentTarget.value as Demand['visibility'])}
              >
                <option value="public">öffentlich</option>
                <option value="internal">intern</option>
              </select>
            </div>
          )}
        </Field>
      </div>
      <CodePicker id="forderung-adressaten" legend="Adressaten" options={vocab.bodies} value={addressees} onChange={setAddressees} />
      <Field id="forderung-federfuehrend" label="Federführend" hint="Einer der Adressaten, wenn der Beschluss einen nennt.">
        {(p) => (
          <div class="kern-form-input__select-wrapper">
            <select {...p} class="kern-form-input__select" value={lead} onChange={(e) => setLead(e.currentTarget.value)}>
              <option value="">keiner</option>
              {addressees.map((c) => (
                <option key={c} value={c}>
                  {names.find((n) => n.code === c)?.name ?? c}
                </option>
              ))}
            </select>
          </div>
        )}
      </Field>
      <CodePicker
        id="forderung-verantwortlich"
        legend="Nachverfolgt von"
        hint="Die Länder oder Arbeitsgruppen, die über diese Forderung berichten."
        options={[...vocab.laender, ...vocab.groups]}
        value={responsible}
        onChange={setResponsible}
      />
      <div class="ek-form-grid">
        <Field id="forderung-faellig" label="Fällig am">
          {(p) => <input {...p} type="date" value={dueDate} onInput={(e) => setDueDate(e.currentTarget.value)} />}
        </Field>
        <Field id="forderung-faellig-konferenz" label="Fällig zur Konferenz (Nummer)">
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              value={dueConference}
              onInput={(e) => setDueConference(e.currentTarget.value)}
            />
          )}
        </Field>
      </div>
      <div class="ek-actions">
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Forderung speichern</span>
        </button>
      </div>
    </form>
  );
}

function DemandEditor({ initial, vocab }: { initial: Versioned<Demand>; vocab: Vocab }) {
  const id = initial.data.id;
  const ed = useVersionedEditor(initial, () => versioned(call(api.GET('/api/v1/demands/{id}', { params: { path: { id } } }))), FIELDS);
  const d = ed.current.data;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: '/buero/pflege', label: 'Datenpflege' },
          { href: `/buero/pflege/konferenzen/${d.resolution.conference}`, label: `${d.resolution.conference}. IntMK` },
          { href: `/buero/pflege/beschluesse/${d.resolution.id}`, label: `TOP ${d.resolution.top}` },
          { label: 'Forderung' },
        ]}
      />
      <p class="kern-preline">
        {d.resolution.conference}. IntMK · TOP {d.resolution.top}
        {d.ziffer ? ` · Ziffer ${d.ziffer}` : ''}
      </p>
      <PageTitle title={`Datenpflege: ${d.summary}`}>{d.summary}</PageTitle>
      <SectionNav label="Import und Datenpflege" items={OFFICE_SECTIONS} path="/buero/pflege/" />
      <p class="kern-body">
        <a class="kern-link" href={`/forderungen/${d.id}`}>
          Öffentliche Ansicht der Forderung
        </a>
        {d.thread ? (
          <>
            {' '}
            · Teil der wiederkehrenden Forderung{' '}
            <a class="kern-link" href={`/buero/pflege/straenge/${d.thread.id}`}>
              {d.thread.title}
            </a>
          </>
        ) : null}
      </p>
      {ed.notices}
      <DemandForm
        key={ed.generation}
        d={d}
        vocab={vocab}
        onSave={(body) =>
          ed.save(
            (ifMatch) => api.PATCH('/api/v1/demands/{id}', { params: { path: { id }, header: { 'If-Match': ifMatch } }, body }),
            'Forderung gespeichert',
          )
        }
      />
    </>
  );
}

function DemandCuration({ id }: { id: number }) {
  const [demand, retry] = useLoad(() => versioned(call(api.GET('/api/v1/demands/{id}', { params: { path: { id } } }))), [id]);
  const [vocab, retryVocab] = useLoad(loadVocab, []);
  return (
    <Loaded load={demand} retry={retry} what="Forderung">
      {(d) => (
        <Loaded load={vocab} retry={retryVocab} what="Vokabular">
          {(v) => <DemandEditor key={d.data.id} initial={d} vocab={v} />}
        </Loaded>
      )}
    </Loaded>
  );
}

export function DemandCurationPage({ id }: { id: number }) {
  return <RoleGate roles={CURATORS}>{() => <DemandCuration id={id} />}</RoleGate>;
}
