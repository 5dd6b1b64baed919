import { defineConfig } from 'vitest/config';

/**
 * The fault suite (`npm run test:faults`): kills processes and restarts Redis, so it runs after the
 * other suites. Its files may run side by side: each kills only the processes it started, restarts
 * only Redis servers of its own (ops/support/redis-server.ts), and keeps to its own key prefix on
 * the shared one. Most of their time is waiting out real outages, not CPU.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    // figures.setup.ts prints the suite's figures (runs, kills, posts, duplicates) at the end.
    globalSetup: ['test/setup/build.ts', 'test/faults/figures.setup.ts'],
    fileParallelism: true,
    // One worker per file (four): they wait far more than they compute.
    maxWorkers: 4,
    testTimeout: 180_000,
    hookTimeout: 60_000,
    passWithNoTests: true,
  },
});
