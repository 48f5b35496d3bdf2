import { api, call, type Schemas } from '../api';
import { Breadcrumbs, Empty, Loaded, PageTitle, StatusBadge, useLoad } from '../components/ui';
import { dateLong } from '../format';
import { Fact, proposersText } from './conference';

export function DemandList({ demands, showResolution = false }: { demands: Schemas['Demand'][]; showResolution?: boolean }) {
  return (
    <ul class="ek-demands">
      {demands.map((d) => (
        <li key={d.id} class="ek-demand">
          <div class="ek-demand__head">
            <StatusBadge status={d.status} />
            {d.overdue ? (
              <span class="kern-badge kern-badge--danger ek-badge">
                <span class="kern-label kern-label--small">überfällig</span>
              </span>
            ) : null}
          </div>
          <p class="kern-body kern-body--small ek-demand__meta">
            {showResolution ? `${d.resolution.conference}. IntMK, TOP ${d.resolution.top}` : 'Forderung'}
            {d.ziffer ? `, Ziffer ${d.ziffer}` : ''} · {d.kindLabel} · an {d.addressees.map((a) => a.name).join(', ') || '–'}
          </p>
          <p class="kern-body">
            <a class="kern-link" href={`/forderungen/${d.id}`}>
              {d.summary}
            </a>
          </p>
          {d.yearsOpen !== null && d.status.key !== 'fulfilled' ? (
            <p class="kern-body kern-body--small">
              {d.yearsOpen === 0 ? 'Seit diesem Jahr offen' : `Seit ${d.yearsOpen} ${d.yearsOpen === 1 ? 'Jahr' : 'Jahren'} offen`}
              {d.thread ? ' (wiederkehrende Forderung)' : ''}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function ResolutionPage({ conference, top }: { conference: number; top: string }) {
  const [load, retry] = useLoad(
    () => call(api.GET('/api/v1/conferences/{number}/resolutions/{top}', { params: { path: { number: conference, top } } })),
    [conference, top],
  );
  return (
    <Loaded load={load} retry={retry} what="Beschluss">
      {(r) => (
        <>
          <Breadcrumbs
            items={[
              { href: '/', label: 'Konferenzen' },
              { href: `/konferenzen/${r.conference}`, label: `${r.conference}. IntMK` },
              { label: `TOP ${r.top}` },
            ]}
          />
          <p class="kern-preline">
            {r.conference}. IntMK · TOP {r.top}
          </p>
          <PageTitle title={`TOP ${r.top}: ${r.title}`}>{r.title}</PageTitle>
          <dl class="kern-description-list ek-facts">
            <Fact term="Antragsteller">{proposersText(r)}</Fact>
            <Fact term="Beschluss">{r.adoptionLabel}</Fact>
            {r.circular ? (
              <Fact term="Umlaufverfahren">
                {r.circular.number} vom {dateLong(r.circular.date)}
              </Fact>
            ) : null}
            {r.agendaHeading ? <Fact term="Tagesordnung">{r.agendaHeading}</Fact> : null}
            {r.mergedIntoTop ? <Fact term="Zusammengelegt mit">TOP {r.mergedIntoTop}</Fact> : null}
            {r.budgetReservation ? <Fact term="Haushaltsvorbehalt">{r.budgetReservation}</Fact> : null}
          </dl>
          <h2 class="kern-heading-medium">Beschlusstext</h2>
          {r.preamble ? <p class="kern-body">{r.preamble}</p> : null}
          {r.ziffern.length > 0 ? (
            <ol class="ek-ziffern">
              {r.ziffern.map((z) => (
                <li key={z.number} id={`ziffer-${z.number}`}>
                  <span class="ek-ziffern__number">{z.number}.</span> <span class="kern-body">{z.text}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p class="kern-body">Kein Beschlusstext erfasst.</p>
          )}
          {r.notes.length > 0 ? (
            <>
              <h2 class="kern-heading-medium">Protokollnotizen und -erklärungen</h2>
              <ul class="ek-notes">
                {r.notes.map((n, i) => (
                  <li key={i} class="kern-body">
                    <strong>
                      {n.kind === 'protokollnotiz' ? 'Protokollnotiz' : 'Protokollerklärung'} {n.lands.join(', ')}
                      {n.ziffer ? ` zu Ziffer ${n.ziffer}` : ''}:
                    </strong>{' '}
                    {n.text}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2 class="kern-heading-medium">Forderungen aus diesem Beschluss</h2>
          {r.demands.length === 0 ? <Empty>Aus diesem Beschluss ist keine Forderung erfasst.</Empty> : <DemandList demands={r.demands} />}
        </>
      )}
    </Loaded>
  );
}
