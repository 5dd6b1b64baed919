import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { runReplay } from '../../src/replay.js';
import { WindowReader } from '../../src/alerts/windows.js';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { testConfig } from '../helpers/config.js';
import { writeSmallScenario } from '../helpers/scenario.js';

describe('replay through the pipeline', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = uniquePrefix('replay');
  const dir = mkdtempSync(join(tmpdir(), 'vigie-replay-'));
  const scenario = writeSmallScenario();
  const config = testConfig({ prefix, alertsFile: join(dir, 'config-alerts.jsonl') });

  beforeAll(async () => {
    await cleanPrefix(redis, prefix);
  });
  afterAll(async () => {
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('opens exactly one incident, for the boycott brand, and writes its notifications', async () => {
    const alertsOut = join(dir, 'alerts.jsonl');
    const result = await runReplay({ config, file: scenario.file, speed: Infinity, alertsOut, prefix: `${prefix}:a`, log: silentLogger });
    expect(result.posts).toBe(scenario.posts.length);
    expect(result.incidents).toBe(1);

    const lines = readFileSync(alertsOut, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; incident: { brand: string; openedAt: string; severity: string } });
    const firing = lines.filter((l) => l.kind === 'firing');
    expect(firing).toHaveLength(1);
    expect(firing[0]?.incident.brand).toBe('balenciaga');
    expect(firing[0]?.incident.severity).toBe('critical');
    const openedAfterWave = Date.parse(firing[0]?.incident.openedAt ?? '') - scenario.waveStart;
    expect(openedAfterWave).toBeGreaterThanOrEqual(0);
    expect(openedAfterWave).toBeLessThanOrEqual(15 * 60_000);
    expect(lines.some((l) => l.kind === 'resolved' && l.incident.brand === 'balenciaga')).toBe(true);
    expect(lines.every((l) => l.incident.brand === 'balenciaga')).toBe(true);
  });

  it('resumes an interrupted replay without counting anything twice', async () => {
    const reader = new WindowReader(redis, `${prefix}:a`);
    const from = Date.parse(scenario.posts[0]?.publishedAt ?? '');
    const to = Date.parse(scenario.posts.at(-1)?.publishedAt ?? '') + 60_000;
    const reference = await reader.sum('balenciaga', from, to);

    const abort = new AbortController();
    let seen = 0;
    const first = await runReplay({
      config,
      file: scenario.file,
      speed: Infinity,
      prefix: `${prefix}:b`,
      log: silentLogger,
      signal: abort.signal,
      progress: (p) => {
        seen = p.posts;
        if (p.posts > scenario.posts.length / 2) abort.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(seen).toBeLessThan(scenario.posts.length);

    const second = await runReplay({ config, file: scenario.file, speed: Infinity, prefix: `${prefix}:b`, log: silentLogger });
    expect(second.resumed).toBe(true);
    expect(first.posts + second.posts).toBe(scenario.posts.length);
    const resumed = await new WindowReader(redis, `${prefix}:b`).sum('balenciaga', from, to);
    expect(resumed).toEqual(reference);
    expect(second.incidents).toBe(1);

    // Replaying the finished file again under the same prefix adds nothing.
    const third = await runReplay({ config, file: scenario.file, speed: Infinity, prefix: `${prefix}:b`, log: silentLogger });
    expect(third.steps).toBe(0);
    expect(await new WindowReader(redis, `${prefix}:b`).sum('balenciaga', from, to)).toEqual(reference);
    expect(existsSync(scenario.file)).toBe(true);
  });
});
