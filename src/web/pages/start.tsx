import { api, call } from '../api';
import { Empty, Loaded, PageTitle, useLoad } from '../components/ui';
import { dateRange } from '../format';
import { SearchForm } from './search';

const loadConferences = () => call(api.GET('/api/v1/conferences', { params: { query: { limit: 100, sort: '-number' } } }));

// The start page's one request leaves as soon as the script runs, not after the first paint.
let early: ReturnType<typeof loadConferences> | null = location.pathname === '/' ? loadConferences() : null;

export function StartPage() {
  const [load, retry] = useLoad(() => {
    const pending = early;
    early = null;
    return pending ?? loadConferences();
  }, []);
  return (
    <>
      <PageTitle title="Start">Erfolgskontrolle der IntMK-Beschlüsse</PageTitle>
      <p class="kern-body kern-body--large">
        Was ist aus den Forderungen der Integrationsministerkonferenz geworden? Hier stehen die öffentlichen Beschlüsse, ihre Forderungen an
        Bund, Fachministerkonferenzen und Länder, deren Sachstand und die Forderungen, die Jahr für Jahr wiederkehren.
      </p>
      <SearchForm q="" />
      <h2 class="kern-heading-medium">Konferenzen</h2>
      <Loaded load={load} retry={retry} what="Konferenzen">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Noch keine Konferenz erfasst.</Empty>
          ) : (
            <ul class="ek-cards">
              {page.items.map((c) => (
                <li key={c.number} class="kern-card ek-card">
                  <div class="kern-card__container">
                    <div class="kern-card__header">
                      <h3 class="kern-title">
                        <a class="kern-link" href={`/konferenzen/${c.number}`}>
                          {c.title}
                        </a>
                      </h3>
                    </div>
                    <div class="kern-card__body">
                      <p class="kern-body">
                        {c.kindLabel}
                        {c.startDate ? `, ${dateRange(c.startDate, c.endDate)}` : ` ${c.year}`}
                        {c.place ? ` in ${c.place}` : ''}
                      </p>
                      <p class="kern-body kern-body--small">
                        {c.resolutionCount === 1 ? '1 öffentlicher Beschluss' : `${c.resolutionCount} öffentliche Beschlüsse`}
                        {c.chairLand ? ` · Vorsitz: ${c.chairLand}` : ''}
                      </p>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}
