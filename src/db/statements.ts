import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';

/**
 * Prepared statements for SQL whose text varies (filters, IN lists), prepared once per text.
 * IN lists get one placeholder per value: SQLite plans `IN (?, ?)` with the index, whereas
 * `IN (SELECT value FROM json_each(?))` costs a scan.
 */
export function statementCache(sqlite: Database.Database) {
  const statements = new Map<string, Statement>();
  return (text: string): Statement => {
    let s = statements.get(text);
    if (!s) {
      s = sqlite.prepare(text);
      statements.set(text, s);
    }
    return s;
  };
}

const makers = new WeakMap<Statement, (row: unknown[]) => unknown>();

/**
 * All rows of a statement as objects, each built by one object literal: better-sqlite3 builds a
 * row object key by key, which cost more than reading the row itself (a page of 100 demands:
 * 0.9 ms as objects, 0.5 ms as arrays turned into literals; bench/reads.ts). The statement is
 * switched to raw mode for good: pass one prepared for this use (e.g. from its own statementCache).
 */
export function allRows<T>(statement: Statement, ...params: unknown[]): T[] {
  let make = makers.get(statement);
  if (!make) {
    statement.raw(true);
    const fields = statement.columns().map((c, i) => `${JSON.stringify(c.name)}: row[${i}]`);
    make = new Function('row', `return { ${fields.join(', ')} };`) as (row: unknown[]) => unknown;
    makers.set(statement, make);
  }
  return (statement.all(...params) as unknown[][]).map(make) as T[];
}

export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Named placeholders `@name0, @name1, …`, with the values added to `params`. */
export function namedList(params: Record<string, unknown>, name: string, values: readonly unknown[]): string {
  return values
    .map((v, i) => {
      params[`${name}${i}`] = v;
      return `@${name}${i}`;
    })
    .join(', ');
}

/**
 * A stamp that moves whenever the database may have changed: a commit of another connection
 * (`PRAGMA data_version`) or a row changed by this one (`total_changes()`, triggers included).
 * Null inside a transaction, whose writes may still roll back: nothing read there may be kept.
 */
export function changeStamp(sqlite: Database.Database): () => string | null {
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  const totalChanges = sqlite.prepare('SELECT total_changes()').pluck();
  return () => (sqlite.inTransaction ? null : `${dataVersion.get() as number}:${totalChanges.get() as number}`);
}
