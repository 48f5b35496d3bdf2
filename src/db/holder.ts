// Who holds the database: the server writes `<database>.server.pid` with its process id while it
// serves and removes it when it closes. A restore refuses while that process lives; a file left by
// a crashed server (its process gone) is stale and does not count.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const holderFile = (databasePath: string) => `${databasePath}.server.pid`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** The pid of a live server holding the database, or null. */
export function currentHolder(databasePath: string): number | null {
  let text: string;
  try {
    text = readFileSync(holderFile(databasePath), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : null;
}

/** Marks the database as held by this process; returns the release. */
export function holdDatabase(databasePath: string): () => void {
  if (databasePath === ':memory:') return () => {};
  const file = holderFile(databasePath);
  // Before the database is opened (which would create its folder): a fresh clone has no data/.
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${process.pid}\n`);
  return () => rmSync(file, { force: true });
}
