// The server's connection leaves checkpoints to a thread of their own (src/db/checkpointer.ts), so a
// large commit never copies the WAL into the database file on the event loop.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../src/db/checkpointer.js';
import { openDatabase } from '../src/db/client.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'ek-checkpoint-'));
  dirs.push(dir);
  const path = join(dir, 'live.db');
  const database = openDatabase(path);
  database.sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  return { path, sqlite: database.sqlite };
}

async function until(done: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !done(); waited += 20) {
    if (waited > 10_000) throw new Error(`not within 10 s: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('checkpoints in a thread of their own', () => {
  it('commits past 1000 pages leave the WAL to the thread, which copies it into the database file', async () => {
    const { path, sqlite } = tempDatabase();
    const checkpointer = startCheckpointer(sqlite, path, { intervalMs: 20 });
    try {
      expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      const fileBefore = statSync(path).size;
      // 6 MB in one commit: about 1,470 pages, which SQLite would copy at once on the committing thread.
      sqlite.prepare('INSERT INTO t (body) VALUES (?)').run('Sachstand '.repeat(600_000));
      // Not copied by the commit: the database file has not grown.
      expect(statSync(path).size).toBe(fileBefore);
      await until(() => (checkpointer.last()?.checkpointed ?? 0) > 0, 'a checkpoint');
      expect(checkpointer.last()!.log).toBeGreaterThan(1000);
      expect(checkpointer.last()!.checkpointed).toBe(checkpointer.last()!.log);
      expect(statSync(path).size).toBeGreaterThan(6_000_000);
      expect(sqlite.prepare('SELECT length(body) FROM t').pluck().get()).toBe(6_000_000);
    } finally {
      await checkpointer.close();
    }
    // Closed, the connection checkpoints itself again.
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    sqlite.close();
  });

  it('hands checkpoints back to the connection when the thread cannot run, and says why', async () => {
    const { path, sqlite } = tempDatabase();
    const errors: string[] = [];
    const checkpointer = startCheckpointer(sqlite, `${path}.missing`, { intervalMs: 20, onError: (m) => errors.push(m) });
    await until(() => !checkpointer.running(), 'the thread to end');
    expect(errors.join(' ')).toMatch(/unable to open database file/i);
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpointer.close();
    sqlite.close();
  });
});
