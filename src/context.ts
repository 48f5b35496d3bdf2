import type Database from 'better-sqlite3';
import type { Clock } from './clock.js';
import type { Db } from './db/client.js';

/** What every service verb works with: the database and the clock. */
export interface Ctx {
  db: Db;
  sqlite: Database.Database;
  clock: Clock;
}
