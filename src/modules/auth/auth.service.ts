// Accounts and API tokens. A token is `ek_<publicId>_<secret>`: the public id finds the row, the
// secret is kept only as a salted SHA-256 hash and compared in constant time. The secret holds
// 256 random bits, so a deliberately slow password hash would add cost to every request and no
// protection (docs/decisions/0004-bearer-tokens.md).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { addDays } from 'date-fns';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../context.js';
import { apiTokens, users } from '../../db/schema.js';
import { BODY_KIND_LABELS, LAND_CODES, type LandCode } from '../../domain/vocab.js';
import { conflict, notFound, unprocessable } from '../../shared/errors.js';
import type { VocabService } from '../vocab/vocab.service.js';
import type { Actor, Role } from './access.js';

export const DEFAULT_TOKEN_DAYS = 365;
const TOKEN_PATTERN = /^ek_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface TokenDto {
  id: number;
  publicId: string;
  label: string | null;
  expires: string;
  revoked: string | null;
  lastUsed: string | null;
  created: string;
  active: boolean;
}

export interface UserDto {
  id: number;
  name: string;
  email: string | null;
  role: Role;
  lands: LandCode[];
  bodies: string[];
  active: boolean;
  tokens: TokenDto[];
  created: string;
  modified: string;
}

export interface UserInput {
  name: string;
  email?: string | null;
  role: Role;
  lands?: string[];
  bodies?: string[];
}

export interface UserPatch {
  name?: string;
  email?: string | null;
  role?: Role;
  lands?: string[];
  bodies?: string[];
  active?: boolean;
}

export type AuthFailure = 'malformed' | 'unknown' | 'revoked' | 'expired' | 'inactive';

const hashSecret = (salt: string, secret: string) => createHash('sha256').update(salt).update(secret).digest();

