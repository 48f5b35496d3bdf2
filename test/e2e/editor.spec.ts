// The working group's flow in the browser: invited, signs in, finds the assignment under "Meine
// Aufgaben", drafts and submits a Sachstand, sees it returned with the office's comment,
// resubmits, and sees it released. The office's steps (round, assignment, return, accept,
// release) go through the API with the admin token, as an integrator or the office pages would.
import { readFileSync } from 'node:fs';
import { type APIRequestContext, expect, type Locator, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expectAccessible, expectNoHorizontalScroll, SCREENS } from './axe.js';

const PASSWORD = 'Sachstand gemeldet 2026';
// The office's spec opens the round of the 20th IntMK through its pages; this one works in the
// round of the 18th, so the two never compete for the one open round per conference.
const CONFERENCE = 18;

async function shot(page: Page, name: string, part?: Locator) {
  if (!SCREENS) return;
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
  // The demand page is long: its Sachstand part on its own as well.
  if (part) await part.screenshot({ path: `${SCREENS}/${name}-teil.png` });
}

function office() {
  const { adminToken } = JSON.parse(readFileSync(process.env.E2E_STATE as string, 'utf8')) as { adminToken: string };
  return { authorization: `Bearer ${adminToken}` };
}

/** The open round of the 18th IntMK (an earlier test may have opened it already), with the deadline ahead. */
async function openRound(request: APIRequestContext): Promise<number> {
  const headers = office();
  const found = await request.get(`/api/v1/rounds?conference=${CONFERENCE}&state=open`, { headers });
  const existing = ((await found.json()) as { items: { id: number }[] }).items[0];
  if (existing) return existing.id;
  const today = new Date();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const created = await request.post('/api/v1/rounds', {
    headers,
    data: { conference: CONFERENCE, asOf: iso(today), deadline: iso(new Date(today.getTime() + 30 * 86_400_000)) },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: number }).id;
}

interface Item {
  demand: { id: number; conference: number; summary: string; addressees: string[] };
  assignments: { code: string; lead: boolean }[];
}

/** Adds `land` to the assignments of a public demand of the round that nobody else in these tests uses. */
async function assign(request: APIRequestContext, round: number, land: string, skip: number): Promise<Item['demand']> {
  const headers = office();
  const items = ((await (await request.get(`/api/v1/rounds/${round}/items?limit=200`, { headers })).json()) as { items: Item[] }).items;
  // Not already the land's by default: a round of another conference may hold the same demand with the same defaults.
  const candidates = items.filter(
    (i) => i.demand.conference === CONFERENCE && i.demand.addressees.length > 0 && !i.assignments.some((a) => a.code === land),
  );
  const item = candidates[candidates.length - 1 - skip] as Item;
  const groups = [...item.assignments.filter((a) => a.code !== land).map((a) => ({ code: a.code, lead: a.lead })), { code: land }];
  const put = await request.put(`/api/v1/rounds/${round}/items/${item.demand.id}/assignments`, {
    headers: { ...headers, 'if-match': '*' },
    data: { groups },
  });
  expect(put.status(), await put.text()).toBe(200);
  return item.demand;
}

