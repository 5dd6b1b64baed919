import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import browserConfig from '../../vitest.browser.config.js';
import mainConfig from '../../vitest.config.js';

/** Every test file under test/, as a path relative to the repository. */
function testFiles(dir = 'test'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return testFiles(path);
    return e.name.endsWith('.ts') ? [relative('.', path)] : [];
  });
}

describe('test suites', () => {
  // `npm test` must pass on a machine with Node and Redis only: nothing it runs may need Chromium.
  it('keeps every file that drives a browser out of the main suite and in the browser suite', () => {
    const exclude = mainConfig.test?.exclude ?? [];
    const include = browserConfig.test?.include ?? [];
    const browserFiles = testFiles().filter((f) => /from 'playwright-core'|\/usr\/bin\/chromium/.test(readFileSync(f, 'utf8')));
    expect(browserFiles.length).toBeGreaterThan(0);
    for (const file of browserFiles) {
      if (file === relative('.', import.meta.filename)) continue;
      expect(file.startsWith('test/browser/'), `${file} needs a browser but is outside test/browser/`).toBe(true);
    }
    expect(exclude).toContain('test/browser/**');
    expect(include).toEqual(['test/browser/**/*.test.ts']);
  });
});
