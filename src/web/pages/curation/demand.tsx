// Correcting one demand: wording, kind, addressees (and who leads), who follows it up, due dates.
import { useState } from 'preact/hooks';
import { api, call, type Outcome, type Schemas } from '../../api';
import { Field, InputField, SelectField, TextAreaField } from '../../components/form';
import {
  CodePicker,
  curationPage,
  OFFICE_SECTIONS,
  SectionNav,
  useVersionedEditor,
  type Versioned,
  versioned,
} from '../../components/office-admin';
import { Breadcrumbs, PageTitle } from '../../components/ui';

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
      <InputField id="forderung-kurz" label="Kurzfassung" type="text" value={summary} onValue={setSummary} />
      <TextAreaField id="forderung-wortlaut" label="Wortlaut" rows={5} value={wording} onValue={setWording} />
      <div class="ek-form-grid">
        <SelectField id="forderung-art" label="Art" value={kind} onValue={(v) => setKind(v as Demand['kind'])}>
          {vocab.kinds.map((k) => (
            <option key={k.key} value={k.key}>
              {k.label}
            </option>
          ))}
        </SelectField>
        <InputField id="forderung-ziffer" label="Ziffer" type="text" value={ziffer} onValue={setZiffer} />
        <SelectField
          id="forderung-sichtbar"
          label="Sichtbarkeit"
          value={visibility}
          onValue={(v) => setVisibility(v as Demand['visibility'])}
        >
          <option value="public">öffentlich</option>
          <option value="internal">intern</option>
        </SelectField>
      </div>
      <CodePicker id="forderung-adressaten" legend="Adressaten" options={vocab.bodies} value={addressees} onChange={setAddressees} />
      <SelectField
        id="forderung-federfuehrend"
        label="Federführend"
        hint="Einer der Adressaten, wenn der Beschluss einen nennt."
        value={lead}
        onValue={setLead}
      >
        <option value="">keiner</option>
        {addressees.map((c) => (
          <option key={c} value={c}>
            {names.find((n) => n.code === c)?.name ?? c}
          </option>
        ))}
      </SelectField>
      <CodePicker
        id="forderung-verantwortlich"
        legend="Nachverfolgt von"
        hint="Die Länder oder Arbeitsgruppen, die über diese Forderung berichten."
        options={[...vocab.laender, ...vocab.groups]}
        value={responsible}
        onChange={setResponsible}
      />
      <div class="ek-form-grid">
        <InputField id="forderung-faellig" label="Fällig am" type="date" value={dueDate} onValue={setDueDate} />
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

export const DemandCurationPage = curationPage({
  what: 'Forderung',
  record: (id) => call(api.GET('/api/v1/demands/{id}', { params: { path: { id } } })),
  vocab: loadVocab,
  editor: (d, vocab) => <DemandEditor initial={d} vocab={vocab} />,
});
