// The chair's office in the browser (issue #16 part 1): from opening a round to downloading the
// annex with the released Sachstand in it. The editor's steps go through the API with the
// editor's own token, as an integrator (or the editors' pages) would do them. An editor reaches
// no office page (403 page) and the API refuses too. axe on every office page.
import { readFileSync } from 'node:fs';
import { type APIRequestContext, type Browser, expect, type Page, request, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, SCREENS } from './axe.js';

const PASSWORD = 'Integration gelingt gemeinsam';
const NARRATIVE = 'Der Bund hat die Mittel der Migrationsberatung für 2027 verstetigt (Sachstand aus dem Browser-Test).';

async function shot(page: Page, name: string) {
  if (SCREENS) await page.screenshot({ path: `${SCREENS}/office-${name}.png`, fullPage: true });
}

function adminHeaders() {
  const { adminToken } = JSON.parse(readFileSync(process.env.E2E_STATE as string, 'utf8')) as { adminToken: string };
  return { authorization: `Bearer ${adminToken}` };
}

/** An account made by the office through the API; returns its token and the invitation path. */
async function account(api: APIRequestContext, data: { name: string; role: string; lands?: string[] }) {
  const email = `${data.role}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.org`;
  const res = await api.post('/api/v1/users', { headers: adminHeaders(), data: { ...data, email } });
  expect(res.status(), await res.text()).toBe(201);
  const created = (await res.json()) as { token: string; user: { id: number } };
  const inv = await api.post(`/api/v1/users/${created.user.id}/invitations`, { headers: adminHeaders() });
  expect(inv.status()).toBe(201);
  return { token: created.token, email, path: ((await inv.json()) as { path: string }).path };
}

