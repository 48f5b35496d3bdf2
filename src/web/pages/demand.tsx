import { api, call, type Schemas } from '../api';
import { Breadcrumbs, Loaded, PageTitle, StatusBadge, useLoad } from '../components/ui';
import { dateLong, dateShort } from '../format';
import { Fact } from './conference';
import { SachstandEntry } from './editor/entry';
import { Timeline } from './thread';

export function StatusHistory({ updates }: { updates: Schemas['StatusUpdate'][] }) {
  if (updates.length === 0) return <p class="kern-body">Noch kein Sachstand gemeldet: die Forderung gilt als offen.</p>;
  return (
    <ol class="ek-history">
      {updates.map((u) => (
        <li key={u.id} class={u.retracted ? 'ek-history__item ek-history__item--retracted' : 'ek-history__item'}>
          <p class="kern-body kern-body--small">
            <time dateTime={u.asOf}>{dateLong(u.asOf)}</time> · gemeldet von {u.reporterName}
            {u.retracted ? ' · zurückgezogen' : ''}
          </p>
          <p>
            <StatusBadge status={{ key: u.status, label: u.statusLabel }} />
          </p>
          {u.narrative ? <p class="kern-body">{u.narrative}</p> : null}
          {u.retraction ? <p class="kern-body kern-body--small">Zurückgezogen: {u.retraction.reason}</p> : null}
          {u.evidence.length > 0 ? (
            <>
              <p class="kern-body kern-body--bold">Belege</p>
              <ul class="kern-list ek-evidence">
                {u.evidence.map((e, i) => (
                  <li key={i} class="kern-body">
                    {e.kindLabel}:{' '}
                    {e.url ? (
                      <a class="kern-link" href={e.url} rel="noopener noreferrer" data-reload>
                        {e.citation}
                      </a>
                    ) : (
                      e.citation
                    )}
                    {e.date ? ` (${dateShort(e.date)})` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function DemandPage({ id }: { id: number }) {
  const [load, retry] = useLoad(async () => {
    const demand = await call(api.GET('/api/v1/demands/{id}', { params: { path: { id } } }));
    if (!demand.ok || !demand.data.thread) return demand.ok ? { ...demand, data: { demand: demand.data, thread: null } } : demand;
    const thread = await call(api.GET('/api/v1/threads/{id}', { params: { path: { id: demand.data.thread.id } } }));
    return { ok: true as const, data: { demand: demand.data, thread: thread.ok ? thread.data : null }, response: demand.response };
  }, [id]);
  return (
    <Loaded load={load} retry={retry} what="Forderung">
      {({ demand: d, thread }) => (
        <>
          <Breadcrumbs
            items={[
              { href: '/', label: 'Konferenzen' },
              { href: `/konferenzen/${d.resolution.conference}`, label: `${d.resolution.conference}. IntMK` },
              {
                href: `/konferenzen/${d.resolution.conference}/top/${encodeURIComponent(d.resolution.top)}`,
                label: `TOP ${d.resolution.top}`,
              },
              { label: 'Forderung' },
            ]}
          />
          <p class="kern-preline">
            {d.resolution.conference}. IntMK · TOP {d.resolution.top}
            {d.ziffer ? ` · Ziffer ${d.ziffer}` : ''}
          </p>
          <PageTitle title={d.summary}>{d.summary}</PageTitle>
          <p class="ek-status-line">
            <StatusBadge status={d.status} />
            {d.overdue ? (
              <span class="kern-badge kern-badge--danger ek-badge">
                <span class="kern-label kern-label--small">überfällig</span>
              </span>
            ) : null}
          </p>
          <h2 class="kern-heading-medium">Wortlaut</h2>
          <blockquote class="ek-quote kern-body">{d.wording}</blockquote>
          <p class="kern-body kern-body--small">
            Aus dem Beschluss{' '}
            <a class="kern-link" href={`/konferenzen/${d.resolution.conference}/top/${encodeURIComponent(d.resolution.top)}`}>
              „{d.resolution.title}“
            </a>
          </p>
          <dl class="kern-description-list ek-facts">
            <Fact term="Art">{d.kindLabel}</Fact>
            <Fact term="Adressaten">{d.addressees.map((a) => a.name).join(', ') || '–'}</Fact>
            {d.responsible.length > 0 ? <Fact term="Nachverfolgt von">{d.responsible.join(', ')}</Fact> : null}
            <Fact term="Erhoben am">{dateLong(d.raisedOn)}</Fact>
            {d.openSince ? <Fact term="Offen seit">{dateLong(d.openSince)}</Fact> : null}
            {d.yearsOpen !== null ? <Fact term="Jahre offen">{String(d.yearsOpen)}</Fact> : null}
            {d.dueDate ? <Fact term="Fällig">{dateLong(d.dueDate)}</Fact> : null}
            {d.dueConference ? <Fact term="Fällig zur">{d.dueConference}. IntMK</Fact> : null}
            {d.status.asOf ? <Fact term="Stand">{dateLong(d.status.asOf)}</Fact> : null}
          </dl>
          <h2 class="kern-heading-medium">Sachstände</h2>
          <StatusHistory updates={d.statusHistory} />
          <SachstandEntry demandId={d.id} addressees={d.addressees} />
          {thread ? (
            <>
              <h2 class="kern-heading-medium">Wiederkehrende Forderung: {thread.title}</h2>
              <p class="kern-body">
                Erstmals erhoben {thread.firstRaised}
                {thread.yearsOpen !== null ? `, seit ${thread.yearsOpen} ${thread.yearsOpen === 1 ? 'Jahr' : 'Jahren'} offen` : ''}.{' '}
                <a class="kern-link" href={`/wiederkehrende-forderungen/${thread.id}`}>
                  Zur wiederkehrenden Forderung
                </a>
              </p>
              <Timeline entries={thread.timeline} currentDemand={d.id} />
            </>
          ) : null}
        </>
      )}
    </Loaded>
  );
}
