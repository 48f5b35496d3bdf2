// `npm run audit -- verify [--anchor <id>:<hash>]`: recomputes the hash chain of the audit trail
// in DATABASE_PATH; exit 0 when every record fits (and the anchor, a head printed by an earlier run,
// is still in the chain), 1 otherwise (so a cron job or CI step fails).
// `npm run audit -- list [--limit 20] [--entity demand] [--entity-id 7] [--user 3] [--action demands.update] [--request-id …]`
// prints the newest records, one line each.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { systemClock } from '../clock.js';
import { ConfigError, loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import type { AuditEntryDto } from '../modules/audit/audit.schemas.js';
import { formatAnchor, parseAnchor } from '../modules/audit/audit.service.js';
import { createServices, type Services } from '../services.js';
import { MAX_PAGE_SIZE } from '../shared/api.js';

z.config(z.locales.de());

const USAGE = `Änderungsprotokoll prüfen und lesen (Datenbank aus DATABASE_PATH).

Aufruf:
  npm run audit -- verify [--anchor <id>:<hash>]
      Prüft die Hash-Kette aller Einträge und nennt ihren Anker (letzter Eintrag als <id>:<hash>).
      Den Anker außerhalb der Datenbank notieren: mit --anchor zeigt eine spätere Prüfung auch,
      ob am Ende Einträge entfernt wurden. Exit-Code 0: unverändert; 1: Kette gebrochen.
  npm run audit -- list [--limit 20] [--entity demand] [--entity-id 7] [--user 3] [--action demands.update] [--request-id <id>]
      Zeigt die neuesten Einträge (höchstens ${MAX_PAGE_SIZE}).
  npm run audit -- --help
`;
const HELP_HINT = 'Hilfe: npm run audit -- --help';

class UsageError extends Error {}

const OPTIONS = {
  limit: { type: 'string' },
  entity: { type: 'string' },
  'entity-id': { type: 'string' },
  user: { type: 'string' },
  action: { type: 'string' },
  'request-id': { type: 'string' },
  anchor: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const listArgs = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  entity: z.string().trim().min(1).max(64).optional(),
  'entity-id': z.string().trim().min(1).max(64).optional(),
  user: z.coerce.number().int().positive().optional(),
  action: z.string().trim().min(1).max(64).optional(),
  'request-id': z.string().trim().min(1).max(128).optional(),
});

// verify() names its reasons in English for logs; the operator reads German.
const REASONS: Record<string, string> = {
  'prev_hash does not name the record before it':
    'prev_hash verweist nicht auf den Eintrag davor (Eintrag entfernt, eingefügt oder umgestellt)',
  'hash does not match the record': 'der Hash passt nicht zum Inhalt (Eintrag nachträglich verändert)',
  'the anchor names another hash for this record': 'der Anker nennt für diesen Eintrag einen anderen Hash (Eintrag ersetzt)',
  'the anchor record is missing': 'der Eintrag des Ankers fehlt (Einträge am Ende entfernt)',
};

const out = (line = '') => process.stdout.write(`${line}\n`);

function verify(services: Services, anchorText: string | undefined): number {
  const anchor = anchorText === undefined ? undefined : parseAnchor(anchorText);
  if (anchor === null)
    throw new UsageError(`--anchor: erwartet <id>:<hash> (Hash: 64 Hexadezimalziffern), wie ihn verify ausgibt.\n${HELP_HINT}`);
  const r = services.audit.verify(anchor);
  if (r.ok) {
    out(`Hash-Kette geprüft: ${r.records} ${r.records === 1 ? 'Eintrag' : 'Einträge'}, OK.`);
    if (anchor) out(`Anker ${formatAnchor(anchor)} steht unverändert in der Kette.`);
    if (r.head) out(`Anker für spätere Prüfungen (außerhalb der Datenbank notieren): ${formatAnchor(r.head)}`);
    return 0;
  }
  out(`Hash-Kette GEBROCHEN bei Eintrag #${r.brokenAt} (${r.records} ${r.records === 1 ? 'Eintrag' : 'Einträge'} geprüft).`);
  out(`Grund: ${r.reason ? (REASONS[r.reason] ?? r.reason) : 'unbekannt'}`);
  return 1;
}

function line(e: AuditEntryDto): string {
  const entity = e.entityId === null ? e.entity : `${e.entity} ${e.entityId}`;
  return [`#${e.id}`, e.at.replace('T', ' ').slice(0, 19), e.actor, e.action, entity, e.requestId ? `req ${e.requestId}` : '']
    .filter(Boolean)
    .join('  ');
}

function list(services: Services, values: Record<string, unknown>): number {
  const r = listArgs.safeParse(values);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`);
    throw new UsageError(`Ungültige Angaben:\n${lines.join('\n')}\n${HELP_HINT}`);
  }
  const a = r.data;
  const { items, total } = services.audit.list({
    limit: a.limit,
    offset: 0,
    entity: a.entity,
    entityId: a['entity-id'],
    user: a.user,
    action: a.action,
    requestId: a['request-id'],
  });
  if (total === 0) {
    out('Keine Einträge.');
    return 0;
  }
  for (const e of items) out(line(e));
  out(`${items.length} von ${total} Einträgen (neueste zuerst).`);
  return 0;
}

function main(argv: string[]): number {
  const { values, positionals } = (() => {
    try {
      return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (e) {
      const option = /'(-[^' ]+)/.exec((e as Error).message)?.[1] ?? '';
      throw new UsageError(
        `${(e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `Unbekannte Option ${option}.` : `Ungültiger Aufruf: ${(e as Error).message}`}\n${HELP_HINT}`,
      );
    }
  })();
  if (values.help) {
    out(USAGE.trimEnd());
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command !== 'verify' && command !== 'list') {
    throw new UsageError(`${command ? `Unbekannter Befehl „${command}“.` : 'Es fehlt der Befehl.'}\n\n${USAGE}`);
  }
  if (rest.length > 0) throw new UsageError(`Unerwartete Angabe: ${rest.join(' ')}\n${HELP_HINT}`);
  const given = Object.keys(values).filter((k) => k !== 'help');
  const misplaced = given.filter((k) => (command === 'verify' ? k !== 'anchor' : k === 'anchor'));
  if (misplaced.length > 0) {
    throw new UsageError(`${command} kennt diese Optionen nicht: ${misplaced.map((k) => `--${k}`).join(', ')}.\n${HELP_HINT}`);
  }

  const config = loadConfig();
  const database = openDatabase(config.DATABASE_PATH);
  try {
    migrateDatabase(database);
    const services = createServices({ db: database.db, sqlite: database.sqlite, clock: systemClock });
    return command === 'verify' ? verify(services, values.anchor) : list(services, values);
  } finally {
    database.sqlite.close();
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError || e instanceof ConfigError) {
    process.stderr.write(`${e.message.trimEnd()}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`Unerwarteter Fehler: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