/** Signs the page's browser in through the invitation, as a person would. */
async function signIn(page: Page, path: string) {
  await page.goto(path);
  await page.getByLabel('Neues Passwort', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Neues Passwort wiederholen').fill(PASSWORD);
  await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
  await expect(page).toHaveURL(/\/konto$/);
}

async function apiAs(baseURL: string, token: string) {
  return request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}

async function checkPage(page: Page, name: string) {
  await expectAccessible(page);
  await shot(page, name);
}

test('the chair runs a round from opening it to the annex with the released Sachstand', async ({ page, baseURL }) => {
  test.setTimeout(420_000);
  const setup = await request.newContext({ baseURL });
  const chair = await account(setup, { name: 'Vorsitz (Test)', role: 'chair' });
  const editor = await account(setup, { name: 'Referat Niedersachsen', role: 'editor', lands: ['NI'] });
  const ni = await apiAs(baseURL as string, editor.token);
  // A second NI account, as other specs on the same server make: nothing below may count on one.
  await account(setup, { name: 'Referat Niedersachsen (zweites Konto)', role: 'editor', lands: ['NI'] });
  await signIn(page, chair.path);

  // The office's start page, reached from the main navigation.
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Büro' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Büro des Vorsitzes' })).toBeVisible();
  await checkPage(page, '01-start');

  // Open a round with a preview of its scope.
  await page.getByRole('link', { name: 'Neue Berichtsrunde eröffnen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Neue Berichtsrunde eröffnen' })).toBeVisible();
  await page.getByLabel('Erfolgskontrolle der Konferenz').selectOption({ label: '20. IntMK 2025' });
  const scope = page.locator('section[aria-labelledby="umfang"]');
  await expect(scope.getByText(/^\d+ Forderungen$/)).toBeVisible();
  const count = Number((await scope.getByText(/^\d+ Forderungen$/).textContent())?.split(' ')[0]);
  expect(count).toBeGreaterThan(10);
  await expect(scope.getByRole('region', { name: 'Forderungen im Umfang' }).getByRole('row')).toHaveCount(count + 1);
  await checkPage(page, '02-runde-eroeffnen');
  await page.getByRole('button', { name: 'Berichtsrunde eröffnen' }).click();
  await expect(page).toHaveURL(/\/buero\/runden\/\d+\?eroeffnet=1$/);
  const roundId = Number(/runden\/(\d+)/.exec(page.url())?.[1]);
  await expect(page.getByRole('heading', { level: 1, name: `Berichtsrunde ${roundId} zur 20. IntMK` })).toBeVisible();
  await expect(page.getByRole('table').first()).toBeVisible();

  // Assign every demand under TOP 4.5 of the 20th to Niedersachsen, leading, replacing the defaults.
  await page.getByRole('link', { name: 'Im Block zuweisen' }).click();
  await page.getByLabel('Konferenz', { exact: true }).selectOption({ label: '20. IntMK 2025' });
  await page.getByLabel('TOP', { exact: true }).fill('4.5');
  await page.getByLabel('Niedersachsen').check();
  await page.getByLabel('Federführend').selectOption('NI');
  await page.getByLabel('ersetzen').check();
  await page.getByRole('button', { name: 'Zuweisen' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Zugewiesen' })).toContainText('Niedersachsen (federführend: Niedersachsen)');
  await checkPage(page, '03-zuweisen');

  // The matrix: Niedersachsen's row; its figures lead to the items; remind the group now.
  await page.getByRole('link', { name: 'Zum Fortschritt der Runde' }).click();
  const matrix = page.getByRole('region', { name: 'Fortschritt je Land oder Arbeitsgruppe' });
  const row = matrix.getByRole('row', { name: /Niedersachsen/ });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Jetzt erinnern – Niedersachsen' }).click();
  // One mail per active NI editor: other specs on the same server may have made more of them.
  await expect(page.getByRole('status').filter({ hasText: 'Erinnerung erzeugt' })).toContainText(
    /Niedersachsen: (eine Nachricht|\d+ Nachrichten) zu \d+ fehlenden Sachständen/,
  );
  const outbox = page.getByRole('region', { name: 'Erinnerungen und Postausgang' });
  await expect(outbox.getByRole('cell', { name: editor.email })).toBeVisible();
  await checkPage(page, '04-cockpit');
  await expectNoHorizontalScroll(page);
  await row.getByRole('link', { name: /fehlend – Niedersachsen/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Niedersachsen – fehlend' })).toBeVisible();
  await checkPage(page, '05-stelle');

  // The editor drafts and submits two Sachstände (through the API).
  const items = (await (await ni.get(`/api/v1/rounds/${roundId}/items?group=NI&limit=200`)).json()) as {
    items: { demand: { id: number; conference: number; top: string; summary: string } }[];
  };
  const mine = items.items.filter((i) => i.demand.top === '4.5' && i.demand.conference === 20);
  expect(mine.length).toBeGreaterThanOrEqual(2);
  const drafts: number[] = [];
  for (const [n, item] of mine.slice(0, 2).entries()) {
    const d = await ni.post(`/api/v1/rounds/${roundId}/drafts`, {
      data: { demandId: item.demand.id, group: 'NI', status: 'in_progress', narrative: n === 0 ? NARRATIVE : 'Noch ohne Ergebnis.' },
    });
    expect(d.status(), await d.text()).toBe(201);
    const id = ((await d.json()) as { id: number }).id;
    expect((await ni.post(`/api/v1/drafts/${id}/submission`)).status()).toBe(200);
    drafts.push(id);
  }

  // Review: the queue with keyboard shortcuts; edit the first with a note and accept it, return the second.
  await page.getByRole('navigation', { name: 'Büro des Vorsitzes' }).getByRole('link', { name: 'Prüfung' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Prüfung der Sachstände' })).toBeVisible();
  await expect(page.getByText('Sachstand 1 von 2')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Eingereichter Sachstand' })).toContainText(NARRATIVE);
  await expect(page.getByRole('region', { name: 'Bisheriger Stand' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Forderung' }).locator('blockquote')).not.toBeEmpty();
  await checkPage(page, '06-pruefung');
  await page.keyboard.press('j');
  await expect(page.getByText('Sachstand 2 von 2')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /– Niedersachsen$/ })).toBeFocused();
  await page.keyboard.press('k');
  await expect(page.getByText('Sachstand 1 von 2')).toBeVisible();
  // In a field the letters are typed, not shortcuts.
  await page.getByRole('button', { name: 'Bearbeiten …' }).click();
  await page.getByLabel('Notiz zur Änderung').fill('jk');
  await expect(page.getByText('Sachstand 1 von 2')).toBeVisible();
  await page.getByLabel('Status').selectOption({ label: 'teilweise erfüllt' });
  await page.getByLabel('Notiz zur Änderung').fill('Status an den Sachstand angepasst.');
  await page.getByRole('button', { name: 'Änderung speichern' }).click();
  await expect(page.getByRole('region', { name: 'Eingereichter Sachstand' })).toContainText('teilweise erfüllt');
  await page.getByRole('button', { name: 'Annehmen' }).click();
  await expect(page.getByText('Sachstand 1 von 1')).toBeVisible();
  await page.getByRole('button', { name: 'Zurückgeben …' }).click();
  await expect(page.getByLabel('Kommentar für die Stelle')).toBeFocused();
  await page.getByLabel('Kommentar für die Stelle').fill('Bitte das Datum des Gesprächs nennen.');
  await checkPage(page, '07-zurueckgeben');
  await page.getByRole('button', { name: 'Mit Kommentar zurückgeben' }).click();
  await expect(page.getByText('Kein eingereichter Sachstand wartet auf Prüfung.')).toBeVisible();
  const returned = (await (await ni.get(`/api/v1/drafts/${drafts[1]}`)).json()) as { state: string; events: { comment: string | null }[] };
  expect(returned.state).toBe('returned');
  expect(returned.events.map((e) => e.comment)).toContain('Bitte das Datum des Gesprächs nennen.');
  await expectAccessible(page);

  // Release: what becomes public and what stays internal, then in one step.
  await page.getByRole('link', { name: 'Zur Freigabe' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Freigabe der Sachstände' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Wird öffentlich (1)' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Wird öffentlich (1)' })).toContainText(NARRATIVE);
  await expect(page.getByRole('heading', { level: 2, name: 'Bleibt intern (0)' })).toBeVisible();
  await checkPage(page, '08-freigabe');
  await page.getByRole('button', { name: 'Alle 1 freigeben und Runde abschließen' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Freigegeben' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Beanstandungen (0)' })).toBeVisible();

  // Niedersachsen objects afterwards; the office answers.
  const released = (await (await setup.get(`/api/v1/demands/${mine[0]?.demand.id}/status-updates`)).json()) as {
    items: { id: number; narrative: string }[];
  };
  const update = released.items.find((u) => u.narrative === NARRATIVE);
  expect(update).toBeDefined();
  const objection = await ni.post(`/api/v1/rounds/${roundId}/objections`, {
    data: { statusUpdateId: update?.id, land: 'NI', reason: 'Die Verstetigung gilt erst ab 2028.' },
  });
  expect(objection.status(), await objection.text()).toBe(201);
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Beanstandungen (1)' })).toBeVisible();
  await page.getByLabel('Antwort an das Land (Begründung)').fill('Laut Haushaltsbeschluss gilt sie ab 2027.');
  await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
  await expect(page.locator('p').filter({ hasText: 'Laut Haushaltsbeschluss gilt sie ab 2027.' })).toContainText('Antwort');
  await expect(
    page.getByRole('heading', { level: 3, name: /^Beanstandung \d+: Niedersachsen zum Sachstand \d+ – zurückgewiesen$/ }),
  ).toBeVisible();
  await checkPage(page, '09-beanstandungen');

  // The annex: choose, preview in the page, download every format with the released Sachstand.
  await page.getByRole('navigation', { name: 'Büro des Vorsitzes' }).getByRole('link', { name: 'Anlage' }).click();
  await page.getByLabel('Beschlüsse der Konferenz').selectOption({ label: '20. IntMK 2025' });
  await page.getByRole('button', { name: 'Anlage anzeigen' }).click();
  const frame = page.frameLocator('iframe[title^="Vorschau: Anlage zur Erfolgskontrolle der 20. IntMK"]');
  await expect(frame.getByText(NARRATIVE).first()).toBeVisible({ timeout: 30_000 });
  await shot(page, '10-anlage');
  // axe cannot run inside the preview's frame (sandboxed: no scripts), and waits for ever trying. The
  // frame has its accessible title (located by it above); its document is checked on its own below.
  await page.evaluate(() => {
    for (const f of document.querySelectorAll('iframe')) f.replaceWith(document.createElement('div'));
  });
  await expectAccessible(page);
  await page.reload();
  await page.getByLabel('Beschlüsse der Konferenz').selectOption({ label: '20. IntMK 2025' });
  await page.getByRole('button', { name: 'Anlage anzeigen' }).click();
  for (const label of ['PDF', 'Word (DOCX)', 'Excel (XLSX)', 'Webseite (HTML)', 'Markdown', 'Tabelle (CSV)', 'Daten (JSON)']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: label }).click()]);
    const path = await download.path();
    const body = readFileSync(path);
    expect(body.length, label).toBeGreaterThan(500);
    expect(download.suggestedFilename(), label).toMatch(/20/);
    if (['Webseite (HTML)', 'Markdown', 'Tabelle (CSV)', 'Daten (JSON)'].includes(label)) {
      expect(body.toString('utf8').replace(/\u00ad/g, ''), label).toContain('Mittel der Migrationsberatung für 2027 verstetigt');
    }
  }
  // The preview's document (sandboxed above, so axe cannot run inside the frame) on its own.
  const htmlHref = await page.getByRole('link', { name: 'Webseite (HTML)' }).getAttribute('href');
  await page.goto(htmlHref as string);
  await expect(page.getByRole('heading', { level: 1, name: /Anlage zur Erfolgskontrolle der 20\. IntMK/ })).toBeVisible();
  await expectAccessible(page);
  await setup.dispose();
  await ni.dispose();
});

async function editorPage(browser: Browser, baseURL: string) {
  const setup = await request.newContext({ baseURL });
  const editor = await account(setup, { name: 'Referat Hessen', role: 'editor', lands: ['HE'] });
  await setup.dispose();
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, editor.path);
  return { page, context, token: editor.token };
}

test('an editor reaches no office page (403) and the API refuses', async ({ browser, baseURL }) => {
  const { page, context, token } = await editorPage(browser, baseURL as string);
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Büro' })).toHaveCount(0);
  for (const path of [
    '/buero',
    '/buero/runden/neu',
    '/buero/runden/1',
    '/buero/runden/1/zuweisen',
    '/buero/runden/1/stellen/NI',
    '/buero/pruefung',
    '/buero/freigabe',
    '/buero/anlage',
  ]) {
    const calls: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/v1\/(rounds|drafts|objections)/.test(r.url())) calls.push(r.url());
    });
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: 'Kein Zugriff (403)' })).toBeVisible();
    expect(calls, path).toEqual([]);
    await expectAccessible(page);
    page.removeAllListeners('request');
  }
  await shot(page, '11-kein-zugriff');
  const api = await apiAs(baseURL as string, token);
  for (const [method, url, data] of [
    ['GET', '/api/v1/rounds/scope-preview?conference=20&deadline=2026-12-31'],
    ['POST', '/api/v1/rounds', { conference: 20, asOf: '2026-11-15', deadline: '2026-12-15' }],
    ['GET', '/api/v1/rounds/1/review-queue'],
    ['GET', '/api/v1/rounds/1/mails'],
    ['POST', '/api/v1/rounds/1/reminders', { group: 'HE' }],
    ['GET', '/api/v1/rounds/1/release-preview'],
    ['POST', '/api/v1/rounds/1/release', {}],
  ] as const) {
    const res = await api.fetch(url, { method, ...(data ? { data } : {}) });
    expect(res.status(), `${method} ${url}`).toBe(403);
  }
  await api.dispose();
  await context.close();
});

test('signed out, an office page asks for sign-in and brings the person back', async ({ page }) => {
  await page.goto('/buero/anlage');
  await expect(page.getByRole('heading', { level: 1, name: 'Anmeldung nötig' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Anmelden' })).toHaveAttribute(
    'href',
    '/anmelden?weiter=%2Fbuero%2Fanlage',
  );
  await expectAccessible(page);
});
