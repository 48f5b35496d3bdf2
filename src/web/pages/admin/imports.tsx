// Import: upload a conference's collection of resolutions (PDF with a text layer, or text) and
// find the drafts read from earlier uploads.
import { useState } from 'preact/hooks';
import { api, call, type Failure, type Schemas } from '../../api';
import { FormProblem } from '../../components/form';
import { CURATORS, OFFICE_SECTIONS, RoleGate, SectionNav } from '../../components/office-admin';
import { Alert, Empty, Loaded, PageTitle, useLoad } from '../../components/ui';
import { dateTime } from '../../format';
import { navigate } from '../../router';

type ContentType = 'application/pdf' | 'text/plain';

/** The upload's media type: what the browser says, else the file name's ending. */
function contentTypeOf(file: File): ContentType | null {
  if (file.type === 'application/pdf' || /\.pdf$/i.test(file.name)) return 'application/pdf';
  if (file.type === 'text/plain' || /\.(txt|text)$/i.test(file.name)) return 'text/plain';
  return null;
}

export function draftTitle(d: Pick<Schemas['ImportDraftSummary'], 'conference' | 'id'>): string {
  const c = d.conference;
  if (c.number === null) return `Entwurf ${d.id}`;
  return `${c.number}. IntMK${c.year ? ` ${c.year}` : ''}${c.place ? ` (${c.place})` : ''}`;
}

function UploadForm() {
  const [file, setFile] = useState<File | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [fileError, setFileError] = useState<string | undefined>();
  return (
    <section aria-labelledby="hochladen">
      <h2 class="kern-heading-medium" id="hochladen">
        Beschlusssammlung hochladen
      </h2>
      <p class="kern-body">
        Die veröffentlichte Sammlung der Beschlüsse einer Konferenz, als PDF mit Textebene oder als Text. Sie wird als Entwurf eingelesen:
        erkannte TOPs und Forderungen mit Vorschlägen, an welche früheren Forderungen sie anknüpfen. In den Bestand kommt erst, was Sie
        geprüft und übernommen haben.
      </p>
      {failure ? (
        <div aria-live="assertive">
          <FormProblem failure={failure} />
        </div>
      ) : null}
      <form
        class="ek-form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!file) {
            setFileError('Bitte eine Datei wählen.');
            document.getElementById('datei')?.focus();
            return;
          }
          const type = contentTypeOf(file);
          if (!type) {
            setFileError('Erwartet wird ein PDF (.pdf) oder eine Textdatei (.txt).');
            document.getElementById('datei')?.focus();
            return;
          }
          setFileError(undefined);
          setBusy(true);
          const r = await call(
            api.POST('/api/v1/imports', {
              params: { query: { filename: file.name.slice(0, 255) } },
              body: file as unknown as string,
              bodySerializer: (b: unknown) => b as Blob,
              headers: { 'content-type': type },
            }),
          );
          setBusy(false);
          if (!r.ok) {
            setFailure(r.failure);
            return;
          }
          setFailure(null);
          navigate(`/buero/import/${r.data.id}${r.response.status === 200 ? '?vorhanden=1' : ''}`);
        }}
      >
        <div class={`kern-form-input${fileError ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for="datei">
            Datei
          </label>
          <div class="kern-hint" id="datei-hint">
            PDF mit Textebene oder Text (UTF-8), höchstens 20 MB.
          </div>
          <input
            class="kern-form-input__input"
            id="datei"
            type="file"
            accept=".pdf,.txt,application/pdf,text/plain"
            aria-describedby={fileError ? 'datei-hint datei-error' : 'datei-hint'}
            aria-invalid={fileError ? 'true' : undefined}
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
          {fileError ? (
            <p class="kern-error" id="datei-error">
              <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
              {fileError}
            </p>
          ) : null}
        </div>
        <div class="ek-actions">
          <button type="submit" class="kern-btn kern-btn--primary" disabled={busy}>
            <span class="kern-label">{busy ? 'Wird eingelesen …' : 'Hochladen und einlesen'}</span>
          </button>
          {busy ? (
            <span class="kern-body" role="status">
              Die Datei wird gelesen; bei einem großen PDF dauert das einige Sekunden.
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}

function Drafts() {
  const [load, retry] = useLoad(() => call(api.GET('/api/v1/imports', { params: { query: { limit: 100 } } })), []);
  return (
    <section aria-labelledby="entwuerfe">
      <h2 class="kern-heading-medium" id="entwuerfe">
        Entwürfe
      </h2>
      <Loaded load={load} retry={retry} what="Entwürfe">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Noch nichts hochgeladen.</Empty>
          ) : (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls; its region must be reachable by keyboard
            <section class="kern-table-responsive" tabIndex={0} aria-label="Import-Entwürfe">
              <table class="kern-table kern-table--small">
                <thead class="kern-table__head">
                  <tr class="kern-table__row">
                    <th class="kern-table__header" scope="col">
                      Konferenz
                    </th>
                    <th class="kern-table__header" scope="col">
                      Datei
                    </th>
                    <th class="kern-table__header" scope="col">
                      Erkannt
                    </th>
                    <th class="kern-table__header" scope="col">
                      Stand
                    </th>
                    <th class="kern-table__header" scope="col">
                      Geändert
                    </th>
                  </tr>
                </thead>
                <tbody class="kern-table__body">
                  {page.items.map((d) => (
                    <tr class="kern-table__row" key={d.id}>
                      <td class="kern-table__cell">
                        <a class="kern-link" href={`/buero/import/${d.id}`}>
                          {draftTitle(d)}
                        </a>
                      </td>
                      <td class="kern-table__cell ek-cell-wrap">{d.source.filename ?? '–'}</td>
                      <td class="kern-table__cell">
                        {d.counts.resolutions} TOPs, {d.counts.demands} Forderungen
                      </td>
                      <td class="kern-table__cell">
                        {d.status === 'committed' ? `übernommen (${d.committedConference}. IntMK)` : 'Entwurf in Prüfung'}
                      </td>
                      <td class="kern-table__cell">{dateTime(d.modified)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )
        }
      </Loaded>
    </section>
  );
}

export function ImportsPage({ query }: { query: URLSearchParams }) {
  return (
    <RoleGate roles={CURATORS}>
      {() => (
        <>
          <PageTitle title="Import">Import</PageTitle>
          <SectionNav label="Import und Datenpflege" items={OFFICE_SECTIONS} path="/buero/import" />
          {query.get('verworfen') ? <Alert kind="success" title="Der Entwurf ist verworfen" /> : null}
          <UploadForm />
          <Drafts />
          <Alert kind="info" title="Nach der Übernahme">
            <p class="kern-body">
              Übernommene Beschlüsse und Forderungen lassen sich unter{' '}
              <a class="kern-link" href="/buero/pflege">
                Datenpflege
              </a>{' '}
              weiter berichtigen.
            </p>
          </Alert>
        </>
      )}
    </RoleGate>
  );
}
