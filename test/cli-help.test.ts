// Every CLI explains itself with --help and fails with a German message, never a stack trace; paths
// are taken relative to the caller's directory (INIT_CWD, which npm sets), not the repository.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLIS = readdirSync(join(ROOT, 'src', 'cli')).filter((f) => f.endsWith('.ts') && f !== 'cli.ts');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(TSX, [join(ROOT, 'src', 'cli', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the command-line tools', () => {
  it.each(CLIS)('%s --help prints a German usage and exits 0', { timeout: 60_000 }, (script) => {
    const r = run(script, ['--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Aufruf:/);
  });

  it('fail in German without a stack trace; relative paths are the caller’s', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'ek-cli-help-'));
    dirs.push(dir);
    const env = { DATABASE_PATH: join(dir, 'ek.db'), INIT_CWD: dir };
    const missing = run('import.ts', ['fehlt.txt'], env);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`Datei oder Verzeichnis nicht gefunden: ${join(dir, 'fehlt.txt')}`);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const unknown = run('import.ts', ['--bogus'], env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unbekannte Option --bogus');
    const noOut = run('report.ts', ['--conference', '20'], env);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toContain('--out');
    const report = run('report.ts', ['--conference', '20', '--format', 'md', '--out', 'anlage.md'], { ...env, SEED_ON_START: 'true' });
    expect(report.status, report.stderr).toBe(0);
    expect(existsSync(join(dir, 'anlage.md'))).toBe(true);
    expect(existsSync(join(ROOT, 'anlage.md'))).toBe(false);
  });

  it('imports a collection through the import worker, as the server does', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'ek-cli-import-'));
    dirs.push(dir);
    const fixture = join(ROOT, 'test', 'fixtures', 'imports', 'synthetic-21-2026-niederschrift.txt');
    const r = run('import.ts', [fixture], { DATABASE_PATH: join(dir, 'ek.db'), INIT_CWD: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Entwurf \d+ \(neu, draft\): 21\. IntMK 2026, \d+ TOPs/m);
  });
});
