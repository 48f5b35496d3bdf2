// The API reference in a real browser on a port that is not 3000 (issue #13): the document's relative
// server lets Swagger UI's "Try it out" call the host and port the page came from, under the page's CSP,
// and the schemas show real examples instead of "string".
import { expect, test } from '@playwright/test';

test('Try it out at /docs calls this server on its own port and shows examples', async ({ page, baseURL }) => {
  const origin = new URL(baseURL ?? '');
  expect(origin.port).not.toBe('3000');
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));

  await page.goto('/docs');
  const op = page.locator('#operations-Vokabular-listLaender');
  await expect(op).toBeVisible({ timeout: 30_000 }); // Swagger UI parses the whole document first
  await op.locator('.opblock-summary').first().click();
  await op.getByRole('button', { name: 'Try it out' }).click();
  const request = page.waitForRequest((r) => r.url().includes('/api/v1/vocab/laender'));
  await op.getByRole('button', { name: 'Execute' }).click();
  expect(new URL((await request).url()).origin).toBe(origin.origin);
  await expect(op.locator('.live-responses-table tbody .response-col_status').first()).toContainText('200');
  await expect(op.locator('.live-responses-table')).toContainText('Baden-Württemberg');

  // The Conference example from the record, not a generated "string".
  const conference = page.locator('#operations-Konferenzen-getConference');
  await conference.locator('.opblock-summary').first().click();
  await expect(conference.locator('.responses-wrapper')).toContainText('Göttingen');

  expect(problems.filter((p) => /Content Security Policy|Resolver error|Failed to fetch/i.test(p))).toEqual([]);
});
