import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { IncidentStore } from '../../src/alerts/incident-store.js';
import { WindowReader } from '../../src/alerts/windows.js';
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import { minuteOf } from '../../src/clock.js';
import { parseConfig } from '../../src/configure.js';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { killLeftovers, spawnVigie } from '../ops/support/vigie.js';
import { waitFor } from '../helpers/wait.js';
import { recordFigures } from './support/figures.js';
import { dueKeys, readAlertLines, repeated } from './support/notifications.js';
import { scenarioBrandsYaml, writeLargeScenario } from './support/scenario.js';

/**
 * `kill -9` the replay twice while it runs (workers mid-job, a collect poll between its hand-off
 * and its cursor write, notifications in flight), start it again each time, and check the end
 * state against what the scenario says: every post counted once in the windows, no notification
 * key delivered twice, every incident notified.
 */

const POSTS = 30_000;
const KILL_AT = [0.3, 0.65];

describe('kill -9 in the middle of a large replay', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = uniquePrefix('fault-kill');
  const dir = mkdtempSync(join(tmpdir(), 'vigie-fault-kill-'));
  const scenario = join(dir, 'scenario.jsonl');
  const alerts = join(dir, 'alerts.jsonl');
  const configFile = join(dir, 'vigie.yaml');
  const configText = `
redis: { url: "${REDIS_URL}", prefix: "${prefix}:live" }
http: { enabled: false }
brands:
${scenarioBrandsYaml()}
rules:
  negative-surge: { type: threshold, metric: neg, window: 15m, above: 25, criticalAbove: 60, severity: warning }
  crisis-terms: { type: threshold, metric: crisis, window: 15m, above: 15, criticalAbove: 40, severity: warning }
channels:
  file: { type: jsonl, path: "${alerts}" }
routes:
  - channels: [file]
alerting: { groupWait: 30s, resolveAfter: 45m }
`;

  afterAll(async () => {
    await killLeftovers();
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('resumes after each kill; every post is counted once and every notification sent once', async () => {
    writeFileSync(configFile, configText);
    const posts = await writeLargeScenario(scenario, POSTS);
    const first = Date.parse(posts[0]?.publishedAt ?? '');
    const last = Date.parse(posts.at(-1)?.publishedAt ?? '');
    // --live-channels: the alerts file is the config's own channel, which a replay leaves alone unless asked.
    const args = ['replay', scenario, '--config', configFile, '--prefix', prefix, '--speed', 'max', '--live-channels'];
    const progress = async () => Number((await redis.get(`${prefix}:replay:progress`)) ?? 0);
    let runs = 0;
    let kills = 0;

    for (const fraction of KILL_AT) {
      const run = spawnVigie(args, { LOG_LEVEL: 'warn' });
      runs += 1;
      await waitFor(async () => (run.assertRunning(), (await progress()) >= first + (last - first) * fraction), `the replay to pass ${fraction * 100}%`, 120_000, 10);
      run.child.kill('SIGKILL');
      expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });
      kills += 1;
      expect(await progress()).toBeLessThan(minuteOf(last)); // killed in the middle, not at the end
    }
    const resumed = spawnVigie(args, { LOG_LEVEL: 'warn' });
    runs += 1;
    expect(await resumed.exited, resumed.stderr().slice(-2000)).toEqual({ code: 0, signal: null });
    expect(resumed.stderr()).toMatch(/replay done: .* \(resumed\)/);

    // What the windows must hold: the same classifier chain over the file, each post once.
    const config = parseConfig(configText, configFile);
    const chain = buildClassifierChain({ brands: config.brands, languages: config.languages });
    const expected = new Map(config.brands.map((b) => [b.id, 0]));
    let withBrand = 0;
    for (const p of posts) {
      const scored = chain.classify(p);
      if (scored.brands.length > 0) withBrand += 1;
      for (const b of scored.brands) expected.set(b, (expected.get(b) ?? 0) + 1);
    }
    const windows = new WindowReader(redis, prefix);
    const counted = new Map<string, number>();
    for (const b of expected.keys()) counted.set(b, (await windows.sum(b, minuteOf(first), last + 60_000)).posts ?? 0);
    let stored = 0;
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:post:*`, 'COUNT', 5000);
      stored += found.length;
      cursor = next;
    } while (cursor !== '0');

    // Notifications: one line per delivery; a key twice is a duplicate page, a due key missing is a lost one.
    const lines = readAlertLines(alerts);
    const keys = lines.map((l) => l.key);
    const incidents = await new IncidentStore(redis, prefix).list();
    const due = dueKeys(incidents, 'file');

    let duplicates = 0;
    let lost = 0;
    for (const [b, n] of expected) {
      const got = counted.get(b) ?? 0;
      duplicates += Math.max(0, got - n);
      lost += Math.max(0, n - got);
    }
    const sentTwice = repeated(keys);
    recordFigures({ runs, kills, posts: POSTS, duplicates, lost, notifications: lines.length, sentTwice: sentTwice.length });

    expect(Object.fromEntries(counted)).toEqual(Object.fromEntries(expected));
    expect(stored).toBe(withBrand);
    expect(sentTwice).toEqual([]);
    expect(due.length).toBeGreaterThan(0);
    expect([...keys].sort()).toEqual(due);
  });
});
