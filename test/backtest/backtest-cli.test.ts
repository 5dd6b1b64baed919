import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulesRun } from '../../src/cli/backtest-run.js';
import { formatTable } from '../../src/cli/backtest-report.js';
import { generateSuite } from '../../tools/scenarios/cli.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

/**
 * The backtest machinery at a size CI affords: one short scenario of the suite (a very large
 * account's post about an eyewear brand, an hour of history), run through `vigie backtest` as a
 * real process. What is checked is the machinery (the JSON shape, expectations that hold or fail,
 * the exit code, the table, channels left alone), not how well today's rules do: that is what the
 * full suite measures (npm run bench:detect).
 */
const redis = testRedis();
const prefix = uniquePrefix('backtest');
const root = mkdtempSync(join(tmpdir(), 'vigie-backtest-'));
const suite = join(root, 'suite');
const productionAlerts = join(root, 'production-alerts.jsonl');

function backtest(dir: string, ...args: string[]): Promise<CliResult> {
  // The judged config is the shipped one: its alerts file must stay untouched.
  return runCli(['backtest', dir, ...args], { VIGIE_PREFIX: prefix, VIGIE_ALERTS_FILE: productionAlerts, LOG_LEVEL: 'warn' });
}

/** A copy of the suite with the scenario's expectation for lumen changed. */
function variant(name: string, lumen: Record<string, unknown>): string {
  const dir = join(root, name);
  cpSync(suite, dir, { recursive: true });
  const file = join(dir, 'big-account.expect.yaml');
  const e = parse(readFileSync(file, 'utf8')) as { brands: Record<string, Record<string, unknown>> };
  e.brands.lumen = { postsPerDay: e.brands.lumen?.postsPerDay, waveStart: e.brands.lumen?.waveStart, ...lumen };
  writeFileSync(file, stringify(e));
  return dir;
}

beforeAll(async () => {
  await generateSuite(suite, { seed: 5, scale: 0.5, historyMs: 3_600_000, calmDays: 1 }, ['big-account']);
}, 60_000);

afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('vigie backtest', () => {
  it('passes with exit code 0 when every expectation holds, and reports JSON', async () => {
    const dir = variant('holds', { maxSeverity: 'critical' });
    const r = await backtest(dir, '--json', '--no-baseline', '--false-alarms', '1000');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; falseAlarmLimit: number; runs: RulesRun[] };
    expect(out.ok).toBe(true);
    expect(out.falseAlarmLimit).toBe(1000);
    expect(out.runs).toHaveLength(1);
    const [run] = out.runs as [RulesRun];
    expect(run).toMatchObject({ label: 'current', config: 'config/vigie.yaml', passed: 1, failed: 0 });
    expect(run.calm.brandDays).toBeGreaterThan(0);
    const [scenario] = run.scenarios;
    expect(scenario).toMatchObject({ scenario: 'big-account', kind: 'noise', pass: true, failures: [] });
    expect(scenario?.posts).toBeGreaterThan(50);
    expect(scenario?.brands[0]).toMatchObject({ brand: 'lumen', expected: 'anything', failures: [], pass: true });
    expect(scenario?.brands[0]?.calmDays).toBeCloseTo(1 / 24, 2);
    // Progress on stderr, one line per replay, and where the alerts went; never the configured channels.
    expect(r.stderr).toMatch(/\[1\/1\] big-account · current · [\d,]+ posts/);
    // Not a terminal: the running replay's progress in tenths of its event time, one line each.
    expect(r.stderr).toMatch(/\[1\/1\] big-account · current · 50% of its event time\n/);
    expect(r.stderr).toContain('the configured channels are not used');
    expect(existsSync(productionAlerts)).toBe(false);
  }, 120_000);

  it('fails with exit code 1 when an expectation does not hold, and says why, beside the baseline', async () => {
    // No alert can come within no time of the post: the replay notifies at the earliest a step later.
    const dir = variant('fails', { alertWithin: '0s', maxSeverity: 'critical' });
    const r = await backtest(dir, '--false-alarms', '1000');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/big-account\s+lumen\s+\d+\s+alert ≤0s.*FAIL\s+│/);
    expect(r.stdout).toContain('Expectations not met (current):');
    expect(r.stdout).toMatch(/big-account \/ lumen: (no alert after the wave|first alert [^(]+ after the wave) \(expected within 0s; by then (no negative or complaint post|\d+ negative or complaint posts? from \d+ authors?) collected\)/);
    expect(r.stdout).toMatch(/^baseline .*baseline\.yaml: 0\/1 scenarios pass/m);
  }, 180_000);

  it('refuses a broken expectation file with a message that names the key', async () => {
    const dir = variant('broken', { alertWithin: 'soon' });
    const r = await backtest(dir, '--no-baseline');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('big-account.expect.yaml: 1 problem');
    expect(r.stderr).toContain('brands.lumen.alertWithin: "soon" is not a duration');
  }, 60_000);

  it('lays out the table with the baseline beside the rules under test', () => {
    const brand = { brand: 'lune', postsPerDay: 430, expected: 'alert ≤10m, critical ≤15m', firstAlertMin: 7, criticalMin: 12, maxSeverity: 'critical' as const, falseAlarms: 0, calmDays: 1, failures: [], pass: true };
    const scenario = { scenario: 'small-boycott', kind: 'crisis' as const, brands: [brand], failures: [], pass: true, otherNotifications: 0, posts: 900, wallMs: 1000, notifications: 3 };
    const run = (label: string, b: typeof brand): RulesRun => ({ label, config: `${label}.yaml`, scenarios: [{ ...scenario, brands: [b] }], calm: { falseAlarms: 0, brandDays: 1, perBrandWeek: 0 }, passed: 1, failed: 0 });
    const table = formatTable([run('current', brand), run('baseline', { ...brand, firstAlertMin: 32, criticalMin: undefined as unknown as number, pass: false })]).split('\n');
    expect(table[0]).toMatch(/^scenario\s+brand\s+posts\/day\s+expected\s+first alert\s+critical\s+false\s+verdict\s+│\s+baseline: first\s+critical\s+false\s+verdict$/);
    expect(table[2]).toMatch(/^small-boycott\s+lune\s+430\s+alert ≤10m, critical ≤15m\s+7m\s+12m\s+0\s+pass\s+│\s+32m\s+—\s+0\s+FAIL$/);
  });
});
