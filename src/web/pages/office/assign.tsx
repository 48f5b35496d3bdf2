// /buero/runden/:id/zuweisen – assign in bulk: every demand of the round under a TOP, to an
// addressee or on a topic goes to the chosen Länder or working groups, one of them leading.
import { useState } from 'preact/hooks';
import { api, call, type Schemas } from '../../api';
import { Field, FormProblem, fieldErrors, SelectField } from '../../components/form';
import { Alert, Breadcrumbs, Loaded, PageTitle, useLoad } from '../../components/ui';
import { OfficeNav, roundTitle, useAction } from './shared';

type Vocab = {
  round: Schemas['Round'];
  laender: Schemas['Land'][];
  bodies: Schemas['Addressee'][];
  /** The round's conference and the earlier ones, whose followed demands it may hold. */
  conferences: Schemas['Conference'][];
};

function loadAll(id: number) {
  return Promise.all([
    call(api.GET('/api/v1/rounds/{id}', { params: { path: { id } } })),
    call(api.GET('/api/v1/vocab/laender', { params: { query: { limit: 50 } } })),
    call(api.GET('/api/v1/vocab/addressees', { params: { query: { limit: 200 } } })),
    call(api.GET('/api/v1/conferences', { params: { query: { limit: 100, sort: '-number' } } })),
  ]).then(([r, l, b, c]) => {
    if (!r.ok) return r;
    if (!l.ok) return l;
    if (!b.ok) return b;
    if (!c.ok) return c;
    const conferences = c.data.items.filter((x) => x.number <= r.data.conference);
    return {
      ok: true as const,
      data: { round: r.data, laender: l.data.items, bodies: b.data.items, conferences } as Vocab,
      response: b.response,
    };
  });
}

