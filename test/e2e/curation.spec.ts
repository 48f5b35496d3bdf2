// Curation in the browser: the chair corrects a demand (addressees, kind, who follows it up) and
// a thread (relation of a member, a mention before the record); a write that lost a race (412)
// says what changed and loads the stored version.
import { expect, type Page, test } from '@playwright/test';
import { signedInAs } from './accounts.js';
import { expectAccessible, expectNoHorizontalScroll, SCREENS } from './axe.js';

async function shot(page: Page, name: string) {
  if (SCREENS) await page.screenshot({ path: `${SCREENS}/admin-${name}.png`, fullPage: true });
}

test('the chair corrects a demand and a thread; a conflict is explained', async ({ page }) => {
  test.setTimeout(150_000);
  await signedInAs(page, 'chair', 'Vorsitz (Pflege)');
  await page.goto('/buero/pflege');
  await expect(page.getByRole('heading', { level: 1, name: 'Datenpflege' })).toBeVisible();
  await expectAccessible(page);
  await page
    .getByRole('link', { name: /18\. IntMK/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 2, name: 'Konferenzangaben' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: /^TOP 4\.3: / }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Beschluss' })).toBeVisible();
  await expectAccessible(page);

  // The demand of Ziffer 2: kind, an addressee more, who follows it up.
  await page.getByRole('link', { name: /^Ziffer 2: / }).click();
  await expect(page.getByRole('button', { name: 'Forderung speichern' })).toBeVisible();
  const demandUrl = page.url();
  await page.getByLabel('Art').selectOption({ label: 'Appell' });
  const addressees = page.getByRole('group', { name: 'Adressaten' });
  await addressees.getByLabel('Hinzufügen').selectOption({ label: 'Bundesministerium des Innern' });
  await addressees.getByRole('button', { name: 'Hinzufügen' }).click();
  await expect(addressees.getByRole('button', { name: 'Bundesministerium des Innern entfernen' })).toBeVisible();
  const responsible = page.getByRole('group', { name: 'Nachverfolgt von' });
  await responsible.getByLabel('Hinzufügen').selectOption({ label: 'Niedersachsen' });
  await responsible.getByRole('button', { name: 'Hinzufügen' }).click();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Forderung speichern' }).click();
  await expect(page.getByText('Forderung gespeichert')).toBeVisible();
  const id = Number(/forderungen\/(\d+)/.exec(demandUrl)?.[1]);
  const stored = await (await page.request.get(`/api/v1/demands/${id}`)).json();
  expect(stored.kind).toBe('appell');
  expect(stored.addressees.map((a: { code: string }) => a.code)).toContain('BMI');
  expect(stored.responsible).toContain('NI');
  await shot(page, '20-pflege-forderung');

  // Someone else saves the same demand meanwhile: 412, what changed, reload.
  const csrf = (await page.context().cookies()).find((c) => c.name === 'ek_csrf')?.value ?? '';
  const other = await page.request.patch(`/api/v1/demands/${id}`, {
    headers: { 'if-match': '*', 'x-csrf-token': csrf },
    data: { summary: 'Bund soll die MBE auskömmlich finanzieren (geprüft)' },
  });
  expect(other.status()).toBe(200);
  await page.getByLabel('Kurzfassung').fill('Meine Fassung');
  await page.getByRole('button', { name: 'Forderung speichern' }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'Inzwischen hat jemand anderes gespeichert' });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole('row', { name: /Kurzfassung/ })).toContainText('Bund soll die MBE auskömmlich finanzieren (geprüft)');
  await expectAccessible(page);
  await shot(page, '21-pflege-konflikt');
  await conflict.getByRole('button', { name: 'Aktuelle Fassung laden' }).click();
  await expect(page.getByLabel('Kurzfassung')).toHaveValue('Bund soll die MBE auskömmlich finanzieren (geprüft)');
  await expect(conflict).toHaveCount(0);

  // Its thread: the relation of a member, and a mention before the record.
  await page
    .getByRole('main')
    .getByRole('link', { name: /Auskömmliche und planbare Bundesfinanzierung/ })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: /^Forderungen \(\d+\)$/ })).toBeVisible();
  await expectAccessible(page);
  const relation = page.getByLabel(/^Beziehung von „/).first();
  const before = await relation.inputValue();
  await relation.selectOption(before === 'extended' ? 'reiterated' : 'extended');
  await expect(page.getByText('Beziehung gespeichert')).toBeVisible();
  await page.getByRole('button', { name: 'Erwähnung hinzufügen' }).click();
  const n = await page.getByRole('group', { name: /^Erwähnung \d+$/ }).count();
  const last = page.getByRole('group', { name: `Erwähnung ${n}` });
  await last.getByLabel('Jahr').fill('2019');
  await last.getByLabel('Wortlaut').fill('Die IntMK bittet den Bund erneut um eine auskömmliche Finanzierung der MBE.');
  await last.getByLabel('Fundstelle').fill('14. IntMK 2019, TOP 5.1 (Beispiel)');
  await page.getByRole('button', { name: 'Angaben speichern' }).click();
  await expect(page.getByText('Angaben gespeichert')).toBeVisible();
  await expect(page.getByText(/Erstmals erhoben 2019/)).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await shot(page, '22-pflege-strang');
});

test('an editor cannot reach the curation pages: the 403 page, and the API refuses', async ({ page }) => {
  await signedInAs(page, 'editor');
  for (const path of ['/buero/pflege', '/buero/pflege/konferenzen/18', '/buero/pflege/forderungen/1', '/buero/pflege/straenge/1']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: 'Kein Zugriff (403)' })).toBeVisible();
  }
  await expectAccessible(page);
  const csrf = (await page.context().cookies()).find((c) => c.name === 'ek_csrf')?.value ?? '';
  const res = await page.request.patch('/api/v1/demands/1', {
    headers: { 'if-match': '*', 'x-csrf-token': csrf },
    data: { summary: 'Unbefugt' },
  });
  expect(res.status()).toBe(403);
});
