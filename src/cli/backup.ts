// `npm run backup -- --out <file>`: an online, consistent copy of the database in DATABASE_PATH,
// taken while the server keeps writing. VACUUM INTO reads inside one transaction, so the copy is
// the database as of one moment (WAL mode: writers are not blocked), compact, without -wal/-shm.
// The copy is checked (integrity, audit chain) and its audit anchor printed.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { formatAnchor } from '../modules/audit/audit.service.js';
import { createServices } from '../services.js';
import { runCli, UsageError, userPath } from './cli.js';

const USAGE = `Aufruf: npm run backup -- --out <Datei>
Sichert die Datenbank aus DATABASE_PATH im laufenden Betrieb in eine neue Datei (konsistent zu einem
Zeitpunkt; der Server schreibt währenddessen weiter). Die Sicherung wird geprüft (Integrität,
Hash-Kette des Prüfprotokolls); der ausgegebene Anker gehört zu den Aufzeichnungen des Betriebs.
  --out   Zieldatei, relativ zum aktuellen Verzeichnis; darf noch nicht bestehen`;

runCli(USAGE, (argv) => {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } }, strict: true });
  if (!values.out) throw new UsageError('--out fehlt: wohin soll die Sicherung geschrieben werden?');
  const out = userPath(values.out);
  if (existsSync(out)) throw new UsageError(`${out} besteht bereits; eine Sicherung überschreibt nichts.`);
  const config = loadConfig();
  if (!existsSync(config.DATABASE_PATH)) throw new UsageError(`Keine Datenbank unter ${config.DATABASE_PATH} (DATABASE_PATH).`);
  const started = performance.now();
  const source = new Database(config.DATABASE_PATH, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 10000');
    source.prepare('VACUUM INTO ?').run(out);
  } finally {
    source.close();
  }
  const copy = openDatabase(out);
  try {
    // Applies nothing to a database of this version; sets up the per-connection views the services read.
    migrateDatabase(copy);
    const check = copy.sqlite.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`Die Sicherung ist beschädigt: ${String(check)}`);
    const chain = createServices({ db: copy.db, sqlite: copy.sqlite, clock: systemClock }).audit.verify();
    if (!chain.ok) throw new Error(`Die Hash-Kette der Sicherung ist bei Eintrag #${chain.brokenAt} gebrochen.`);
    copy.sqlite.pragma('journal_mode = DELETE');
    console.log(
      `Sicherung geschrieben: ${out} (${Math.round(performance.now() - started)} ms), ${chain.records} Protokolleinträge geprüft.`,
    );
    if (chain.head) console.log(`Anker der Sicherung: ${formatAnchor(chain.head)}`);
  } finally {
    copy.sqlite.close();
  }
  return 0;
});
