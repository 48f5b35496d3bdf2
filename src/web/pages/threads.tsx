import { api, call } from '../api';
import { Empty, Loaded, Pager, PageTitle, StatusBadge, useLoad } from '../components/ui';
import { href, type Location_, navigate } from '../router';

const LIMIT = 50;

export function ThreadsPage({ query }: { query: Location_['query'] }) {
  const open = query.get('offen') === '1';
  const offset = Number(query.get('offset') ?? 0) || 0;
  const [load, retry] = useLoad(
    () => call(api.GET('/api/v1/threads', { params: { query: { limit: LIMIT, offset, ...(open ? { open: true } : {}) } } })),
    [open, offset],
  );
  return (
    <>
      <PageTitle title="Wiederkehrende Forderungen">Wiederkehrende Forderungen</PageTitle>
      <p class="kern-body">
        Forderungen, die die Länder über mehrere Konferenzen hinweg erneut erhoben haben, mit ihrem heutigen Stand und wie lange sie schon
        offen sind.
      </p>
      <div class="kern-form-check ek-inline-filter">
        <input
          class="kern-form-check__checkbox"
          type="checkbox"
          id="nur-offene"
          checked={open}
          onChange={(e) => navigate(href('/wiederkehrende-forderungen', { offen: e.currentTarget.checked }), { replace: true })}
        />
        <label class="kern-label" for="nur-offene">
          Nur offene anzeigen
        </label>
      </div>
      <Loaded load={load} retry={retry} what="Wiederkehrende Forderungen">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Keine wiederkehrende Forderung passt zur Auswahl.</Empty>
          ) : (
            <>
              <p class="kern-body" role="status">
                {page.total === 1 ? '1 wiederkehrende Forderung' : `${page.total} wiederkehrende Forderungen`}
              </p>
              {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls; its region must be reachable by keyboard */}
              <section class="kern-table-responsive" tabIndex={0} aria-label="Wiederkehrende Forderungen">
                <table class="kern-table kern-table--small">
                  <thead class="kern-table__head">
                    <tr class="kern-table__row">
                      <th class="kern-table__header" scope="col">
                        Forderung
                      </th>
                      <th class="kern-table__header" scope="col">
                        Status
                      </th>
                      <th class="kern-table__header kern-table__header--numeric" scope="col">
                        Erstmals
                      </th>
                      <th class="kern-table__header kern-table__header--numeric" scope="col">
                        Jahre offen
                      </th>
                      <th class="kern-table__header" scope="col">
                        Konferenzen
                      </th>
                    </tr>
                  </thead>
                  <tbody class="kern-table__body">
                    {page.items.map((t) => (
                      <tr class="kern-table__row" key={t.id}>
                        <td class="kern-table__cell">
                          <a class="kern-link" href={`/wiederkehrende-forderungen/${t.id}`}>
                            {t.title}
                          </a>
                        </td>
                        <td class="kern-table__cell">
                          <StatusBadge status={t.status} />
                        </td>
                        <td class="kern-table__cell kern-table__cell--numeric">{t.firstRaised}</td>
                        <td class="kern-table__cell kern-table__cell--numeric">{t.yearsOpen ?? '–'}</td>
                        <td class="kern-table__cell">{t.conferences.join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <Pager
                total={page.total}
                limit={LIMIT}
                offset={offset}
                to={(o) => href('/wiederkehrende-forderungen', { offen: open, offset: o || undefined })}
              />
            </>
          )
        }
      </Loaded>
    </>
  );
}
