import { api, call, type Schemas } from '../api';
import { Breadcrumbs, Loaded, PageTitle, StatusBadge, useLoad } from '../components/ui';
import { dateLong } from '../format';
import { Fact } from './conference';
import { DemandList } from './resolution';

const KIND_LABELS: Record<string, string> = { origin: 'Ursprung', raised: 'Beschluss', status: 'Sachstand' };

/** A thread's events across conferences, oldest first. */
export function Timeline({ entries, currentDemand }: { entries: Schemas['TimelineEntry'][]; currentDemand?: number }) {
  return (
    <ol class="ek-timeline">
      {entries.map((e, i) => (
        <li key={i} class={`ek-timeline__item ek-timeline__item--${e.kind}`}>
          <p class="kern-body kern-body--small ek-timeline__date">
            <time dateTime={e.date}>{dateLong(e.date)}</time> · {KIND_LABELS[e.kind] ?? e.kind}
            {e.conference ? ` · ${e.conference}. IntMK` : ''}
          </p>
          <p class="kern-body">
            {e.demandId && e.demandId !== currentDemand ? (
              <a class="kern-link" href={`/forderungen/${e.demandId}`}>
                {e.text}
              </a>
            ) : (
              e.text
            )}
            {e.demandId && e.demandId === currentDemand ? ' (diese Forderung)' : ''}
          </p>
        </li>
      ))}
    </ol>
  );
}

export function ThreadPage({ id }: { id: number }) {
  const [load, retry] = useLoad(() => call(api.GET('/api/v1/threads/{id}', { params: { path: { id } } })), [id]);
  return (
    <Loaded load={load} retry={retry} what="Wiederkehrende Forderung">
      {(t) => (
        <>
          <Breadcrumbs items={[{ href: '/wiederkehrende-forderungen', label: 'Wiederkehrende Forderungen' }, { label: t.title }]} />
          <PageTitle title={t.title}>{t.title}</PageTitle>
          <p class="ek-status-line">
            <StatusBadge status={t.status} />
          </p>
          {t.description ? <p class="kern-body">{t.description}</p> : null}
          <dl class="kern-description-list ek-facts">
            <Fact term="Erstmals erhoben">{String(t.firstRaised)}</Fact>
            {t.yearsOpen !== null ? <Fact term="Jahre offen">{String(t.yearsOpen)}</Fact> : null}
            <Fact term="Konferenzen">{t.conferences.map((c) => `${c}. IntMK`).join(', ')}</Fact>
            {t.origin ? (
              <Fact term="Ursprung">
                {t.origin.text} ({t.origin.citation})
              </Fact>
            ) : null}
            {t.status.asOf ? <Fact term="Stand">{dateLong(t.status.asOf)}</Fact> : null}
          </dl>
          <h2 class="kern-heading-medium">Verlauf</h2>
          <Timeline entries={t.timeline} />
          <h2 class="kern-heading-medium">Die Forderungen im Einzelnen</h2>
          <DemandList demands={t.members.map((m) => m.demand)} showResolution />
        </>
      )}
    </Loaded>
  );
}
