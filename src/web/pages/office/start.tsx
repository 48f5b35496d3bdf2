// /buero: the office's overview of its reporting rounds and where to go next.
import { api, call } from '../../api';
import { Empty, Loaded, PageTitle, useLoad } from '../../components/ui';
import { dateShort } from '../../format';
import { OfficeNav, roundTitle } from './shared';

export function OfficeStartPage() {
  const [load, retry] = useLoad(() => call(api.GET('/api/v1/rounds', { params: { query: { limit: 50 } } })), []);
  return (
    <>
      <PageTitle title="Büro des Vorsitzes">Büro des Vorsitzes</PageTitle>
      <OfficeNav current="start" />
      <p class="kern-body">
        Berichtsrunden zur Erfolgskontrolle: eröffnen, zuweisen, nachhalten, prüfen, freigeben und die Anlage erstellen.
      </p>
      <div class="ek-actions">
        <a class="kern-btn kern-btn--primary" href="/buero/runden/neu">
          <span class="kern-label">Neue Berichtsrunde eröffnen</span>
        </a>
        <a class="kern-link" href="/buero/anlage">
          Anlage zur Erfolgskontrolle erstellen
        </a>
      </div>
      <h2 class="kern-heading-medium" id="runden">
        Berichtsrunden
      </h2>
      <Loaded load={load} retry={retry} what="Berichtsrunden">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Noch keine Berichtsrunde eröffnet.</Empty>
          ) : (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls; its region must be reachable by keyboard
            <section class="ek-region kern-table-responsive" tabIndex={0} aria-labelledby="runden">
              <table class="kern-table kern-table--small">
                <thead class="kern-table__head">
                  <tr class="kern-table__row">
                    <th class="kern-table__header" scope="col">
                      Runde
                    </th>
                    <th class="kern-table__header" scope="col">
                      Stand
                    </th>
                    <th class="kern-table__header" scope="col">
                      Stichtag
                    </th>
                    <th class="kern-table__header" scope="col">
                      Frist
                    </th>
                    <th class="kern-table__header kern-table__header--numeric" scope="col">
                      Forderungen
                    </th>
                    <th class="kern-table__header" scope="col">
                      Weiter
                    </th>
                  </tr>
                </thead>
                <tbody class="kern-table__body">
                  {page.items.map((r) => (
                    <tr class="kern-table__row" key={r.id}>
                      <td class="kern-table__cell">
                        <a class="kern-link" href={`/buero/runden/${r.id}`}>
                          {roundTitle(r)}
                        </a>
                      </td>
                      <td class="kern-table__cell">{r.stateLabel}</td>
                      <td class="kern-table__cell">{dateShort(r.asOf)}</td>
                      <td class="kern-table__cell">{dateShort(r.deadline)}</td>
                      <td class="kern-table__cell kern-table__cell--numeric">{r.itemCount}</td>
                      <td class="kern-table__cell">
                        {r.state === 'open' ? (
                          <>
                            <a class="kern-link" href={`/buero/pruefung?runde=${r.id}`}>
                              Prüfung<span class="kern-sr-only"> der Runde {r.id}</span>
                            </a>
                            {' · '}
                          </>
                        ) : null}
                        <a class="kern-link" href={`/buero/freigabe?runde=${r.id}`}>
                          {r.state === 'open' ? 'Freigabe' : 'Beanstandungen'}
                          <span class="kern-sr-only"> der Runde {r.id}</span>
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )
        }
      </Loaded>
    </>
  );
}
