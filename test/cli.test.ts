// The account and audit CLIs as an operator runs them: separate processes on the database file
// in DATABASE_PATH, next to a running app on the same file. Spawning is slow, so these are few.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditRows, createTestApp, json, tokenSecret } from './helper.js';

const ROOT = new URL('..', import.meta.url).pathname;
// The local tsx binary is what `npx tsx` resolves to, without npm's start-up on every call.
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDatabase(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ek-cli-'));
  dirs.push(dir);
  return join(dir, 'nested', 'ek.db');
}

function run(script: 'user' | 'audit', path: string, ...args: string[]) {
  const r = spawnSync(TSX, [join(ROOT, 'src', 'cli', `${script}.ts`), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: path, NODE_OPTIONS: '' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter((l) => l !== '') };
}

describe('npm run user / npm run audit', () => {
  it('create on a fresh database → token on the last line that authenticates; list shows it; revoke ends it; audit verify', {
    timeout: 180_000, // spawns several CLIs, each migrating and seeding three conferences; slow on a shared machine
  }, async () => {
    const path = tempDatabase();
    const created = run('user', path, 'create', '--name', 'Geschäftsstelle Hessen', '--role', 'admin', '--label', 'erstes Token');
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout.endsWith('\n')).toBe(true);
    const token = created.lines.at(-1) as string;
    expect(token).toMatch(/^ek_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.stdout.indexOf(token)).toBe(created.stdout.length - token.length - 1);
    expect(created.stdout).toContain('Konto angelegt');
    const publicId = token.split('_')[1] as string;

    // The app on the same file (migrations already applied by the CLI) accepts the token.
    const t = await createTestApp({ path });
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.request('anonymous', { method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(me.statusCode, me.body).toBe(200);
    expect(json(me)).toMatchObject({ name: 'Geschäftsstelle Hessen', role: 'admin' });
    expect((await t.request('anonymous', { method: 'GET', url: '/api/v1/users', headers: bearer })).statusCode).toBe(200);

    const audit = auditRows(t.database);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'users.create', entity: 'user', user_id: null, actor: 'cli:user', request_id: null });
    expect(String(audit[0]?.after)).not.toContain(tokenSecret(token));

    const list = run('user', path, 'list');
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain('Geschäftsstelle Hessen');
    expect(list.stdout).toContain(publicId);
    expect(list.stdout).toContain('erstes Token');
    expect(list.stdout).not.toContain(token);

    const revoked = run('user', path, 'revoke', '--token', token);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(publicId);
    const after = await t.request('anonymous', { method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(json(after).detail).toBe('Das Token wurde widerrufen.');

    const ok = run('audit', path, 'verify');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('2 Einträge');
    expect(ok.stdout).toContain('OK');
    // The head to note outside the database; a later verify with it also sees a cut-off tail.
    const anchor = /(\d+:[0-9a-f]{64})$/m.exec(ok.stdout)?.[1] as string;
    expect(anchor).toMatch(/^2:/);
    const anchored = run('audit', path, 'verify', '--anchor', anchor);
    expect(anchored.status, anchored.stderr).toBe(0);
    expect(anchored.stdout).toContain(`Anker ${anchor} steht unverändert in der Kette.`);
    const missing = run('audit', path, 'verify', '--anchor', `7${anchor.slice(1)}`);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain('Einträge am Ende entfernt');
    const malformed = run('audit', path, 'verify', '--anchor', 'zwei');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain('<id>:<hash>');
    expect(run('audit', path, 'verify', '--limit', '3').status).toBe(2);
    expect(run('audit', path, 'list', '--request-id', 'nie-gesendet').stdout).toContain('Keine Einträge.');

    // Tampering: the test drops the append-only trigger and edits a record.
    t.database.sqlite.exec('DROP TRIGGER audit_log_no_update');
    t.database.sqlite.prepare("UPDATE audit_log SET actor = 'jemand' WHERE id = 1").run();
    const broken = run('audit', path, 'verify');
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('#1');
    expect(broken.stdout).toMatch(/GEBROCHEN/);
  });

  it('editor with comma-separated and repeated scopes; another token for the user; revoke --user; a refused create → exit 2', {
    timeout: 60_000,
  }, async () => {
    const path = tempDatabase();
    const created = run(
      'user',
      path,
      'create',
      '--name',
      'LAG',
      '--role',
      'editor',
      '--land',
      'he,NI',
      '--land',
      'BY',
      '--body',
      'LAG-MONITORING',
    );
    expect(created.status, created.stderr).toBe(0);
    const second = run('user', path, 'token', '--user', '1', '--days', '7', '--label', 'zweites');
    expect(second.status, second.stderr).toBe(0);
    const secondToken = second.lines.at(-1) as string;
    expect(secondToken).toMatch(/^ek_/);

    const t = await createTestApp({ path });
    const me = await t.request('anonymous', { method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${secondToken}` } });
    expect(json(me)).toMatchObject({ name: 'LAG', role: 'editor', lands: ['HE', 'NI', 'BY'], bodies: ['LAG-MONITORING'] });

    const all = run('user', path, 'revoke', '--user', '1');
    expect(all.status, all.stderr).toBe(0);
    expect(all.stdout).toContain('2 Token');
    expect(t.services.auth.get(1).tokens.every((x) => x.revoked !== null)).toBe(true);
    const actions = auditRows(t.database).map(({ action }) => ({ action }));
    expect(actions).toEqual([
      { action: 'users.create' },
      { action: 'tokens.create' },
      { action: 'tokens.revoke' },
      { action: 'tokens.revoke' },
    ]);

    const noScope = run('user', path, 'create', '--name', 'X', '--role', 'editor');
    expect(noScope.status).toBe(2);
    expect(noScope.stderr).toContain('mindestens ein Land');
    expect(noScope.stdout).toBe('');
    expect(t.services.auth.list()).toHaveLength(7);
  });
});
