import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: a busy 2-core machine must not fail tests by slowness (issue #16); timings live in npm run bench.
    testTimeout: 60_000,
    // Builds dist/ once first: the built CLI and entry point are always tested, never a stale or missing build.
    globalSetup: ['./test/support/build.ts', './test/support/postgres.ts'],
  },
});
