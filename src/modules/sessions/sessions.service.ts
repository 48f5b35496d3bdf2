// Sign-in for people in the browser (issue #15): passwords (argon2id), invitations with a one-time,
// expiring link, sessions in a cookie with a CSRF token. Bearer tokens stay for integrators.
// Transactions stay synchronous: argon2 runs before (hashPassword) or outside them (verify).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import type { Ctx } from '../../context.js';
import type { LandCode } from '../../domain/vocab.js';
import { conflict, DomainError, notFound, unprocessable } from '../../shared/errors.js';
import type { Actor, Role } from '../auth/access.js';

/** A session ends after this long without a request … */
export const SESSION_IDLE_MS = 4 * 60 * 60 * 1000;
/** … and at the latest this long after sign-in. */
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
export const INVITATION_DAYS = 7;
/** Failed passwords in a row before the account is locked for LOCK_MINUTES. */
export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;
export const MIN_PASSWORD_LENGTH = 12;

// OWASP's argon2id parameters (19 MiB, 2 passes, 1 lane).
// `algorithm: 2` is Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const COOKIE_PATTERN = /^([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sameHash = (a: string, b: string) => {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
};

export type SessionFailure = 'malformed' | 'unknown' | 'revoked' | 'expired' | 'inactive';

export interface SessionActor extends Actor {
  sessionId: number;
  csrfHash: string;
}

export interface NewSession {
  sessionId: number;
  cookie: string;
  csrfToken: string;
  expires: string;
}

/** Checks a new password's length and that it is not just the e-mail address. */
export function checkPassword(password: string, field: string, email?: string | null): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw unprocessable('sessions.password_too_short', `Das Passwort muss mindestens ${MIN_PASSWORD_LENGTH} Zeichen lang sein.`, [
      { field, message: `mindestens ${MIN_PASSWORD_LENGTH} Zeichen` },
    ]);
  }
  if (email && password.toLowerCase().includes(email.toLowerCase())) {
    throw unprocessable('sessions.password_contains_email', 'Das Passwort darf die E-Mail-Adresse nicht enthalten.', [
      { field, message: 'enthält die E-Mail-Adresse' },
    ]);
  }
}

export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2);
}

// Verified against when no account matches, so a wrong address costs as long as a wrong password.
let dummyHash: Promise<string> | null = null;

