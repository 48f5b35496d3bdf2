// A migration in drizzle-kit's "rebuild" style (create __new_x, copy, drop x, rename) must not
// lose the rows of tables that reference x.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/clock.js';
import { type Database_, MIGRATIONS_FOLDER, migrateDatabase, migrationsPending, openDatabase } from '../src/db/client.js';
import { conferenceCreateSchema } from '../src/modules/conferences/conferences.schemas.js';
import { demandCreateSchema } from '../src/modules/demands/demands.schemas.js';
import { resolutionCreateSchema } from '../src/modules/resolutions/resolutions.schemas.js';
import { createServices } from '../src/services.js';
import { dropPublicViews } from '../src/visibility/index.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

/** A temp dir holding a copy of the project's migrations and a path for a database file. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'ek-migrations-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const migrations = join(dir, 'migrations');
  cpSync(MIGRATIONS_FOLDER, migrations, { recursive: true });
  return { migrations, dbPath: join(dir, 'db', 'test.db') };
}

function open(path: string): Database_ {
  const database = openDatabase(path);
  cleanup.push(() => database.sqlite.close());
  return database;
}

/** Inserts a conference (20) with a resolution (Ziffern, a note) and two demands, plus a due conference (21). */
function insertRecord(database: Database_) {
  const services = createServices({ db: database.db, sqlite: database.sqlite, clock: fixedClock('2026-11-20T09:00:00Z') });
  services.vocab.ensureDefaults();
  services.conferences.create(conferenceCreateSchema.parse({ number: 20, year: 2025, startDate: '2025-04-23', place: 'Göttingen' }));
  services.conferences.create(conferenceCreateSchema.parse({ number: 21, year: 2026 }));
  const resolution = services.resolutions.create(
    20,
    resolutionCreateSchema.parse({
      top: '4.5',
      title: 'Migrationsberatung für Erwachsene (MBE) bedarfsgerecht finanzieren',
      proposers: 'all',
      adoption: 'einstimmig',
      ziffern: [
        { number: '1', text: 'Die IntMK bekräftigt die große Bedeutung der MBE.' },
        { number: '2', text: 'Sie fordert die Bundesregierung auf, die MBE auskömmlich zu finanzieren.' },
      ],
      notes: [{ lands: ['BY'], ziffer: '2', text: 'Bayern trägt Ziffer 2 nicht mit.' }],
    }),
  );
  const d1 = services.demands.create(
    resolution.id,
    demandCreateSchema.parse({
      ziffer: '2',
      kind: 'forderung',
      addressees: ['BREG', 'BMI'],
      wording: 'Sie fordert die Bundesregierung auf, die MBE auskömmlich zu finanzieren.',
      summary: 'MBE auskömmlich finanzieren',
      dueConference: 21,
    }),
  );
  const d2 = services.demands.create(
    resolution.id,
    demandCreateSchema.parse({ kind: 'bitte', addressees: ['LAENDER'], wording: 'Die Länder werden gebeten …', summary: 'Länder' }),
  );
  services.threads.create({
    title: 'MBE',
    description: null,
    origin: null,
    mentions: [],
    members: [{ demandId: d1.id, relation: 'raised_first' }],
  });
  return { services, resolutionId: resolution.id, demandIds: [d1.id, d2.id] };
}

