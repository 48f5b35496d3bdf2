import type { Clock } from './clock.js';
import type { Ctx } from './context.js';
import { type Database_, migrateDatabase, openDatabase } from './db/client.js';
import { createVocabService } from './modules/vocab/vocab.service.js';
import { loadSeedRecord } from './seed/load.js';
import { isEmpty, type SeedResult, seedDatabase } from './seed/seed.js';
import { createServices } from './services.js';

/** Opens the database, applies migrations, adds the default addressees and, if asked, seeds an empty one. */
export function prepareDatabase(
  path: string,
  clock: Clock,
  options: { seedIfEmpty: boolean },
): { database: Database_; seeded: SeedResult | null } {
  const database = openDatabase(path);
  migrateDatabase(database);
  const ctx: Ctx = { db: database.db, sqlite: database.sqlite, clock };
  createVocabService(ctx).ensureDefaults();
  // All services (and their prepared statements) only for the seed: the app makes its own.
  const seeded = options.seedIfEmpty && isEmpty(ctx) ? seedDatabase(ctx, createServices(ctx), loadSeedRecord()) : null;
  return { database, seeded };
}