export function createAuthService(ctx: Ctx, deps: { vocab: VocabService }) {
  const { db, sqlite, clock } = ctx;
  const tokenStmt = sqlite.prepare<
    [string],
    {
      id: number;
      user_id: number;
      salt: string;
      hash: string;
      expires: string;
      revoked: string | null;
      last_used: string | null;
      name: string;
      role: Role;
      lands: string;
      bodies: string;
      active: number;
    }
  >(
    `SELECT t.id, t.user_id, t.salt, t.hash, t.expires, t.revoked, t.last_used, u.name, u.role, u.lands, u.bodies, u.active
     FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.public_id = ?`,
  );
  const touchStmt = sqlite.prepare('UPDATE api_tokens SET last_used = ? WHERE id = ?');

  function tokensOf(userId: number): TokenDto[] {
    const now = clock.now().toISOString();
    return db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId))
      .all()
      .map((t) => ({
        id: t.id,
        publicId: t.publicId,
        label: t.label,
        expires: t.expires,
        revoked: t.revoked,
        lastUsed: t.lastUsed,
        created: t.created,
        active: t.revoked === null && t.expires > now,
      }));
  }

  function get(id: number): UserDto {
    const u = db.select().from(users).where(eq(users.id, id)).get();
    if (!u) throw notFound('users.not_found', `Das Konto ${id} gibt es nicht.`);
    return {
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      lands: u.lands,
      bodies: u.bodies,
      active: u.active,
      tokens: tokensOf(u.id),
      created: u.created,
      modified: u.modified,
    };
  }

  /** Editors must act for at least one Land or working group; other roles act for none. */
  function checkScope(role: Role, lands: string[], bodies: string[]): { lands: LandCode[]; bodies: string[] } {
    const badLands = lands.filter((l) => !(LAND_CODES as readonly string[]).includes(l));
    if (badLands.length) {
      throw unprocessable(
        'users.unknown_land',
        `Unbekanntes Land: ${badLands.join(', ')}. Erlaubt sind die Kürzel ${LAND_CODES.join(', ')}.`,
        [{ field: 'body.lands', message: 'unbekannt' }],
      );
    }
    const kindOf = new Map(
      deps.vocab
        .bodies('internal')
        .filter((b) => b.kind !== 'laender')
        .map((b) => [b.code, b.kind]),
    );
    const badBodies = bodies.filter((b) => !kindOf.has(b));
    if (badBodies.length) {
      throw unprocessable('users.unknown_body', `Unbekannte Arbeitsgruppe oder Stelle: ${badBodies.join(', ')}.`, [
        { field: 'body.bodies', message: 'unbekannt' },
      ]);
    }
    // An editor writes for the bodies of its scope: only working groups report on their own
    // demands, never a federal body, a conference or any other addressee.
    const notGroups = bodies.filter((b) => kindOf.get(b) !== 'working_group');
    if (notGroups.length) {
      throw unprocessable(
        'users.body_not_working_group',
        `Keine Arbeitsgruppe: ${notGroups.join(', ')}. Zugeordnet werden können nur Gremien der Art „${BODY_KIND_LABELS.working_group}“ (working_group).`,
        [{ field: 'body.bodies', message: 'keine Arbeitsgruppe' }],
      );
    }
    if (role === 'editor' && lands.length + bodies.length === 0) {
      throw unprocessable(
        'users.editor_without_scope',
        'Ein Konto mit der Rolle „editor“ braucht mindestens ein Land oder eine Arbeitsgruppe.',
        [{ field: 'body.lands', message: 'fehlt' }],
      );
    }
    if (role !== 'editor' && lands.length + bodies.length > 0) {
      throw unprocessable(
        'users.scope_for_editors_only',
        'Länder und Arbeitsgruppen werden nur Konten mit der Rolle „editor“ zugeordnet.',
        [{ field: 'body.lands', message: 'nur für editor' }],
      );
    }
    return { lands: [...new Set(lands)] as LandCode[], bodies: [...new Set(bodies)] };
  }

  const service = {
    get,

    tokenNotFound: (tokenId: number | string) => notFound('tokens.not_found', `Das Token ${tokenId} gibt es bei diesem Konto nicht.`),

    list(): UserDto[] {
      return db
        .select({ id: users.id })
        .from(users)
        .orderBy(users.id)
        .all()
        .map((u) => get(u.id));
    },

    /** Creates an account with its first token; the token is shown this once and never again. */
    create(input: UserInput, tokenOptions: { label?: string | null; days?: number } = {}): { user: UserDto; token: string } {
      return sqlite.transaction(() => {
        const user = service.createAccount(input);
        const token = service.issueToken(user.id, tokenOptions).token;
        return { user: get(user.id), token };
      })();
    },

    /** Creates an account without any token: a person invited to sign in with a password needs none. */
    createAccount(input: UserInput): UserDto {
      const scope = checkScope(input.role, input.lands ?? [], input.bodies ?? []);
      const now = clock.now().toISOString();
      const row = db
        .insert(users)
        .values({ name: input.name, email: input.email ?? null, role: input.role, ...scope, active: true, created: now, modified: now })
        .returning({ id: users.id })
        .get();
      return get(row.id);
    },

    update(id: number, patch: UserPatch): UserDto {
      sqlite.transaction(() => {
        const current = get(id);
        const role = patch.role ?? current.role;
        const scope = checkScope(
          role,
          patch.lands ?? (patch.role && patch.role !== 'editor' ? [] : current.lands),
          patch.bodies ?? (patch.role && patch.role !== 'editor' ? [] : current.bodies),
        );
        db.update(users)
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.email !== undefined ? { email: patch.email } : {}),
            ...(patch.active !== undefined ? { active: patch.active } : {}),
            role,
            ...scope,
            modified: clock.now().toISOString(),
          })
          .where(eq(users.id, id))
          .run();
      })();
      return get(id);
    },

    issueToken(userId: number, options: { label?: string | null; days?: number } = {}): { token: string; tokenDto: TokenDto } {
      const user = get(userId);
      if (!user.active) throw conflict('users.inactive', `Das Konto ${userId} ist deaktiviert; es erhält keine neuen Token.`);
      const publicId = randomBytes(8).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const salt = randomBytes(16).toString('hex');
      const now = clock.now();
      const row = db
        .insert(apiTokens)
        .values({
          publicId,
          userId,
          label: options.label ?? null,
          salt,
          hash: hashSecret(salt, secret).toString('hex'),
          expires: addDays(now, options.days ?? DEFAULT_TOKEN_DAYS).toISOString(),
          created: now.toISOString(),
        })
        .returning({ id: apiTokens.id })
        .get();
      const tokenDto = tokensOf(userId).find((t) => t.id === row.id) as TokenDto;
      return { token: `ek_${publicId}_${secret}`, tokenDto };
    },

    /** Revokes one token (by id or public id); revoking twice is a conflict. */
    revokeToken(tokenId: number | string): TokenDto & { userId: number } {
      const t = db
        .select()
        .from(apiTokens)
        .where(typeof tokenId === 'number' ? eq(apiTokens.id, tokenId) : eq(apiTokens.publicId, tokenId))
        .get();
      if (!t) throw service.tokenNotFound(tokenId);
      if (t.revoked) throw conflict('tokens.already_revoked', `Das Token ${t.publicId} ist bereits widerrufen.`);
      db.update(apiTokens).set({ revoked: clock.now().toISOString() }).where(eq(apiTokens.id, t.id)).run();
      return { ...(tokensOf(t.userId).find((x) => x.id === t.id) as TokenDto), userId: t.userId };
    },

    /** The public id of a well-formed token (for rate limiting before the secret is checked). */
    publicIdOf(token: string): string | null {
      return TOKEN_PATTERN.exec(token)?.[1] ?? null;
    },

    authenticate(token: string): { actor: Actor } | { failure: AuthFailure } {
      const m = TOKEN_PATTERN.exec(token);
      if (!m) return { failure: 'malformed' };
      const row = tokenStmt.get(m[1] as string);
      if (!row) return { failure: 'unknown' };
      const given = hashSecret(row.salt, m[2] as string);
      const stored = Buffer.from(row.hash, 'hex');
      if (stored.length !== given.length || !timingSafeEqual(stored, given)) return { failure: 'unknown' };
      if (row.revoked) return { failure: 'revoked' };
      const now = clock.now().toISOString();
      if (row.expires <= now) return { failure: 'expired' };
      if (!row.active) return { failure: 'inactive' };
      // Last use is kept to the day: enough to spot dormant tokens without a write per request.
      if (row.last_used?.slice(0, 10) !== now.slice(0, 10)) touchStmt.run(now, row.id);
      return {
        actor: {
          userId: row.user_id,
          name: row.name,
          role: row.role,
          lands: JSON.parse(row.lands) as LandCode[],
          bodies: JSON.parse(row.bodies) as string[],
          tokenId: row.id,
        },
      };
    },
  };
  return service;
}
export type AuthService = ReturnType<typeof createAuthService>;
