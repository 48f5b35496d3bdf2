// /buero/anlage – the annex to the Erfolgskontrolle: choose conference, Stichtag, since and
// audience; download it in every format; read the HTML version here (sandboxed: no scripts).
import { useState } from 'preact/hooks';
import { api, call } from '../../api';
import { Field } from '../../components/form';
import { Breadcrumbs, Loaded, PageTitle, useLoad } from '../../components/ui';
import { dateShort } from '../../format';
import { href, type Location_, navigate } from '../../router';
import { OfficeNav } from './shared';

const FORMATS: { format: string; label: string }[] = [
  { format: 'pdf', label: 'PDF' },
  { format: 'docx', label: 'Word (DOCX)' },
  { format: 'xlsx', label: 'Excel (XLSX)' },
  { format: 'html', label: 'Webseite (HTML)' },
  { format: 'md', label: 'Markdown' },
  { format: 'csv', label: 'Tabelle (CSV)' },
  { format: 'json', label: 'Daten (JSON)' },
];

interface Choice {
  konferenz: string;
  top: string;
  stichtag: string;
  seit: string;
  publikum: 'public' | 'internal';
}

function choiceOf(query: URLSearchParams): Choice {
  return {
    konferenz: query.get('konferenz') ?? '',
    top: query.get('top') ?? '',
    stichtag: query.get('stichtag') ?? '',
    seit: query.get('seit') ?? '',
    publikum: query.get('publikum') === 'internal' ? 'internal' : 'public',
  };
}

function reportUrl(c: Choice, format: string): string {
  return href(`/api/v1/conferences/${encodeURIComponent(c.konferenz)}/erfolgskontrolle`, {
    format,
    asOf: c.stichtag,
    since: c.seit,
    top: c.top,
    audience: c.publikum,
  });
}

function ChoiceForm({ initial, conferences }: { initial: Choice; conferences: { number: number; title: string }[] }) {
  const [c, setC] = useState<Choice>({ ...initial, konferenz: initial.konferenz || String(conferences[0]?.number ?? '') });
  const set = (k: keyof Choice) => (e: Event) => setC({ ...c, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <form
      class="ek-filters"
      aria-label="Anlage wählen"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(href('/buero/anlage', { ...c, publikum: c.publikum === 'internal' ? 'internal' : undefined }));
      }}
    >
      <div class="ek-filters__grid">
        <Field id="anlage-konferenz" label="Beschlüsse der Konferenz">
          {(p) => (
            <div class="kern-form-input__select-wrapper">
              <select {...p} class="kern-form-input__select" value={c.konferenz} onChange={set('konferenz')}>
                {conferences.map((x) => (
                  <option key={x.number} value={x.number}>
                    {x.title}
                  </option>
                ))}
              </select>
            </div>
          )}
        </Field>
        <Field
          id="anlage-top"
          label="TOP der vorlegenden Konferenz"
          hint="Für den Titel „Anlage zu TOP … der nächsten IntMK“. Leer: aus deren Tagesordnung, sofern erfasst."
        >
          {(p) => <input {...p} type="text" inputMode="decimal" maxLength={20} value={c.top} onInput={set('top')} />}
        </Field>
        <Field id="anlage-stichtag" label="Stichtag" hint="Leer: heute">
          {(p) => <input {...p} type="date" value={c.stichtag} onInput={set('stichtag')} />}
        </Field>
        <Field id="anlage-seit" label="Änderungen seit" hint="Leer: seit dem letzten Bericht">
          {(p) => <input {...p} type="date" value={c.seit} onInput={set('seit')} />}
        </Field>
      </div>
      <fieldset class="ek-checks ek-checks--stack">
        <legend class="kern-label">Fassung</legend>
        <div class="kern-form-check">
          <input
            class="kern-form-check__radio"
            type="radio"
            name="publikum"
            id="publikum-public"
            value="public"
            checked={c.publikum === 'public'}
            onChange={set('publikum')}
          />
          <label class="kern-label" for="publikum-public">
            öffentlich (ohne alles Interne)
          </label>
        </div>
        <div class="kern-form-check">
          <input
            class="kern-form-check__radio"
            type="radio"
            name="publikum"
            id="publikum-internal"
            value="internal"
            checked={c.publikum === 'internal'}
            onChange={set('publikum')}
          />
          <label class="kern-label" for="publikum-internal">
            intern (mit Abstimmungen, internen Sachständen und Beanstandungen)
          </label>
        </div>
      </fieldset>
      <div class="ek-actions">
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">Anlage anzeigen</span>
        </button>
      </div>
    </form>
  );
}

export function AnnexPage({ query }: { query: Location_['query'] }) {
  const choice = choiceOf(query);
  const [load, retry] = useLoad(() => call(api.GET('/api/v1/conferences', { params: { query: { limit: 100, sort: '-number' } } })), []);
  const key = query.toString();
  const shown = choice.konferenz ? choice : null;
  const title = shown
    ? `Anlage zur Erfolgskontrolle der ${shown.konferenz}. IntMK${shown.stichtag ? `, Stichtag ${dateShort(shown.stichtag)}` : ''} (${shown.publikum === 'internal' ? 'intern' : 'öffentlich'})`
    : '';
  return (
    <>
      <Breadcrumbs items={[{ href: '/buero', label: 'Büro' }, { label: 'Anlage' }]} />
      <PageTitle title="Anlage zur Erfolgskontrolle">Anlage zur Erfolgskontrolle</PageTitle>
      <OfficeNav current="anlage" />
      <p class="kern-body">
        Der Bericht des Vorsitzes über die Beschlüsse einer Konferenz, vorgelegt zur nächsten. Derselbe Stichtag ergibt denselben Bericht.
      </p>
      <Loaded load={load} retry={retry} what="Konferenzen">
        {(page) => <ChoiceForm key={key} initial={choice} conferences={page.items} />}
      </Loaded>
      {shown ? (
        <section aria-labelledby="anlage-ergebnis">
          <h2 class="kern-heading-medium" id="anlage-ergebnis">
            {title}
          </h2>
          <h3 class="kern-heading-small">Herunterladen</h3>
          <ul class="ek-queue">
            {FORMATS.map((f) => (
              <li key={f.format}>
                <a class="kern-btn kern-btn--secondary kern-btn--small" href={reportUrl(shown, f.format)} download data-reload>
                  <span class="kern-label">{f.label}</span>
                </a>
              </li>
            ))}
          </ul>
          <h3 class="kern-heading-small">Vorschau (HTML)</h3>
          {/* Sandboxed: no scripts, forms, pop-ups or navigation of this page. Same origin only so the frame
              renders in this page's process (the report is our own HTML under a strict CSP). */}
          <iframe class="ek-preview-frame" title={`Vorschau: ${title}`} src={reportUrl(shown, 'html')} sandbox="allow-same-origin" />
        </section>
      ) : null}
    </>
  );
}
