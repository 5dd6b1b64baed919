import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulesRun } from '../../src/cli/backtest-run.js';
import { formatTable } from '../../src/cli/backtest-report.js';
import { generateSuite } from '../../tools/scenarios/cli.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

/**
 * The shipped rules on the scenario suite, at the size CI affords: another seed than the one the
 * benchmark (npm run bench:detect) reports, six hours of history instead of a day, and the crisis
 * and trap scenarios only (the calm week's false-alarm rate is the benchmark's figure). Every
 * expectation must hold: first alert and critical in time for the crises, warning at most for the
 * slow burn, nothing for the namesake, the flood and the bystanders.
 */
const SCENARIOS = ['small-boycott', 'tiny-allergy', 'cross-platform', 'slow-burn', 'namesake', 'flood', 'big-account'];

const redis = testRedis();
const prefix = uniquePrefix('detection-suite');
const suite = join(mkdtempSync(join(tmpdir(), 'vigie-detection-')), 'suite');

beforeAll(async () => {
  await generateSuite(suite, { seed: 23, scale: 1, historyMs: 6 * 3_600_000, calmDays: 1 }, SCENARIOS);
}, 120_000);

afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

function backtestJson(dir: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli.js', 'backtest', dir, '--json', '--no-baseline'], {
      env: { ...process.env, VIGIE_PREFIX: prefix, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('the shipped rules on the scenario suite (CI size)', () => {
  it('meet every expectation of the crisis and trap scenarios', async () => {
    const r = await backtestJson(suite);
    const result = JSON.parse(r.out) as { ok: boolean; runs: RulesRun[] };
    // The table, for whoever reads the CI log.
    console.log(formatTable(result.runs));
    const failures = result.runs.flatMap((run) =>
      run.scenarios.flatMap((s) => [...s.failures.map((f) => `${s.scenario}: ${f}`), ...s.brands.flatMap((b) => b.failures.map((f) => `${s.scenario} / ${b.brand}: ${f}`))]),
    );
    expect(failures).toEqual([]);
    expect(result.runs[0]?.scenarios.map((s) => s.scenario).sort()).toEqual([...SCENARIOS].sort());
    expect(r.code, r.err).toBe(0);
  }, 600_000);
});
