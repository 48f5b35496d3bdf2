// The build's entry (copied to dist/server/server.js, which `npm start` runs): starts the server
// bundle dist/server/main.cjs with V8's code cache, so that a start after the first one neither
// parses the 2.6 MB bundle nor compiles the functions the start runs (about a fifth of its CPU
// time; Node 20 has no compile cache of its own, and Node 22's `module.enableCompileCache()` does
// not reach code compiled here). The cache is the bundle's code as V8 compiled it during a start,
// written once per build, Node version and V8 flags beside the bundle (main.<key>.v8cache): 3 s
// after a start without a usable cache, or when the server stops before that. A folder that cannot
// be written only costs the cache. Plain JavaScript: Node runs it as is.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import nodeModule, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

// Node >= 22.1 caches what its own loaders compile: the packages the bundle requires (pino,
// better-sqlite3, ...). Node 20 has no such cache; there only the bundle's own (below) applies.
nodeModule.enableCompileCache?.();

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, 'main.cjs');

/**
 * The bundle compiled, with its code cache when there is a usable one. In a function of its own, so
 * that the file's bytes, its text and the cache (about 10 MB) are garbage once compiled: V8 keeps
 * the one copy of the source that the script needs.
 */
function compile() {
  const bytes = readFileSync(bundle);
  // V8 checks a cache against the source's length only: the key makes a rebuilt bundle miss it.
  // (Hashing the bytes, not the decoded text: a tenth of the time.)
  const key = createHash('sha256')
    .update(`${process.version} ${process.arch} ${process.versions.v8}\n`)
    .update(bytes)
    .digest('hex')
    .slice(0, 16);
  const cacheFile = join(here, `main.${key}.v8cache`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet: made below
  }

  // The bundle is CommonJS (Node 20 can hand a code cache only to scripts, not to ES modules),
  // wrapped by the build in a function (src/build/build.mjs) that gets what Node's module wrapper
  // gives, its own URL for `import.meta.url`, and this module's import() for the packages it loads
  // on first use: a script that vm runs may not import() on Node 20 without a flag
  // (vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER warns that it is experimental). They are
  // packages, so they resolve from here as from the bundle. The build writes no character above
  // U+00FF, so V8 keeps the text one byte a character.
  const script = new Script(bytes.toString('utf8'), { filename: bundle, cachedData });

  if (!cachedData || script.cachedDataRejected) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      try {
        for (const name of readdirSync(here)) if (name.endsWith('.v8cache')) rmSync(join(here, name), { force: true });
        const partial = `${cacheFile}.${process.pid}`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
      } catch {
        // a read-only installation starts without the cache
      }
    };
    setTimeout(write, 3000).unref();
    process.on('exit', (code) => {
      if (code === 0) write();
    });
  }
  return script.runInThisContext();
}

const bundleModule = { exports: {} };
const importPackage = (specifier) => import(specifier);
compile()(bundleModule.exports, createRequire(bundle), bundleModule, bundle, here, pathToFileURL(bundle).href, importPackage);
