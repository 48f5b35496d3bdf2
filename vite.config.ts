// Builds the web application (src/web) into dist/web, which the server serves at `/`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: `${here}src/web`,
  base: '/',
  publicDir: false,
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
