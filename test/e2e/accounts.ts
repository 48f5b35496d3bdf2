// People for the browser tests of the office's pages: an account invited through the API (with
// the test admin's token, as an integrator would), signed in by setting its password in the page.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'Integration gelingt gemeinsam';

export function adminToken(): string {
  return (JSON.parse(readFileSync(process.env.E2E_STATE as string, 'utf8')) as { adminToken: string }).adminToken;
}

/** Invites an account through the API; returns its id and the path of its one-time link. */
export async function inviteByApi(
  page: Page,
  person: { name: string; email: string; role: 'admin' | 'chair' | 'editor' | 'reader'; lands?: string[] },
): Promise<{ id: number; path: string }> {
  const res = await page.request.post('/api/v1/invitations', {
    headers: { authorization: `Bearer ${adminToken()}` },
    data: { lands: [], bodies: [], ...person },
  });
  expect(res.status(), await res.text()).toBe(201);
  const body = (await res.json()) as { user: { id: number }; invitation: { path: string } };
  return { id: body.user.id, path: body.invitation.path };
}

/** Opens the link, sets the password and lands signed in on „Mein Konto“. */
export async function acceptInvitation(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Neues Passwort', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Neues Passwort wiederholen').fill(PASSWORD);
  await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
  await expect(page).toHaveURL(/\/konto$/);
}

/** A fresh account of the given role, signed in in this page (an editor acts for the Saarland, which no other spec counts). */
export async function signedInAs(page: Page, role: 'admin' | 'chair' | 'editor', name?: string): Promise<{ id: number; email: string }> {
  const email = `${role}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
  const { id, path } = await inviteByApi(page, {
    name: name ?? `Test ${role}`,
    email,
    role,
    ...(role === 'editor' ? { lands: ['SL'] } : {}),
  });
  await acceptInvitation(page, path);
  return { id, email };
}
