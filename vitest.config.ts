import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Builds dist/ once first: the built CLI and entry point are always tested, never a stale or missing build.
    globalSetup: ['./test/support/build.ts', './test/support/postgres.ts'],
  },
});
