import { defineConfig } from 'vitest/config';

/** The fault suite (`npm run test:faults`): kills processes and restarts Redis, so it runs alone. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    globalSetup: ['test/setup/build.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
    passWithNoTests: true,
  },
});
