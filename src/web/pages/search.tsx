import { useState } from 'preact/hooks';
import { api, call } from '../api';
import { Empty, Highlighted, Loaded, Pager, PageTitle, useLoad } from '../components/ui';
import { href, type Location_, navigate } from '../router';

const KIND_LABELS: Record<string, string> = { resolution: 'Beschluss', demand: 'Forderung', status_update: 'Sachstand' };
const LIMIT = 20;

export function SearchForm({ q }: { q: string }) {
  const [text, setText] = useState(q);
  return (
    <search class="ek-search">
      <form
        class="ek-search__form"
        action="/suche"
        method="get"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) navigate(href('/suche', { q: text.trim() }));
        }}
      >
        <div class="kern-form-input">
          <label class="kern-label" for="suchbegriff">
            Suche in Beschlüssen, Forderungen und Sachständen
          </label>
          <div class="ek-search__row">
            <input
              class="kern-form-input__input"
              id="suchbegriff"
              name="q"
              type="search"
              required
              minLength={1}
              maxLength={200}
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
            />
            <button type="submit" class="kern-btn kern-btn--primary">
              <span class="kern-icon kern-icon--search" aria-hidden="true" />
              <span class="kern-label">Suchen</span>
            </button>
          </div>
        </div>
      </form>
    </search>
  );
}

export function SearchPage({ query }: { query: Location_['query'] }) {
  const q = query.get('q')?.trim() ?? '';
  const offset = Number(query.get('offset') ?? 0) || 0;
  const [load, retry] = useLoad(
    () =>
      q
        ? call(api.GET('/api/v1/search', { params: { query: { q, limit: LIMIT, offset } } }))
        : Promise.resolve({ ok: true as const, data: null, response: new Response() }),
    [q, offset],
  );
  return (
    <>
      <PageTitle title={q ? `Suche: ${q}` : 'Suche'}>Suche</PageTitle>
      <SearchForm q={q} key={q} />
      {q ? (
        <Loaded load={load} retry={retry} what="Treffer">
          {(page) =>
            !page || page.items.length === 0 ? (
              <Empty>Keine Treffer für „{q}“. Andere oder weniger Wörter helfen oft.</Empty>
            ) : (
              <section aria-labelledby="treffer">
                <h2 class="kern-heading-medium" id="treffer">
                  {page.total === 1 ? '1 Treffer' : `${page.total} Treffer`} für „{q}“
                </h2>
                <ol class="ek-hits">
                  {page.items.map((hit) => {
                    const link = hit.demandId
                      ? `/forderungen/${hit.demandId}`
                      : `/konferenzen/${hit.conference}/top/${encodeURIComponent(hit.top)}`;
                    return (
                      <li key={`${hit.kind}-${hit.id}`} class="ek-hit">
                        <p class="kern-body kern-body--small ek-hit__meta">
                          {KIND_LABELS[hit.kind] ?? hit.kind} · {hit.conference}. IntMK, TOP {hit.top}
                          {hit.ziffer ? `, Ziffer ${hit.ziffer}` : ''}
                        </p>
                        <h3 class="kern-title">
                          <a class="kern-link" href={link}>
                            {hit.title}
                          </a>
                        </h3>
                        <p class="kern-body">
                          <Highlighted text={hit.snippet} />
                        </p>
                      </li>
                    );
                  })}
                </ol>
                <Pager total={page.total} limit={LIMIT} offset={offset} to={(o) => href('/suche', { q, offset: o || undefined })} />
              </section>
            )
          }
        </Loaded>
      ) : (
        <p class="kern-body">Suchbegriff eingeben, zum Beispiel „Sprachförderung“ oder „Migrationsberatung“.</p>
      )}
    </>
  );
}
