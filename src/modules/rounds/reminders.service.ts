// Reminders of a reporting round: at the configured offsets before the deadline, and once when
// overdue, each member of a group with missing items gets one mail listing them with links. A
// mail has an idempotency key (round, occasion, group, recipient): it is queued once, ever, so a
// restart sends nothing twice. Queuing is audited; delivery runs apart from requests, over SMTP
// when configured (nodemailer), and a failing server is retried with exponential backoff.
// Without SMTP the mails stay in the outbox that admins read through the API.
import { addDays, format } from 'date-fns';
import type { Transporter } from 'nodemailer';
import { isoToday } from '../../clock.js';
import type { Ctx } from '../../context.js';
import type { MailState } from '../../domain/rounds.js';
import { conflict, unprocessable } from '../../shared/errors.js';
import { TABLES } from '../../visibility/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { MailDto } from './rounds.schemas.js';
import type { RoundsService } from './rounds.service.js';

/** Round data is internal only: every round route needs a token, so reads use the internal tables. */
const I = TABLES.internal;

export interface MailOptions {
  /** smtp://user:pass@host:port; without it mails go to the outbox. */
  smtpUrl?: string;
  from: string;
  /** Base URL for the links in the mails. */
  publicUrl?: string;
  /** Attempts before a mail counts as failed. */
  maxAttempts?: number;
  /** First retry delay in ms, doubled per attempt (at most one hour). */
  backoffMs?: number;
}

interface MailRow {
  id: number;
  key: string;
  round_id: number | null;
  group_code: string | null;
  recipient: string;
  subject: string;
  body: string;
  state: MailState;
  attempts: number;
  next_attempt: string | null;
  last_error: string | null;
  sent: string | null;
  created: string;
}

const SYSTEM = { actor: null, requestId: null, system: 'reminders' } as const;

