import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { isOverdue } from '../domain/status.js';
import type { Status } from '../domain/vocab.js';
import { MIGRATIONS_DIR } from '../paths.js';
import { createChangeTriggers } from '../visibility/change-feed.js';
import { createPublicViews, dropPublicViews } from '../visibility/views.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;
export interface Database_ {
  sqlite: Database.Database;
  db: Db;
}

export const MIGRATIONS_FOLDER = MIGRATIONS_DIR;

/** Opens (and creates) the database file, or an in-memory database for ':memory:'. */
export function openDatabase(path: string): Database_ {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // 4 MB of page cache instead of SQLite's 2 MB: a transaction that writes more than the cache
  // holds (a 1 MB import's 2.3 MB draft) spills pages to the WAL as it goes, 20 ms instead of 4
  // (measured on the seeded database; 16 MB took seven such writes to fill before it was as fast).
  // The seeded record (3 MB) stays in the cache too.
  sqlite.pragma('cache_size = -4000');
  sqlite.pragma('foreign_keys = ON');
  registerRuleFunctions(sqlite);
  return { sqlite, db: drizzle(sqlite, { schema }) };
}

/** Rules of src/domain written once in TypeScript and called from SQL filters. */
function registerRuleFunctions(sqlite: Database.Database): void {
  sqlite.function(
    'is_overdue',
    { deterministic: true },
    (status: unknown, dueDate: unknown, dueStart: unknown, dueYear: unknown, today: unknown) =>
      isOverdue(
        {
          status: status as Status,
          dueDate: (dueDate as string | null) ?? null,
          dueConference:
            dueYear === null || dueYear === undefined ? null : { startDate: (dueStart as string | null) ?? null, year: Number(dueYear) },
        },
        String(today),
      )
        ? 1
        : 0,
  );
}

/**
 * Whether the journal lists a migration the database has not applied, by drizzle's own test (a
 * migration is applied when the latest one recorded is not older than it). The migrator reads and
 * hashes every migration file and checks every foreign key of the database: at each start of a
 * current database that was a tenth of the start, for nothing.
 */
export function migrationsPending(sqlite: Database.Database, migrationsFolder = MIGRATIONS_FOLDER): boolean {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const latest = Math.max(...journal.entries.map((e) => e.when));
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return true;
  const applied = sqlite.prepare('SELECT max(created_at) AS at FROM __drizzle_migrations').get() as { at: number | string | null };
  return applied.at === null || Number(applied.at) < latest;
}

/**
 * Applies pending migrations. drizzle runs them all in one transaction, where
 * `PRAGMA foreign_keys=OFF` has no effect; a migration that rebuilds a parent table would then
 * cascade and delete child rows. So foreign keys are switched off around the migrator, checked
 * afterwards, and switched on again.
 *
 * The change feed's triggers (migration 0008) name tables besides their own. A rebuild renames
 * `__new_x` to `x` while `x` is briefly missing; with `legacy_alter_table` the rename does not check
 * those trigger bodies against the schema (they name `x` again once it is back). A rebuild drops the
 * triggers of the rebuilt table; createChangeTriggers makes them again (src/visibility/change-feed.ts).
 */
export function migrateDatabase(database: Database_, migrationsFolder = MIGRATIONS_FOLDER): void {
  const { sqlite, db } = database;
  dropPublicViews(sqlite);
  if (!migrationsPending(sqlite, migrationsFolder)) {
    createChangeTriggers(sqlite);
    createPublicViews(sqlite);
    return;
  }
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('legacy_alter_table = ON');
  try {
    migrate(db, { migrationsFolder });
    createChangeTriggers(sqlite);
    const violations = sqlite.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) {
      throw new Error(`migration left ${violations.length} foreign key violations: ${JSON.stringify(violations.slice(0, 5))}`);
    }
  } finally {
    sqlite.pragma('legacy_alter_table = OFF');
    sqlite.pragma('foreign_keys = ON');
  }
  createPublicViews(sqlite);
}
