// Reminders of a reporting round, received by a real SMTP server started here: each member of a
// group with missing items gets one mail, exactly once across a restart; a failing server is
// retried later; without SMTP the mails wait in the outbox admins read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SMTPServer as Server, SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, minimalRecord, parsedAuditRows } from './helper.js';

interface Received {
  to: string[];
  raw: string;
}

async function startSmtp(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => {
        raw += c.toString('utf8');
      });
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { server, url: `smtp://127.0.0.1:${port}`, received };
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function appWithRound(options: { path?: string; smtpUrl?: string; fresh?: boolean }) {
  const t = await createTestApp({ path: options.path, mail: { smtpUrl: options.smtpUrl, from: 'Geschäftsstelle <gs@example.org>' } });
  if (options.fresh !== false) {
    await minimalRecord(t.app);
    t.services.auth.create({ name: 'Referat NI', role: 'editor', lands: ['NI'], email: 'ni@example.org' });
    t.services.auth.create({ name: 'Referat NI 2', role: 'editor', lands: ['NI'], email: 'ni2@example.org' });
    t.services.auth.create({ name: 'Referat HE', role: 'editor', lands: ['HE'], email: 'he@example.org' });
    // Deadline in 5 days: the 7-day reminder is due today (the test clock says 2026-11-20).
    const res = await t.request('chair', {
      method: 'POST',
      url: '/api/v1/rounds',
      payload: { conference: 20, asOf: '2026-11-15', deadline: '2026-11-25', reminderDays: [7, 2] },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  return t;
}

describe('reminders', () => {
  it('sends each reminder exactly once over SMTP, also across a restart, and audits it', async () => {
    const smtp = await startSmtp();
    cleanup.push(() => new Promise<void>((resolve) => smtp.server.close(() => resolve())));
    const dir = mkdtempSync(join(tmpdir(), 'ek-reminders-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'ek.db');

    const first = await appWithRound({ path, smtpUrl: smtp.url });
    expect(first.services.reminders.queue()).toBe(2);
    expect(await first.services.reminders.deliver()).toEqual({ delivered: 2, failed: 0 });
    // A second run the same day queues nothing new.
    expect(first.services.reminders.queue()).toBe(0);
    expect(await first.services.reminders.deliver()).toEqual({ delivered: 0, failed: 0 });
    await first.app.close();
    first.database.sqlite.close();

    // Restart on the same database: nothing is sent twice.
    const second = await appWithRound({ path, smtpUrl: smtp.url, fresh: false });
    expect(second.services.reminders.queue()).toBe(0);
    expect(await second.services.reminders.deliver()).toEqual({ delivered: 0, failed: 0 });

    expect(smtp.received.map((m) => m.to).sort()).toEqual([['ni2@example.org'], ['ni@example.org']]);
    const mail = smtp.received.find((m) => m.to[0] === 'ni@example.org')?.raw ?? '';
    expect(mail).toContain('From: =?UTF-8?Q?Gesch=C3=A4ftsstelle?= <gs@example.org>');
    expect(mail).toMatch(/Subject: .*Erinnerung/);
    expect(mail).toContain('/api/v1/rounds/1/forms/NI');
    const mails = json(await second.request('admin', '/api/v1/mails'));
    expect(mails.items.map((m: any) => m.state)).toEqual(['sent', 'sent']);
    const audit = parsedAuditRows(second.database).filter((r) => r.entity === 'mail');
    expect(audit.map((r) => r.action).sort()).toEqual(['mails.queue', 'mails.queue', 'mails.sent', 'mails.sent']);
  });

  it('a failing SMTP server is retried later with backoff; the request that queues never waits for it', async () => {
    const smtp = await startSmtp();
    const url = smtp.url;
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    const t = await appWithRound({ smtpUrl: url });
    const started = Date.now();
    const run = await t.request('admin', { method: 'POST', url: '/api/v1/reminders/run' });
    expect(run.statusCode, run.body).toBe(200);
    expect(json(run)).toEqual({ queued: 2, pending: 2 });
    expect(Date.now() - started).toBeLessThan(2000);
    const result = await t.services.reminders.deliver();
    expect(result.delivered).toBe(0);
    const rows = t.database.sqlite.prepare('SELECT state, attempts, next_attempt, last_error FROM mails ORDER BY id').all() as any[];
    expect(rows.some((r) => r.attempts >= 1 && r.state === 'pending' && r.last_error)).toBe(true);
    expect(parsedAuditRows(t.database).some((r) => r.action === 'mails.retry')).toBe(true);
  });

  it('without SMTP the reminders wait in the outbox, which only admins read', async () => {
    const t = await appWithRound({});
    const run = await t.request('admin', { method: 'POST', url: '/api/v1/reminders/run' });
    expect(json(run)).toEqual({ queued: 2, pending: 0 });
    const outbox = json(await t.request('admin', '/api/v1/mails?state=outbox'));
    expect(outbox.total).toBe(2);
    expect(outbox.items[0].body).toContain('Auskömmliche Finanzierung der MBE');
    expect((await t.request('chair', '/api/v1/mails')).statusCode).toBe(403);
    expect((await t.request('editorNI', '/api/v1/mails')).statusCode).toBe(403);
    expect((await t.request('anonymous', '/api/v1/mails')).statusCode).toBe(401);
    // Once submitted, nothing is missing: no overdue reminder for NI.
  });
});
