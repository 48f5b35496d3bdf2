// Every test builds its own app on its own fresh, migrated in-memory database.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterEach } from 'vitest';
import { type AppDeps, buildApp } from '../src/app.js';
import { type Clock, fixedClock } from '../src/clock.js';
import { type Database_, migrateDatabase, openDatabase } from '../src/db/client.js';
import type { MailOptions } from '../src/modules/rounds/reminders.service.js';
import { loadSeedRecord, type SeedRecord } from '../src/seed/load.js';
import { seedDatabase } from '../src/seed/seed.js';
import type { Services } from '../src/services.js';

/** The accounts every test app has, one per role (editors for NI, HE and a working group). */
export const TEST_ROLES = ['admin', 'chair', 'reader', 'editorNI', 'editorHE', 'editorLAG'] as const;
export type TestRole = (typeof TEST_ROLES)[number];
export type As = TestRole | 'anonymous';

/**
 * inject() options of the test apps: `as` picks the caller, anonymous unless the test names one,
 * so a test that needs a role says which (a default admin once hid access mistakes); PATCH, PUT
 * and DELETE send `If-Match: *` unless the test sets If-Match itself or passes `ifMatch: false`.
 */
export type TestInject = Exclude<InjectOptions, string>;
declare module 'light-my-request' {
  interface InjectOptions {
    /** Test apps only (test/helper.ts): the caller; anonymous when not given. */
    as?: As;
    /** Test apps only: `false` sends no default `If-Match: *`. */
    ifMatch?: false;
  }
}

export interface TestApp {
  app: FastifyInstance;
  database: Database_;
  services: Services;
  clock: Clock;
  tokens: Record<TestRole, string>;
  /** inject() as the given caller, without the defaults. */
  request(as: As, options: Exclude<InjectOptions, string> | string): Promise<LightMyRequestResponse>;
}

const open: TestApp[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) {
    await t.app.close();
    t.database.sqlite.close();
  }
});

let seedRecord: SeedRecord | undefined;

export async function createTestApp(
  options: {
    seed?: boolean;
    now?: string;
    responseCacheBytes?: number;
    path?: string;
    reportWorkers?: number;
    rateLimitPerMinute?: number;
    authFailuresPerMinute?: number;
    trustProxy?: boolean | string;
    importWorker?: AppDeps['importWorker'];
    reportBudget?: AppDeps['reportBudget'];
    mail?: MailOptions;
  } = {},
): Promise<TestApp> {
  const database = openDatabase(options.path ?? ':memory:');
  migrateDatabase(database);
  const clock = fixedClock(options.now ?? '2026-11-20T09:00:00Z');
  const app = await buildApp({
    database,
    clock,
    logLevel: 'silent',
    responseCacheBytes: options.responseCacheBytes ?? 0,
    reportWorkers: options.reportWorkers ?? 0,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
    authFailuresPerMinute: options.authFailuresPerMinute ?? 1000,
    trustProxy: options.trustProxy ?? false,
    importWorker: options.importWorker,
    reportBudget: options.reportBudget,
    mail: options.mail,
  });
  const services = app.services;
  services.vocab.ensureDefaults();
  if (options.seed) {
    seedRecord ??= loadSeedRecord();
    seedDatabase({ db: database.db, sqlite: database.sqlite, clock }, services, seedRecord);
  }
  const account = (name: string, role: 'admin' | 'chair' | 'reader' | 'editor', scope: { lands?: string[]; bodies?: string[] } = {}) =>
    services.auth.create({ name, role, ...scope }).token;
  const tokens: Record<TestRole, string> = {
    admin: account('Geschäftsstelle', 'admin'),
    chair: account('Vorsitz NW', 'chair'),
    reader: account('Lesende', 'reader'),
    editorNI: account('LAG Niedersachsen', 'editor', { lands: ['NI'] }),
    editorHE: account('LAG Hessen', 'editor', { lands: ['HE'] }),
    editorLAG: account('LAG Monitoring', 'editor', { bodies: ['LAG-MONITORING'] }),
  };
  const raw = app.inject.bind(app);
  const withCaller = (as: As, o: Exclude<InjectOptions, string>): Exclude<InjectOptions, string> =>
    as === 'anonymous' ? o : { ...o, headers: { authorization: `Bearer ${tokens[as]}`, ...o.headers } };
  const request = (as: As, options: Exclude<InjectOptions, string> | string) =>
    raw(withCaller(as, typeof options === 'string' ? { method: 'GET', url: options } : options));
  // The caller (anonymous unless named) and the default If-Match (see TestInject).
  (app as { inject: unknown }).inject = (options: TestInject | string) => {
    const o: TestInject = typeof options === 'string' ? { method: 'GET', url: options } : options;
    const { as = 'anonymous', ifMatch, ...rest } = o;
    const method = String(rest.method ?? 'GET').toUpperCase();
    const headers = { ...rest.headers } as Record<string, string>;
    if (ifMatch !== false && ['PATCH', 'PUT', 'DELETE'].includes(method) && headers['if-match'] === undefined) headers['if-match'] = '*';
    return raw(withCaller(as, { ...rest, headers }));
  };
  const t = { app, database, services, clock, tokens, request };
  open.push(t);
  return t;
}

