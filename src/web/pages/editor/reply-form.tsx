// The spreadsheet reply form: many offices answer a round in Excel. Download the group's form (its
// assignments, a status list in German, room for Sachstand and evidence), fill it in, upload it:
// the API creates or updates the drafts, or refuses the whole file naming sheet, row and column.
import { useRef, useState } from 'preact/hooks';
import { api, call, type Failure, type Schemas } from '../../api';
import { Alert, Breadcrumbs, Loaded, PageTitle, useLoad } from '../../components/ui';
import { dateLong } from '../../format';
import { href, navigate } from '../../router';
import { Fact } from '../conference';
import { EditorGate, ErrorSummary } from './common';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
type UploadResult = Schemas['RoundFormUpload'];

/** „Ein Entwurf angelegt“, „3 Entwürfe geändert“, „keine Zeile unverändert“. */
function count(n: number, [one, none, many]: [string, string, string], what: string): string {
  return `${n === 0 ? none : n === 1 ? one : `${n} ${many}`} ${what}`;
}

function Upload({ round, group }: { round: number; group: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [result, setResult] = useState<UploadResult | null>(null);
  const [busy, setBusy] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const rowErrors = failure?.errors ?? [];
  const invalid = missing || failure !== null;
  return (
    <form
      class="ek-form"
      noValidate
      aria-labelledby="hochladen-titel"
      onSubmit={async (e) => {
        e.preventDefault();
        setResult(null);
        setFailure(null);
        setMissing(file === null);
        if (!file) return;
        setBusy(true);
        const r = await call(
          api.PUT('/api/v1/rounds/{id}/forms/{group}', {
            params: { path: { id: round, group }, header: { 'If-Match': '*' } },
            // The file itself is the body (no JSON): the contract types it as a binary string.
            body: file as unknown as string,
            bodySerializer: (b: unknown) => b as Blob,
            headers: { 'content-type': XLSX },
          }),
        );
        setBusy(false);
        if (!r.ok) {
          setFailure(r.failure);
          return;
        }
        setResult(r.data);
        setTimeout(() => resultRef.current?.focus(), 0);
      }}
    >
      <h2 class="kern-heading-medium" id="hochladen-titel">
        2. Ausgefülltes Formular hochladen
      </h2>
      <ErrorSummary
        problems={
          missing
            ? [{ id: 'formular-datei', message: 'Bitte wählen Sie die ausgefüllte Excel-Datei aus.' }]
            : rowErrors.map((e) => ({ id: 'formular-datei', message: e.message }))
        }
        detail={
          failure
            ? rowErrors.length > 0
              ? 'Nichts wurde übernommen. Bitte korrigieren Sie die Datei und laden Sie sie erneut hoch.'
              : failure.detail
            : undefined
        }
      />
      {result ? (
        <div ref={resultRef} tabIndex={-1}>
          <Alert kind="success" title="Formular übernommen" live>
            <p class="kern-body">
              {count(result.created.length, ['Ein Entwurf', 'Kein Entwurf', 'Entwürfe'], 'angelegt')},{' '}
              {count(result.updated.length, ['ein Entwurf', 'kein Entwurf', 'Entwürfe'], 'geändert')},{' '}
              {count(result.unchanged, ['eine Zeile', 'keine Zeile', 'Zeilen'], 'unverändert')}. Eingereicht ist damit noch nichts: Bitte
              prüfen Sie die Entwürfe unter{' '}
              <a class="kern-link" href="/aufgaben">
                „Meine Aufgaben“
              </a>{' '}
              und reichen Sie sie dort ein.
            </p>
          </Alert>
        </div>
      ) : null}
      <div class={`kern-form-input${invalid ? ' kern-form-input--error' : ''}`}>
        <label class="kern-label" for="formular-datei">
          Excel-Datei (.xlsx)
        </label>
        <div class="kern-hint" id="formular-datei-hint">
          Höchstens 5 MB. Ist eine Zeile fehlerhaft, wird nichts übernommen; die Fehler stehen dann mit Zeile und Spalte oben.
        </div>
        <input
          class={`kern-form-input__input ek-file${invalid ? ' kern-form-input__input--error' : ''}`}
          type="file"
          id="formular-datei"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={`formular-datei-hint${invalid ? ' formular-datei-error' : ''}`}
          onChange={(e) => {
            setFile(e.currentTarget.files?.[0] ?? null);
            setMissing(false);
          }}
        />
        {invalid ? (
          <p class="kern-error" id="formular-datei-error">
            <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
            {missing
              ? 'Bitte wählen Sie die ausgefüllte Excel-Datei aus.'
              : rowErrors.length > 0
                ? `Die Datei enthält ${rowErrors.length === 1 ? 'einen Fehler' : `${rowErrors.length} Fehler`} (oben aufgeführt).`
                : 'Die Datei wurde nicht übernommen (siehe oben).'}
          </p>
        ) : null}
      </div>
      <div class="ek-actions">
        <button type="submit" class="kern-btn kern-btn--primary" disabled={busy}>
          <span class="kern-label">Hochladen</span>
        </button>
      </div>
    </form>
  );
}

function ReplyForm({ round, query }: { round: number; query: URLSearchParams }) {
  const [load, retry] = useLoad(async () => {
    const [r, mine] = await Promise.all([
      call(api.GET('/api/v1/rounds/{id}', { params: { path: { id: round } } })),
      call(api.GET('/api/v1/me/assignments', { params: { query: { round, limit: 200 } } })),
    ]);
    if (!r.ok) return r;
    if (!mine.ok) return mine;
    // The groups the person answers for in this round, with their names and how many demands each.
    const groups = new Map<string, { name: string; count: number }>();
    for (const a of mine.data.items) {
      const g = groups.get(a.group) ?? { name: a.groupName, count: 0 };
      g.count++;
      groups.set(a.group, g);
    }
    return { ok: true as const, data: { round: r.data, groups }, response: r.response };
  }, [round]);
  return (
    <Loaded load={load} retry={retry} what="Berichtsrunde">
      {({ round: r, groups }) => {
        const only = groups.size === 1 ? [...groups.keys()][0] : undefined;
        const group = query.get('stelle') ?? only;
        const chosen = group ? groups.get(group) : undefined;
        return (
          <>
            <Breadcrumbs items={[{ href: '/aufgaben', label: 'Meine Aufgaben' }, { label: 'Antwortformular' }]} />
            <PageTitle title={`Antwortformular – Berichtsrunde zur ${r.conference}. IntMK`}>
              Antwortformular für die Berichtsrunde zur {r.conference}. IntMK
            </PageTitle>
            <p class="kern-body">
              Statt jede Forderung einzeln zu beantworten, können Sie alle Antworten Ihrer Stelle in einer Excel-Tabelle schreiben und sie
              hier hochladen. Aus jeder ausgefüllten Zeile wird ein Entwurf (oder der vorhandene Entwurf geändert); eingereicht wird danach
              auf der Seite der Forderung.
            </p>
            <dl class="kern-description-list ek-facts">
              <Fact term="Rückmeldefrist">{dateLong(r.deadline)}</Fact>
              <Fact term="Stichtag">{dateLong(r.asOf)}</Fact>
            </dl>
            {r.state !== 'open' ? (
              <Alert kind="info" title="Runde abgeschlossen">
                <p class="kern-body">Diese Berichtsrunde ist abgeschlossen; Antworten werden nicht mehr angenommen.</p>
              </Alert>
            ) : groups.size === 0 ? (
              <Alert kind="info" title="Keine Zuweisungen">
                <p class="kern-body">In dieser Runde ist Ihrer Stelle keine Forderung zugewiesen.</p>
              </Alert>
            ) : !group || !chosen ? (
              <form
                class="ek-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  const v = (e.currentTarget.elements.namedItem('stelle') as HTMLSelectElement).value;
                  navigate(href(`/aufgaben/runden/${round}/formular`, { stelle: v }));
                }}
              >
                <div class="kern-form-input">
                  <label class="kern-label" for="stelle">
                    Für welche Stelle antworten Sie?
                  </label>
                  <div class="kern-form-input__select-wrapper">
                    <select class="kern-form-input__select" id="stelle" name="stelle">
                      {[...groups].map(([code, g]) => (
                        <option key={code} value={code}>
                          {g.name}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <button type="submit" class="kern-btn kern-btn--primary">
                  <span class="kern-label">Weiter</span>
                </button>
              </form>
            ) : (
              <>
                <h2 class="kern-heading-medium">1. Formular herunterladen und ausfüllen</h2>
                <p class="kern-body">
                  Die Datei enthält die {chosen.count === 1 ? 'Forderung' : `${chosen.count} Forderungen`}, die {chosen.name} in dieser
                  Runde beantwortet, mit dem bisherigen Stand. Ausfüllen: Status (Auswahlliste), Sachstand, Nachweise (je Zeile „Art:
                  Angabe“), gegebenenfalls der betroffene Adressat. Die übrigen Spalten sind gesperrt.
                </p>
                <p>
                  <a class="kern-link" href={`/api/v1/rounds/${r.id}/forms/${encodeURIComponent(group)}`} download>
                    Antwortformular für {chosen.name} herunterladen (Excel, .xlsx)
                  </a>
                </p>
                <Upload round={r.id} group={group} />
              </>
            )}
          </>
        );
      }}
    </Loaded>
  );
}

export function ReplyFormPage({ round, query }: { round: number; query: URLSearchParams }) {
  return (
    <EditorGate title="Antwortformular" path={href(`/aufgaben/runden/${round}/formular`, { stelle: query.get('stelle') })}>
      {(me) =>
        me.role === 'editor' ? (
          <ReplyForm round={round} query={query} />
        ) : (
          <>
            <PageTitle title="Antwortformular">Antwortformular</PageTitle>
            <Alert kind="info" title="Für Länder und Arbeitsgruppen">
              <p class="kern-body">
                Das Antwortformular füllen die zugewiesenen Stellen aus. Vorsitz und Geschäftsstelle laden es für eine Stelle über die API (
                <code>GET /api/v1/rounds/{round}/forms/…</code>).
              </p>
            </Alert>
          </>
        )
      }
    </EditorGate>
  );
}
