// `npm run user -- <create|list|revoke|token> …`: accounts and API tokens on the database in
// DATABASE_PATH, migrated first, so a fresh install can create its first admin before the server
// has ever run. Writes go through the audit trail with the origin `cli:user`; a new token is the
// last line of stdout so scripts can take it with `tail -n 1`.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { systemClock } from '../clock.js';
import { ConfigError, loadConfig } from '../config.js';
import { type Database_, migrateDatabase, openDatabase } from '../db/client.js';
import type { Origin } from '../modules/audit/audit.service.js';
import { ROLE_LABELS, ROLES } from '../modules/auth/access.js';
import { DEFAULT_TOKEN_DAYS, type TokenDto, type UserDto } from '../modules/auth/auth.service.js';
import { createServices, type Services } from '../services.js';
import { DomainError } from '../shared/errors.js';

z.config(z.locales.de());

const ORIGIN: Origin = { actor: null, requestId: null, system: 'cli:user' };

const USAGE = `Konten und API-Token verwalten (Datenbank aus DATABASE_PATH; Migrationen werden zuerst angewandt).

Aufruf:
  npm run user -- create --name <Name> --role admin|chair|editor|reader
                         [--email <E-Mail>] [--land HE]... [--body LAG-MONITORING]...
                         [--days ${DEFAULT_TOKEN_DAYS}] [--label <Bezeichnung>]
      Legt ein Konto mit seinem ersten Token an. Das Token steht in der letzten Zeile
      und wird nie wieder angezeigt. --land und --body sind nur für editor (mindestens eins);
      sie dürfen wiederholt oder mit Komma getrennt werden.
  npm run user -- list
      Zeigt alle Konten mit ihren Token.
  npm run user -- token --user <Konto-ID> [--days ${DEFAULT_TOKEN_DAYS}] [--label <Bezeichnung>]
      Stellt ein weiteres Token aus (letzte Zeile).
  npm run user -- revoke --token <öffentliche ID, Token oder Token-ID>
  npm run user -- revoke --user <Konto-ID>
      Widerruft ein Token bzw. alle gültigen Token eines Kontos.
  npm run user -- --help
`;

const HELP_HINT = 'Hilfe: npm run user -- --help';

/** parseArgs speaks English; the people running this read German. */
function argsProblem(e: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unbekannte Option ${option}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `Bei ${option} fehlt der Wert (oder die Option nimmt keinen).`;
    default:
      return `Ungültiger Aufruf: ${e.message}`;
  }
}

/** Bad input: reported on stderr with exit code 2. */
class UsageError extends Error {}

const OPTIONS = {
  name: { type: 'string' },
  role: { type: 'string' },
  email: { type: 'string' },
  land: { type: 'string', multiple: true },
  body: { type: 'string', multiple: true },
  days: { type: 'string' },
  label: { type: 'string' },
  token: { type: 'string' },
  user: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
type OptionName = keyof typeof OPTIONS;

const ALLOWED: Record<string, OptionName[]> = {
  create: ['name', 'role', 'email', 'land', 'body', 'days', 'label'],
  list: [],
  token: ['user', 'days', 'label'],
  revoke: ['token', 'user'],
};

/** `--land HE --land NI` and `--land HE,NI` mean the same; codes are upper case. */
const codeList = z
  .array(z.string().max(1000))
  .max(50)
  .default([])
  .transform((vs) =>
    vs
      .flatMap((v) => v.split(','))
      .map((v) => v.trim().toUpperCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().max(64)).max(50));

const days = z.coerce.number().int().min(1).max(3650).optional();
const label = z.string().trim().min(1).max(200).optional();
const userId = z.coerce.number().int().positive();

const createArgs = z.object({
  name: z.string({ error: 'fehlt' }).trim().min(1).max(200),
  role: z.enum(ROLES, { error: `erwartet ${ROLES.join(', ')}` }),
  email: z.email().max(320).optional(),
  land: codeList,
  body: codeList,
  days,
  label,
});
const tokenArgs = z.object({ user: userId, days, label });

function parse<T>(schema: z.ZodType<T>, values: unknown): T {
  const r = schema.safeParse(values);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  --${i.path.join('.') || '?'}: ${i.message}`);
  throw new UsageError(`Ungültige Angaben:\n${lines.join('\n')}\n${HELP_HINT}`);
}

const out = (line = '') => process.stdout.write(`${line}\n`);

function describeToken(t: TokenDto): string {
  const state = t.revoked ? `widerrufen ${t.revoked.slice(0, 10)}` : t.active ? 'gültig' : 'abgelaufen';
  return [
    t.publicId,
    `#${t.id}`,
    state,
    `bis ${t.expires.slice(0, 10)}`,
    `zuletzt benutzt ${t.lastUsed ? t.lastUsed.slice(0, 10) : 'nie'}`,
    t.label ? `„${t.label}“` : '',
  ]
    .filter(Boolean)
    .join('  ');
}

