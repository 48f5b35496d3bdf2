// One recognised demand in an import draft: its correction, whether it is taken over, and the
// suggested links to earlier demands or threads with their reasons and scores.
import { useState } from 'preact/hooks';
import { api, type Failure, type Schemas } from '../../api';
import { FormProblem, InputField, SelectField, TextAreaField } from '../../components/form';
import { CodePicker } from '../../components/office-admin';
import { Alert } from '../../components/ui';
import type { Draft, Write } from './import-draft';

export type Vocab = {
  kinds: Schemas['DemandKindList'];
  bodies: { code: string; name: string }[];
  adoptions: Schemas['AdoptionList'];
};
type Demand = Schemas['ImportDemand'];
type Suggestion = Schemas['ImportLinkSuggestion'];

const REASON_LABELS: Record<Suggestion['reasons'][number]['kind'], string> = {
  explicit_reference: 'Ausdrücklicher Verweis',
  cue_word: 'Signalwort',
  text_similarity: 'Ähnlicher Wortlaut',
};
const DECISION_LABELS: Record<Suggestion['decision'], string> = {
  pending: 'nicht entschieden',
  accepted: 'angenommen',
  rejected: 'abgelehnt',
};

function percent(score: number): string {
  return `${Math.round(score * 100)} %`;
}

function SuggestionItem({ draft, s, write }: { draft: Draft; s: Suggestion; write: Write }) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const decide = async (decision: Suggestion['decision']) => {
    setFailure(
      await write((ifMatch) =>
        api.PUT('/api/v1/imports/{id}/suggestions/{suggestionId}', {
          params: { path: { id: draft.id, suggestionId: s.id }, header: { 'If-Match': ifMatch } },
          body: { decision },
        }),
      ),
    );
  };
  const targetHref = s.target.type === 'thread' ? `/wiederkehrende-forderungen/${s.target.id}` : `/forderungen/${s.target.id}`;
  const committed = draft.status === 'committed';
  return (
    <li>
      <p class="kern-body">
        <span class="kern-body--bold">{s.target.type === 'thread' ? 'Wiederkehrende Forderung' : 'Frühere Forderung'}: </span>
        <a class="kern-link" href={targetHref} target="_blank" rel="noopener">
          {s.target.label}
          <span class="ek-visually-hidden"> (öffnet in neuem Fenster)</span>
        </a>
      </p>
      <p class="kern-body kern-body--small">
        Übereinstimmung <span class="ek-score">{percent(s.score)}</span> ·{' '}
        <span
          class={`kern-badge kern-badge--${s.decision === 'accepted' ? 'success' : s.decision === 'rejected' ? 'danger' : 'info'} ek-badge`}
        >
          <span class="kern-label kern-label--small">{DECISION_LABELS[s.decision]}</span>
        </span>
      </p>
      <ul class="kern-list">
        {s.reasons.map((r, i) => (
          <li key={i} class="kern-body kern-body--small">
            {REASON_LABELS[r.kind]}: {r.text}
          </li>
        ))}
      </ul>
      <FormProblem failure={failure} />
      {committed ? null : (
        <div class="ek-row-actions">
          {s.decision !== 'accepted' ? (
            <button
              type="button"
              class="kern-btn kern-btn--secondary kern-btn--small"
              aria-label={`Annehmen: ${s.target.label}`}
              onClick={() => void decide('accepted')}
            >
              <span class="kern-label">Annehmen</span>
            </button>
          ) : null}
          {s.decision !== 'rejected' ? (
            <button
              type="button"
              class="kern-btn kern-btn--tertiary kern-btn--small"
              aria-label={`Ablehnen: ${s.target.label}`}
              onClick={() => void decide('rejected')}
            >
              <span class="kern-label">Ablehnen</span>
            </button>
          ) : null}
          {s.decision !== 'pending' ? (
            <button
              type="button"
              class="kern-btn kern-btn--tertiary kern-btn--small"
              aria-label={`Offen lassen: ${s.target.label}`}
              onClick={() => void decide('pending')}
            >
              <span class="kern-label">Offen lassen</span>
            </button>
          ) : null}
        </div>
      )}
    </li>
  );
}