export function createRemindersService(ctx: Ctx, deps: { rounds: RoundsService; audit: AuditService }, options: MailOptions) {
  const { sqlite, clock } = ctx;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoffMs = options.backoffMs ?? 60_000;
  // nodemailer is loaded on the first delivery: it is a tenth of the server's code, and the start
  // does not send mail.
  let smtpUrl = options.smtpUrl ?? null;
  let transport: Transporter | null = null;
  const transportOf = async (url: string): Promise<Transporter> => {
    if (!transport) {
      const { createTransport } = await import('nodemailer');
      transport = createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as Parameters<
        typeof createTransport
      >[0]);
    }
    return transport;
  };
  const base = (options.publicUrl ?? 'http://localhost:3000').replace(/\/$/, '');

  const toDto = (r: MailRow): MailDto => ({
    id: r.id,
    key: r.key,
    round: r.round_id,
    group: r.group_code,
    recipient: r.recipient,
    subject: r.subject,
    body: r.body,
    state: r.state,
    attempts: r.attempts,
    lastError: r.last_error,
    sent: r.sent,
    created: r.created,
  });

  /** The occasion a round's reminder is due for today: the nearest offset passed, or overdue. */
  function occasionOf(deadline: string, offsets: number[], today: string): string | null {
    if (today > deadline) return 'overdue';
    const passed = offsets.filter((d) => format(addDays(new Date(deadline), -d), 'yyyy-MM-dd') <= today);
    return passed.length ? `before-${Math.min(...passed)}` : null;
  }

  const membersStmt = sqlite.prepare<[string, string], { id: number; name: string; email: string }>(
    `SELECT u.id, u.name, u.email FROM users u WHERE u.active = 1 AND u.role = 'editor' AND u.email IS NOT NULL
     AND (EXISTS (SELECT 1 FROM json_each(u.lands) WHERE value = ?) OR EXISTS (SELECT 1 FROM json_each(u.bodies) WHERE value = ?))
     ORDER BY u.id`,
  );
  const missingStmt = sqlite.prepare<
    [number, string],
    { id: number; conference: number; top: string; ziffer: string | null; summary: string }
  >(
    `SELECT d.id, c.number AS conference, r.top, d.ziffer, d.summary
     FROM round_assignments a JOIN ${I.demands} d ON d.id = a.demand_id JOIN ${I.resolutions} r ON r.id = d.resolution_id
     JOIN conferences c ON c.id = r.conference_id
     WHERE a.round_id = ? AND a.group_code = ?
       AND NOT EXISTS (SELECT 1 FROM round_drafts x WHERE x.round_id = a.round_id AND x.demand_id = a.demand_id
                       AND x.group_code = a.group_code AND x.state IN ('submitted', 'accepted', 'released'))
     ORDER BY c.number, r.top_sort, d.position, d.id`,
  );
  const existsStmt = sqlite.prepare<[string], { id: number }>('SELECT id FROM mails WHERE key = ?');
  const insertStmt = sqlite.prepare(
    `INSERT INTO mails (key, round_id, group_code, recipient, subject, body, state, attempts, next_attempt, created)
     VALUES (@key, @round, @group, @recipient, @subject, @body, @state, 0, @next, @created)`,
  );

  /**
   * Queues one mail per active editor of the group listing its missing items, each key once.
   * `occasion` words the mail (overdue or a reminder); `keyPart` makes the idempotency key.
   */
  function queueGroup(round: { id: number; deadline: string }, group: string, occasion: string, keyPart: string): number {
    const missing = missingStmt.all(round.id, group);
    if (missing.length === 0) return 0;
    let queued = 0;
    const deadline = format(new Date(round.deadline), 'dd.MM.yyyy');
    const subject =
      occasion === 'overdue'
        ? `Erfolgskontrolle: Rückmeldung überfällig (Frist ${deadline}) – ${deps.rounds.nameOf(group)}`
        : `Erfolgskontrolle: Erinnerung an die Rückmeldung bis ${deadline} – ${deps.rounds.nameOf(group)}`;
    for (const member of membersStmt.all(group, group)) {
      const body = [
        `Guten Tag ${member.name},`,
        '',
        occasion === 'overdue'
          ? `die Frist der Berichtsrunde ${round.id} ist am ${deadline} abgelaufen. Für ${deps.rounds.nameOf(group)} fehlen noch ${missing.length} Sachstände:`
          : `bis zum ${deadline} erbittet die Geschäftsstelle die Sachstände der Berichtsrunde ${round.id}. Für ${deps.rounds.nameOf(group)} fehlen noch ${missing.length}:`,
        '',
        ...missing.map(
          (d) =>
            `- ${d.conference}. IntMK, TOP ${d.top}${d.ziffer ? ` Ziffer ${d.ziffer}` : ''}: ${d.summary}\n  ${base}/api/v1/rounds/${round.id}/items?group=${encodeURIComponent(group)}#${d.id}`,
        ),
        '',
        `Antwortformular (Excel): ${base}/api/v1/rounds/${round.id}/forms/${encodeURIComponent(group)}`,
        '',
        'Diese Nachricht wurde automatisch erzeugt.',
      ].join('\n');
      const key = `round:${round.id}:${keyPart}:${group}:${member.id}`;
      if (existsStmt.get(key)) continue;
      const now = clock.now().toISOString();
      deps.audit.write(
        SYSTEM,
        { action: 'mails.queue', entity: 'mail', entityId: key, after: () => ({ key, recipient: member.email, subject }) },
        () => {
          insertStmt.run({
            key,
            round: round.id,
            group,
            recipient: member.email,
            subject,
            body,
            state: smtpUrl ? 'pending' : 'outbox',
            next: now,
            created: now,
          });
        },
      );
      queued++;
    }
    return queued;
  }

  const service = {
    /** Queues the reminders due today; each key only once. Returns how many were new. */
    queue(): number {
      const today = isoToday(clock);
      let queued = 0;
      const rounds = sqlite.prepare("SELECT id, deadline, reminder_days FROM rounds WHERE state = 'open' ORDER BY id").all() as {
        id: number;
        deadline: string;
        reminder_days: string;
      }[];
      for (const round of rounds) {
        const occasion = occasionOf(round.deadline, JSON.parse(round.reminder_days) as number[], today);
        if (!occasion) continue;
        const groups = sqlite
          .prepare('SELECT DISTINCT group_code FROM round_assignments WHERE round_id = ? ORDER BY group_code')
          .all(round.id) as {
          group_code: string;
        }[];
        for (const { group_code: group } of groups) queued += queueGroup(round, group, occasion, occasion);
      }
      return queued;
    },

    /**
     * The office reminds one group now, whatever the schedule: one mail per active editor of the
     * group listing what is missing. The key carries the instant, so each click queues once.
     */
    remindNow(roundId: number, group: string): { group: string; missing: number; queued: number } {
      const round = deps.rounds.row(roundId);
      deps.rounds.assertOpen(roundId);
      if (!sqlite.prepare('SELECT 1 FROM round_assignments WHERE round_id = ? AND group_code = ? LIMIT 1').get(roundId, group)) {
        throw unprocessable(
          'reminders.not_assigned',
          `„${deps.rounds.nameOf(group)}“ hat in der Berichtsrunde ${roundId} keine Zuweisung.`,
          [{ field: 'body.group', message: 'nicht zugewiesen' }],
        );
      }
      const missing = missingStmt.all(roundId, group).length;
      if (missing === 0) {
        throw conflict(
          'reminders.nothing_missing',
          `Von „${deps.rounds.nameOf(group)}“ fehlt nichts mehr; eine Erinnerung ist nicht nötig.`,
        );
      }
      if (membersStmt.all(group, group).length === 0) {
        throw conflict(
          'reminders.no_recipients',
          `Für „${deps.rounds.nameOf(group)}“ ist kein aktives Konto der Bearbeitung mit E-Mail-Adresse angelegt; die Erinnerung kann niemanden erreichen.`,
        );
      }
      const today = isoToday(clock);
      const occasion = today > round.deadline ? 'overdue' : 'now';
      const queued = queueGroup({ id: roundId, deadline: round.deadline }, group, occasion, `now-${clock.now().toISOString()}`);
      return { group, missing, queued };
    },

    /**
     * Sends the pending mails that are due, one after the other, outside any request. A mail is
     * claimed (its next attempt pushed back) before it is sent, so two runs never send it twice;
     * after a failure it is retried with exponential backoff, after `maxAttempts` it fails.
     */
    async deliver(): Promise<{ delivered: number; failed: number }> {
      if (!smtpUrl) return { delivered: 0, failed: 0 };
      const mailer = await transportOf(smtpUrl);
      let delivered = 0;
      let failed = 0;
      for (;;) {
        const now = clock.now();
        const due = sqlite
          .prepare("SELECT * FROM mails WHERE state = 'pending' AND next_attempt <= ? ORDER BY id LIMIT 1")
          .get(now.toISOString()) as MailRow | undefined;
        if (!due) break;
        const retryAt = new Date(now.getTime() + Math.min(backoffMs * 2 ** due.attempts, 3_600_000)).toISOString();
        sqlite.prepare('UPDATE mails SET attempts = attempts + 1, next_attempt = ? WHERE id = ?').run(retryAt, due.id);
        try {
          await mailer.sendMail({
            from: options.from,
            to: due.recipient,
            subject: due.subject,
            text: due.body,
            messageId: `<${due.key.replace(/[^\w.-]/g, '.')}@erfolgskontrolle>`,
          });
          deps.audit.write(
            SYSTEM,
            { action: 'mails.sent', entity: 'mail', entityId: due.key, after: () => ({ recipient: due.recipient }) },
            () => {
              sqlite
                .prepare("UPDATE mails SET state = 'sent', sent = ?, last_error = NULL WHERE id = ?")
                .run(clock.now().toISOString(), due.id);
            },
          );
          delivered++;
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          const final = due.attempts + 1 >= maxAttempts;
          deps.audit.write(
            SYSTEM,
            {
              action: final ? 'mails.failed' : 'mails.retry',
              entity: 'mail',
              entityId: due.key,
              after: () => ({ error, attempts: due.attempts + 1, retryAt: final ? null : retryAt }),
            },
            () => {
              sqlite.prepare('UPDATE mails SET last_error = ?, state = ? WHERE id = ?').run(error, final ? 'failed' : 'pending', due.id);
            },
          );
          failed++;
          // The server is failing: leave the rest for the next run instead of hammering it.
          break;
        }
      }
      return { delivered, failed };
    },

    pendingCount(): number {
      return (sqlite.prepare("SELECT count(*) AS n FROM mails WHERE state = 'pending'").get() as { n: number }).n;
    },

    list(q: { limit: number; offset: number; state?: MailState; round?: number }): { items: MailDto[]; total: number } {
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.state) {
        where.push('state = ?');
        params.push(q.state);
      }
      if (q.round) {
        where.push('round_id = ?');
        params.push(q.round);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = (sqlite.prepare(`SELECT count(*) AS n FROM mails ${clause}`).get(...params) as { n: number }).n;
      const rows = sqlite
        .prepare(`SELECT * FROM mails ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`)
        .all(...params, q.limit, q.offset) as MailRow[];
      return { items: rows.map(toDto), total };
    },

    /** Starts the periodic run (queue, then deliver), unref'd so it never keeps the process alive. */
    start(intervalMs: number, log: (err: unknown) => void): () => void {
      let running = false;
      const tick = async () => {
        if (running) return;
        running = true;
        try {
          service.queue();
          await service.deliver();
        } catch (e) {
          log(e);
        } finally {
          running = false;
        }
      };
      const timer = setInterval(() => void tick(), intervalMs);
      timer.unref();
      setImmediate(() => void tick());
      return () => clearInterval(timer);
    },

    close(): void {
      transport?.close();
      transport = null;
      smtpUrl = null;
    },
  };
  return service;
}
export type RemindersService = ReturnType<typeof createRemindersService>;
