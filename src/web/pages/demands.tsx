import { useState } from 'preact/hooks';
import { api, call, type Outcome, type Schemas } from '../api';
import { Empty, ErrorAlert, Loaded, Pager, PageTitle, useLoad } from '../components/ui';
import { href, type Location_, navigate } from '../router';
import { DemandList } from './resolution';

const LIMIT = 50;
type StatusKey = Schemas['CurrentStatus']['key'];

interface Vocab {
  addressees: Schemas['Addressee'][];
  statuses: Schemas['StatusList'];
  laender: Schemas['Land'][];
}

// The vocabularies change rarely: read once per visit.
let vocabCache: Promise<Outcome<Vocab>> | null = null;
function loadVocab(): Promise<Outcome<Vocab>> {
  if (vocabCache) return vocabCache;
  const loading: Promise<Outcome<Vocab>> = Promise.all([
    call(api.GET('/api/v1/vocab/addressees', { params: { query: { limit: 200 } } })),
    call(api.GET('/api/v1/vocab/statuses')),
    call(api.GET('/api/v1/vocab/laender')),
  ]).then(([a, s, l]) => {
    if (!a.ok) return a;
    if (!s.ok) return s;
    if (!l.ok) return l;
    return { ok: true as const, data: { addressees: a.data.items, statuses: s.data, laender: l.data.items }, response: l.response };
  });
  vocabCache = loading;
  loading.then((o) => {
    if (!o.ok) vocabCache = null;
  });
  return loading;
}

interface Filters {
  q: string;
  adressat: string;
  status: string;
  land: string;
  offen: boolean;
}

function filtersOf(query: URLSearchParams): Filters {
  return {
    q: query.get('q') ?? '',
    adressat: query.get('adressat') ?? '',
    status: query.get('status') ?? '',
    land: query.get('land') ?? '',
    offen: query.get('offen') === '1',
  };
}

function FilterForm({ initial, vocab }: { initial: Filters; vocab: Vocab }) {
  const [f, setF] = useState(initial);
  const set = (k: keyof Filters) => (e: Event) => {
    const t = e.currentTarget as HTMLInputElement;
    setF({ ...f, [k]: t.type === 'checkbox' ? t.checked : t.value });
  };
  return (
    <form
      class="ek-filters"
      aria-label="Forderungen filtern"
      action="/forderungen"
      method="get"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(href('/forderungen', { q: f.q.trim(), adressat: f.adressat, status: f.status, land: f.land, offen: f.offen }));
      }}
    >
      <div class="ek-filters__grid">
        <div class="kern-form-input">
          <label class="kern-label" for="filter-q">
            Text
          </label>
          <input class="kern-form-input__input" id="filter-q" name="q" type="text" maxLength={200} value={f.q} onInput={set('q')} />
        </div>
        <div class="kern-form-input">
          <label class="kern-label" for="filter-adressat">
            Adressat
          </label>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="filter-adressat" name="adressat" value={f.adressat} onChange={set('adressat')}>
              <option value="">alle</option>
              {vocab.addressees.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="kern-form-input">
          <label class="kern-label" for="filter-status">
            Status
          </label>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="filter-status" name="status" value={f.status} onChange={set('status')}>
              <option value="">alle</option>
              {vocab.statuses.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="kern-form-input">
          <label class="kern-label" for="filter-land">
            Land (nachverfolgend)
          </label>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="filter-land" name="land" value={f.land} onChange={set('land')}>
              <option value="">alle</option>
              {vocab.laender.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <div class="kern-form-check">
        <input
          class="kern-form-check__checkbox"
          type="checkbox"
          id="filter-offen"
          name="offen"
          value="1"
          checked={f.offen}
          onChange={set('offen')}
        />
        <label class="kern-label" for="filter-offen">
          Nur offene Forderungen
        </label>
      </div>
      <div class="ek-actions">
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Filter anwenden</span>
        </button>
        <a class="kern-link" href="/forderungen">
          Filter zurücksetzen
        </a>
      </div>
    </form>
  );
}

export function DemandsPage({ query }: { query: Location_['query'] }) {
  const filters = filtersOf(query);
  const offset = Number(query.get('offset') ?? 0) || 0;
  const key = JSON.stringify([filters, offset]);
  const [vocab, retryVocab] = useLoad(loadVocab, []);
  const [load, retry] = useLoad(
    () =>
      call(
        api.GET('/api/v1/demands', {
          params: {
            query: {
              limit: LIMIT,
              offset,
              ...(filters.q ? { q: filters.q } : {}),
              ...(filters.adressat ? { addressee: [filters.adressat] } : {}),
              ...(filters.status ? { status: [filters.status as StatusKey] } : {}),
              ...(filters.land ? { responsible: filters.land } : {}),
              ...(filters.offen ? { open: true } : {}),
            },
          },
        }),
      ),
    [key],
  );
  return (
    <>
      <PageTitle title="Forderungen">Forderungen</PageTitle>
      <p class="kern-body">Alle öffentlichen Forderungen der erfassten Konferenzen, mit ihrem Status. Filter lassen sich kombinieren.</p>
      {vocab.state === 'ok' ? (
        <FilterForm initial={filters} vocab={vocab.data} key={key} />
      ) : vocab.state === 'error' ? (
        <ErrorAlert failure={vocab.failure} retry={retryVocab} />
      ) : null}
      <Loaded load={load} retry={retry} what="Forderungen">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Keine Forderung passt zu diesen Filtern.</Empty>
          ) : (
            <section aria-labelledby="ergebnis">
              <h2 class="kern-heading-medium" id="ergebnis">
                {page.total === 1 ? '1 Forderung' : `${page.total} Forderungen`}
              </h2>
              <DemandList demands={page.items} showResolution />
              <Pager
                total={page.total}
                limit={LIMIT}
                offset={offset}
                to={(o) =>
                  href('/forderungen', {
                    q: filters.q,
                    adressat: filters.adressat,
                    status: filters.status,
                    land: filters.land,
                    offen: filters.offen,
                    offset: o || undefined,
                  })
                }
              />
            </section>
          )
        }
      </Loaded>
    </>
  );
}