const scopeOf = (u: UserDto) => [...u.lands, ...u.bodies].join(', ') || '–';

function printUser(u: UserDto): void {
  out(`Konto #${u.id}: ${u.name}${u.email ? ` <${u.email}>` : ''}`);
  out(`  Rolle:        ${u.role} (${ROLE_LABELS[u.role]})`);
  if (u.role === 'editor') out(`  Handelt für:  ${scopeOf(u)}`);
  out(`  Aktiv:        ${u.active ? 'ja' : 'nein'}`);
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function create(services: Services, values: Record<string, unknown>): void {
  const a = parse(createArgs, values);
  const created = services.audit.write(
    ORIGIN,
    // The token never enters the audit trail: the record keeps the account only.
    { action: 'users.create', entity: 'user', entityId: (r) => r.user.id, after: (r) => r.user },
    () =>
      services.auth.create(
        { name: a.name, email: a.email ?? null, role: a.role, lands: a.land, bodies: a.body },
        { label: a.label ?? null, days: a.days },
      ),
  );
  out('Konto angelegt.');
  printUser(created.user);
  const t = created.user.tokens[0];
  if (t) out(`  Token:        ${t.publicId} (gültig bis ${t.expires.slice(0, 10)})`);
  out('Das Token wird nur dieses eine Mal angezeigt (letzte Zeile):');
  out(created.token);
}

function issue(services: Services, values: Record<string, unknown>): void {
  const a = parse(tokenArgs, values);
  const issued = services.audit.write(
    ORIGIN,
    { action: 'tokens.create', entity: 'token', entityId: (r) => r.tokenDto.id, after: (r) => ({ userId: a.user, ...r.tokenDto }) },
    () => services.auth.issueToken(a.user, { label: a.label ?? null, days: a.days }),
  );
  const user = services.auth.get(a.user);
  out(`Neues Token für Konto #${user.id} (${user.name}): ${issued.tokenDto.publicId}, gültig bis ${issued.tokenDto.expires.slice(0, 10)}.`);
  out('Das Token wird nur dieses eine Mal angezeigt (letzte Zeile):');
  out(issued.token);
}

function list(services: Services): void {
  const users = services.auth.list();
  if (users.length === 0) {
    out('Noch keine Konten. Das erste Konto: npm run user -- create --name <Name> --role admin');
    return;
  }
  const rows = users.map((u) => [
    String(u.id),
    u.name,
    u.role,
    scopeOf(u),
    u.active ? 'ja' : 'nein',
    `${u.tokens.filter((t) => t.active).length}/${u.tokens.length}`,
  ]);
  for (const l of table(['ID', 'Name', 'Rolle', 'Länder/Gremien', 'Aktiv', 'Token gültig/alle'], rows)) out(l);
  out();
  for (const u of users) {
    if (u.tokens.length === 0) continue;
    out(`Token von #${u.id} (${u.name}):`);
    for (const t of u.tokens) out(`  ${describeToken(t)}`);
  }
}

function revokeOne(services: Services, tokenId: number | string): TokenDto & { userId: number } {
  return services.audit.write(ORIGIN, { action: 'tokens.revoke', entity: 'token', entityId: (r) => r.id }, () =>
    services.auth.revokeToken(tokenId),
  );
}

/** A whole token, its public id (16 hex digits, possibly all digits) or the numeric token id. */
function tokenRef(services: Services, given: string): number | string {
  const publicId = services.auth.publicIdOf(given) ?? (/^[0-9a-f]{16}$/.test(given) ? given : null);
  if (publicId) return publicId;
  if (/^\d{1,15}$/.test(given)) return Number(given);
  throw new UsageError(
    `--token: „${given.slice(0, 40)}“ ist weder ein Token noch eine öffentliche ID (16 Hex-Zeichen) noch eine Token-ID.`,
  );
}

function revoke(services: Services, database: Database_, values: { token?: string; user?: string }): void {
  if ((values.token === undefined) === (values.user === undefined)) {
    throw new UsageError('revoke braucht genau eine Angabe: --token <öffentliche ID, Token oder Token-ID> oder --user <Konto-ID>.');
  }
  if (values.token !== undefined) {
    const t = revokeOne(services, tokenRef(services, values.token.trim()));
    out(`Token ${t.publicId} (#${t.id}) von Konto #${t.userId} widerrufen.`);
    return;
  }
  const { user: id } = parse(z.object({ user: userId }), { user: values.user });
  const user = services.auth.get(id);
  const active = user.tokens.filter((t) => t.active);
  // All or nothing: a failure halfway leaves every token as it was.
  database.sqlite.transaction(() => {
    for (const t of active) revokeOne(services, t.id);
  })();
  out(
    active.length === 0
      ? `Konto #${user.id} (${user.name}) hat keine gültigen Token; nichts widerrufen.`
      : `${active.length} Token von Konto #${user.id} (${user.name}) widerrufen: ${active.map((t) => t.publicId).join(', ')}.`,
  );
}

function main(argv: string[]): number {
  const { values, positionals } = (() => {
    try {
      return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError(`${argsProblem(e as Error & { code?: string })}\n${HELP_HINT}`);
    }
  })();
  if (values.help) {
    out(USAGE.trimEnd());
    return 0;
  }
  const [command, ...rest] = positionals;
  if (!command) throw new UsageError(`Es fehlt der Befehl.\n\n${USAGE}`);
  const allowed = ALLOWED[command];
  if (!allowed) throw new UsageError(`Unbekannter Befehl „${command}“.\n\n${USAGE}`);
  if (rest.length > 0) throw new UsageError(`Unerwartete Angabe: ${rest.join(' ')}\n${HELP_HINT}`);
  const extra = (Object.keys(values) as OptionName[]).filter((k) => values[k] !== undefined && !allowed.includes(k));
  if (extra.length > 0) throw new UsageError(`${command} kennt ${extra.map((k) => `--${k}`).join(', ')} nicht.\n${HELP_HINT}`);

  const config = loadConfig();
  const database = openDatabase(config.DATABASE_PATH);
  try {
    migrateDatabase(database);
    const services = createServices({ db: database.db, sqlite: database.sqlite, clock: systemClock });
    services.vocab.ensureDefaults();
    if (command === 'create') create(services, values);
    else if (command === 'token') issue(services, values);
    else if (command === 'revoke') revoke(services, database, values);
    else list(services);
  } finally {
    database.sqlite.close();
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError || e instanceof ConfigError) {
    process.stderr.write(`${e.message.trimEnd()}\n`);
    process.exitCode = 2;
  } else if (e instanceof DomainError) {
    process.stderr.write(`Fehler: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`Unerwarteter Fehler: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
