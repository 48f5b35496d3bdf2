// Files the application reads or starts beside its code. The code runs from the sources (src/,
// through tsx in tests and development) or from the build (dist/server/, `npm start`), where the
// bundler puts a module into an entry file or a shared chunk. So the project root is found by
// looking up for package.json, and the workers' entry files are named per layout here, once.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function projectRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/** Running the build (JavaScript in dist/server) rather than the TypeScript sources. */
const built = !import.meta.url.endsWith('.ts');

/** The project's root folder (where package.json is). */
export const PROJECT_ROOT = projectRoot();
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations');
export const SEEDS_DIR = join(PROJECT_ROOT, 'seeds');
export const OPENAPI_FILE = join(PROJECT_ROOT, 'openapi', 'openapi.json');
/** The built web application (`npm run build`). */
export const WEB_DIST_DIR = join(PROJECT_ROOT, 'dist', 'web');

/** Entry files of the worker threads (src/build/build.mjs names them in the build). */
export const RENDER_WORKER_FILE = built
  ? join(PROJECT_ROOT, 'dist', 'server', 'render-worker.js')
  : join(PROJECT_ROOT, 'src', 'modules', 'reports', 'render', 'worker.ts');
export const IMPORT_WORKER_FILE = built
  ? join(PROJECT_ROOT, 'dist', 'server', 'import-worker.js')
  : join(PROJECT_ROOT, 'src', 'modules', 'imports', 'worker', 'task.ts');

export const CHECKPOINT_WORKER_FILE = built
  ? join(PROJECT_ROOT, 'dist', 'server', 'checkpoint-worker.js')
  : join(PROJECT_ROOT, 'src', 'db', 'checkpoint-worker.ts');

/** Starts a worker thread's TypeScript entry (its `workerData.entry`) from the sources. */
export const WORKER_ENTRY_FROM_SOURCES = join(PROJECT_ROOT, 'src', 'worker-entry.cjs');

/** What a worker thread needs to start from its entry file: tsx's loader for the sources. */
export function workerExecArgv(file: string): string[] {
  return file.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
}
