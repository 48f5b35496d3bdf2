// "Meine Aufgaben": the reporting rounds that ask the signed-in person's Land or working group
// about demands, with the deadline and the state of each answer. One request (GET /me/assignments).
import { api, call } from '../../api';
import { Alert, Empty, Loaded, Pager, PageTitle, useLoad } from '../../components/ui';
import { dateLong } from '../../format';
import { href } from '../../router';
import { Fact } from '../conference';
import { AnswerBadge, type Assignment, EditorGate, OverdueBadge } from './common';

const LIMIT = 200;

interface RoundGroup {
  round: Assignment['round'];
  items: Assignment[];
}

function byRound(items: Assignment[]): RoundGroup[] {
  const out: RoundGroup[] = [];
  for (const a of items) {
    const last = out[out.length - 1];
    if (last && last.round.id === a.round.id) last.items.push(a);
    else out.push({ round: a.round, items: [a] });
  }
  // Open rounds first (the work to do), then the closed ones, each newest first as the API sends them.
  return [...out.filter((g) => g.round.state === 'open'), ...out.filter((g) => g.round.state !== 'open')];
}

export function demandLabel(d: { conference: number; top: string; ziffer: string | null }): string {
  return `${d.conference}. IntMK · TOP ${d.top}${d.ziffer ? ` · Ziffer ${d.ziffer}` : ''}`;
}

function roundTitle(r: Assignment['round']): string {
  return `Berichtsrunde zur ${r.conference}. IntMK`;
}

function TaskItem({ a, showGroup }: { a: Assignment; showGroup: boolean }) {
  const returned = a.drafts.find((d) => d.state === 'returned' && d.returnComment);
  return (
    <li class="kern-task-list__item ek-task">
      <div class="kern-task-list__content-wrapper ek-task__content">
        <p class="kern-body kern-body--small">{demandLabel(a.demand)}</p>
        <a class="kern-link ek-task__link" href={`/forderungen/${a.demand.id}#sachstand`}>
          {a.demand.summary}
        </a>
        {showGroup || a.lead ? (
          <p class="kern-body kern-body--small">
            {showGroup ? `für ${a.groupName}` : ''}
            {showGroup && a.lead ? ', ' : ''}
            {a.lead ? 'federführend' : ''}
          </p>
        ) : null}
        {returned ? (
          <p class="kern-body kern-body--small ek-task__comment">Kommentar der Geschäftsstelle: {returned.returnComment}</p>
        ) : null}
      </div>
      <div class="kern-task-list__status ek-task__status">
        <AnswerBadge state={a.state} label={a.stateLabel} />
        {a.overdue ? <OverdueBadge /> : null}
      </div>
    </li>
  );
}

function RoundSection({ group, showGroup }: { group: RoundGroup; showGroup: boolean }) {
  const { round: r, items } = group;
  const open = r.state === 'open';
  const submitted = items.filter((a) => a.state === 'submitted' || a.state === 'accepted' || a.state === 'released').length;
  const overdue = items.filter((a) => a.overdue).length;
  const headingId = `runde-${r.id}`;
  const groups = [...new Map(items.map((a) => [a.group, a.groupName]))];
  return (
    <section aria-labelledby={headingId} class="ek-round">
      <h2 class="kern-heading-medium" id={headingId}>
        {roundTitle(r)}
        {open ? '' : ' (abgeschlossen)'}
      </h2>
      <dl class="kern-description-list ek-facts">
        <Fact term="Rückmeldefrist">
          <time dateTime={r.deadline}>{dateLong(r.deadline)}</time>
        </Fact>
        <Fact term="Stichtag">
          <time dateTime={r.asOf}>{dateLong(r.asOf)}</time>
        </Fact>
        <Fact term="Vorgelegt der">{r.presentedTo}. IntMK</Fact>
        <Fact term="Eingereicht">
          {submitted} von {items.length}
        </Fact>
      </dl>
      {overdue > 0 ? (
        <Alert kind="danger" title="Frist abgelaufen">
          <p class="kern-body">
            Die Rückmeldefrist endete am {dateLong(r.deadline)}. {overdue === 1 ? 'Eine Antwort fehlt' : `${overdue} Antworten fehlen`}{' '}
            noch; bitte reichen Sie sie so bald wie möglich ein.
          </p>
        </Alert>
      ) : null}
      {open ? (
        <ul class="kern-list ek-form-links">
          {groups.map(([code, name]) => (
            <li key={code}>
              <a
                class="kern-link"
                href={`/aufgaben/runden/${r.id}/formular${groups.length > 1 ? `?stelle=${encodeURIComponent(code)}` : ''}`}
              >
                Alle Antworten{groups.length > 1 ? ` für ${name}` : ''} als Tabelle bearbeiten (Excel-Antwortformular)
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <div class="kern-task-list">
        <ul class="kern-task-list__list">
          {items.map((a) => (
            <TaskItem key={`${a.demand.id}-${a.group}`} a={a} showGroup={showGroup} />
          ))}
        </ul>
      </div>
    </section>
  );
}

function Tasks({ offset }: { offset: number }) {
  const [load, retry] = useLoad(() => call(api.GET('/api/v1/me/assignments', { params: { query: { limit: LIMIT, offset } } })), [offset]);
  return (
    <Loaded load={load} retry={retry} what="Aufgaben">
      {(page) => {
        if (page.items.length === 0) {
          return <Empty>Zurzeit ist Ihrem Land oder Ihrer Arbeitsgruppe in keiner Berichtsrunde eine Forderung zugewiesen.</Empty>;
        }
        const rounds = byRound(page.items);
        const names = [...new Set(page.items.map((a) => a.groupName))];
        const showGroup = names.length > 1;
        return (
          <>
            <p class="kern-body">
              Die Forderungen, zu denen Sie für {names.join(', ')} einen Sachstand melden. Ein Klick auf eine Forderung öffnet sie mit dem
              Sachstandsformular.
            </p>
            {rounds.every((g) => g.round.state !== 'open') ? (
              <Alert kind="info" title="Keine offene Berichtsrunde">
                <p class="kern-body">Zurzeit ist keine Runde offen; unten stehen Ihre Antworten aus früheren Runden.</p>
              </Alert>
            ) : null}
            {rounds.map((g) => (
              <RoundSection key={g.round.id} group={g} showGroup={showGroup} />
            ))}
            <Pager total={page.total} limit={LIMIT} offset={offset} to={(o) => href('/aufgaben', { offset: o || undefined })} />
          </>
        );
      }}
    </Loaded>
  );
}

export function TasksPage({ query }: { query: URLSearchParams }) {
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  return (
    <EditorGate title="Meine Aufgaben" path={href('/aufgaben', { offset: offset || undefined })}>
      {(me) => (
        <>
          <PageTitle title="Meine Aufgaben">Meine Aufgaben</PageTitle>
          {me.role === 'editor' ? (
            <Tasks offset={offset} />
          ) : (
            <Alert kind="info" title="Vorsitz und Geschäftsstelle">
              <p class="kern-body">
                Sie handeln für alle Länder und Arbeitsgruppen. Die Runden, ihre Zuweisungen und die eingereichten Sachstände stehen im{' '}
                <a class="kern-link" href="/buero">
                  Bereich der Geschäftsstelle
                </a>
                .
              </p>
            </Alert>
          )}
        </>
      )}
    </EditorGate>
  );
}
