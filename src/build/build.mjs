// `npm run build`: the server into dist/server, the web application into dist/web.
// - Server: esbuild bundles the server and the two worker threads' entry files with the packages
//   they import. Why a bundle: starting from one file instead of some thousand modules halves the
//   CPU time to the first answered request (2.1 s -> 1.1 s here). Why esbuild: tsx and Vite run on
//   it already (no new download), it is well kept, and it builds in about a second. It only
//   strips types; `npm run check` type-checks.
// - Web: Vite (vite.config.ts).
// `--if-stale` (npm start) builds each part only when a file it is built from is newer than it.
// Plain JavaScript, so that it runs with node alone.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const at = (...p) => join(root, ...p);
const ifStale = process.argv.includes('--if-stale');

/** Every file under the given files and folders. */
function filesOf(paths) {
  return paths.flatMap((p) => {
    if (!existsSync(p)) return [];
    if (!statSync(p).isDirectory()) return [p];
    return readdirSync(p, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  });
}

/** Builds when `stamp` is missing or older than one of `inputs`; the stamp gets the build's start time. */
async function part(name, stamp, inputs, build) {
  if (ifStale && existsSync(stamp)) {
    const built = statSync(stamp).mtimeMs;
    if (inputs().every((f) => statSync(f).mtimeMs <= built)) return;
  }
  const started = new Date();
  const t = performance.now();
  await build();
  mkdirSync(at('dist'), { recursive: true });
  writeFileSync(stamp, '');
  // A source saved while building is newer than the stamp, so the next start builds again.
  utimesSync(stamp, started, started);
  console.log(`build: ${name} in ${Math.round(performance.now() - t)} ms`);
}

const shared = [at('package-lock.json'), at('src', 'build', 'build.mjs')];

await part(
  'Server (dist/server)',
  at('dist', '.server-built'),
  () => [...filesOf([at('src')]).filter((f) => !f.startsWith(at('src', 'web'))), ...shared],
  async () => {
    const { build } = await import('esbuild');
    rmSync(at('dist', 'server'), { recursive: true, force: true });
    const result = await build({
      absWorkingDir: root,
      // src/paths.ts names the workers' entry files.
      entryPoints: {
        server: 'src/server.ts',
        'render-worker': 'src/modules/reports/render/worker.ts',
        'import-worker': 'src/modules/imports/worker/task.ts',
      },
      outdir: 'dist/server',
      bundle: true,
      // Shared code and what is imported on first use (the heavy renderers) go into chunks.
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Stay in node_modules: native addons; packages that find their own files at run time
      // (piscina's and pino's worker files, Swagger's package.json and UI assets, pdf.js, pdfmake's
      // fonts, hyphenation patterns); and the report and spreadsheet libraries that load only in a
      // worker or on first use.
      external: [
        'better-sqlite3',
        '@node-rs/argon2',
        '@resvg/resvg-js',
        'piscina',
        'pino',
        '@fastify/swagger',
        '@fastify/swagger-ui',
        'pdfjs-dist',
        'pdfmake',
        'hyphen',
        'dejavu-fonts-ttf',
        'docx',
        'exceljs',
      ],
      // Bundled CommonJS packages call require() for Node's own modules.
      banner: {
        js: "import { createRequire as __ekCreateRequire } from 'node:module'; const require = __ekCreateRequire(import.meta.url);",
      },
      logLevel: 'warning',
      metafile: true,
    });
    // A bundled package that finds its files by __dirname would fail only when that code runs.
    for (const file of Object.keys(result.metafile.outputs)) {
      if (/\b__(dirname|filename)\b/.test(readFileSync(at(file), 'utf8'))) {
        throw new Error(`${file} uses __dirname or __filename: add the package that does to "external"`);
      }
    }
  },
);

await part(
  'Web (dist/web)',
  at('dist', '.web-built'),
  () => [
    ...filesOf([at('src', 'web'), at('src', 'client'), at('src', 'shared'), at('src', 'plugins', 'web-files.ts'), at('vite.config.ts')]),
    ...shared,
  ],
  async () => {
    const { build } = await import('vite');
    // Rolldown's note on plugin timings (Sass takes the time) says nothing to act on.
    await build({ configFile: at('vite.config.ts'), logLevel: 'warn', build: { rolldownOptions: { checks: { bundlerTimings: false } } } });
  },
);