/** The admin invites a working-group member; the person sets a password and is signed in. */
async function invitedEditor(page: Page, land: string, name: string): Promise<void> {
  const headers = office();
  const email = `ag-${land.toLowerCase()}-${Date.now()}@example.org`;
  const user = await page.request.post('/api/v1/users', { headers, data: { name, email, role: 'editor', lands: [land] } });
  expect(user.status(), await user.text()).toBe(201);
  const body = (await user.json()) as { user?: { id: number }; id?: number };
  const inv = await page.request.post(`/api/v1/users/${body.user?.id ?? body.id}/invitations`, { headers });
  expect(inv.status()).toBe(201);
  await page.goto(((await inv.json()) as { path: string }).path);
  await page.getByLabel('Neues Passwort', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Neues Passwort wiederholen').fill(PASSWORD);
  await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
  await expect(page).toHaveURL(/\/konto$/);
}

async function myDraftId(page: Page, demand: number): Promise<number> {
  const res = await page.request.get(`/api/v1/me/assignments?demand=${demand}`);
  const items = ((await res.json()) as { items: { drafts: { id: number }[] }[] }).items;
  return items[0]?.drafts[0]?.id as number;
}

/** Presses Tab until `target` has the focus: reachable by keyboard, in a bounded number of steps. */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('an invited editor drafts, submits, sees it returned, resubmits and sees it released', async ({ page }) => {
  test.setTimeout(420_000);
  const round = await openRound(page.request);
  const demand = await assign(page.request, round, 'SL', 0);
  await invitedEditor(page, 'SL', 'Arbeitsgruppe Saarland');

  // Meine Aufgaben: the open round, its deadline, the assignment with nothing yet.
  await page.getByRole('link', { name: 'Meine Aufgaben', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Aufgaben' })).toBeFocused();
  const roundPart = page.getByRole('region', { name: `Berichtsrunde zur ${CONFERENCE}. IntMK` });
  await expect(roundPart).toBeVisible();
  await expect(roundPart.getByText('Rückmeldefrist')).toBeVisible();
  const task = roundPart.locator('.ek-task', { has: page.getByRole('link', { name: demand.summary }) });
  await expect(task).toContainText('noch nicht begonnen');
  await expectAccessible(page);
  await shot(page, 'editor-aufgaben');

  // The demand page with the Sachstand form; submitting it empty names the problems.
  await task.getByRole('link', { name: demand.summary }).click();
  await expect(page).toHaveURL(new RegExp(`/forderungen/${demand.id}#sachstand$`));
  const section = page.locator('#sachstand');
  await expect(section.getByRole('heading', { name: 'Ihr Sachstand für die Berichtsrunde' })).toBeFocused();
  await expectAccessible(page);
  await section.getByRole('button', { name: 'Als Entwurf speichern' }).click();
  const summary = section.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link', { name: 'Bitte beschreiben Sie den Sachstand.' })).toBeVisible();
  const narrative = section.getByLabel('Beschreibung des Sachstands');
  await expect(narrative).toHaveAttribute('aria-invalid', 'true');
  await expect(narrative).toHaveAccessibleDescription(/Bitte beschreiben Sie den Sachstand\./);
  await summary.getByRole('link', { name: 'Bitte beschreiben Sie den Sachstand.' }).click();
  await expect(narrative).toBeFocused();
  await expectAccessible(page);
  await shot(page, 'editor-sachstand-fehler', section);

  // Save a draft with a status, a narrative and one evidence item.
  await section.getByLabel('in Umsetzung').check();
  await narrative.fill('Das Land hat eine Arbeitsgruppe eingerichtet; ein Entwurf liegt im Frühjahr vor.');
  await section.getByRole('button', { name: 'Nachweis hinzufügen' }).click();
  await expect(section.getByLabel('Art', { exact: true })).toBeFocused();
  await section.getByLabel('Angabe').fill('Kabinettsbeschluss vom 4. November 2026');
  await section.getByRole('button', { name: 'Als Entwurf speichern' }).click();
  await expect(section.getByText('Entwurf gespeichert')).toBeVisible();
  await expect(section.getByText('Entwurf', { exact: true })).toBeVisible();
  await expect(section.getByLabel('Beschreibung des Sachstands')).toHaveValue(/Arbeitsgruppe eingerichtet/);
  await expectAccessible(page);
  await shot(page, 'editor-sachstand-entwurf', section);

  // Someone else saves in between: the next save gets 412, explained; loading the stored version.
  const draftId = await myDraftId(page, demand.id);
  const csrf = (await page.context().cookies()).find((c) => c.name === 'ek_csrf')?.value as string;
  const other = await page.request.patch(`/api/v1/drafts/${draftId}`, {
    headers: { 'if-match': '*', 'x-csrf-token': csrf },
    data: { narrative: 'Fassung aus einem anderen Fenster.' },
  });
  expect(other.status(), await other.text()).toBe(200);
  await section.getByLabel('Beschreibung des Sachstands').fill('Meine Fassung, inzwischen veraltet.');
  await section.getByRole('button', { name: 'Als Entwurf speichern' }).click();
  await expect(section.getByText('Der Entwurf wurde inzwischen geändert')).toBeVisible();
  await expect(section.getByLabel('Beschreibung des Sachstands')).toHaveValue('Meine Fassung, inzwischen veraltet.');
  await expectAccessible(page);
  await shot(page, 'editor-sachstand-412', section);
  await section.getByRole('button', { name: /Gespeicherte Fassung laden/ }).click();
  await expect(section.getByLabel('Beschreibung des Sachstands')).toHaveValue('Fassung aus einem anderen Fenster.');

  // Submit.
  await section.getByLabel('Beschreibung des Sachstands').fill('Das Land hat eine Arbeitsgruppe eingerichtet.');
  await section.getByRole('button', { name: 'Einreichen', exact: true }).click();
  await expect(section.getByText('Sachstand eingereicht')).toBeVisible();
  await expect(section.getByText('Die Geschäftsstelle prüft den Sachstand.')).toBeVisible();
  await expect(section.getByRole('button', { name: 'Einreichen', exact: true })).toHaveCount(0);
  await expectAccessible(page);

  // The office returns it with a comment.
  const returned = await page.request.post(`/api/v1/drafts/${draftId}/return`, {
    headers: office(),
    data: { comment: 'Bitte das Datum der Einrichtung nennen.' },
  });
  expect(returned.status(), await returned.text()).toBe(200);

  await page.getByRole('link', { name: 'Meine Aufgaben', exact: true }).click();
  await expect(task).toContainText('zurückgegeben');
  await expect(task).toContainText('Kommentar der Geschäftsstelle: Bitte das Datum der Einrichtung nennen.');
  await expectAccessible(page);
  await shot(page, 'editor-aufgaben-zurueckgegeben');
  const calls: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) calls.push(r.url());
  });
  await task.getByRole('link', { name: demand.summary }).click();
  await expect(section.getByText('Von der Geschäftsstelle zurückgegeben', { exact: true })).toBeVisible();
  // Demand, its thread, my assignment and my drafts: at most 4 requests to render (issue #15).
  expect(calls.length, calls.join('\n')).toBeLessThanOrEqual(4);
  page.removeAllListeners('request');
  await expect(section.getByText('Bitte das Datum der Einrichtung nennen.').first()).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'editor-sachstand-zurueckgegeben', section);
  await section.getByLabel('Beschreibung des Sachstands').fill('Das Land hat am 1. Oktober 2026 eine Arbeitsgruppe eingerichtet.');
  await section.getByRole('button', { name: 'Erneut einreichen' }).click();
  await expect(section.getByText('Sachstand eingereicht')).toBeVisible();

  // The office accepts and releases this one draft (the round stays open for the others).
  expect((await page.request.post(`/api/v1/drafts/${draftId}/acceptance`, { headers: office() })).status()).toBe(200);
  const released = await page.request.post(`/api/v1/rounds/${round}/release`, { headers: office(), data: { drafts: [draftId] } });
  expect(released.status(), await released.text()).toBe(200);

  await page.getByRole('link', { name: 'Meine Aufgaben', exact: true }).click();
  await expect(task).toContainText('freigegeben');
  await task.getByRole('link', { name: demand.summary }).click();
  await expect(section.getByText('Der Sachstand ist freigegeben')).toBeVisible();
  await expect(page.getByText('Das Land hat am 1. Oktober 2026 eine Arbeitsgruppe eingerichtet.').first()).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'editor-sachstand-freigegeben', section);
});

