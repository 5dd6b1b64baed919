import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/setup/slow-first.js';

/**
 * The main suite (`npm test`): needs Node and Redis on 127.0.0.1:6379, nothing else. The browser
 * suite (vitest.browser.config.ts, needs Chromium) and the fault suite (vitest.faults.config.ts,
 * kills processes and restarts Redis) have configurations of their own; .ci/run runs all three.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/faults/**', 'test/browser/**', 'node_modules/**'],
    pool: 'forks',
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Suites share one Redis; each uses its own prefix, so files may run in parallel.
    fileParallelism: true,
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine, where many
    // files mostly wait on Redis or on a child process. Two keeps both cores busy.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
  },
});
