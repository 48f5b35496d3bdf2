// The demand page's part for an assigned editor: per open round that asks the own Land or working
// group about this demand, the state of the answer, the office's comment when it came back, the
// Sachstand form while the answer is with the group, and what was submitted once it is not.
// Requests: the own assignments for this demand, then the own drafts of it (one list per round).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, call, type Schemas } from '../../api';
import { Alert, ErrorAlert, Loading, StatusBadge, useLoad } from '../../components/ui';
import { dateLong, dateShort, dateTime } from '../../format';
import { useSession, useSignedIn } from '../../session';
import { AnswerBadge, type Assignment, OverdueBadge } from './common';
import { SachstandForm } from './sachstand-form';
import { EVENT_LABELS } from './vocab';

type Draft = Schemas['Draft'];
interface Loaded {
  assignments: Assignment[];
  drafts: Map<number, { data: Draft }>;
}

async function loadAnswers(demandId: number) {
  const mine = await call(api.GET('/api/v1/me/assignments', { params: { query: { demand: demandId, roundState: 'open', limit: 20 } } }));
  if (!mine.ok) return mine;
  // The own drafts in full, one request per round (usually one); their ETags are taken on saving.
  const rounds = [...new Set(mine.data.items.filter((a) => a.drafts.length > 0).map((a) => a.round.id))];
  const lists = await Promise.all(
    rounds.map((id) => call(api.GET('/api/v1/rounds/{id}/drafts', { params: { path: { id }, query: { demand: demandId, limit: 50 } } }))),
  );
  const out: Loaded = { assignments: mine.data.items, drafts: new Map() };
  for (const list of lists) {
    if (!list.ok) return list;
    for (const d of list.data.items) out.drafts.set(d.id, { data: d });
  }
  return { ok: true as const, data: out, response: mine.response };
}

