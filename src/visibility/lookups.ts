// Whether the public sees one record, asked by id through the public views (./views.ts): for code
// that holds an internal row and must say what the public sees of it (a release preview, a link
// target of an import), without writing the rule again.
import type Database from 'better-sqlite3';
import { TABLES } from './views.js';

export function publicLookup(sqlite: Database.Database) {
  const demandStmt = sqlite.prepare<[number], number>(`SELECT 1 FROM ${TABLES.public.demands} WHERE id = ?`).pluck();
  const threadStmt = sqlite.prepare<[number], number>(`SELECT 1 FROM ${TABLES.public.threads} WHERE id = ?`).pluck();
  return {
    demand: (id: number): boolean => demandStmt.get(id) !== undefined,
    thread: (id: number): boolean => threadStmt.get(id) !== undefined,
  };
}
export type PublicLookup = ReturnType<typeof publicLookup>;
