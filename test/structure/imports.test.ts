import { describe, expect, it } from 'vitest';
import { cyclesOf, graphOf, kernelOf, readSources, REPO_ROOT, wingViolations } from './import-graph.js';

/**
 * The layout the project keeps (docs/ARCHITECTURE.md): the wings (sources, classifiers, alerts)
 * do not know each other; they meet in the kernel (types, clock, errors, config, keys) below them
 * and in the pipeline (queues, daemon, http, cli) above them. Config is below the plug-ins.
 */

const src = graphOf(readSources(REPO_ROOT));

describe('the import graph of src/', () => {
  it('no wing imports another wing, nor anything that reaches one', () => {
    expect(wingViolations(src)).toEqual([]);
  });

  it('config/ is below the plug-ins: it reaches no wing', () => {
    const kernel = kernelOf(src);
    const config = [...src.keys()].filter((f) => f.startsWith('src/config/'));
    expect(config.length).toBeGreaterThan(0);
    expect(config.filter((f) => !kernel.has(f))).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cyclesOf(src)).toEqual([]);
  });
});

describe('the checker', () => {
  const files = new Map([
    ['src/types.ts', 'export type Id = string;'],
    ['src/pipeline.ts', "import { a } from './alerts/a.js';\nimport { s } from './sources/s.js';"],
    ['src/alerts/a.ts', "import type { Id } from '../types.js';\nexport const a = 1;"],
    ['src/alerts/b.ts', "import { a } from './a.js';\n// import { s } from '../sources/s.js';\nconst t = \"import '../sources/s.js'\";"],
    ['src/sources/s.ts', "import type { Rule } from '../alerts/a.js';\nexport const s = 1;"],
    ['src/sources/t.ts', "export * from '../classifiers/c.js';"],
    ['src/sources/u.ts', "export async function f() { return import('../pipeline.js'); }"],
    ['src/classifiers/c.ts', "import { readFile } from 'node:fs/promises';"],
  ]);
  const graph = graphOf(files);

  it('sees `import type`, `export from` and `import()`, and not comments or strings', () => {
    expect(wingViolations(graph)).toEqual([
      'src/sources/s.ts imports src/alerts/a.ts, the alerts wing',
      'src/sources/t.ts imports src/classifiers/c.ts, the classifiers wing',
      'src/sources/u.ts imports src/pipeline.ts, a module that reaches another wing (the pipeline or an entry point)',
    ]);
  });

  it('counts as kernel only what reaches no wing', () => {
    expect([...kernelOf(graph)]).toEqual(['src/types.ts']);
  });

  it('finds cycles', () => {
    const cyclic = graphOf(
      new Map([
        ['src/a.ts', "import type { B } from './b.js';"],
        ['src/b.ts', "import type { A } from './a.js';"],
        ['src/c.ts', "import './a.js';"],
      ]),
    );
    expect(cyclesOf(cyclic)).toEqual([['src/a.ts', 'src/b.ts']]);
  });
});
