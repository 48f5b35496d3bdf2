// Datenpflege: the way into the record's conferences and threads, to correct them.
import { api, call } from '../../api';
import { CURATORS, OFFICE_SECTIONS, RoleGate, SectionNav } from '../../components/office-admin';
import { Loaded, PageTitle, useLoad } from '../../components/ui';

function Overview() {
  const [conferences, retryConferences] = useLoad(() => call(api.GET('/api/v1/conferences', { params: { query: { limit: 100 } } })), []);
  const [threads, retryThreads] = useLoad(() => call(api.GET('/api/v1/threads', { params: { query: { limit: 100 } } })), []);
  return (
    <>
      <PageTitle title="Datenpflege">Datenpflege</PageTitle>
      <SectionNav label="Import und Datenpflege" items={OFFICE_SECTIONS} path="/buero/pflege" />
      <p class="kern-body">
        Konferenzen, Beschlüsse und Forderungen berichtigen, wiederkehrende Forderungen zusammenstellen. Jede Änderung steht im Protokoll;
        hat jemand anderes denselben Eintrag inzwischen geändert, wird nichts überschrieben.
      </p>
      <section aria-labelledby="pflege-konferenzen">
        <h2 class="kern-heading-medium" id="pflege-konferenzen">
          Konferenzen
        </h2>
        <Loaded load={conferences} retry={retryConferences} what="Konferenzen">
          {(page) => (
            <ul class="kern-list">
              {page.items.map((c) => (
                <li key={c.number} class="kern-body">
                  <a class="kern-link" href={`/buero/pflege/konferenzen/${c.number}`}>
                    {c.title}
                  </a>{' '}
                  · {c.resolutionCount} Beschlüsse
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      </section>
      <section aria-labelledby="pflege-straenge">
        <h2 class="kern-heading-medium" id="pflege-straenge">
          Wiederkehrende Forderungen
        </h2>
        <Loaded load={threads} retry={retryThreads} what="Wiederkehrende Forderungen">
          {(page) => (
            <ul class="kern-list">
              {page.items.map((t) => (
                <li key={t.id} class="kern-body">
                  <a class="kern-link" href={`/buero/pflege/straenge/${t.id}`}>
                    {t.title}
                  </a>{' '}
                  · {t.memberCount} Forderungen, erstmals {t.firstRaised}
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      </section>
    </>
  );
}

export function CurationPage() {
  return <RoleGate roles={CURATORS}>{() => <Overview />}</RoleGate>;
}
