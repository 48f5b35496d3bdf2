// The Sachstand form of an assigned editor: kind, status (German label and one-line help each),
// narrative, the addressee it concerns, evidence items, visibility; save as draft or submit.
// Problems are shown twice, as everywhere: in an error summary above (focused, each entry a link)
// and at the field (aria-describedby). A change by someone else since the form was loaded comes
// back as 412; the person then chooses whose version counts.
import { useRef, useState } from 'preact/hooks';
import { api, call, type Failure, type Schemas } from '../../api';
import { Alert } from '../../components/ui';
import { ErrorSummary, type FieldProblem } from './common';
import { type DraftKind, EVIDENCE_KINDS, type EvidenceKind, KIND_OPTIONS, STATUS_OPTIONS, type Status } from './vocab';

type Draft = Schemas['Draft'];

interface EvidenceValue {
  kind: EvidenceKind;
  citation: string;
  date: string;
  url: string;
}

interface Values {
  kind: DraftKind;
  status: Status | null;
  narrative: string;
  addressee: string;
  expectedDate: string;
  visibility: 'public' | 'internal';
  evidence: EvidenceValue[];
}

function valuesOf(d: Draft | null): Values {
  return {
    kind: d?.kind ?? 'sachstand',
    status: d?.status ?? null,
    narrative: d?.narrative ?? '',
    addressee: d?.addressee ?? '',
    expectedDate: d?.expectedDate ?? '',
    visibility: d?.visibility ?? 'public',
    evidence: (d?.evidence ?? []).map((e) => ({ kind: e.kind, citation: e.citation, date: e.date ?? '', url: e.url ?? '' })),
  };
}

const STATUSES = Object.keys(STATUS_OPTIONS) as Status[];

/** The control a field error belongs to (API field path without `body.`). */
function controlOf(field: string): string {
  const m = /^evidence\.(\d+)\.(\w+)/.exec(field);
  if (m) return `nachweis-${m[1]}-${{ kind: 'art', citation: 'angabe', date: 'datum', url: 'link' }[m[2] as string] ?? 'angabe'}`;
  if (field.startsWith('status')) return `sachstand-status-${STATUSES[0]}`;
  if (field.startsWith('kind')) return 'sachstand-art-sachstand';
  if (field.startsWith('narrative')) return 'sachstand-text';
  if (field.startsWith('addressee')) return 'sachstand-adressat';
  if (field.startsWith('expectedDate')) return 'sachstand-erwartet';
  if (field.startsWith('visibility')) return 'sachstand-sichtbarkeit-public';
  return 'sachstand-text';
}

const FIELD_NAMES: Record<string, string> = {
  status: 'Status',
  kind: 'Art der Antwort',
  narrative: 'Beschreibung des Sachstands',
  addressee: 'Betrifft',
  expectedDate: 'Antwort erwartet bis',
  visibility: 'Sichtbarkeit',
};

function validate(v: Values): Record<string, string> {
  const out: Record<string, string> = {};
  if (v.status === null) out.status = 'Bitte wählen Sie einen Status.';
  if (v.narrative.trim() === '') out.narrative = 'Bitte beschreiben Sie den Sachstand.';
  if (v.kind === 'zwischenbericht' && v.expectedDate === '') {
    out.expectedDate = 'Ein Zwischenbericht nennt, bis wann die Antwort erwartet wird.';
  }
  v.evidence.forEach((e, i) => {
    if (e.citation.trim() === '') out[`evidence.${i}.citation`] = `Nachweis ${i + 1}: Bitte geben Sie an, worum es sich handelt.`;
    if (e.url.trim() !== '' && !/^https?:\/\/\S+$/i.test(e.url.trim())) {
      out[`evidence.${i}.url`] = `Nachweis ${i + 1}: Der Link muss mit http:// oder https:// beginnen.`;
    }
  });
  return out;
}

function bodyOf(v: Values) {
  return {
    kind: v.kind,
    status: v.status as Status,
    narrative: v.narrative.trim(),
    addressee: v.addressee || null,
    expectedDate: v.kind === 'zwischenbericht' ? v.expectedDate || null : null,
    visibility: v.visibility,
    evidence: v.evidence.map((e) => ({
      kind: e.kind,
      citation: e.citation.trim(),
      date: e.date || null,
      url: e.url.trim() || null,
      visibility: 'public' as const,
    })),
  };
}

/** Hint and error ids a control is described by. */
function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const s = ids.filter(Boolean).join(' ');
  return s || undefined;
}

