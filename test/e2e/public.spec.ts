import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, SCREENS } from './axe.js';

async function shot(page: import('@playwright/test').Page, name: string) {
  if (SCREENS) await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
}

test('conferences → TOPs → demand with status history and its thread', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Erfolgskontrolle der IntMK-Beschlüsse' })).toBeVisible();
  await expect(page.getByRole('link', { name: /20\. .*IntMK/ }).first()).toBeVisible();
  await expectAccessible(page);
  await shot(page, '01-start');

  await page
    .getByRole('link', { name: /20\. .*IntMK/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/konferenzen\/20$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByRole('cell', { name: '4.5', exact: true })).toBeVisible();
  await expectAccessible(page);
  await shot(page, '02-konferenz');

  await page
    .getByRole('row', { name: /^4\.5 / })
    .getByRole('link')
    .click();
  await expect(page).toHaveURL(/\/konferenzen\/20\/top\/4\.5$/);
  await expect(page.getByRole('heading', { name: 'Forderungen aus diesem Beschluss' })).toBeVisible();
  await expectAccessible(page);
  await shot(page, '03-beschluss');

  await page.locator('.ek-demand a').first().click();
  await expect(page).toHaveURL(/\/forderungen\/\d+$/);
  await expect(page.getByRole('heading', { name: 'Wortlaut' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sachstände' })).toBeVisible();
  await expectAccessible(page);
  await shot(page, '04-forderung');
});

test('recurring demands: list with status and years open, a thread with its timeline', async ({ page }) => {
  await page.goto('/wiederkehrende-forderungen');
  await expect(page.getByRole('columnheader', { name: 'Jahre offen' })).toBeVisible();
  await expectAccessible(page);
  await shot(page, '05-wiederkehrend');
  await page.getByLabel('Nur offene anzeigen').check();
  await expect(page).toHaveURL(/offen=1/);
  await page.locator('table a').first().click();
  await expect(page.getByRole('heading', { name: 'Verlauf' })).toBeVisible();
  await expect(page.locator('.ek-timeline li').first()).toBeVisible();
  await expectAccessible(page);
  await shot(page, '06-kette');
});

test('search highlights the matched words', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Suche in Beschlüssen, Forderungen und Sachständen').fill('Sprachförderung');
  await page.getByRole('button', { name: 'Suchen' }).click();
  await expect(page).toHaveURL(/\/suche\?q=Sprachf/);
  await expect(page.getByRole('heading', { name: /Treffer für „Sprachförderung“/ })).toBeVisible();
  await expect(page.locator('mark').first()).toContainText(/Sprachförderung/i);
  await expectAccessible(page);
  await shot(page, '07-suche');

  await page.goto('/suche?q=Quarkbrötchenverordnung');
  await expect(page.getByText('Keine Treffer für „Quarkbrötchenverordnung“')).toBeVisible();
});

test('demands filtered by addressee, status, Land and open only', async ({ page }) => {
  await page.goto('/forderungen');
  await expect(page.getByRole('heading', { level: 2, name: /\d+ Forderungen/ })).toBeVisible();
  const all = Number((await page.getByRole('heading', { level: 2, name: /Forderungen$/ }).textContent())?.match(/\d+/)?.[0]);
  await page.getByLabel('Adressat').selectOption('KMK');
  await page.getByLabel('Nur offene Forderungen').check();
  await page.getByRole('button', { name: 'Filter anwenden' }).click();
  await expect(page).toHaveURL(/adressat=KMK/);
  await expect(page).toHaveURL(/offen=1/);
  const heading = page.getByRole('heading', { level: 2, name: /Forderung(en)?$/ });
  await expect(heading).toBeVisible();
  const some = Number((await heading.textContent())?.match(/\d+/)?.[0]);
  expect(some).toBeGreaterThan(0);
  expect(some).toBeLessThan(all);
  await expect(page.getByLabel('Adressat')).toHaveValue('KMK');
  await expectAccessible(page);
  await shot(page, '08-forderungen-gefiltert');

  await page.getByLabel('Status').selectOption('fulfilled');
  await page.getByRole('button', { name: 'Filter anwenden' }).click();
  await expect(page.getByText('Keine Forderung passt zu diesen Filtern.')).toBeVisible();
});

test('errors show the problem detail; unknown pages say so', async ({ page }) => {
  await page.goto('/forderungen/999999');
  await expect(page.getByRole('alert')).toContainText('Nicht gefunden');
  await expect(page.getByRole('alert')).toContainText(/999999/);
  await expectAccessible(page);
  await page.goto('/gibt-es-nicht');
  await expect(page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
  // The API keeps its own 404s as problem+json.
  const api = await page.request.get('/api/v1/gibt-es-nicht');
  expect(api.status()).toBe(404);
  expect(api.headers()['content-type']).toContain('application/problem+json');
});

test('320 px wide: no horizontal scrolling, everything reachable', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 800 });
  for (const path of [
    '/',
    '/konferenzen/20',
    '/konferenzen/20/top/4.5',
    '/forderungen',
    '/wiederkehrende-forderungen',
    '/suche?q=Integrationskurs',
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await expectNoHorizontalScroll(page);
  }
  await shot(page, '09-suche-320px');
});
