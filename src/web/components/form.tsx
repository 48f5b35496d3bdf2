import type { ComponentChildren } from 'preact';
import type { Failure } from '../api';

/** A labelled field in KERN's markup; hint and error are tied to the control by aria-describedby. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true'; class: string }) => ComponentChildren;
}) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {label}
      </label>
      {hint ? (
        <div class="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {children({
        id,
        class: `kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`,
        ...(described ? { 'aria-describedby': described } : {}),
        ...(error ? { 'aria-invalid': 'true' as const } : {}),
      })}
      {error ? (
        <p class="kern-error" id={`${id}-error`}>
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Field errors of a problem (`body.password` → `password`). */
export function fieldErrors(failure: Failure | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of failure?.errors ?? []) out[e.field.replace(/^body\./, '')] ??= e.message;
  return out;
}

/** The error summary above a form: the problem's detail, announced at once. */
export function FormProblem({ failure }: { failure: Failure | null }) {
  if (!failure) return null;
  return (
    <div class="kern-alert kern-alert--danger" role="alert">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true" />
        <span class="kern-title">Das hat nicht geklappt</span>
      </div>
      <div class="kern-alert__body">
        <p class="kern-body">{failure.detail}</p>
      </div>
    </div>
  );
}

type FieldProps = { id: string; label: string; hint?: string; error?: string | undefined };

/** A one-line text, number or date input in a labelled field, reporting each change as text. */
export function InputField({
  type,
  value,
  onValue,
  ...field
}: FieldProps & { type: 'text' | 'number' | 'date'; value: string | number; onValue: (value: string) => void }) {
  return (
    <Field {...field}>
      {(p) => {
        const input = { ...p, value, onInput: (e: { currentTarget: HTMLInputElement }) => onValue(e.currentTarget.value) };
        if (type === 'number') return <input {...input} type="number" inputMode="numeric" />;
        if (type === 'date') return <input {...input} type="date" />;
        return <input {...input} type="text" />;
      }}
    </Field>
  );
}

/** A multi-line text in a labelled field. */
export function TextAreaField({
  rows,
  value,
  onValue,
  ...field
}: FieldProps & { rows: number; value: string; onValue: (value: string) => void }) {
  return <Field {...field}>{(p) => <textarea {...p} rows={rows} value={value} onInput={(e) => onValue(e.currentTarget.value)} />}</Field>;
}

/** A choice in a labelled field, in KERN's select markup; the options are the children. */
export function SelectField({
  value,
  onValue,
  children,
  ...field
}: FieldProps & { value: string; onValue: (value: string) => void; children: ComponentChildren }) {
  return (
    <Field {...field}>
      {(p) => (
        <div class="kern-form-input__select-wrapper">
          <select {...p} class="kern-form-input__select" value={value} onChange={(e) => onValue(e.currentTarget.value)}>
            {children}
          </select>
        </div>
      )}
    </Field>
  );
}
