import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser tests run in Playwright (playwright.config.ts), never in vitest.
    exclude: ['test/e2e/**', 'node_modules/**'],
    env: { TZ: 'UTC' },
    pool: 'forks',
    testTimeout: 20_000,
  },
});
