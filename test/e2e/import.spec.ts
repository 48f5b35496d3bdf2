// The import in the browser, on a fresh database without the 20th IntMK: upload its collection,
// read TOP 4.5 beside its text, correct a demand and a TOP, decide link suggestions, commit; and a
// broken file's errors as the API words them. This file starts its own server (serve.ts with
// E2E_SEED_WITHOUT=20) next to the suite's, on the suite's port + 100.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { signedInAs } from './accounts.js';
import { expectAccessible, expectNoHorizontalScroll, SCREENS } from './axe.js';

const port = Number(process.env.E2E_PORT ?? 4310) + 100;
const base = `http://127.0.0.1:${port}`;
const state = join(tmpdir(), `ek-e2e-import-state-${port}-${process.pid}.json`);
const SOURCE_18 = new URL('../../seeds/sources/intmk-18-2023-wiesbaden-niederschrift.txt', import.meta.url).pathname;
const SOURCE = new URL('../../seeds/sources/intmk-20-2025-goettingen-beschluesse.txt', import.meta.url).pathname;

let server: ChildProcess | undefined;
const suiteState = process.env.E2E_STATE;

test.use({ baseURL: base });
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // The suite's web server has built dist/web already; this one only serves it.
  // Its own process group, so that closing it ends tsx's node child too.
  server = spawn('npx', ['tsx', 'test/e2e/serve.ts'], {
    env: { ...process.env, E2E_PORT: String(port), E2E_STATE: state, E2E_SEED_WITHOUT: '20' },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  // serve.ts writes the state file once it listens: a server left over on the port has none.
  for (let i = 0; i < 200 && !existsSync(state); i++) await new Promise((r) => setTimeout(r, 500));
  expect(existsSync(state), `the import test server did not start on port ${port}`).toBe(true);
  process.env.E2E_STATE = state;
});

test.afterAll(() => {
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  rmSync(state, { force: true });
  process.env.E2E_STATE = suiteState;
});

async function shot(page: Page, name: string) {
  if (SCREENS) await page.screenshot({ path: `${SCREENS}/admin-${name}.png`, fullPage: true });
}

