// `npm run seed [-- --reset]`: writes the IntMK record into DATABASE_PATH (idempotent).
// --reset removes the database file first and builds it anew from the seeds.
import { rmSync } from 'node:fs';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { loadSeedRecord } from '../seed/load.js';
import { seedDatabase } from '../seed/seed.js';
import { createServices } from '../services.js';

const config = loadConfig();
if (process.argv.includes('--reset')) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${config.DATABASE_PATH}${suffix}`, { force: true });
}
const database = openDatabase(config.DATABASE_PATH);
migrateDatabase(database);
const ctx = { db: database.db, sqlite: database.sqlite, clock: systemClock };
const result = seedDatabase(ctx, createServices(ctx), loadSeedRecord());
console.log(
  `Seed in ${config.DATABASE_PATH}: neu angelegt ${result.conferences} Konferenzen, ${result.resolutions} Beschlüsse, ${result.demands} Forderungen, ${result.threads} Stränge, ${result.statusUpdates} Sachstände.`,
);
database.sqlite.close();
