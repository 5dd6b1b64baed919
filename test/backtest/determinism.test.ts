import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { runReplay } from '../../src/replay.js';
import { testConfig } from '../helpers/config.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { writeSmallScenario } from '../helpers/scenario.js';

const redis = testRedis();
const prefix = uniquePrefix('replay-determinism');
const dir = mkdtempSync(join(tmpdir(), 'vigie-determinism-'));

afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

/**
 * Several rules that fire at different moments of one wave (warning, then critical, inhibition,
 * escalation, resolution), so the notification log has many lines whose times and ids depend on
 * when each evaluation ran and what it saw.
 */
const config = testConfig({
  prefix,
  rules: {
    'early-negative': { type: 'threshold', metric: 'neg', window: '5m', above: 8, severity: 'warning' },
    'crisis-surge': { type: 'threshold', metric: 'crisis', window: '15m', above: 40, severity: 'critical' },
    share: { type: 'ratio', metric: 'neg', of: 'posts', window: '30m', above: 0.5, minVolume: 20, severity: 'warning' },
  },
  channels: { out: { type: 'console' } },
  routes: [{ severity: ['critical'], channels: ['out'], escalation: 'lead' }, { channels: ['out'] }],
  escalation: { lead: { steps: [{ after: '5m', channels: ['out'] }] } },
  alerting: { groupWait: '30s', resolveAfter: '20m', inhibit: true },
});

describe('replay determinism', () => {
  it('gives the same notifications, at the same event times and in the same order, on every run', async () => {
    const scenario = writeSmallScenario();
    const logs: string[] = [];
    for (const run of [1, 2]) {
      const alertsOut = join(dir, `run-${run}.jsonl`);
      await runReplay({ config, file: scenario.file, speed: Infinity, alertsOut, terminal: false, prefix: `${prefix}:${run}`, log: silentLogger });
      logs.push(readFileSync(alertsOut, 'utf8'));
    }
    // Incident ids carry a random part by design (unique without a counter in Redis, so they
    // survive data loss): name each by its order of first appearance, and compare the rest exactly.
    const normalized = logs.map((log) => {
      const order = new Map<string, string>();
      return log.replace(/inc-\d{8}-\d{4}-[a-z0-9]+/g, (id) => {
        if (!order.has(id)) order.set(id, `incident-${order.size + 1}`);
        return order.get(id) as string;
      });
    });
    const [first, second] = normalized as [string, string];
    const lines = first.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; at: string; incident: { rule: string } });
    // The log is worth comparing: several rules, escalation and resolution, all in event time.
    expect(new Set(lines.map((l) => l.incident.rule)).size).toBeGreaterThanOrEqual(2);
    expect(lines.map((l) => l.kind)).toEqual(expect.arrayContaining(['firing', 'escalated', 'resolved']));
    expect(lines.every((l) => l.at >= '2026-04-14T06:00:00' && l.at < '2026-04-14T10:00:00')).toBe(true);
    expect(second).toBe(first);
  }, 180_000);
});