test('the Sachstand form can be completed with the keyboard alone', async ({ page }) => {
  const round = await openRound(page.request);
  const demand = await assign(page.request, round, 'HB', 1);
  await invitedEditor(page, 'HB', 'Arbeitsgruppe Bremen');
  await page.goto(`/forderungen/${demand.id}#sachstand`);
  const section = page.locator('#sachstand');
  await expect(section.getByRole('heading', { name: 'Ihr Sachstand für die Berichtsrunde' })).toBeFocused();

  // Status: Tab into the group, arrows choose.
  await tabTo(page, section.getByLabel('offen', { exact: true }));
  await page.keyboard.press('ArrowDown');
  await expect(section.getByLabel('in Prüfung')).toBeChecked();
  await tabTo(page, section.getByLabel('Beschreibung des Sachstands'));
  await page.keyboard.type('Das Ressort prüft die Forderung; eine Entscheidung fällt im ersten Quartal.');
  await tabTo(page, section.getByRole('button', { name: 'Nachweis hinzufügen' }));
  await page.keyboard.press('Enter');
  await expect(section.getByLabel('Art', { exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(section.getByLabel('Angabe')).toBeFocused();
  await page.keyboard.type('Schreiben des Ressorts vom 2. Dezember 2026');
  await tabTo(page, section.getByRole('button', { name: 'Einreichen', exact: true }));
  await page.keyboard.press('Enter');
  await expect(section.getByText('Sachstand eingereicht')).toBeVisible();
  await expect(section.getByText('Schreiben: Schreiben des Ressorts vom 2. Dezember 2026')).toBeVisible();

  // At 320 px nothing needs horizontal scrolling.
  await page.setViewportSize({ width: 320, height: 800 });
  await expectNoHorizontalScroll(page);
});

test('the spreadsheet reply form: download, upload with row errors, upload', async ({ page }) => {
  const round = await openRound(page.request);
  const demand = await assign(page.request, round, 'RP', 2);
  await invitedEditor(page, 'RP', 'Arbeitsgruppe Rheinland-Pfalz');
  await page.goto('/aufgaben');
  await page
    .getByRole('region', { name: `Berichtsrunde zur ${CONFERENCE}. IntMK` })
    .getByRole('link', { name: /als Tabelle bearbeiten/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /Antwortformular/ })).toBeVisible();
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /herunterladen/ }).click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const ws = wb.getWorksheet('Antworten') as ExcelJS.Worksheet;
  const header = Array.from(ws.getRow(1).values as unknown[], (v) => String(v ?? ''));
  const col = (name: string) => header.findIndex((h) => h.startsWith(name));
  let row = 0;
  ws.eachRow((r, n) => {
    if (Number(r.getCell(col('Forderung (Nr.)')).value) === demand.id) row = n;
  });
  expect(row).toBeGreaterThan(1);
  ws.getRow(row).getCell(col('Status')).value = 'fast fertig';
  ws.getRow(row).getCell(col('Sachstand')).value = 'Der Landtag berät den Entwurf.';
  const bad = Buffer.from(await wb.xlsx.writeBuffer());

  // Submitting without a file names the field.
  await page.getByRole('button', { name: 'Hochladen' }).click();
  await expect(page.getByLabel('Excel-Datei (.xlsx)')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Excel-Datei (.xlsx)').setInputFiles({ name: 'antwort.xlsx', mimeType: 'application/octet-stream', buffer: bad });
  await page.getByRole('button', { name: 'Hochladen' }).click();
  const problems = page.getByRole('alert').filter({ hasText: 'Nichts wurde übernommen' });
  await expect(problems).toContainText(`Zeile ${row}`);
  await expect(problems).toContainText('Status');
  await expect(page.getByLabel('Excel-Datei (.xlsx)')).toHaveAccessibleDescription(/enthält einen Fehler/);
  await expectAccessible(page);
  await shot(page, 'editor-formular-fehler');

  ws.getRow(row).getCell(col('Status')).value = 'in Umsetzung';
  const good = Buffer.from(await wb.xlsx.writeBuffer());
  await page.getByLabel('Excel-Datei (.xlsx)').setInputFiles({ name: 'antwort.xlsx', mimeType: 'application/octet-stream', buffer: good });
  await page.getByRole('button', { name: 'Hochladen' }).click();
  await expect(page.getByText('Formular übernommen')).toBeVisible();
  await expect(page.getByText(/Ein Entwurf angelegt, kein Entwurf geändert/)).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'editor-formular');

  await page.goto('/aufgaben');
  await expect(
    page
      .getByRole('region', { name: `Berichtsrunde zur ${CONFERENCE}. IntMK` })
      .locator('.ek-task', { has: page.getByRole('link', { name: demand.summary }) }),
  ).toContainText('Entwurf');
  await page.setViewportSize({ width: 320, height: 800 });
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});

test('signed out, "Meine Aufgaben" asks for sign-in and the demand page shows no form', async ({ page }) => {
  await page.goto('/aufgaben');
  await expect(page).toHaveURL(/\/anmelden\?weiter=%2Faufgaben$/);
  await expectAccessible(page);
  const demands = (await (await page.request.get('/api/v1/demands?limit=1')).json()) as { items: { id: number }[] };
  await page.goto(`/forderungen/${demands.items[0]?.id}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Sachstände' })).toBeVisible();
  await expect(page.locator('#sachstand')).toHaveCount(0);
});