function CorrectionForm({ draft, d, vocab, write }: { draft: Draft; d: Demand; vocab: Vocab; write: Write }) {
  const [summary, setSummary] = useState(d.summary);
  const [wording, setWording] = useState(d.wording);
  const [kind, setKind] = useState(d.kind);
  const [ziffer, setZiffer] = useState(d.ziffer ?? '');
  const [addressees, setAddressees] = useState(d.addressees);
  const [due, setDue] = useState(d.dueConference === null ? '' : String(d.dueConference));
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);
  const errors: Record<string, string> = {};
  for (const e of failure?.errors ?? []) errors[e.field.replace(/^body\./, '').split('.')[0] as string] ??= e.message;
  const id = `f-${d.key}`.replace(/[^\w-]/g, '_');
  return (
    <details class="ek-correction">
      <summary class="kern-link">Forderung {d.key} berichtigen</summary>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setSaved(false);
          const f = await write((ifMatch) =>
            api.PATCH('/api/v1/imports/{id}/demands/{key}', {
              params: { path: { id: draft.id, key: d.key }, header: { 'If-Match': ifMatch } },
              body: {
                summary,
                wording,
                kind,
                ziffer: ziffer.trim() || null,
                addressees,
                dueConference: due ? Number(due) : null,
              },
            }),
          );
          setFailure(f);
          setSaved(f === null);
        }}
      >
        {saved ? <Alert kind="success" title={`Forderung ${d.key} gespeichert`} live /> : null}
        <FormProblem failure={failure} />
        <InputField id={`${id}-kurz`} label="Kurzfassung" error={errors.summary} type="text" value={summary} onValue={setSummary} />
        <TextAreaField id={`${id}-wortlaut`} label="Wortlaut" error={errors.wording} rows={5} value={wording} onValue={setWording} />
        <div class="ek-form-grid">
          <SelectField id={`${id}-art`} label="Art" error={errors.kind} value={kind} onValue={(v) => setKind(v as Demand['kind'])}>
            {vocab.kinds.map((k) => (
              <option key={k.key} value={k.key}>
                {k.label}
              </option>
            ))}
          </SelectField>
          <InputField id={`${id}-ziffer`} label="Ziffer" error={errors.ziffer} type="text" value={ziffer} onValue={setZiffer} />
          <InputField
            id={`${id}-faellig`}
            label="Fällig zur Konferenz (Nummer)"
            error={errors.dueConference}
            type="number"
            value={due}
            onValue={setDue}
          />
        </div>
        <CodePicker
          id={`${id}-adressaten`}
          legend="Adressaten"
          options={vocab.bodies}
          value={addressees}
          onChange={setAddressees}
          error={errors.addressees}
        />
        <div class="ek-actions">
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">Forderung {d.key} speichern</span>
          </button>
        </div>
      </form>
    </details>
  );
}

export function DemandReview({ draft, d, vocab, write }: { draft: Draft; d: Demand; vocab: Vocab; write: Write }) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const kindLabel = vocab.kinds.find((k) => k.key === d.kind)?.label ?? d.kind;
  const names = d.addressees.map((a) => vocab.bodies.find((b) => b.code === a)?.name ?? a).join(', ');
  const committed = draft.status === 'committed';
  return (
    <article class={`ek-box${d.accepted ? '' : ' ek-box--muted'}`} aria-labelledby={`forderung-${d.key}`}>
      <h4 class="kern-heading-small" id={`forderung-${d.key}`}>
        {d.summary}
      </h4>
      <p class="kern-body kern-body--small">
        Forderung {d.key}
        {d.ziffer ? (
          <>
            {' '}
            ·{' '}
            <a class="kern-link" href={`#ziffer-${d.ziffer}`}>
              Ziffer {d.ziffer}
            </a>
          </>
        ) : null}{' '}
        · {kindLabel} · an {names || '–'}
        {d.dueConference ? ` · fällig zur ${d.dueConference}. IntMK` : ''}
        {d.accepted ? '' : ' · wird nicht übernommen'}
      </p>
      <blockquote class="ek-quote kern-body">{d.wording}</blockquote>
      {d.cues.length > 0 ? (
        <p class="kern-body kern-body--small">Hinweise auf frühere Forderungen im Text: {d.cues.map((c) => `„${c.text}“`).join(', ')}</p>
      ) : null}
      <FormProblem failure={failure} />
      {committed ? null : (
        <div class="ek-row-actions">
          <button
            type="button"
            class="kern-btn kern-btn--tertiary kern-btn--small"
            onClick={async () =>
              setFailure(
                await write((ifMatch) =>
                  api.PATCH('/api/v1/imports/{id}/demands/{key}', {
                    params: { path: { id: draft.id, key: d.key }, header: { 'If-Match': ifMatch } },
                    body: { accepted: !d.accepted },
                  }),
                ),
              )
            }
          >
            <span class="kern-label">{d.accepted ? `Forderung ${d.key} verwerfen` : `Forderung ${d.key} wieder aufnehmen`}</span>
          </button>
        </div>
      )}
      {committed ? null : <CorrectionForm draft={draft} d={d} vocab={vocab} write={write} />}
      {d.suggestions.length > 0 ? (
        <>
          <p class="kern-body kern-body--bold">Verknüpfungsvorschläge</p>
          <ul class="ek-suggestions">
            {d.suggestions.map((s) => (
              <SuggestionItem key={s.id} draft={draft} s={s} write={write} />
            ))}
          </ul>
        </>
      ) : (
        <p class="kern-body kern-body--small">Kein Vorschlag für eine frühere Forderung.</p>
      )}
    </article>
  );
}
