import { defineConfig } from 'vitest/config';

/** The fault suite (`npm run test:faults`): kills processes and restarts Redis, so it runs alone. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    // figures.setup.ts prints the suite's figures (runs, kills, posts, duplicates) at the end.
    globalSetup: ['test/setup/build.ts', 'test/faults/figures.setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
    passWithNoTests: true,
  },
});
