import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, SCREENS } from './axe.js';

const PASSWORD = 'Integration gelingt gemeinsam';

async function shot(page: Page, name: string) {
  if (SCREENS) await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
}

/** The office invites a person through the API, as an integrator could. */
async function invite(page: Page, email: string): Promise<string> {
  const { adminToken } = JSON.parse(readFileSync(process.env.E2E_STATE as string, 'utf8')) as { adminToken: string };
  const headers = { authorization: `Bearer ${adminToken}` };
  const user = await page.request.post('/api/v1/users', {
    headers,
    data: { name: 'Arbeitsgruppe Niedersachsen', email, role: 'editor', lands: ['NI'] },
  });
  expect(user.status()).toBe(201);
  const id = ((await user.json()) as { user?: { id: number }; id?: number }).user?.id ?? ((await user.json()) as { id: number }).id;
  const inv = await page.request.post(`/api/v1/users/${id}/invitations`, { headers });
  expect(inv.status()).toBe(201);
  return ((await inv.json()) as { path: string }).path;
}

test('invited, sets a password, signs out, signs in again by keyboard', async ({ page }) => {
  const email = `ag-ni-${Date.now()}@example.org`;
  const path = await invite(page, email);
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Passwort festlegen' })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Neues Passwort', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Neues Passwort wiederholen').fill('etwas anderes');
  await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
  const repeat = page.getByLabel('Neues Passwort wiederholen');
  await expect(repeat).toHaveAttribute('aria-invalid', 'true');
  await expect(repeat).toHaveAccessibleDescription('Die beiden Passwörter stimmen nicht überein.');
  await expectAccessible(page);
  await shot(page, '10-einladung-fehler');

  await repeat.fill(PASSWORD);
  await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
  await expect(page).toHaveURL(/\/konto$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Mein Konto' })).toBeVisible();
  await expect(page.getByText('Arbeitsgruppe Niedersachsen').first()).toBeVisible();
  await expectAccessible(page);
  await shot(page, '11-konto');

  // The link works once.
  await page.goto(path);
  await expect(page.getByRole('alert')).toContainText('gilt nicht mehr');

  await page.goto('/konto');
  await page.getByRole('main').getByRole('button', { name: 'Abmelden', exact: true }).click();
  await expect(page).toHaveURL(/\/anmelden\?abgemeldet=1/);
  await expect(page.getByText('Sie sind abgemeldet.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Anmelden' })).toBeVisible();
  await expectAccessible(page);

  // Wrong password: the problem's detail is shown.
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill('falsches Passwort');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('alert')).toContainText('E-Mail-Adresse oder Passwort stimmen nicht.');
  await expectAccessible(page);
  await shot(page, '12-anmelden-fehler');

  // Keyboard only: Tab into the fields, Enter submits.
  await page.getByLabel('E-Mail-Adresse').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Passwort')).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/konto$/);
  await expect(page.getByRole('link', { name: /Mein Konto/ })).toBeVisible();
});

test('an ended session sends the person to sign-in and back to where they were', async ({ page, context }) => {
  const email = `ag-ni-exp-${Date.now()}@example.org`;
  await page.goto(await invite(page, email));
  await page.getByLabel('Neues Passwort', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Neues Passwort wiederholen').fill(PASSWORD);
  await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
  await expect(page).toHaveURL(/\/konto$/);

  // Sign out everywhere from another device: this browser's session ends.
  // (The answer clears this context's cookies; the browser on the other device keeps its own, so put them back.)
  const cookies = await context.cookies();
  const csrf = cookies.find((c) => c.name === 'ek_csrf')?.value as string;
  const other = await page.request.post('/api/v1/me/sessions/revocation', { headers: { 'x-csrf-token': csrf } });
  expect(other.status()).toBe(200);
  await context.addCookies(cookies);

  await page.reload();
  await expect(page).toHaveURL(/\/anmelden\?abgelaufen=1&weiter=%2Fkonto/);
  await expect(page.getByText('Sitzung abgelaufen')).toBeVisible();
  await expectAccessible(page);
  await shot(page, '13-sitzung-abgelaufen');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(/\/konto$/);

  // Password change in the account page.
  await page.getByLabel('Bisheriges Passwort').fill(PASSWORD);
  await page.getByLabel('Neues Passwort', { exact: true }).fill('kurz');
  await page.getByLabel('Neues Passwort wiederholen').fill('kurz');
  await page.getByRole('button', { name: 'Passwort ändern' }).click();
  await expect(page.getByLabel('Neues Passwort', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await page.getByLabel('Neues Passwort', { exact: true }).fill('ein neues langes Passwort');
  await page.getByLabel('Neues Passwort wiederholen').fill('ein neues langes Passwort');
  await page.getByRole('button', { name: 'Passwort ändern' }).click();
  await expect(page.getByText('Passwort geändert')).toBeVisible();
});
