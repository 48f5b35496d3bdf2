// What the editor's pages share: who may see them, the answer's state as a badge, the error summary.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Schemas } from '../../api';
import { Alert, Loading, PageTitle } from '../../components/ui';
import { navigate } from '../../router';
import { type Me, useSession } from '../../session';
import './editor.css';

export type Assignment = Schemas['MyAssignment'];
export type AnswerState = Assignment['state'];

/**
 * The page for signed-in people who answer in reporting rounds: anonymous visitors go to the
 * sign-in page and come back; readers learn why there is nothing for them.
 */
export function EditorGate({ title, path, children }: { title: string; path: string; children: (me: Me) => ComponentChildren }) {
  const session = useSession();
  if (session.state === 'unknown') return <Loading what="Anmeldung" />;
  if (session.state === 'anonymous') {
    navigate(`/anmelden?weiter=${encodeURIComponent(path)}`, { replace: true });
    return null;
  }
  if (session.me.role === 'reader') {
    return (
      <>
        <PageTitle title={title}>{title}</PageTitle>
        <Alert kind="info" title="Keine Aufgaben für diese Rolle">
          <p class="kern-body">
            Ihr Konto hat die Rolle „{session.me.roleLabel}“: Sie lesen interne Inhalte, beantworten aber keine Berichtsrunden.
          </p>
        </Alert>
      </>
    );
  }
  return <>{children(session.me)}</>;
}

const BADGE: Record<AnswerState, 'info' | 'success' | 'warning' | 'danger'> = {
  none: 'info',
  draft: 'info',
  returned: 'warning',
  submitted: 'success',
  accepted: 'success',
  released: 'success',
};

/** The state of the own answer, in words (KERN badge) – never by colour alone. */
export function AnswerBadge({ state, label }: { state: AnswerState; label: string }) {
  return (
    <span class={`kern-badge kern-badge--${BADGE[state]} ek-badge`}>
      <span class="kern-label kern-label--small">{label}</span>
    </span>
  );
}

export function OverdueBadge() {
  return (
    <span class="kern-badge kern-badge--danger ek-badge">
      <span class="kern-label kern-label--small">überfällig</span>
    </span>
  );
}

/** One problem with a field: the text, and the id of the control it links to. */
export interface FieldProblem {
  id: string;
  message: string;
}

/**
 * The error summary above a form (GOV.UK and KERN pattern): announced and focused at once, each
 * entry a link to its field; the same texts stand at the fields.
 */
export function ErrorSummary({ problems, detail }: { problems: FieldProblem[]; detail?: string | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = problems.map((p) => p.id + p.message).join('|') + (detail ?? '');
  useEffect(() => {
    if (problems.length > 0 || detail) ref.current?.focus();
  }, [key]);
  if (problems.length === 0 && !detail) return null;
  return (
    <div class="kern-alert kern-alert--danger ek-error-summary" role="alert" tabIndex={-1} ref={ref}>
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true" />
        <span class="kern-title">{problems.length > 0 ? 'Bitte prüfen Sie Ihre Angaben' : 'Das hat nicht geklappt'}</span>
      </div>
      <div class="kern-alert__body">
        {detail ? <p class="kern-body">{detail}</p> : null}
        {problems.length > 0 ? (
          <ul class="kern-list">
            {problems.map((p, i) => (
              <li key={i}>
                <a
                  class="kern-link"
                  href={`#${p.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    document.getElementById(p.id)?.focus();
                  }}
                >
                  {p.message}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
