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