test('the office imports the 20th IntMK: upload, correct, accept, commit', async ({ page }) => {
  test.setTimeout(180_000);
  // No 20th conference's resolutions yet.
  expect((await (await page.request.get('/api/v1/conferences/20/resolutions')).json()).total ?? 0).toBe(0);
  await signedInAs(page, 'chair', 'Vorsitz Niedersachsen');
  await page.goto('/buero/import');
  await expect(page.getByRole('heading', { level: 1, name: 'Import' })).toBeVisible();
  await expectAccessible(page);

  // A broken file: the API's words.
  await page
    .getByLabel('Datei')
    .setInputFiles({ name: 'kaputt.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\nkaputt') });
  await page.getByRole('button', { name: 'Hochladen und einlesen' }).click();
  const problem = page.getByRole('alert');
  // Reading a PDF runs in a worker thread; on a busy machine that takes a while.
  await expect(problem).toBeVisible({ timeout: 60_000 });
  const detail = (await problem.textContent()) ?? '';
  expect(detail).toMatch(/PDF/);
  await expectAccessible(page);
  await shot(page, '10-import-fehler');
  // A text that is no collection of resolutions.
  await page
    .getByLabel('Datei')
    .setInputFiles({ name: 'brief.txt', mimeType: 'text/plain', buffer: Buffer.from('Sehr geehrte Damen und Herren,\nvielen Dank.') });
  await page.getByRole('button', { name: 'Hochladen und einlesen' }).click();
  await expect(page.getByRole('alert')).toContainText('keine Beschlusssammlung der IntMK', { timeout: 60_000 });

  // The collection.
  await page.getByLabel('Datei').setInputFiles(SOURCE);
  await page.getByRole('button', { name: 'Hochladen und einlesen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Import: 20\. IntMK 2025 \(Göttingen\)/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/27 TOPs, \d+ Forderungen/)).toBeVisible();
  await expectAccessible(page);

  // TOP 4.5 (MBE) beside its text.
  await page.getByRole('navigation', { name: 'TOPs des Entwurfs' }).getByRole('link', { name: 'TOP 4.5', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: /TOP 4\.5: Migrationsberatung/ })).toBeVisible();
  const source = page.getByRole('region', { name: 'Text im Dokument' });
  await expect(source).toContainText('Migrationsberatung');

  // Correct demand 4.5-2: its short form.
  const demand = page.getByRole('article').filter({ hasText: 'Forderung 4.5-2 ' }).first();
  await demand.getByText('Forderung 4.5-2 berichtigen').click();
  await demand.getByLabel('Kurzfassung').fill('Bund soll die MBE auskömmlich finanzieren');
  await demand.getByRole('button', { name: 'Forderung 4.5-2 speichern' }).click();
  await expect(page.getByRole('heading', { level: 4, name: 'Bund soll die MBE auskömmlich finanzieren' })).toBeVisible();

  // Accept the thread suggestion for 4.5-2b (MBE financing), reject one for 4.5-2.
  const second = page.getByRole('article').filter({ hasText: 'Forderung 4.5-2b' });
  await second.getByRole('button', { name: /^Annehmen: Strang „Auskömmliche und planbare Bundesfinanzierung/ }).click();
  await expect(second.getByText('angenommen', { exact: true })).toBeVisible();
  const first = page.getByRole('article').filter({ hasText: 'Forderung 4.5-2 ' }).first();
  await first
    .getByRole('button', { name: /^Ablehnen: / })
    .first()
    .click();
  await expect(first.getByText('abgelehnt', { exact: true })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await shot(page, '11-import-pruefen');

  // Correct a TOP: the title of TOP 4.5.
  const title = page.getByLabel('Titel', { exact: true });
  await title.fill('Migrationsberatung für Erwachsene (MBE) bedarfsgerecht finanzieren');
  await page.getByRole('button', { name: 'TOP speichern' }).click();
  await expect(page.getByText('TOP 4.5 gespeichert')).toBeVisible();

  // A second tab changes the draft meanwhile: this page's next write gets 412, explained.
  const draftId = Number(/\/buero\/import\/(\d+)/.exec(page.url())?.[1]);
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'ek_csrf')?.value ?? '';
  const other = await page.request.patch(`/api/v1/imports/${draftId}/demands/4.5-2b`, {
    headers: { 'if-match': '*', 'x-csrf-token': csrf },
    data: { summary: 'Planungssicherheit für die MBE-Träger' },
  });
  expect(other.status()).toBe(200);
  await page.getByRole('button', { name: 'Forderung 4.5-2b verwerfen' }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'Inzwischen hat jemand anderes gespeichert' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('Forderung 4.5-2b: Kurzfassung');
  await expect(conflict).toContainText('Planungssicherheit für die MBE-Träger');
  await expectAccessible(page);
  await shot(page, '12-import-konflikt');
  await conflict.getByRole('button', { name: 'Aktuelle Fassung laden' }).click();
  await expect(page.getByRole('heading', { level: 4, name: 'Planungssicherheit für die MBE-Träger' })).toBeVisible();

  // Suggestions recomputed against the record: the decisions made stay.
  await page.getByRole('button', { name: 'Vorschläge neu berechnen' }).click();
  await expect(page.getByText('Vorschläge neu berechnet')).toBeVisible();
  await expect(page.getByText(/und 1 angenommenen Verknüpfung;/)).toBeVisible();

  // Commit.
  await page.getByRole('button', { name: 'In den Bestand übernehmen' }).click();
  const done = page.getByText(/Beschlüsse, \d+ Forderungen und 1 Verknüpfung übernommen/);
  await expect(done).toBeVisible({ timeout: 60_000 });
  await expectAccessible(page);
  await shot(page, '13-import-uebernommen');
  await page.getByRole('link', { name: '20. IntMK', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('20. IntMK');

  // In the record: the corrected title and summary, and the accepted link as a thread member.
  const resolution = await (await page.request.get('/api/v1/conferences/20/resolutions/4.5')).json();
  expect(resolution.title).toBe('Migrationsberatung für Erwachsene (MBE) bedarfsgerecht finanzieren');
  expect(resolution.demands.map((d: { summary: string }) => d.summary)).toContain('Bund soll die MBE auskömmlich finanzieren');
  const linked = resolution.demands.find((d: { summary: string }) => d.summary === 'Planungssicherheit für die MBE-Träger');
  expect(linked.thread?.title).toMatch(/^Auskömmliche und planbare Bundesfinanzierung/);

  // A draft not wanted is discarded (after a confirmation).
  await page.goto('/buero/import');
  await page.getByLabel('Datei').setInputFiles(SOURCE_18);
  await page.getByRole('button', { name: 'Hochladen und einlesen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Import: 18\. IntMK/ })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Entwurf verwerfen' }).click();
  await page.getByRole('button', { name: 'Ja, verwerfen' }).click();
  await expect(page.getByText('Der Entwurf ist verworfen')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Import-Entwürfe' })).not.toContainText('18. IntMK');
  await expectAccessible(page);
});

test('an editor cannot reach the import: the 403 page, and the API refuses', async ({ page }) => {
  await signedInAs(page, 'editor');
  await page.goto('/buero/import');
  await expect(page.getByRole('heading', { level: 1, name: 'Kein Zugriff (403)' })).toBeVisible();
  await expectAccessible(page);
  const csrf = (await page.context().cookies()).find((c) => c.name === 'ek_csrf')?.value ?? '';
  const res = await page.request.post('/api/v1/imports', {
    headers: { 'content-type': 'text/plain', 'x-csrf-token': csrf },
    data: 'TOP 1',
  });
  expect(res.status()).toBe(403);
});
