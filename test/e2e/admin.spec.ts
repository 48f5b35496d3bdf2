// The administration in the browser: the admin invites a person, who sets a password through the
// link and signs in; tokens, the audit trail and the chain check; an editor gets the 403 page.
import { expect, type Page, test } from '@playwright/test';
import { acceptInvitation, signedInAs } from './accounts.js';
import { expectAccessible, expectNoHorizontalScroll, SCREENS } from './axe.js';

async function shot(page: Page, name: string) {
  if (SCREENS) await page.screenshot({ path: `${SCREENS}/admin-${name}.png`, fullPage: true });
}

test('the admin invites an editor, who sets a password through the link and signs in', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signedInAs(page, 'admin', 'Geschäftsstelle Göttingen');
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Verwaltung' })).toBeVisible();
  await expect(page.getByRole('region', { name: /Konten/ })).toContainText('Geschäftsstelle Göttingen');
  await expectAccessible(page);

  // Role „editor“ needs a Land or a working group: the API's words are shown.
  const email = `lag-hb-${Date.now()}@example.org`;
  await page.getByLabel('Name', { exact: true }).fill('Referat Integration Bremen');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByRole('button', { name: 'Einladen' }).click();
  await expect(page.getByRole('alert')).toContainText('mindestens ein Land oder eine Arbeitsgruppe');
  await expectAccessible(page);

  await page.getByRole('group', { name: 'Handelt für die Länder' }).getByLabel('Bremen').check();
  await page.getByRole('button', { name: 'Einladen' }).click();
  await expect(page.getByText('Konto für Referat Integration Bremen angelegt')).toBeVisible();
  const link = page.getByLabel('Einladungslink');
  const url = await link.inputValue();
  expect(url).toMatch(/\/einladung#.{20,}$/);
  await page.getByRole('button', { name: 'Kopieren' }).click();
  await expect(page.getByText('In die Zwischenablage kopiert.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expect(page.getByRole('region', { name: /Konten/ })).toContainText('Referat Integration Bremen');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await shot(page, '01-konten-einladung');

  // The account: role, scope, and a token shown once.
  await page.getByRole('link', { name: 'Zum Konto von Referat Integration Bremen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Referat Integration Bremen' })).toBeVisible();
  await page.getByLabel('Bezeichnung').fill('Fachverfahren HB');
  await page.getByRole('button', { name: 'Token ausstellen' }).click();
  const token = await page.getByLabel('Token', { exact: true }).inputValue();
  expect(token).toMatch(/^ek_/);
  await expect(page.getByRole('region', { name: 'Ausgestellte Token' })).toContainText('Fachverfahren HB');
  await expectAccessible(page);
  await shot(page, '02-konto-token');
  const ok = await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}`, cookie: '' } });
  expect(ok.status()).toBe(200);
  await page.getByRole('button', { name: 'Token Fachverfahren HB widerrufen' }).click();
  await expect(page.getByRole('region', { name: 'Ausgestellte Token' })).toContainText('widerrufen am');
  const refused = await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}`, cookie: '' } });
  expect(refused.status()).toBe(401);

  // The audit trail shows the invitation; filters narrow it.
  await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Protokoll' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Protokoll' })).toBeVisible();
  await page.getByLabel('Art des Eintrags').selectOption('invitation');
  await page.getByRole('button', { name: 'Filter anwenden' }).click();
  await expect(page).toHaveURL(/art=invitation/);
  await expect(page.getByRole('main').getByText('invitations.create').first()).toBeVisible();
  await expect(page.getByRole('main').getByText('tokens.create')).toHaveCount(0);
  await page
    .getByText(/Vorher und nachher/)
    .first()
    .click();
  await expectAccessible(page);
  await shot(page, '03-protokoll');

  // The chain check gives an anchor; checked again with it, the chain is whole.
  await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Prüfung der Kette' }).click();
  await page.getByRole('button', { name: 'Kette prüfen' }).click();
  await expect(page.getByText('Die Kette ist unversehrt')).toBeVisible();
  const anchor = await page.getByLabel(/^Anker \(Eintrag/).inputValue();
  expect(anchor).toMatch(/^\d+:[0-9a-f]{64}$/);
  await page.getByLabel('Anker einer früheren Prüfung (freiwillig)').fill(anchor);
  await page.getByRole('button', { name: 'Kette prüfen' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'steht unverändert in der Kette' })).toBeVisible();
  await expectAccessible(page);
  await shot(page, '04-pruefung');
  await page.getByLabel('Anker einer früheren Prüfung (freiwillig)').fill('kein Anker');
  await page.getByRole('button', { name: 'Kette prüfen' }).click();
  await expect(page.getByRole('alert')).toContainText('Der Anker hat die Form <id>:<hash>');
  await expectAccessible(page);

  // The invitee: sets the password through the link and is signed in as editor for Bremen.
  await page.goto('/konto');
  await page.getByRole('main').getByRole('button', { name: 'Abmelden', exact: true }).click();
  await expect(page).toHaveURL(/\/anmelden/);
  await acceptInvitation(page, new URL(url).pathname + new URL(url).hash);
  await expect(page.getByRole('heading', { level: 1, name: 'Mein Konto' })).toBeVisible();
  await expect(page.getByText('Bearbeitung (Land oder Arbeitsgruppe)')).toBeVisible();
  await expect(page.getByText('HB', { exact: true })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' })).toHaveCount(0);
});

test('an editor cannot reach the administration: the 403 page, and the API refuses', async ({ page }) => {
  await signedInAs(page, 'editor');
  for (const path of ['/verwaltung', '/verwaltung/protokoll', '/verwaltung/pruefung', '/verwaltung/konten/1']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: 'Kein Zugriff (403)' })).toBeVisible();
    await expectAccessible(page);
  }
  await shot(page, '05-kein-zugriff');
  const csrf = (await page.context().cookies()).find((c) => c.name === 'ek_csrf')?.value ?? '';
  expect((await page.request.get('/api/v1/users')).status()).toBe(403);
  expect((await page.request.get('/api/v1/audit')).status()).toBe(403);
  const invite = await page.request.post('/api/v1/invitations', {
    headers: { 'x-csrf-token': csrf },
    data: { name: 'Unbefugt', email: 'x@example.org', role: 'admin' },
  });
  expect(invite.status()).toBe(403);
});

test('signed out, the administration sends to the sign-in page and back', async ({ page }) => {
  await page.goto('/verwaltung/protokoll');
  await expect(page).toHaveURL(/\/anmelden\?weiter=%2Fverwaltung%2Fprotokoll/);
});
