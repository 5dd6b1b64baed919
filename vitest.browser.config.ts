import { defineConfig } from 'vitest/config';

/**
 * The browser suite (`npm run test:browser`): the triage page in a real Chromium
 * (/usr/bin/chromium, driven by playwright-core). Kept out of `npm test` so that the main suite
 * needs only Node and Redis; .ci/run installs Chromium and runs this one too.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    pool: 'forks',
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
