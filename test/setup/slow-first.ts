import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files known to take minutes, started first. On a clean clone vitest has no timings yet and
 * starts the largest files first; the scenario replays are short files that run long, and one
 * started last leaves a core idle while it finishes alone. The list only orders: a file not in
 * it still runs, and one renamed away only loses its head start.
 */
const LONG_FILES = ['test/backtest/detection-suite', 'test/alerts/replay.test.ts', 'test/backtest/backtest-cli.test.ts', 'test/bench/bench.test.ts'];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const at = LONG_FILES.findIndex((name) => f.moduleId.includes(name));
      return at === -1 ? LONG_FILES.length : at;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}
