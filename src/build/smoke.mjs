// `npm run smoke`: starts the build (`node dist/server/server.js`, as `npm start` does) on a fresh
// database and checks, over HTTP, that what the build has to find is found: migrations and the
// seeded record, the web app, /docs and /openapi.json, the render worker (PDF, DOCX, XLSX) and the
// import worker. The tests run from the sources; this is the check of the build.
// Plain JavaScript, so that it runs with node alone. SMOKE_PORT picks the port (default 4399).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const port = Number(process.env.SMOKE_PORT ?? 4399);
const dir = mkdtempSync(join(tmpdir(), 'ek-smoke-'));
const env = { ...process.env, DATABASE_PATH: join(dir, 'smoke.db'), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
const base = `http://127.0.0.1:${port}`;

// The first admin, as the README's operator would make one (the CLI migrates the empty database).
const token = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/user.ts', 'create', '--name', 'Smoke', '--role', 'admin'], {
  cwd: root,
  env,
  encoding: 'utf8',
})
  .trim()
  .split('\n')
  .at(-1);

const started = performance.now();
const server = spawn(process.execPath, ['dist/server/server.js'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
let failed = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed++;
};

try {
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    if (performance.now() - started > 60_000) throw new Error('server did not answer within 60 s');
    const up = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  console.log(`first answer after ${Math.round(performance.now() - started)} ms`);
  const get = (path, headers = {}) => fetch(`${base}${path}`, { headers });
  const conferences = await (await get('/api/v1/conferences')).json();
  check(conferences.items?.length >= 3, `seeded record: ${conferences.items?.length} conferences`);
  const web = await get('/');
  check(web.ok && (await web.text()).includes('<div id="app"'), 'web app at /');
  check((await get('/docs')).ok, '/docs');
  check((await (await get('/openapi.json')).json()).openapi?.startsWith('3.1'), '/openapi.json');
  const number = conferences.items.at(-1).number;
  for (const [format, magic] of [
    ['pdf', '%PDF-'],
    ['docx', 'PK'],
    ['xlsx', 'PK'],
  ]) {
    const res = await get(`/api/v1/conferences/${number}/erfolgskontrolle?format=${format}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    check(
      res.ok && bytes.subarray(0, magic.length).toString('latin1') === magic,
      `report as ${format} (render worker): ${res.status}, ${bytes.length} bytes`,
    );
  }
  const text = readFileSync(join(root, 'test/fixtures/imports/synthetic-21-2026-niederschrift.txt'));
  const imported = await fetch(`${base}/api/v1/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
    body: text,
  });
  const draft = await imported.json();
  check(
    imported.status === 201 && draft.counts?.resolutions > 0,
    `import (import worker): ${imported.status}, ${draft.counts?.resolutions} TOPs`,
  );
} catch (err) {
  check(false, String(err));
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
