// Builds the web application (src/web) into dist/web, which the server serves at `/`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { worthGzip } from './src/plugins/web-files.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** A gzipped copy beside each compressible file, which the server sends as is (src/plugins/web.ts). */
function gzipCopies(outDir: string): Plugin {
  return {
    name: 'gzip-copies',
    apply: 'build',
    closeBundle() {
      for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        const path = join(entry.parentPath, entry.name);
        if (!entry.isFile() || path.endsWith('.gz')) continue;
        const body = readFileSync(path);
        if (worthGzip(path, body.length)) writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: `${here}src/web`,
  base: '/',
  publicDir: false,
  plugins: [gzipCopies(`${here}dist/web`)],
  // Preact's automatic JSX runtime, without a framework preset (Babel is not needed for it).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // KERN's SCSS sources (src/web/kern.scss) use Sass syntax that newer Sass versions warn about.
  css: { preprocessorOptions: { scss: { quietDeps: true, silenceDeprecations: ['if-function'] } } },
  build: {
    outDir: `${here}dist/web`,
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
