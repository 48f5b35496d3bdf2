// Curating a recurring demand (thread): title and description, where the documents say it began,
// mentions of raisings before the record, and its member demands with their relation.
import { useState } from 'preact/hooks';
import { api, call, type Schemas } from '../../api';
import { InputField, TextAreaField } from '../../components/form';
import { curationPage, OFFICE_SECTIONS, SectionNav, useVersionedEditor, type Versioned, versioned } from '../../components/office-admin';
import { Breadcrumbs, PageTitle, StatusBadge } from '../../components/ui';

type Thread = Schemas['Thread'];
type Relation = Thread['members'][number]['relation'];
type Relations = Schemas['ThreadRelationList'];
type Mention = { year: string; conference: string; text: string; citation: string };

const FIELDS = { title: 'Titel', description: 'Beschreibung', origin: 'Ursprung', mentions: 'Frühere Erwähnungen', members: 'Forderungen' };

function DetailsForm({ t, onSave }: { t: Thread; onSave: (b: Schemas['ThreadPatchInput']) => void }) {
  const [title, setTitle] = useState(t.title);
  const [description, setDescription] = useState(t.description ?? '');
  const [originText, setOriginText] = useState(t.origin?.text ?? '');
  const [originCitation, setOriginCitation] = useState(t.origin?.citation ?? '');
  const [mentions, setMentions] = useState<Mention[]>(
    t.mentions.map((m) => ({
      year: String(m.year),
      conference: m.conference === null ? '' : String(m.conference),
      text: m.text,
      citation: m.citation,
    })),
  );
  const setMention = (i: number, k: keyof Mention, v: string) => setMentions(mentions.map((m, j) => (j === i ? { ...m, [k]: v } : m)));
  return (
    <form
      class="ek-form ek-form--wide"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave({
          title,
          description: description.trim() || null,
          origin: originText.trim() && originCitation.trim() ? { text: originText.trim(), citation: originCitation.trim() } : null,
          mentions: mentions.map((m) => ({
            year: Number(m.year),
            conference: m.conference ? Number(m.conference) : null,
            text: m.text,
            citation: m.citation,
          })),
        });
      }}
    >
      <InputField id="strang-titel" label="Titel" type="text" value={title} onValue={setTitle} />
      <TextAreaField id="strang-beschreibung" label="Beschreibung" rows={4} value={description} onValue={setDescription} />
      <fieldset class="kern-fieldset">
        <legend class="kern-label">Ursprung laut den Dokumenten</legend>
        <div class="kern-fieldset__body">
          <TextAreaField id="strang-ursprung-text" label="Wortlaut" rows={2} value={originText} onValue={setOriginText} />
          <InputField
            id="strang-ursprung-fundstelle"
            label="Fundstelle"
            hint="z. B. „18. IntMK 2023, TOP 4.3 Ziffer 2“"
            type="text"
            value={originCitation}
            onValue={setOriginCitation}
          />
        </div>
      </fieldset>
      <h3 class="kern-heading-small">Erwähnungen vor dem erfassten Bestand</h3>
      <p class="kern-body kern-body--small">
        Was die Dokumente über frühere Erhebungen sagen, etwa „fast durchgängig seit 2011“; das früheste Jahr zählt als „erstmals erhoben“.
      </p>
      {mentions.map((m, i) => (
        <fieldset class="kern-fieldset ek-box" key={i}>
          <legend class="kern-label">Erwähnung {i + 1}</legend>
          <div class="kern-fieldset__body">
            <div class="ek-form-grid">
              <InputField id={`erwaehnung-${i}-jahr`} label="Jahr" type="number" value={m.year} onValue={(v) => setMention(i, 'year', v)} />
              <InputField
                id={`erwaehnung-${i}-konferenz`}
                label="Konferenz (Nummer, falls genannt)"
                type="number"
                value={m.conference}
                onValue={(v) => setMention(i, 'conference', v)}
              />
            </div>
            <TextAreaField id={`erwaehnung-${i}-text`} label="Wortlaut" rows={2} value={m.text} onValue={(v) => setMention(i, 'text', v)} />
            <InputField
              id={`erwaehnung-${i}-fundstelle`}
              label="Fundstelle"
              type="text"
              value={m.citation}
              onValue={(v) => setMention(i, 'citation', v)}
            />
            <button
              type="button"
              class="kern-btn kern-btn--tertiary kern-btn--small"
              onClick={() => setMentions(mentions.filter((_, j) => j !== i))}
            >
              <span class="kern-label">Erwähnung {i + 1} entfernen</span>
            </button>
          </div>
        </fieldset>
      ))}
      <div class="ek-actions">
        <button
          type="button"
          class="kern-btn kern-btn--secondary"
          onClick={() => setMentions([...mentions, { year: '', conference: '', text: '', citation: '' }])}
        >
          <span class="kern-label">Erwähnung hinzufügen</span>
        </button>
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Angaben speichern</span>
        </button>
      </div>
    </form>
  );
}