function ErrorText({ id, text }: { id: string; text: string | undefined }) {
  if (!text) return null;
  return (
    <p class="kern-error" id={id}>
      <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
      {text}
    </p>
  );
}

export interface SachstandFormProps {
  roundId: number;
  demandId: number;
  group: string;
  addressees: { code: string; name: string }[];
  /** The draft being edited, as the page loaded it; null: none yet. */
  draft: { data: Draft } | null;
  /** After a save or submission: the parent reloads and shows the message. */
  onDone: (message: string, title?: string) => void;
  /** A new attempt begins: an earlier message no longer applies. */
  onStart?: () => void;
}

export function SachstandForm({ roundId, demandId, group, addressees, draft, onDone, onStart }: SachstandFormProps) {
  const [v, setV] = useState<Values>(() => valuesOf(draft?.data ?? null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [stale, setStale] = useState<'submit' | 'draft' | null>(null);
  const [busy, setBusy] = useState(false);
  // The ETag a change must name. Taken when the person first saves: if the draft changed since the
  // page loaded it (another window, the office), that is the same stale edit a 412 reports.
  const etag = useRef<string | null>(null);
  const set = (patch: Partial<Values>) => setV((old) => ({ ...old, ...patch }));
  const setEvidence = (i: number, patch: Partial<EvidenceValue>) =>
    setV((old) => ({ ...old, evidence: old.evidence.map((e, j) => (j === i ? { ...e, ...patch } : e)) }));
  const returned = draft?.data.state === 'returned';

  async function save(action: 'draft' | 'submit') {
    onStart?.();
    const found = validate(v);
    setErrors(found);
    setFailure(null);
    setStale(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const body = bodyOf(v);
      let id = draft?.data.id;
      if (draft && etag.current === null) {
        const current = await call(api.GET('/api/v1/drafts/{id}', { params: { path: { id: draft.data.id } } }));
        if (!current.ok) {
          setFailure(current.failure);
          return;
        }
        if (current.data.modified !== draft.data.modified) {
          setStale(action);
          return;
        }
        etag.current = current.response.headers.get('etag');
      }
      const saved =
        id === undefined
          ? await call(api.POST('/api/v1/rounds/{id}/drafts', { params: { path: { id: roundId } }, body: { demandId, group, ...body } }))
          : await call(
              api.PATCH('/api/v1/drafts/{id}', {
                params: { path: { id }, header: { 'If-Match': etag.current ?? '*' } },
                body,
              }),
            );
      if (!saved.ok) {
        if (saved.failure.status === 412) {
          setStale(action);
          return;
        }
        const fromApi: Record<string, string> = {};
        for (const e of saved.failure.errors ?? []) {
          const field = e.field.replace(/^body\./, '');
          fromApi[field] ??= `${FIELD_NAMES[field] ?? 'Angabe'}: ${e.message}`;
        }
        setErrors(fromApi);
        setFailure(saved.failure);
        return;
      }
      id = saved.data.id;
      etag.current = saved.response.headers.get('etag');
      if (action === 'submit') {
        const submitted = await call(api.POST('/api/v1/drafts/{id}/submission', { params: { path: { id } } }));
        if (!submitted.ok) {
          // The draft was just created: show it as such (a second attempt must edit, not create it).
          if (draft === null) {
            onDone(`Eingereicht ist er noch nicht: ${submitted.failure.detail}`, 'Entwurf gespeichert');
            return;
          }
          setFailure(submitted.failure);
          return;
        }
        onDone(
          'Die Geschäftsstelle prüft ihn nun; gibt sie ihn mit einem Kommentar zurück, sehen Sie das hier und unter „Meine Aufgaben“.',
          'Sachstand eingereicht',
        );
      } else {
        onDone('Er ist noch nicht eingereicht; nur Ihre Stelle, die Geschäftsstelle und der Vorsitz sehen ihn.', 'Entwurf gespeichert');
      }
    } finally {
      setBusy(false);
    }
  }

  /** After a 412: take the stored version's tag and save this one over it, as the person chose. */
  async function overwrite() {
    if (!draft) return;
    const current = await call(api.GET('/api/v1/drafts/{id}', { params: { path: { id: draft.data.id } } }));
    if (!current.ok) {
      setFailure(current.failure);
      return;
    }
    if (current.data.state !== 'draft' && current.data.state !== 'returned') {
      setStale(null);
      setFailure({
        status: 409,
        detail: `Der Entwurf ist inzwischen ${current.data.stateLabel} und kann nicht mehr geändert werden. Bitte laden Sie die Seite neu.`,
      });
      return;
    }
    etag.current = current.response.headers.get('etag');
    await save(stale ?? 'draft');
  }

  const p = `f${draft?.data.id ?? 'neu'}`;
  // Ids carry the draft's number: a page may show forms of several drafts.
  const id = (name: string) => (draft ? `d${draft.data.id}-${name}` : name);
  const problems: FieldProblem[] = Object.entries(errors).map(([field, message]) => ({ id: id(controlOf(field)), message }));
  const err = (field: string) => errors[field];

  return (
    <form
      class="ek-form ek-sachstand-form"
      noValidate
      aria-labelledby={id('sachstand-formular')}
      onSubmit={(e) => {
        e.preventDefault();
        const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
        void save(submitter?.value === 'submit' ? 'submit' : 'draft');
      }}
    >
      <h3 class="kern-heading-small" id={id('sachstand-formular')}>
        {draft ? (returned ? 'Sachstand überarbeiten' : 'Entwurf bearbeiten') : 'Sachstand erfassen'}
      </h3>
      <ErrorSummary problems={problems} detail={problems.length === 0 ? failure?.detail : undefined} />
      {stale ? (
        <Alert kind="warning" title="Der Entwurf wurde inzwischen geändert" live>
          <p class="kern-body">
            Seit Sie diese Seite geöffnet haben, hat jemand anderes den Entwurf gespeichert – etwa eine Kollegin, die Geschäftsstelle oder
            Sie selbst in einem anderen Fenster. Damit nichts unbemerkt überschrieben wird, ist Ihre Fassung noch nicht gespeichert; Ihre
            Eingaben stehen weiter im Formular.
          </p>
          <div class="ek-actions">
            <button
              type="button"
              class="kern-btn kern-btn--secondary"
              onClick={() => onDone('Das Formular zeigt jetzt die gespeicherte Fassung.', 'Neu geladen')}
            >
              <span class="kern-label">Gespeicherte Fassung laden (meine Eingaben verwerfen)</span>
            </button>
            <button type="button" class="kern-btn kern-btn--tertiary" onClick={() => void overwrite()}>
              <span class="kern-label">Meine Fassung trotzdem speichern</span>
            </button>
          </div>
        </Alert>
      ) : null}

      <fieldset class={`kern-fieldset${err('kind') ? ' kern-fieldset--error' : ''}`}>
        <legend class="kern-label">Art der Antwort</legend>
        <div class="kern-fieldset__body">
          {(Object.keys(KIND_OPTIONS) as DraftKind[]).map((k) => (
            <div class="kern-form-check" key={k}>
              <input
                class="kern-form-check__radio"
                type="radio"
                id={id(`sachstand-art-${k}`)}
                name={`${p}-art`}
                value={k}
                checked={v.kind === k}
                aria-describedby={`${id(`sachstand-art-${k}`)}-hint`}
                onChange={() => set({ kind: k })}
              />
              <label class="kern-label" for={id(`sachstand-art-${k}`)}>
                {KIND_OPTIONS[k].label}
              </label>
              <div class="kern-hint" id={`${id(`sachstand-art-${k}`)}-hint`}>
                {KIND_OPTIONS[k].help}
              </div>
            </div>
          ))}
        </div>
      </fieldset>

      {v.kind === 'zwischenbericht' ? (
        <div class={`kern-form-input${err('expectedDate') ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for={id('sachstand-erwartet')}>
            Antwort erwartet bis
          </label>
          <input
            class={`kern-form-input__input${err('expectedDate') ? ' kern-form-input__input--error' : ''}`}
            type="date"
            id={id('sachstand-erwartet')}
            value={v.expectedDate}
            aria-invalid={err('expectedDate') ? 'true' : undefined}
            aria-describedby={describedBy(err('expectedDate') && `${id('sachstand-erwartet')}-error`)}
            onInput={(e) => set({ expectedDate: e.currentTarget.value })}
          />
          <ErrorText id={`${id('sachstand-erwartet')}-error`} text={err('expectedDate')} />
        </div>
      ) : null}

      <fieldset
        class={`kern-fieldset${err('status') ? ' kern-fieldset--error' : ''}`}
        aria-describedby={describedBy(`${id('sachstand-status')}-hint`, err('status') && `${id('sachstand-status')}-error`)}
      >
        <legend class="kern-label">Status</legend>
        <div class="kern-hint" id={`${id('sachstand-status')}-hint`}>
          Wie weit ist die Forderung zum Stichtag umgesetzt?
        </div>
        <ErrorText id={`${id('sachstand-status')}-error`} text={err('status')} />
        <div class="kern-fieldset__body">
          {STATUSES.map((s) => (
            <div class="kern-form-check" key={s}>
              <input
                class={`kern-form-check__radio${err('status') ? ' kern-form-check__radio--error' : ''}`}
                type="radio"
                id={id(`sachstand-status-${s}`)}
                name={`${p}-status`}
                value={s}
                checked={v.status === s}
                aria-describedby={`${id(`sachstand-status-${s}`)}-hint`}
                onChange={() => set({ status: s })}
              />
              <label class="kern-label" for={id(`sachstand-status-${s}`)}>
                {STATUS_OPTIONS[s].label}
              </label>
              <div class="kern-hint" id={`${id(`sachstand-status-${s}`)}-hint`}>
                {STATUS_OPTIONS[s].help}
              </div>
            </div>
          ))}
        </div>
      </fieldset>

      <div class={`kern-form-input${err('narrative') ? ' kern-form-input--error' : ''}`}>
        <label class="kern-label" for={id('sachstand-text')}>
          Beschreibung des Sachstands
        </label>
        <div class="kern-hint" id={`${id('sachstand-text')}-hint`}>
          Was ist bis zum Stichtag geschehen, was steht noch aus? Schreiben Sie so, dass es ohne Vorwissen verständlich ist.
        </div>
        <textarea
          class={`kern-form-input__input${err('narrative') ? ' kern-form-input__input--error' : ''}`}
          id={id('sachstand-text')}
          rows={6}
          value={v.narrative}
          aria-invalid={err('narrative') ? 'true' : undefined}
          aria-describedby={describedBy(`${id('sachstand-text')}-hint`, err('narrative') && `${id('sachstand-text')}-error`)}
          onInput={(e) => set({ narrative: e.currentTarget.value })}
        />
        <ErrorText id={`${id('sachstand-text')}-error`} text={err('narrative')} />
      </div>

      {addressees.length > 0 ? (
        <div class={`kern-form-input${err('addressee') ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for={id('sachstand-adressat')}>
            Betrifft
          </label>
          <div class="kern-hint" id={`${id('sachstand-adressat')}-hint`}>
            Der Adressat der Forderung, über den der Sachstand berichtet.
          </div>
          <div class="kern-form-input__select-wrapper">
            <select
              class={`kern-form-input__select${err('addressee') ? ' kern-form-input__select--error' : ''}`}
              id={id('sachstand-adressat')}
              value={v.addressee}
              aria-invalid={err('addressee') ? 'true' : undefined}
              aria-describedby={describedBy(`${id('sachstand-adressat')}-hint`, err('addressee') && `${id('sachstand-adressat')}-error`)}
              onChange={(e) => set({ addressee: e.currentTarget.value })}
            >
              <option value="">alle Adressaten</option>
              {addressees.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <ErrorText id={`${id('sachstand-adressat')}-error`} text={err('addressee')} />
        </div>
      ) : null}

      <h4 class="kern-heading-x-small ek-subheading">Nachweise</h4>
      <p class="kern-body kern-body--small">Gesetze, Haushaltstitel, Schreiben, Beschlüsse oder Berichte, die den Sachstand belegen.</p>
      {v.evidence.length === 0 ? <p class="kern-body">Noch keine Nachweise angegeben.</p> : null}
      {v.evidence.map((e, i) => {
        const n = id(`nachweis-${i}`);
        const citationError = err(`evidence.${i}.citation`);
        const urlError = err(`evidence.${i}.url`);
        return (
          <fieldset class="kern-fieldset ek-evidence-item" key={i}>
            <legend class="kern-label">Nachweis {i + 1}</legend>
            <div class="kern-fieldset__body ek-evidence-item__body">
              <div class="kern-form-input">
                <label class="kern-label" for={`${n}-art`}>
                  Art
                </label>
                <div class="kern-form-input__select-wrapper">
                  <select
                    class="kern-form-input__select"
                    id={`${n}-art`}
                    value={e.kind}
                    onChange={(ev) => setEvidence(i, { kind: ev.currentTarget.value as EvidenceKind })}
                  >
                    {(Object.keys(EVIDENCE_KINDS) as EvidenceKind[]).map((k) => (
                      <option key={k} value={k}>
                        {EVIDENCE_KINDS[k]}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <div class={`kern-form-input${citationError ? ' kern-form-input--error' : ''}`}>
                <label class="kern-label" for={`${n}-angabe`}>
                  Angabe
                </label>
                <div class="kern-hint" id={`${n}-angabe-hint`}>
                  Titel, Fundstelle oder Aktenzeichen, z. B. „Schreiben des BMI vom 3.11.2026“.
                </div>
                <input
                  class={`kern-form-input__input${citationError ? ' kern-form-input__input--error' : ''}`}
                  type="text"
                  id={`${n}-angabe`}
                  value={e.citation}
                  aria-invalid={citationError ? 'true' : undefined}
                  aria-describedby={describedBy(`${n}-angabe-hint`, citationError && `${n}-angabe-error`)}
                  onInput={(ev) => setEvidence(i, { citation: ev.currentTarget.value })}
                />
                <ErrorText id={`${n}-angabe-error`} text={citationError} />
              </div>
              <div class="kern-form-input">
                <label class="kern-label" for={`${n}-datum`}>
                  Datum (freiwillig)
                </label>
                <input
                  class="kern-form-input__input"
                  type="date"
                  id={`${n}-datum`}
                  value={e.date}
                  onInput={(ev) => setEvidence(i, { date: ev.currentTarget.value })}
                />
              </div>
              <div class={`kern-form-input${urlError ? ' kern-form-input--error' : ''}`}>
                <label class="kern-label" for={`${n}-link`}>
                  Link (freiwillig)
                </label>
                <input
                  class={`kern-form-input__input${urlError ? ' kern-form-input__input--error' : ''}`}
                  type="url"
                  id={`${n}-link`}
                  value={e.url}
                  aria-invalid={urlError ? 'true' : undefined}
                  aria-describedby={describedBy(urlError && `${n}-link-error`)}
                  onInput={(ev) => setEvidence(i, { url: ev.currentTarget.value })}
                />
                <ErrorText id={`${n}-link-error`} text={urlError} />
              </div>
              <div>
                <button
                  type="button"
                  class="kern-btn kern-btn--tertiary kern-btn--small"
                  onClick={() => {
                    setV((old) => ({ ...old, evidence: old.evidence.filter((_, j) => j !== i) }));
                    setErrors({});
                    document.getElementById(id('nachweis-neu'))?.focus();
                  }}
                >
                  <span class="kern-label">Nachweis {i + 1} entfernen</span>
                </button>
              </div>
            </div>
          </fieldset>
        );
      })}
      <div class="ek-actions ek-actions--tight">
        <button
          type="button"
          id={id('nachweis-neu')}
          class="kern-btn kern-btn--secondary kern-btn--small"
          onClick={() => {
            const next = v.evidence.length;
            setV((old) => ({ ...old, evidence: [...old.evidence, { kind: 'schreiben', citation: '', date: '', url: '' }] }));
            // Once rendered, the new item's first field takes the focus.
            setTimeout(() => document.getElementById(id(`nachweis-${next}-art`))?.focus(), 0);
          }}
        >
          <span class="kern-label">Nachweis hinzufügen</span>
        </button>
      </div>

      <fieldset class="kern-fieldset">
        <legend class="kern-label">Sichtbarkeit nach der Freigabe</legend>
        <div class="kern-fieldset__body">
          {(
            [
              ['public', 'öffentlich', 'Erscheint nach der Freigabe auf den öffentlichen Seiten (wenn die Forderung öffentlich ist).'],
              ['internal', 'intern', 'Nur für angemeldete Personen sichtbar.'],
            ] as const
          ).map(([value, label, help]) => (
            <div class="kern-form-check" key={value}>
              <input
                class="kern-form-check__radio"
                type="radio"
                id={id(`sachstand-sichtbarkeit-${value}`)}
                name={`${p}-sichtbarkeit`}
                value={value}
                checked={v.visibility === value}
                aria-describedby={`${id(`sachstand-sichtbarkeit-${value}`)}-hint`}
                onChange={() => set({ visibility: value })}
              />
              <label class="kern-label" for={id(`sachstand-sichtbarkeit-${value}`)}>
                {label}
              </label>
              <div class="kern-hint" id={`${id(`sachstand-sichtbarkeit-${value}`)}-hint`}>
                {help}
              </div>
            </div>
          ))}
        </div>
      </fieldset>

      <div class="ek-actions">
        <button type="submit" name="aktion" value="draft" class="kern-btn kern-btn--secondary" disabled={busy}>
          <span class="kern-label">Als Entwurf speichern</span>
        </button>
        <button type="submit" name="aktion" value="submit" class="kern-btn kern-btn--primary" disabled={busy}>
          <span class="kern-label">{returned ? 'Erneut einreichen' : 'Einreichen'}</span>
        </button>
      </div>
    </form>
  );
}