function AssignForm({ data }: { data: Vocab }) {
  const { round } = data;
  const [conference, setConference] = useState('');
  const [top, setTop] = useState('');
  const [addressee, setAddressee] = useState('');
  const [topic, setTopic] = useState('');
  const [groups, setGroups] = useState<string[]>([]);
  const [lead, setLead] = useState('');
  const [mode, setMode] = useState<'add' | 'replace'>('add');
  const action = useAction<Schemas['RoundBulkResult']>();
  const [done, setDone] = useState<Schemas['RoundBulkResult'] | null>(null);
  const errors = fieldErrors(action.failure);
  const workingGroups = data.bodies.filter((b) => b.kind === 'working_group');
  const names = new Map<string, string>([
    ...data.laender.map((l) => [l.code, l.name] as const),
    ...workingGroups.map((b) => [b.code, b.name] as const),
  ]);
  const toggle = (code: string, on: boolean) => {
    const next = on ? [...groups, code] : groups.filter((g) => g !== code);
    setGroups(next);
    if (!next.includes(lead)) setLead('');
  };
  const check = (code: string, name: string) => (
    <div class="kern-form-check" key={code}>
      <input
        class="kern-form-check__checkbox"
        type="checkbox"
        id={`stelle-${code}`}
        checked={groups.includes(code)}
        onChange={(e) => toggle(code, e.currentTarget.checked)}
      />
      <label class="kern-label" for={`stelle-${code}`}>
        {name}
      </label>
    </div>
  );
  return (
    <>
      <FormProblem failure={action.failure} />
      {done ? (
        <Alert kind="success" title="Zugewiesen" live>
          <p class="kern-body">
            {done.matched === 1 ? '1 Forderung' : `${done.matched} Forderungen`} der Runde{' '}
            {mode === 'replace' ? 'gehen jetzt nur noch an' : 'gehen jetzt auch an'} {groups.map((g) => names.get(g) ?? g).join(', ')}
            {lead ? ` (federführend: ${names.get(lead) ?? lead})` : ''}.{' '}
            <a class="kern-link" href={`/buero/runden/${round.id}`}>
              Zum Fortschritt der Runde
            </a>
          </p>
        </Alert>
      ) : null}
      <form
        class="ek-office-form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setDone(null);
          const r = await action.run(() =>
            call(
              api.POST('/api/v1/rounds/{id}/assignments', {
                params: { path: { id: round.id } },
                body: {
                  ...(conference ? { conference: Number(conference) } : {}),
                  ...(top.trim() ? { top: top.trim() } : {}),
                  ...(addressee ? { addressee } : {}),
                  ...(topic.trim() ? { topic: topic.trim() } : {}),
                  groups,
                  lead: lead || null,
                  mode,
                },
              }),
            ),
          );
          if (r) setDone(r);
        }}
      >
        <h2 class="kern-heading-medium">Welche Forderungen</h2>
        <p class="kern-body">Mindestens eines angeben; mehrere Angaben gelten zusammen.</p>
        <SelectField
          id="zuweisen-konferenz"
          label="Konferenz"
          hint="Die Runde enthält auch weiter verfolgte Forderungen früherer Konferenzen; deren TOPs sind anders nummeriert."
          error={errors.conference}
          value={conference}
          onValue={setConference}
        >
          <option value="">alle der Runde</option>
          {data.conferences.map((c) => (
            <option key={c.number} value={String(c.number)}>
              {c.title}
            </option>
          ))}
        </SelectField>
        <Field
          id="zuweisen-top"
          label="TOP"
          hint={
            conference
              ? `z. B. 4.5 – alle Forderungen der Runde unter diesem TOP der ${conference}. IntMK`
              : 'z. B. 4.5 – alle Forderungen der Runde unter diesem TOP, gleich welcher Konferenz'
          }
          error={errors.top}
        >
          {(p) => <input {...p} type="text" maxLength={20} value={top} onInput={(e) => setTop(e.currentTarget.value)} />}
        </Field>
        <SelectField id="zuweisen-adressat" label="Adressat" error={errors.addressee} value={addressee} onValue={setAddressee}>
          <option value="">beliebig</option>
          {data.bodies.map((b) => (
            <option key={b.code} value={b.code}>
              {b.name}
            </option>
          ))}
        </SelectField>
        <Field id="zuweisen-thema" label="Thema" hint="Ein Schlagwort der Forderung, z. B. Sprachförderung" error={errors.topic}>
          {(p) => <input {...p} type="text" maxLength={60} value={topic} onInput={(e) => setTopic(e.currentTarget.value)} />}
        </Field>
        <h2 class="kern-heading-medium">An wen</h2>
        {errors.groups ? (
          <p class="kern-error" id="zuweisen-stellen-error">
            <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
            {errors.groups}
          </p>
        ) : null}
        <fieldset class="ek-checks">
          <legend class="kern-label">Länder</legend>
          {data.laender.map((l) => check(l.code, l.name))}
        </fieldset>
        {workingGroups.length > 0 ? (
          <fieldset class="ek-checks">
            <legend class="kern-label">Arbeitsgruppen</legend>
            {workingGroups.map((b) => check(b.code, b.name))}
          </fieldset>
        ) : null}
        <SelectField
          id="zuweisen-federfuehrend"
          label="Federführend"
          hint="Eine der gewählten Stellen"
          error={errors.lead}
          value={lead}
          onValue={setLead}
        >
          <option value="">keine</option>
          {groups.map((g) => (
            <option key={g} value={g}>
              {names.get(g) ?? g}
            </option>
          ))}
        </SelectField>
        <fieldset class="ek-checks ek-checks--stack">
          <legend class="kern-label">Bisherige Zuweisungen</legend>
          <div class="kern-form-check">
            <input
              class="kern-form-check__radio"
              type="radio"
              name="modus"
              id="modus-add"
              checked={mode === 'add'}
              onChange={() => setMode('add')}
            />
            <label class="kern-label" for="modus-add">
              behalten und ergänzen
            </label>
          </div>
          <div class="kern-form-check">
            <input
              class="kern-form-check__radio"
              type="radio"
              name="modus"
              id="modus-replace"
              checked={mode === 'replace'}
              onChange={() => setMode('replace')}
            />
            <label class="kern-label" for="modus-replace">
              ersetzen
            </label>
          </div>
        </fieldset>
        <div class="ek-actions">
          <button type="submit" class="kern-btn kern-btn--primary" disabled={action.busy || groups.length === 0}>
            <span class="kern-label">{action.busy ? 'Wird zugewiesen …' : 'Zuweisen'}</span>
          </button>
          <a class="kern-link" href={`/buero/runden/${round.id}`}>
            Zurück zur Runde
          </a>
        </div>
      </form>
    </>
  );
}

export function AssignPage({ id }: { id: number }) {
  const [load, retry] = useLoad(() => loadAll(id), [id]);
  return (
    <Loaded load={load} retry={retry} what="Runde">
      {(data) => (
        <>
          <Breadcrumbs
            items={[
              { href: '/buero', label: 'Büro' },
              { href: `/buero/runden/${id}`, label: roundTitle(data.round) },
              { label: 'Im Block zuweisen' },
            ]}
          />
          <PageTitle title={`Im Block zuweisen (Runde ${id})`}>Im Block zuweisen</PageTitle>
          <OfficeNav current="runde" round={id} />
          {data.round.state === 'open' ? (
            <AssignForm data={data} />
          ) : (
            <Alert kind="info" title="Runde abgeschlossen">
              <p class="kern-body">Die Berichtsrunde {id} ist abgeschlossen; Zuweisungen ändern sich nicht mehr.</p>
            </Alert>
          )}
        </>
      )}
    </Loaded>
  );
}