export function createSessionsService(ctx: Ctx) {
  const { sqlite, clock } = ctx;
  const now = () => clock.now();
  const iso = (ms: number) => new Date(ms).toISOString();

  const userByEmail = sqlite.prepare<
    [string],
    { id: number; email: string; active: number; hash: string | null; failed: number; locked: string | null }
  >(
    `SELECT u.id, u.email, u.active, p.hash, p.failed_attempts AS failed, p.locked_until AS locked
     FROM users u LEFT JOIN user_passwords p ON p.user_id = u.id
     WHERE lower(u.email) = lower(?) ORDER BY p.hash IS NULL, u.active DESC, u.id LIMIT 1`,
  );
  const sessionStmt = sqlite.prepare<
    [string],
    {
      id: number;
      user_id: number;
      hash: string;
      csrf_hash: string;
      last_seen: string;
      expires: string;
      revoked: string | null;
      name: string;
      role: Role;
      lands: string;
      bodies: string;
      active: number;
    }
  >(
    `SELECT s.id, s.user_id, s.hash, s.csrf_hash, s.last_seen, s.expires, s.revoked, u.name, u.role, u.lands, u.bodies, u.active
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.public_id = ?`,
  );
  const touchStmt = sqlite.prepare('UPDATE sessions SET last_seen = ? WHERE id = ?');

  function invitationOf(token: string) {
    const row = sqlite
      .prepare<
        [string],
        {
          id: number;
          user_id: number;
          expires: string;
          used: string | null;
          revoked: string | null;
          name: string;
          email: string | null;
          active: number;
        }
      >(
        `SELECT i.id, i.user_id, i.expires, i.used, i.revoked, u.name, u.email, u.active
         FROM invitations i JOIN users u ON u.id = i.user_id WHERE i.hash = ?`,
      )
      .get(sha256(token));
    if (!row || row.used || row.revoked || row.expires <= now().toISOString() || !row.active || !row.email) {
      throw new DomainError(
        404,
        'invitations.invalid',
        'Dieser Einladungslink gilt nicht mehr: er wurde schon benutzt, ist abgelaufen oder ersetzt worden. Bitte die Geschäftsstelle um einen neuen.',
      );
    }
    return row;
  }

  const service = {
    /** Issues a one-time link for an account with an e-mail address; earlier open links of it stop working. */
    invite(userId: number, createdBy: number | null): { id: number; userId: number; token: string; expires: string } {
      return sqlite.transaction(() => {
        const user = sqlite
          .prepare<[number], { email: string | null; active: number }>('SELECT email, active FROM users WHERE id = ?')
          .get(userId);
        if (!user) throw notFound('users.not_found', `Das Konto ${userId} gibt es nicht.`);
        if (!user.active) throw conflict('users.inactive', `Das Konto ${userId} ist deaktiviert; es erhält keine Einladung.`);
        if (!user.email) {
          throw unprocessable(
            'invitations.email_missing',
            'Das Konto hat keine E-Mail-Adresse; mit ihr meldet sich die Person an. Bitte zuerst eintragen.',
            [{ field: 'email', message: 'fehlt' }],
          );
        }
        const t = now();
        sqlite
          .prepare('UPDATE invitations SET revoked = ? WHERE user_id = ? AND used IS NULL AND revoked IS NULL')
          .run(t.toISOString(), userId);
        const token = randomBytes(32).toString('base64url');
        const expires = iso(t.getTime() + INVITATION_DAYS * 86_400_000);
        const row = sqlite
          .prepare<[number, string, string, number | null, string], { id: number }>(
            'INSERT INTO invitations (user_id, hash, expires, created_by, created) VALUES (?, ?, ?, ?, ?) RETURNING id',
          )
          .get(userId, sha256(token), expires, createdBy, t.toISOString()) as { id: number };
        return { id: row.id, userId, token, expires };
      })();
    },

    /** Who an invitation is for (shown on the page where the password is set). */
    inspectInvitation(token: string): { name: string; email: string; expires: string } {
      const row = invitationOf(token);
      return { name: row.name, email: row.email as string, expires: row.expires };
    },

    /** Sets the password of the invited account and uses up the link; the hash is made beforehand. */
    acceptInvitation(token: string, passwordHash: string): { userId: number; invitationId: number } {
      return sqlite.transaction(() => {
        const row = invitationOf(token);
        const t = now().toISOString();
        sqlite.prepare('UPDATE invitations SET used = ? WHERE id = ?').run(t, row.id);
        sqlite
          .prepare(
            `INSERT INTO user_passwords (user_id, hash, changed, failed_attempts, locked_until) VALUES (?, ?, ?, 0, NULL)
             ON CONFLICT(user_id) DO UPDATE SET hash = excluded.hash, changed = excluded.changed, failed_attempts = 0, locked_until = NULL`,
          )
          .run(row.user_id, passwordHash, t);
        return { userId: row.user_id, invitationId: row.id };
      })();
    },

    /**
     * Checks e-mail and password. Wrong ones count towards the account's lock; the answer never
     * says whether the address exists. `locked` carries the end of a lock this attempt started.
     */
    async verifyLogin(
      email: string,
      password: string,
    ): Promise<{ userId: number } | { failure: 'invalid' | 'locked'; lockedUntil?: string; lockedNow?: boolean; userId?: number }> {
      const row = userByEmail.get(email.trim());
      if (!row?.hash || !row.active) {
        dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
        await argon2Verify(await dummyHash, password).catch(() => false);
        return { failure: 'invalid' };
      }
      const t = now();
      if (row.locked && row.locked > t.toISOString()) return { failure: 'locked', lockedUntil: row.locked, userId: row.id };
      const ok = await argon2Verify(row.hash, password).catch(() => false);
      if (ok) {
        if (row.failed > 0 || row.locked)
          sqlite.prepare('UPDATE user_passwords SET failed_attempts = 0, locked_until = NULL WHERE user_id = ?').run(row.id);
        return { userId: row.id };
      }
      const failed = row.failed + 1;
      if (failed >= LOCK_AFTER) {
        const until = iso(t.getTime() + LOCK_MINUTES * 60_000);
        sqlite.prepare('UPDATE user_passwords SET failed_attempts = 0, locked_until = ? WHERE user_id = ?').run(until, row.id);
        return { failure: 'locked', lockedUntil: until, lockedNow: true, userId: row.id };
      }
      sqlite.prepare('UPDATE user_passwords SET failed_attempts = ? WHERE user_id = ?').run(failed, row.id);
      return { failure: 'invalid' };
    },

    create(userId: number): NewSession {
      const t = now();
      const publicId = randomBytes(8).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(32).toString('base64url');
      const expires = iso(t.getTime() + SESSION_MAX_MS);
      const row = sqlite
        .prepare<[string, number, string, string, string, string, string], { id: number }>(
          'INSERT INTO sessions (public_id, user_id, hash, csrf_hash, created, last_seen, expires) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
        )
        .get(publicId, userId, sha256(secret), sha256(csrfToken), t.toISOString(), t.toISOString(), expires) as { id: number };
      return { sessionId: row.id, cookie: `${publicId}.${secret}`, csrfToken, expires };
    },

    authenticate(cookie: string): { actor: SessionActor } | { failure: SessionFailure } {
      const m = COOKIE_PATTERN.exec(cookie);
      if (!m) return { failure: 'malformed' };
      const row = sessionStmt.get(m[1] as string);
      if (!row || !sameHash(row.hash, sha256(m[2] as string))) return { failure: 'unknown' };
      if (row.revoked) return { failure: 'revoked' };
      const t = now();
      if (row.expires <= t.toISOString() || Date.parse(row.last_seen) + SESSION_IDLE_MS <= t.getTime()) return { failure: 'expired' };
      if (!row.active) return { failure: 'inactive' };
      // Last seen to the minute: enough for the idle timeout without a write per request.
      if (t.getTime() - Date.parse(row.last_seen) > 60_000) touchStmt.run(t.toISOString(), row.id);
      return {
        actor: {
          userId: row.user_id,
          name: row.name,
          role: row.role,
          lands: JSON.parse(row.lands) as LandCode[],
          bodies: JSON.parse(row.bodies) as string[],
          tokenId: null,
          sessionId: row.id,
          csrfHash: row.csrf_hash,
        },
      };
    },

    csrfMatches(actor: SessionActor, token: string | undefined): boolean {
      return typeof token === 'string' && token.length > 0 && sameHash(actor.csrfHash, sha256(token));
    },

    session(sessionId: number): { id: number; userId: number; created: string; expires: string; revoked: string | null } {
      const row = sqlite
        .prepare<[number], { id: number; userId: number; created: string; expires: string; revoked: string | null }>(
          'SELECT id, user_id AS userId, created, expires, revoked FROM sessions WHERE id = ?',
        )
        .get(sessionId);
      if (!row) throw notFound('sessions.not_found', `Die Sitzung ${sessionId} gibt es nicht.`);
      return row;
    },

    revoke(sessionId: number): { id: number; revoked: string } {
      const revoked = now().toISOString();
      sqlite.prepare('UPDATE sessions SET revoked = ? WHERE id = ? AND revoked IS NULL').run(revoked, sessionId);
      return { id: sessionId, revoked };
    },

    /** Ends every open session of the account (but `except`); returns how many. */
    revokeAll(userId: number, except?: number): { userId: number; revoked: number } {
      const result = sqlite
        .prepare('UPDATE sessions SET revoked = ? WHERE user_id = ? AND revoked IS NULL AND id != ?')
        .run(now().toISOString(), userId, except ?? -1);
      return { userId, revoked: result.changes };
    },

    hasPassword(userId: number): boolean {
      return sqlite.prepare('SELECT 1 FROM user_passwords WHERE user_id = ?').get(userId) !== undefined;
    },

    passwordHashOf(userId: number): string | null {
      return (
        (sqlite.prepare<[number], { hash: string }>('SELECT hash FROM user_passwords WHERE user_id = ?').get(userId)?.hash as string) ??
        null
      );
    },

    emailOf(userId: number): string | null {
      return sqlite.prepare<[number], { email: string | null }>('SELECT email FROM users WHERE id = ?').get(userId)?.email ?? null;
    },

    setPassword(userId: number, passwordHash: string): { userId: number; changed: string } {
      const changed = now().toISOString();
      sqlite
        .prepare(
          `INSERT INTO user_passwords (user_id, hash, changed, failed_attempts, locked_until) VALUES (?, ?, ?, 0, NULL)
           ON CONFLICT(user_id) DO UPDATE SET hash = excluded.hash, changed = excluded.changed, failed_attempts = 0, locked_until = NULL`,
        )
        .run(userId, passwordHash, changed);
      return { userId, changed };
    },
  };
  return service;
}
export type SessionsService = ReturnType<typeof createSessionsService>;

export { argon2Verify as verifyPasswordHash };