const CHILD_TABLES = ['resolutions', 'ziffern', 'protocol_notes', 'demands', 'demand_addressees', 'thread_members'] as const;
function counts(database: Database_) {
  return Object.fromEntries(
    CHILD_TABLES.map((t) => [t, (database.sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
}

/** Appends a migration file and its journal entry, as drizzle-kit would. */
function appendMigration(folder: string, tag: string, sql: string) {
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
    entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
  };
  const last = journal.entries.at(-1);
  if (!last) throw new Error('empty journal');
  journal.entries.push({ idx: last.idx + 1, version: last.version, when: last.when + 1000, tag, breakpoints: true });
  writeFileSync(join(folder, `${tag}.sql`), sql);
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
}

// Rebuilds `conferences` with an extra nullable column, as drizzle-kit generates it.
const REBUILD_CONFERENCES = `PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE \`__new_conferences\` (
	\`id\` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	\`number\` integer NOT NULL,
	\`year\` integer NOT NULL,
	\`kind\` text NOT NULL,
	\`start_date\` text,
	\`end_date\` text,
	\`place\` text,
	\`chair_land\` text,
	\`note\` text,
	\`website\` text,
	\`created\` text NOT NULL,
	\`modified\` text NOT NULL
);
--> statement-breakpoint
INSERT INTO \`__new_conferences\`("id", "number", "year", "kind", "start_date", "end_date", "place", "chair_land", "note", "created", "modified") SELECT "id", "number", "year", "kind", "start_date", "end_date", "place", "chair_land", "note", "created", "modified" FROM \`conferences\`;--> statement-breakpoint
DROP TABLE \`conferences\`;--> statement-breakpoint
ALTER TABLE \`__new_conferences\` RENAME TO \`conferences\`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX \`conferences_number_unique\` ON \`conferences\` (\`number\`);`;

// Rebuilds `resolutions` (parent of Ziffern, notes and demands, all ON DELETE CASCADE).
const REBUILD_RESOLUTIONS = `PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE \`__new_resolutions\` (
	\`id\` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	\`conference_id\` integer NOT NULL,
	\`top\` text NOT NULL,
	\`top_sort\` text NOT NULL,
	\`agenda_heading\` text,
	\`title\` text NOT NULL,
	\`proposers\` text NOT NULL,
	\`all_laender\` integer DEFAULT false NOT NULL,
	\`coordinating_land\` text,
	\`green_list\` text,
	\`adoption\` text NOT NULL,
	\`merged_into_top\` text,
	\`circular_number\` text,
	\`circular_date\` text,
	\`budget_reservation\` text,
	\`preamble\` text,
	\`visibility\` text DEFAULT 'public' NOT NULL,
	\`source_page\` integer,
	\`created\` text NOT NULL,
	\`modified\` text NOT NULL,
	FOREIGN KEY (\`conference_id\`) REFERENCES \`conferences\`(\`id\`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO \`__new_resolutions\`("id", "conference_id", "top", "top_sort", "agenda_heading", "title", "proposers", "all_laender", "coordinating_land", "green_list", "adoption", "merged_into_top", "circular_number", "circular_date", "budget_reservation", "preamble", "visibility", "created", "modified") SELECT "id", "conference_id", "top", "top_sort", "agenda_heading", "title", "proposers", "all_laender", "coordinating_land", "green_list", "adoption", "merged_into_top", "circular_number", "circular_date", "budget_reservation", "preamble", "visibility", "created", "modified" FROM \`resolutions\`;--> statement-breakpoint
DROP TABLE \`resolutions\`;--> statement-breakpoint
ALTER TABLE \`__new_resolutions\` RENAME TO \`resolutions\`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX \`resolutions_conference_top\` ON \`resolutions\` (\`conference_id\`,\`top\`);--> statement-breakpoint
CREATE INDEX \`resolutions_modified\` ON \`resolutions\` (\`modified\`);`;

describe('migrateDatabase with a table rebuild', () => {
  it('rebuilding conferences keeps resolutions, Ziffern and demands; foreign_key_check is empty', async () => {
    const ws = workspace();
    const database = open(ws.dbPath);
    migrateDatabase(database, ws.migrations);
    const { services, resolutionId, demandIds } = insertRecord(database);
    const before = counts(database);
    expect(before).toEqual({ resolutions: 1, ziffern: 2, protocol_notes: 1, demands: 2, demand_addressees: 3, thread_members: 1 });
    const resolutionBefore = services.resolutions.get(resolutionId, 'internal');

    appendMigration(ws.migrations, '0002_rebuild_conferences', REBUILD_CONFERENCES);
    migrateDatabase(database, ws.migrations);

    const columns = (database.sqlite.pragma('table_info(conferences)') as { name: string }[]).map((c) => c.name);
    expect(columns).toContain('website');
    expect(counts(database)).toEqual(before);
    expect(database.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    // The record reads back unchanged through the services.
    expect(services.resolutions.get(resolutionId, 'internal')).toEqual(resolutionBefore);
    expect(services.demands.get(demandIds[0] as number, 'internal').dueConference).toBe(21);
    expect(services.conferences.get(20, 'internal').resolutionCount).toBe(1);
    // The unique index was recreated.
    expect(() =>
      database.sqlite
        .prepare("INSERT INTO conferences (number, year, kind, created, modified) VALUES (20, 2025, 'hauptkonferenz', 'x', 'x')")
        .run(),
    ).toThrow(/UNIQUE/);
    // Applied once: running again is a no-op.
    migrateDatabase(database, ws.migrations);
    expect(counts(database)).toEqual(before);
  });

  it('rebuilding resolutions keeps its cascading children (Ziffern, notes, demands, addressees, thread members)', async () => {
    const ws = workspace();
    const database = open(ws.dbPath);
    migrateDatabase(database, ws.migrations);
    insertRecord(database);
    const before = counts(database);
    appendMigration(ws.migrations, '0002_rebuild_resolutions', REBUILD_RESOLUTIONS);
    migrateDatabase(database, ws.migrations);
    expect(counts(database)).toEqual(before);
    expect(database.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('without the FK-off handling, the same rebuild of resolutions deletes the children (cascade)', async () => {
    const ws = workspace();
    const database = open(ws.dbPath);
    migrateDatabase(database, ws.migrations);
    insertRecord(database);
    expect(counts(database).ziffern).toBe(2);
    appendMigration(ws.migrations, '0002_rebuild_resolutions', REBUILD_RESOLUTIONS);
    // openDatabase switched foreign keys on; drizzle runs the migration in a transaction, where the
    // migration's own PRAGMA foreign_keys=OFF has no effect.
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    dropPublicViews(database.sqlite); // as migrateDatabase does, so the rebuild itself can run
    database.sqlite.pragma('legacy_alter_table = ON'); // likewise (the change feed's triggers name resolutions)
    migrate(database.db, { migrationsFolder: ws.migrations });
    const after = counts(database);
    expect(after.resolutions).toBe(1);
    expect(after.ziffern).toBe(0);
    expect(after.protocol_notes).toBe(0);
    expect(after.demands).toBe(0);
    expect(after.demand_addressees).toBe(0);
    expect(after.thread_members).toBe(0);
  });

  it('without the FK-off handling, the rebuild of conferences is refused (NO ACTION) rather than applied', async () => {
    const ws = workspace();
    const database = open(ws.dbPath);
    migrateDatabase(database, ws.migrations);
    insertRecord(database);
    const before = counts(database);
    appendMigration(ws.migrations, '0002_rebuild_conferences', REBUILD_CONFERENCES);
    expect(() => migrate(database.db, { migrationsFolder: ws.migrations })).toThrow();
    // Rolled back: old schema, rows untouched.
    const columns = (database.sqlite.pragma('table_info(conferences)') as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('website');
    expect(counts(database)).toEqual(before);
  });

  it('a migration that leaves dangling references is reported and foreign keys are switched on again', async () => {
    const ws = workspace();
    const database = open(ws.dbPath);
    migrateDatabase(database, ws.migrations);
    insertRecord(database);
    appendMigration(ws.migrations, '0002_drop_conferences', 'DELETE FROM `conferences`;');
    expect(() => migrateDatabase(database, ws.migrations)).toThrow(/foreign key violations/);
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('0007 record model', () => {
  it('keeps every row and turns a year in an existing origin into the thread’s first mention', () => {
    const ws = workspace();
    const journalPath = join(ws.migrations, 'meta', '_journal.json');
    const full = readFileSync(journalPath, 'utf8');
    const journal = JSON.parse(full) as { entries: { idx: number; tag: string }[] };
    const idx = journal.entries.findIndex((e) => e.tag === '0007_record_model');
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, idx) }));
    const database = open(ws.dbPath);
    migrate(database.db, { migrationsFolder: ws.migrations });
    const now = '2026-11-20T09:00:00.000Z';
    const run = (sql: string, ...args: unknown[]) => database.sqlite.prepare(sql).run(...args);
    run(`INSERT INTO conferences (id, number, year, kind, created, modified) VALUES (1, 20, 2025, 'hauptkonferenz', ?, ?)`, now, now);
    run(
      `INSERT INTO resolutions (id, conference_id, top, top_sort, title, proposers, adoption, created, modified, public_modified)
       VALUES (1, 1, '2.1.b', '10002.0001.b', 'Leitantrag', '["NI"]', 'einstimmig', ?, ?, ?)`,
      now,
      now,
      now,
    );
    run(
      `INSERT INTO demands (id, resolution_id, position, kind, wording, summary, topics, responsible, created, modified, public_modified)
       VALUES (1, 1, 0, 'forderung', 'w', 's', '[]', '[]', ?, ?, ?)`,
      now,
      now,
      now,
    );
    run(
      `INSERT INTO threads (id, title, origin_text, origin_citation, created, modified, public_modified)
       VALUES (1, 'Integrationskurse', 'fast durchgängig seit 2011, erneut 2015', '20. IntMK 2025, TOP 2.1.b', ?, ?, ?),
              (2, 'Ohne Jahr', 'langjährige Forderung', 'x', ?, ?, ?)`,
      now,
      now,
      now,
      now,
      now,
      now,
    );
    run(`INSERT INTO thread_members (thread_id, demand_id, position, relation) VALUES (1, 1, 0, 'reiterated')`);
    writeFileSync(journalPath, full);
    migrate(database.db, { migrationsFolder: ws.migrations });
    const all = (sql: string) => database.sqlite.prepare(sql).all();
    expect(all('SELECT thread_id, year, text, citation FROM thread_mentions')).toEqual([
      { thread_id: 1, year: 2011, text: 'fast durchgängig seit 2011, erneut 2015', citation: '20. IntMK 2025, TOP 2.1.b' },
    ]);
    expect(all('SELECT thread_id, demand_id FROM thread_members')).toEqual([{ thread_id: 1, demand_id: 1 }]);
    expect(all('SELECT report_back, lead_addressee FROM demands')).toEqual([{ report_back: 0, lead_addressee: null }]);
    expect(all('SELECT count(*) AS n FROM threads')).toEqual([{ n: 2 }]);
  });
});

describe('migrateDatabase on a current database', () => {
  it('runs the migrator only when the journal has a migration the database lacks; views and triggers come back on every connection', () => {
    const ws = workspace();
    const first = open(ws.dbPath);
    expect(migrationsPending(first.sqlite, ws.migrations)).toBe(true);
    migrateDatabase(first, ws.migrations);
    expect(migrationsPending(first.sqlite, ws.migrations)).toBe(false);
    insertRecord(first);
    first.sqlite.close();

    // A changed file of an applied migration proves the migrator did not read it on the next start.
    const applied = join(ws.migrations, 'meta', '_journal.json');
    const firstTag = (JSON.parse(readFileSync(applied, 'utf8')) as { entries: { tag: string }[] }).entries[0]?.tag;
    writeFileSync(join(ws.migrations, `${firstTag}.sql`), 'THIS IS NOT SQL;');
    const again = open(ws.dbPath);
    migrateDatabase(again, ws.migrations);
    const one = (sql: string) => again.sqlite.prepare(sql).get() as { n: number };
    expect(one("SELECT count(*) AS n FROM sqlite_temp_master WHERE type = 'view'").n).toBeGreaterThan(0);
    expect(one("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger'").n).toBeGreaterThan(0);
    expect(one('SELECT count(*) AS n FROM demands').n).toBe(2);

    appendMigration(ws.migrations, '0002_rebuild_conferences', REBUILD_CONFERENCES);
    expect(migrationsPending(again.sqlite, ws.migrations)).toBe(true);
    migrateDatabase(again, ws.migrations);
    expect((again.sqlite.pragma('table_info(conferences)') as { name: string }[]).map((c) => c.name)).toContain('website');
  });
});
