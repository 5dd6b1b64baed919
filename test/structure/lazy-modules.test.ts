import { describe, expect, it } from 'vitest';
import { packagesLoadedBy, readSources, REPO_ROOT } from './import-graph.js';

/**
 * Heavy packages that only some configurations use are imported on first use (docs/performance.md,
 * "Memory"): axios on the first HTTP request, nodemailer on the first email, feedsmith on the first
 * feed read. Together about 29 MB of RSS and a quarter of a second of start-up in every process
 * that loads the daemon, a replay or a classify-only worker included. A static import of one of
 * them anywhere under the daemon would bring that back without a test failing elsewhere.
 */
const LOADED_ON_FIRST_USE = ['axios', 'nodemailer', 'feedsmith'];

const files = readSources(REPO_ROOT);

describe('modules loaded on first use', () => {
  it.each(['src/daemon.ts', 'src/cli/start-run.ts', 'src/cli/worker.ts', 'src/queues/classify-thread.ts'])('%s does not load axios, nodemailer or feedsmith when it is imported', (entry) => {
    const loaded = packagesLoadedBy(files, entry);
    expect(loaded.has('bullmq')).toBe(true);
    expect(LOADED_ON_FIRST_USE.filter((p) => loaded.has(p))).toEqual([]);
  });

  it('the checker follows static imports and re-exports, and not `import type` nor `import()`', () => {
    const sample = new Map([
      ['src/a.ts', "import type { X } from 'axios';\nimport { b } from './b.js';\nexport { c } from './c.js';\nconst m = () => import('nodemailer');"],
      ['src/b.ts', "import { parseFeed } from 'feedsmith';"],
      ['src/c.ts', "import '@bull-board/api/bullMQAdapter';"],
    ]);
    expect([...packagesLoadedBy(sample, 'src/a.ts')].sort()).toEqual(['@bull-board/api', 'feedsmith']);
  });
});
