import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WindowReader } from '../../src/alerts/windows.js';
import { systemClock } from '../../src/clock.js';
import { Daemon } from '../../src/daemon.js';
import { silentLogger } from '../../src/log.js';
import { QUEUE_NAMES } from '../../src/queues/jobs.js';
import { runReplay } from '../../src/replay.js';
import { testConfig } from '../helpers/config.js';
import { writeSmallScenario } from '../helpers/scenario.js';
import { startPrivateRedis, type PrivateRedis } from './support/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Redis Cluster refuses a command or transaction whose keys live in different hash slots
 * (CROSSSLOT). A private redis-server in cluster mode, owning every slot, applies those rules:
 * the whole pipeline runs on it with a hash-tagged prefix, every key it writes lands in the
 * tag's slot, and an untagged prefix is refused, which shows the check can fail.
 */
describe('a hash-tagged prefix on a cluster-mode Redis', () => {
  let redis: PrivateRedis;
  const dir = mkdtempSync(join(tmpdir(), 'vigie-cluster-'));

  beforeAll(async () => {
    redis = await startPrivateRedis(['--save', '', '--appendonly', 'no', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf')]);
    const admin = redis.client();
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    await waitFor(async () => /cluster_state:ok/.test(String(await admin.call('CLUSTER', 'INFO'))), 'the one-node cluster to be up', 10_000);
  });
  afterAll(async () => {
    await redis.close();
  });

  /** Connections the server has open: a replay must leave none of its own behind, failed or not. */
  const connections = async (admin: ReturnType<PrivateRedis['client']>) => String(await admin.call('CLIENT', 'LIST')).trim().split('\n').length;

  const config = (prefix: string) => {
    const c = testConfig({ prefix, alertsFile: join(dir, 'alerts.jsonl') });
    return { ...c, redis: { url: redis.url, prefix } };
  };

  it('runs a replay and the live schedules with every key in the slot of {vigie}', async () => {
    const admin = redis.client();
    const scenario = writeSmallScenario();
    const alertsOut = join(dir, 'replay-alerts.jsonl');
    const before = await connections(admin);
    const result = await runReplay({ config: config('{vigie}'), file: scenario.file, speed: Infinity, alertsOut, prefix: '{vigie}:replay:small', log: silentLogger });
    await waitFor(async () => (await connections(admin)) === before, 'the replay to close its connections', 5_000);
    expect(result.posts).toBe(scenario.posts.length);
    expect(result.incidents).toBe(1);
    expect(readFileSync(alertsOut, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(2);
    const totals = await new WindowReader(admin, '{vigie}:replay:small').sum('balenciaga', scenario.waveStart, scenario.waveStart + 30 * 60_000);
    expect(totals.posts).toBe(180);

    // Live mode: cron tasks, the sweep's job scheduler, workers of every role.
    const daemon = new Daemon({ config: config('{vigie}'), roles: QUEUE_NAMES, clock: systemClock, log: silentLogger, schedule: true });
    await daemon.start();
    await waitFor(async () => (await daemon.queues.evaluate.getJobScheduler('sweep')) !== undefined, 'the sweep schedule');
    await daemon.close();

    const slot = Number(await admin.call('CLUSTER', 'KEYSLOT', '{vigie}'));
    const slots = new Map<number, number>();
    let cursor = '0';
    let keys = 0;
    do {
      const [next, found] = await admin.scan(cursor, 'COUNT', 1000);
      cursor = next;
      for (const key of found) {
        keys += 1;
        const s = Number(await admin.call('CLUSTER', 'KEYSLOT', key));
        slots.set(s, (slots.get(s) ?? 0) + 1);
      }
    } while (cursor !== '0');
    expect(keys).toBeGreaterThan(100);
    expect([...slots.keys()]).toEqual([slot]);
  });

  it('refuses an untagged prefix (the check can fail), and leaves no connection open', async () => {
    const scenario = writeSmallScenario();
    const admin = redis.client();
    const before = await connections(admin);
    await expect(runReplay({ config: config('vigie-plain'), file: scenario.file, speed: Infinity, prefix: 'vigie-plain:replay', log: silentLogger })).rejects.toThrow(
      /CROSSSLOT/,
    );
    await waitFor(async () => (await connections(admin)) === before, 'the failed replay to close its connections', 5_000);
  });
});
