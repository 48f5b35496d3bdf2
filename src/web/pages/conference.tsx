import { api, call, type Schemas } from '../api';
import { Breadcrumbs, Empty, Loaded, PageTitle, useLoad } from '../components/ui';
import { dateRange } from '../format';

type Resolution = Schemas['ResolutionSummary'];

/** TOPs in agenda order, grouped under their headings. */
function groups(items: Resolution[]): { heading: string | null; items: Resolution[] }[] {
  const out: { heading: string | null; items: Resolution[] }[] = [];
  for (const r of items) {
    const last = out[out.length - 1];
    if (last && last.heading === r.agendaHeading) last.items.push(r);
    else out.push({ heading: r.agendaHeading, items: [r] });
  }
  return out;
}

export function proposersText(r: { allLaender: boolean; proposers: string[]; coordinatingLand: string | null }): string {
  if (r.allLaender) return 'Alle Länder';
  return r.proposers.map((p) => (p === r.coordinatingLand ? `${p} (koordinierend)` : p)).join(', ') || '–';
}

export function ConferencePage({ number }: { number: number }) {
  const [load, retry] = useLoad(async () => {
    const [conf, res] = await Promise.all([
      call(api.GET('/api/v1/conferences/{number}', { params: { path: { number } } })),
      call(api.GET('/api/v1/conferences/{number}/resolutions', { params: { path: { number }, query: { limit: 200 } } })),
    ]);
    if (!conf.ok) return conf;
    if (!res.ok) return res;
    return { ok: true as const, data: { conference: conf.data, resolutions: res.data }, response: res.response };
  }, [number]);
  return (
    <Loaded load={load} retry={retry} what="Beschlüsse">
      {({ conference: c, resolutions }) => (
        <>
          <Breadcrumbs items={[{ href: '/', label: 'Konferenzen' }, { label: `${c.number}. IntMK` }]} />
          <PageTitle title={c.title}>{c.title}</PageTitle>
          <dl class="kern-description-list ek-facts">
            <Fact term="Art">{c.kindLabel}</Fact>
            <Fact term="Datum">{c.startDate ? dateRange(c.startDate, c.endDate) : String(c.year)}</Fact>
            {c.place ? <Fact term="Ort">{c.place}</Fact> : null}
            {c.chairLand ? <Fact term="Vorsitzland">{c.chairLand}</Fact> : null}
          </dl>
          {c.note ? <p class="kern-body">{c.note}</p> : null}
          <h2 class="kern-heading-medium">Tagesordnung und Beschlüsse</h2>
          {resolutions.items.length === 0 ? (
            <Empty>Zu dieser Konferenz sind keine öffentlichen Beschlüsse erfasst.</Empty>
          ) : (
            groups(resolutions.items).map((g, i) => (
              <section key={i} class="ek-group">
                {g.heading ? <h3 class="kern-heading-small">{g.heading}</h3> : null}
                {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls; its region must be reachable by keyboard */}
                <section class="kern-table-responsive" tabIndex={0} aria-label={g.heading ?? 'Beschlüsse'}>
                  <table class="kern-table kern-table--small ek-top-table">
                    <thead class="kern-table__head">
                      <tr class="kern-table__row">
                        <th class="kern-table__header" scope="col">
                          TOP
                        </th>
                        <th class="kern-table__header" scope="col">
                          Beschluss
                        </th>
                        <th class="kern-table__header" scope="col">
                          Antragsteller
                        </th>
                        <th class="kern-table__header" scope="col">
                          Abstimmung
                        </th>
                        <th class="kern-table__header kern-table__header--numeric" scope="col">
                          Forderungen
                        </th>
                      </tr>
                    </thead>
                    <tbody class="kern-table__body">
                      {g.items.map((r) => (
                        <tr class="kern-table__row" key={r.id}>
                          <td class="kern-table__cell">{r.top}</td>
                          <td class="kern-table__cell">
                            <a class="kern-link" href={`/konferenzen/${c.number}/top/${encodeURIComponent(r.top)}`}>
                              {r.title}
                            </a>
                          </td>
                          <td class="kern-table__cell">{proposersText(r)}</td>
                          <td class="kern-table__cell">{r.adoptionLabel}</td>
                          <td class="kern-table__cell kern-table__cell--numeric">{r.demandCount}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </section>
              </section>
            ))
          )}
        </>
      )}
    </Loaded>
  );
}

export function Fact({ term, children }: { term: string; children: preact.ComponentChildren }) {
  return (
    <div class="kern-description-list-item">
      <dt class="kern-description-list-item__key">{term}</dt>
      <dd class="kern-description-list-item__value">{children}</dd>
    </div>
  );
}