function RelationSelect({
  id,
  label,
  value,
  relations,
  onChange,
}: {
  id: string;
  label: string;
  value: Relation;
  relations: Relations;
  onChange: (r: Relation) => void;
}) {
  return (
    <div class="kern-form-input">
      <label class="kern-label" for={id}>
        {label}
      </label>
      <div class="kern-form-input__select-wrapper">
        <select class="kern-form-input__select" id={id} value={value} onChange={(e) => onChange(e.currentTarget.value as Relation)}>
          {relations.map((r) => (
            <option key={r.key} value={r.key}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function AddMember({ relations, onAdd }: { relations: Relations; onAdd: (demandId: number, relation: Relation) => void }) {
  const [demand, setDemand] = useState('');
  const [relation, setRelation] = useState<Relation>('reiterated');
  return (
    <form
      class="ek-form"
      noValidate
      aria-labelledby="forderung-aufnehmen"
      onSubmit={(e) => {
        e.preventDefault();
        onAdd(Number(demand), relation);
      }}
    >
      <h3 class="kern-heading-small" id="forderung-aufnehmen">
        Forderung aufnehmen
      </h3>
      <InputField
        id="neues-mitglied"
        label="Nummer der Forderung"
        hint="Steht in der Adresse ihrer Seite, z. B. /forderungen/128."
        type="number"
        value={demand}
        onValue={setDemand}
      />
      <RelationSelect id="neues-mitglied-beziehung" label="Beziehung" value={relation} relations={relations} onChange={setRelation} />
      <div class="ek-actions">
        <button type="submit" class="kern-btn kern-btn--secondary">
          <span class="kern-label">Aufnehmen</span>
        </button>
      </div>
    </form>
  );
}

function ThreadEditor({ initial, relations }: { initial: Versioned<Thread>; relations: Relations }) {
  const id = initial.data.id;
  const ed = useVersionedEditor(initial, () => versioned(call(api.GET('/api/v1/threads/{id}', { params: { path: { id } } }))), FIELDS);
  const t = ed.current.data;
  return (
    <>
      <Breadcrumbs items={[{ href: '/buero/pflege', label: 'Datenpflege' }, { label: 'Wiederkehrende Forderung' }]} />
      <PageTitle title={`Datenpflege: ${t.title}`}>{t.title}</PageTitle>
      <SectionNav label="Import und Datenpflege" items={OFFICE_SECTIONS} path="/buero/pflege/" />
      <p class="kern-body">
        <StatusBadge status={t.status} /> Erstmals erhoben {t.firstRaised} ·{' '}
        <a class="kern-link" href={`/wiederkehrende-forderungen/${t.id}`}>
          Öffentliche Ansicht
        </a>
      </p>
      {ed.notices}
      <section aria-labelledby="strang-mitglieder">
        <h2 class="kern-heading-medium" id="strang-mitglieder">
          Forderungen ({t.members.length})
        </h2>
        <ol class="ek-audit-list">
          {t.members.map((m) => (
            <li key={`${m.demand.id}-${ed.generation}`} class="ek-box">
              <p class="kern-body kern-body--small">
                {m.demand.resolution.conference}. IntMK · TOP {m.demand.resolution.top}
                {m.demand.ziffer ? ` · Ziffer ${m.demand.ziffer}` : ''}
              </p>
              <p class="kern-body">
                <a class="kern-link" href={`/buero/pflege/forderungen/${m.demand.id}`}>
                  {m.demand.summary}
                </a>
              </p>
              <div class="ek-row-actions">
                <RelationSelect
                  id={`beziehung-${m.demand.id}`}
                  label={`Beziehung von „${m.demand.summary}“`}
                  value={m.relation}
                  relations={relations}
                  onChange={(relation) =>
                    void ed.save(
                      (ifMatch) =>
                        api.PATCH('/api/v1/threads/{id}/members/{demandId}', {
                          params: { path: { id, demandId: m.demand.id }, header: { 'If-Match': ifMatch } },
                          body: { relation },
                        }),
                      'Beziehung gespeichert',
                    )
                  }
                />
                <button
                  type="button"
                  class="kern-btn kern-btn--tertiary kern-btn--small"
                  onClick={() =>
                    void ed.save(
                      (ifMatch) =>
                        api.DELETE('/api/v1/threads/{id}/members/{demandId}', {
                          params: { path: { id, demandId: m.demand.id }, header: { 'If-Match': ifMatch } },
                        }),
                      'Forderung aus der wiederkehrenden Forderung genommen',
                    )
                  }
                >
                  <span class="kern-label">Herausnehmen</span>
                </button>
              </div>
            </li>
          ))}
        </ol>
        <AddMember
          key={`neu-${t.members.length}-${ed.generation}`}
          relations={relations}
          onAdd={(demandId, relation) =>
            void ed.save(
              // Adding is not conditional (POST); the answer is the thread as it now is.
              () => api.POST('/api/v1/threads/{id}/members', { params: { path: { id } }, body: { demandId, relation } }),
              'Forderung aufgenommen',
            )
          }
        />
      </section>
      <section aria-labelledby="strang-angaben">
        <h2 class="kern-heading-medium" id="strang-angaben">
          Angaben
        </h2>
        <DetailsForm
          key={ed.generation}
          t={t}
          onSave={(body) =>
            void ed.save(
              (ifMatch) => api.PATCH('/api/v1/threads/{id}', { params: { path: { id }, header: { 'If-Match': ifMatch } }, body }),
              'Angaben gespeichert',
            )
          }
        />
      </section>
    </>
  );
}

export const ThreadCurationPage = curationPage({
  what: 'Wiederkehrende Forderung',
  record: (id) => call(api.GET('/api/v1/threads/{id}', { params: { path: { id } } })),
  vocab: () => call(api.GET('/api/v1/vocab/thread-relations')),
  editor: (t, relations) => <ThreadEditor initial={t} relations={relations} />,
});
