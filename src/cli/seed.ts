// `npm run seed [-- --reset]`: writes the IntMK record into DATABASE_PATH (idempotent).
// --reset removes the database file first and builds it anew from the seeds.
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { loadSeedRecord } from '../seed/load.js';
import { seedDatabase } from '../seed/seed.js';
import { createServices } from '../services.js';
import { runCli } from './cli.js';

const USAGE = `Aufruf: npm run seed [-- --reset]
Schreibt den IntMK-Bestand aus seeds/ in die Datenbank aus DATABASE_PATH (Standard: data/erfolgskontrolle.db);
was schon da ist, bleibt unverändert. --reset löscht die Datenbankdatei vorher und baut sie neu auf.`;

runCli(USAGE, (argv) => {
  const { values } = parseArgs({ args: argv, options: { reset: { type: 'boolean' } }, strict: true });
  const config = loadConfig();
  if (values.reset) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${config.DATABASE_PATH}${suffix}`, { force: true });
  }
  const database = openDatabase(config.DATABASE_PATH);
  try {
    migrateDatabase(database);
    const ctx = { db: database.db, sqlite: database.sqlite, clock: systemClock };
    const result = seedDatabase(ctx, createServices(ctx), loadSeedRecord());
    console.log(
      `Seed in ${config.DATABASE_PATH}: neu angelegt ${result.conferences} Konferenzen, ${result.resolutions} Beschlüsse, ${result.demands} Forderungen, ${result.threads} Stränge, ${result.statusUpdates} Sachstände.`,
    );
  } finally {
    database.sqlite.close();
  }
  return 0;
});
