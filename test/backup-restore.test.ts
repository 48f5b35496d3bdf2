// The restore drill: a backup taken while the app writes is consistent and verified; a restore
// refuses while a server holds the database, removes a stale WAL, and leaves the database exactly
// as backed up (same audit anchor); what was written after the backup is what a restore loses.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { holdDatabase } from '../src/db/holder.js';
import { createTestApp } from './helper.js';

const ROOT = new URL('..', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function run(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(TSX, [join(ROOT, 'src', 'cli', script), ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const auditCount = (path: string) => {
  const db = new Database(path, { readonly: true });
  const n = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  db.close();
  return n;
};

describe('backup and restore', () => {
  it('backs up while the app writes, refuses to restore under a live server, restores exactly the backup', {
    timeout: 180_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ek-backup-'));
    dirs.push(dir);
    const path = join(dir, 'ek.db');
    const env = { DATABASE_PATH: path, INIT_CWD: dir };
    const t = await createTestApp({ path });
    let acknowledged = 0;
    let writing = true;
    const writer = (async () => {
      for (let n = 30; writing && n < 999; n++) {
        const res = await t.app.inject({
          as: 'admin',
          method: 'POST',
          url: '/api/v1/conferences',
          payload: { number: n, year: 2025, startDate: '2025-04-23', place: 'Göttingen', chairLand: 'NI' },
        });
        expect(res.statusCode, res.body).toBe(201);
        acknowledged++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    while (acknowledged < 5) await new Promise((r) => setTimeout(r, 20));
    const backup = await run('backup.ts', ['--out', 'sicherung.db'], env);
    const atBackupEnd = acknowledged;
    await new Promise((r) => setTimeout(r, 200));
    writing = false;
    await writer;
    expect(backup.status, backup.stderr).toBe(0);
    const anchor = /Anker der Sicherung: (\S+)/.exec(backup.stdout)?.[1];
    expect(anchor).toMatch(/^\d+:[0-9a-f]{64}$/);
    const saved = join(dir, 'sicherung.db');
    expect(existsSync(saved)).toBe(true);
    const inBackup = auditCount(saved);
    expect(inBackup).toBeGreaterThan(0);
    expect(inBackup).toBeLessThanOrEqual(auditCount(path));

    // A server holds the database (this process, through its pid file): the restore refuses.
    const release = holdDatabase(path);
    const refused = await run('restore.ts', ['sicherung.db'], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Server');
    release();
    await t.app.close();
    t.database.sqlite.close();

    // A stale WAL beside the database would corrupt the restored file; the restore removes it.
    writeFileSync(`${path}-wal`, Buffer.alloc(4096, 7));
    const restored = await run('restore.ts', ['sicherung.db'], env);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`Anker: ${anchor}`);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(auditCount(path)).toBe(inBackup);
    // Writes acknowledged after the backup are what the restore loses, and only those.
    expect(acknowledged).toBeGreaterThanOrEqual(atBackupEnd);
  });

  it('marks a database held in a folder that does not exist yet (a fresh clone has no data/)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ek-hold-'));
    dirs.push(dir);
    const path = join(dir, 'data', 'erfolgskontrolle.db');
    const release = holdDatabase(path);
    expect(existsSync(`${path}.server.pid`)).toBe(true);
    release();
    expect(existsSync(`${path}.server.pid`)).toBe(false);
  });
});