/** The secret part of an `ek_<publicId>_<secret>` token. The secret is base64url and may itself
 * contain `_`, so it is cut by position, not by splitting. */
export function tokenSecret(token: string): string {
  const secret = token.slice('ek_'.length + 16 + 1);
  if (secret.length !== 43) throw new Error(`not a token: ${token}`);
  return secret;
}

export function json<T = any>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}

/** Inserts a conference with one resolution and one demand; returns their ids. */
export async function minimalRecord(app: FastifyInstance) {
  const conf = await app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/conferences',
    payload: { number: 20, year: 2025, startDate: '2025-04-23', endDate: '2025-04-24', place: 'Göttingen', chairLand: 'NI' },
  });
  if (conf.statusCode !== 201) throw new Error(conf.body);
  const res = await app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/conferences/20/resolutions',
    payload: {
      top: '4.5',
      title: 'Migrationsberatung für Erwachsene (MBE) bedarfsgerecht finanzieren',
      proposers: 'all',
      adoption: 'einstimmig',
      ziffern: [
        { number: '1', text: 'Die IntMK bekräftigt die große Bedeutung der MBE.' },
        { number: '2', text: 'Sie fordert die neue Bundesregierung auf, für eine auskömmliche Finanzierung der MBE zu sorgen.' },
      ],
    },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  const resolution = json(res);
  const dem = await app.inject({
    as: 'admin',
    method: 'POST',
    url: `/api/v1/resolutions/${resolution.id}/demands`,
    payload: {
      ziffer: '2',
      kind: 'forderung',
      addressees: ['BREG'],
      wording: 'Sie fordert die neue Bundesregierung auf, für eine auskömmliche Finanzierung der MBE zu sorgen.',
      summary: 'Auskömmliche Finanzierung der MBE',
      topics: ['migrationsberatung'],
      responsible: ['NI'],
    },
  });
  if (dem.statusCode !== 201) throw new Error(dem.body);
  return { resolutionId: resolution.id as number, demandId: json(dem).id as number };
}

/** One row of audit_log as SQLite returns it (before/after are JSON text). */
export interface AuditRow {
  id: number;
  at: string;
  user_id: number | null;
  actor: string;
  request_id: string | null;
  client_request_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

/** An audit row with before/after parsed from JSON. */
export type ParsedAuditRow = Omit<AuditRow, 'before' | 'after'> & { before: any; after: any };

/**
 * The audit trail in order of id: all of it, or the rows of one request id (the server's id or the
 * X-Request-Id the client sent). Takes anything with
 * a `sqlite` handle (a TestApp's database, or `{ sqlite }` for a database file opened directly).
 */
export function auditRows(database: Pick<Database_, 'sqlite'>, requestId?: string): AuditRow[] {
  return (
    requestId === undefined
      ? database.sqlite.prepare('SELECT * FROM audit_log ORDER BY id').all()
      : database.sqlite.prepare('SELECT * FROM audit_log WHERE ? IN (request_id, client_request_id) ORDER BY id').all(requestId)
  ) as AuditRow[];
}

export function parseAuditRow(row: AuditRow): ParsedAuditRow {
  return { ...row, before: row.before === null ? null : JSON.parse(row.before), after: row.after === null ? null : JSON.parse(row.after) };
}

/** auditRows() with before/after parsed. */
export function parsedAuditRows(database: Pick<Database_, 'sqlite'>, requestId?: string): ParsedAuditRow[] {
  return auditRows(database, requestId).map(parseAuditRow);
}