function DraftHistory({ draft }: { draft: Draft }) {
  return (
    <details class="ek-draft-history">
      <summary class="kern-body">Verlauf des Entwurfs</summary>
      <ol class="ek-history">
        {draft.events.map((e, i) => (
          <li key={i} class="ek-history__item">
            <p class="kern-body kern-body--small">
              <time dateTime={e.created}>{dateTime(e.created)}</time> · {EVENT_LABELS[e.event] ?? e.event} ({e.actor})
            </p>
            {e.comment ? <p class="kern-body">„{e.comment}“</p> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** What was submitted: read only, while the office has it. */
function DraftSummary({ draft, addressees }: { draft: Draft; addressees: { code: string; name: string }[] }) {
  const addressee = draft.addressee ? (addressees.find((a) => a.code === draft.addressee)?.name ?? draft.addressee) : 'alle Adressaten';
  return (
    <dl class="kern-description-list ek-facts">
      <div class="kern-description-list-item">
        <dt class="kern-description-list-item__key">Art</dt>
        <dd class="kern-description-list-item__value">
          {draft.kindLabel}
          {draft.expectedDate ? ` (Antwort erwartet bis ${dateLong(draft.expectedDate)})` : ''}
        </dd>
      </div>
      <div class="kern-description-list-item">
        <dt class="kern-description-list-item__key">Status</dt>
        <dd class="kern-description-list-item__value">
          <StatusBadge status={{ key: draft.status, label: draft.statusLabel }} />
        </dd>
      </div>
      <div class="kern-description-list-item">
        <dt class="kern-description-list-item__key">Betrifft</dt>
        <dd class="kern-description-list-item__value">{addressee}</dd>
      </div>
      <div class="kern-description-list-item">
        <dt class="kern-description-list-item__key">Sachstand</dt>
        <dd class="kern-description-list-item__value ek-prewrap">{draft.narrative}</dd>
      </div>
      <div class="kern-description-list-item">
        <dt class="kern-description-list-item__key">Nachweise</dt>
        <dd class="kern-description-list-item__value">
          {draft.evidence.length === 0 ? (
            'keine'
          ) : (
            <ul class="kern-list">
              {draft.evidence.map((e, i) => (
                <li key={i}>
                  {e.kindLabel}: {e.citation}
                  {e.date ? ` (${dateShort(e.date)})` : ''}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div class="kern-description-list-item">
        <dt class="kern-description-list-item__key">Sichtbarkeit</dt>
        <dd class="kern-description-list-item__value">{draft.visibility === 'public' ? 'öffentlich' : 'intern'}</dd>
      </div>
    </dl>
  );
}

const WITH_OFFICE: Partial<Record<Draft['state'], { title: string; text: string }>> = {
  submitted: {
    title: 'Eingereicht',
    text: 'Die Geschäftsstelle prüft den Sachstand. Ändern kann ihn jetzt nur sie; gibt sie ihn zurück, können Sie ihn überarbeiten.',
  },
  accepted: {
    title: 'Angenommen',
    text: 'Die Geschäftsstelle hat den Sachstand angenommen. Mit der Freigabe wird er Teil der Sachstände dieser Forderung.',
  },
  released: {
    title: 'Freigegeben',
    text: 'Der Sachstand ist freigegeben und steht in der Liste der Sachstände dieser Forderung.',
  },
};

function DraftAnswer({
  a,
  draft,
  addressees,
  onDone,
  onStart,
}: {
  a: Assignment;
  draft: { data: Draft };
  addressees: { code: string; name: string }[];
  onDone: (text: string, title?: string) => void;
  onStart: () => void;
}) {
  const d = draft.data;
  const returnComment = a.drafts.find((x) => x.id === d.id)?.returnComment;
  const withOffice = WITH_OFFICE[d.state];
  return (
    <div class="ek-draft">
      {d.state === 'returned' ? (
        <Alert kind="warning" title="Von der Geschäftsstelle zurückgegeben">
          <p class="kern-body">Kommentar der Geschäftsstelle:</p>
          <blockquote class="ek-quote kern-body">{returnComment ?? '–'}</blockquote>
          <p class="kern-body">Bitte überarbeiten Sie den Sachstand und reichen Sie ihn erneut ein.</p>
        </Alert>
      ) : null}
      {withOffice ? (
        <>
          <Alert kind={d.state === 'submitted' ? 'info' : 'success'} title={withOffice.title}>
            <p class="kern-body">{withOffice.text}</p>
          </Alert>
          <DraftSummary draft={d} addressees={addressees} />
        </>
      ) : (
        <SachstandForm
          roundId={a.round.id}
          demandId={a.demand.id}
          group={a.group}
          addressees={addressees}
          draft={draft}
          onDone={onDone}
          onStart={onStart}
        />
      )}
      <DraftHistory draft={d} />
    </div>
  );
}

function AssignmentAnswer({
  a,
  drafts,
  addressees,
  onDone,
  onStart,
}: {
  a: Assignment;
  drafts: Loaded['drafts'];
  addressees: { code: string; name: string }[];
  onDone: (text: string, title?: string) => void;
  onStart: () => void;
}) {
  return (
    <div class="ek-assignment">
      <p class="ek-status-line">
        <AnswerBadge state={a.state} label={a.stateLabel} />
        {a.overdue ? <OverdueBadge /> : null}
      </p>
      <p class="kern-body">
        Berichtsrunde zur {a.round.conference}. IntMK für {a.groupName}
        {a.lead ? ' (federführend)' : ''}: Rückmeldefrist <time dateTime={a.round.deadline}>{dateLong(a.round.deadline)}</time>, Stichtag{' '}
        <time dateTime={a.round.asOf}>{dateLong(a.round.asOf)}</time>.
      </p>
      {a.drafts.length === 0 ? (
        <SachstandForm
          roundId={a.round.id}
          demandId={a.demand.id}
          group={a.group}
          addressees={addressees}
          draft={null}
          onDone={onDone}
          onStart={onStart}
        />
      ) : (
        a.drafts.map((x) => {
          const full = drafts.get(x.id);
          return full ? <DraftAnswer key={x.id} a={a} draft={full} addressees={addressees} onDone={onDone} onStart={onStart} /> : null;
        })
      )}
    </div>
  );
}

function Answers({ demandId, addressees }: { demandId: number; addressees: { code: string; name: string }[] }) {
  const [load, reload] = useLoad(() => loadAnswers(demandId), [demandId]);
  const [notice, setNotice] = useState<{ title: string; text: string } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const loaded = load.state === 'ok';
  useEffect(() => {
    if (!loaded) return;
    // After a save the message takes the focus; arriving from "Meine Aufgaben", the section does.
    if (notice) noticeRef.current?.focus();
    else if (location.hash === '#sachstand') {
      headingRef.current?.scrollIntoView();
      headingRef.current?.focus();
    }
  }, [loaded, notice]);
  if (load.state === 'loading') return <Loading what="Ihre Zuweisungen" />;
  if (load.state === 'error') return <ErrorAlert failure={load.failure} retry={reload} />;
  const { assignments, drafts } = load.data;
  if (assignments.length === 0) return null;
  return (
    <section id="sachstand" aria-labelledby="sachstand-titel" class="ek-sachstand">
      <h2 class="kern-heading-medium" id="sachstand-titel" tabIndex={-1} ref={headingRef}>
        Ihr Sachstand für die Berichtsrunde
      </h2>
      {notice ? (
        <div ref={noticeRef} tabIndex={-1} class="ek-notice">
          <Alert kind="success" title={notice.title} live>
            <p class="kern-body">{notice.text}</p>
          </Alert>
        </div>
      ) : null}
      {assignments.map((a) => (
        <AssignmentAnswer
          key={`${a.round.id}-${a.group}`}
          a={a}
          drafts={drafts}
          addressees={addressees}
          onStart={() => setNotice(null)}
          onDone={(text, title = 'Gespeichert') => {
            setNotice({ title, text });
            reload();
          }}
        />
      ))}
      <p class="kern-body kern-body--small">
        <a class="kern-link" href="/aufgaben">
          Zurück zu „Meine Aufgaben“
        </a>
      </p>
    </section>
  );
}

/** Shown on the demand page only to signed-in editors with an assignment for it in an open round. */
export function SachstandSection({ demandId, addressees }: { demandId: number; addressees: { code: string; name: string }[] }) {
  const signedIn = useSignedIn();
  const session = useSession();
  if (!signedIn || session.state !== 'signed-in' || session.me.role !== 'editor') return null;
  return <Answers demandId={demandId} addressees={addressees} />;
}
