// `npm run restore -- <file>`: replaces the database in DATABASE_PATH with a backup. Refuses while a
// server holds the database (its pid file names a live process); removes the -wal and -shm files of
// the replaced database (a stale WAL beside a restored file corrupts it); checks the restored file
// (integrity, audit chain) and prints its anchor.
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { currentHolder } from '../db/holder.js';
import { formatAnchor } from '../modules/audit/audit.service.js';
import { createServices } from '../services.js';
import { runCli, UsageError, userPath } from './cli.js';

const USAGE = `Aufruf: npm run restore -- <Sicherung>
Ersetzt die Datenbank aus DATABASE_PATH durch eine Sicherung (aus npm run backup). Nur bei
gestopptem Server: läuft einer auf dieser Datenbank, bricht die Wiederherstellung ab. Danach werden
Integrität und Hash-Kette des Prüfprotokolls geprüft und der Anker ausgegeben; er muss zu dem der
Sicherung passen. Alles, was nach der Sicherung geschrieben wurde, ist danach nicht mehr da.`;

runCli(USAGE, (argv) => {
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('Genau eine Sicherungsdatei angeben.');
  const backup = userPath(positionals[0]!);
  if (!existsSync(backup)) throw new UsageError(`Die Sicherung ${backup} gibt es nicht.`);
  const config = loadConfig();
  const target = config.DATABASE_PATH;
  const holder = currentHolder(target);
  if (holder !== null) {
    process.stderr.write(`Ein Server (Prozess ${holder}) hält die Datenbank ${target}. Erst den Server stoppen, dann wiederherstellen.\n`);
    return 1;
  }
  // The backup must be a readable SQLite database before anything is replaced.
  const probe = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    const check = probe.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new UsageError(`Die Sicherung ist beschädigt: ${String(check)}`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${backup} ist keine lesbare SQLite-Datenbank.`);
  } finally {
    probe.close();
  }
  const staging = `${target}.restore-${process.pid}`;
  copyFileSync(backup, staging);
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staging, target);
  const restored = openDatabase(target);
  try {
    // Applies nothing to a database of this version; sets up the per-connection views the services read.
    migrateDatabase(restored);
    const check = restored.sqlite.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`Die wiederhergestellte Datenbank ist beschädigt: ${String(check)}`);
    const chain = createServices({ db: restored.db, sqlite: restored.sqlite, clock: systemClock }).audit.verify();
    if (!chain.ok) {
      process.stderr.write(`Wiederhergestellt, aber die Hash-Kette ist bei Eintrag #${chain.brokenAt} gebrochen.\n`);
      return 1;
    }
    console.log(`Wiederhergestellt: ${target} aus ${backup}; ${chain.records} Protokolleinträge geprüft, Kette OK.`);
    if (chain.head) console.log(`Anker: ${formatAnchor(chain.head)} (muss dem Anker der Sicherung entsprechen)`);
  } finally {
    restored.sqlite.close();
  }
  return 0;
});
