// `npm run build`: the server into dist/server, the web application into dist/web.
// - Server: esbuild bundles the server and the worker threads' entry files with the packages
//   they import. Why a bundle: starting from one file instead of some thousand modules halves the
//   CPU time to the first answered request (2.1 s -> 1.1 s here). Why esbuild: tsx and Vite run on
//   it already (no new download), it is well kept, and it builds in about a second. It only
//   strips types; `npm run check` type-checks.
// - Web: Vite (vite.config.ts).
// `--if-stale` (npm start) builds each part only when a file it is built from is newer than it.
// Plain JavaScript, so that it runs with node alone.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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

/** In the project's sources, `import('<external package>')` becomes `__ekImport(...)`, which src/build/start.mjs passes in. */
function lendImport(external) {
  const escaped = external.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const call = new RegExp(`\\bimport\\((?=(['"])(?:${escaped.join('|')})(?:/[^'"]*)?\\1\\))`, 'g');
  return {
    name: 'lend-import',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => ({
        contents: readFileSync(args.path, 'utf8').replace(call, '__ekImport('),
        loader: 'ts',
      }));
    },
  };
}

await part(
  'Server (dist/server)',
  at('dist', '.server-built'),
  () => [...filesOf([at('src')]).filter((f) => !f.startsWith(at('src', 'web'))), ...shared],
  async () => {
    const { build } = await import('esbuild');
    rmSync(at('dist', 'server'), { recursive: true, force: true });
    const external = [
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
    ];
    const common = {
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      target: 'node20',
      // Stay in node_modules: native addons; packages that find their own files at run time
      // (piscina's and pino's worker files, Swagger's package.json and UI assets, pdf.js, pdfmake's
      // fonts, hyphenation patterns); and the report and spreadsheet libraries that load only in a
      // worker or on first use.
      external,
      logLevel: 'warning',
      metafile: true,
    };
    const results = await Promise.all([
      // The server: one CommonJS file that src/build/start.mjs (dist/server/server.js) runs with
      // V8's code cache. Whitespace and syntax minified (a smaller file to read, hash and keep:
      // about 50 ms less CPU per start), names kept for stack traces and plugin names.
      build({
        ...common,
        entryPoints: { main: 'src/server.ts' },
        outfile: 'dist/server/main.cjs',
        format: 'cjs',
        minifyWhitespace: true,
        minifySyntax: true,
        // The start script hands the bundle its own URL, and its import(): code that vm runs may
        // not import() on Node 20 (not without a flag or an experimental warning).
        define: { 'import.meta.url': '__ekImportMetaUrl' },
        plugins: [lendImport(external)],
      }),
      // The worker threads' entry files (src/paths.ts names them); their shared code and what is
      // imported on first use (the heavy renderers) go into chunks.
      build({
        ...common,
        entryPoints: {
          'render-worker': 'src/modules/reports/render/worker.ts',
          'import-worker': 'src/modules/imports/worker/task.ts',
          'checkpoint-worker': 'src/db/checkpoint-worker.ts',
        },
        outdir: 'dist/server',
        splitting: true,
        chunkNames: 'chunks/[name]-[hash]',
        format: 'esm',
        // Bundled CommonJS packages call require() for Node's own modules.
        banner: {
          js: "import { createRequire as __ekCreateRequire } from 'node:module'; const require = __ekCreateRequire(import.meta.url);",
        },
      }),
    ]);
    copyFileSync(at('src', 'build', 'start.mjs'), at('dist', 'server', 'server.js'));
    // A bundled package that finds its files by __dirname would fail only when that code runs.
    for (const file of results.flatMap((r) => Object.keys(r.metafile.outputs))) {
      if (/\b__(dirname|filename)\b/.test(readFileSync(at(file), 'utf8'))) {
        throw new Error(`${file} uses __dirname or __filename: add the package that does to "external"`);
      }
    }
    if (/\bimport\(/.test(readFileSync(at('dist', 'server', 'main.cjs'), 'utf8'))) {
      throw new Error('dist/server/main.cjs calls import() itself: only external packages may be imported on first use');
    }
    wrapForStart(at('dist', 'server', 'main.cjs'));
  },
);

/**
 * The server bundle as src/build/start.mjs compiles it: wrapped as Node wraps a CommonJS module
 * (plus the bundle's URL and the start script's import()), and with no character above U+00FF.
 * V8 keeps a script's source for as long as it runs, and one such character makes all of it two
 * bytes a character: 5.2 MB instead of 2.6. esbuild escapes strings and templates but leaves
 * regular expression literals and tagged templates as they are. In a regular expression `\u201e`
 * means „; in a tagged template it would change the raw text, so the build refuses a String.raw
 * template (the one tag whose raw text the code reads) that holds such a character.
 */
function wrapForStart(file) {
  const source = readFileSync(file, 'utf8');
  for (const m of source.matchAll(/String\.raw`[^`]*`/g)) {
    if (/[\u0100-\uffff]/.test(m[0]))
      throw new Error(`${file}: a String.raw template holds a character above U+00FF: ${m[0].slice(0, 80)}`);
  }
  const code = source.replace(/[\u0100-\uffff]/g, (c, at, text) => {
    let backslashes = 0;
    while (text[at - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 1) throw new Error(`${file}: an escaped character above U+00FF (\\${c}) cannot be written as \\u`);
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  const wrapper = '(function (exports, require, module, __filename, __dirname, __ekImportMetaUrl, __ekImport) {';
  writeFileSync(file, `${wrapper}${code}\n})`);
}

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
