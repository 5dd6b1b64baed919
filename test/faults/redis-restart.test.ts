import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentStore } from '../../src/alerts/incident-store.js';
import { WindowReader } from '../../src/alerts/windows.js';
import { startFeedServer, type FeedItem, type FeedServer } from '../ops/support/feed-server.js';
import { startPrivateRedis, type PrivateRedis } from '../ops/support/redis-server.js';
import { killLeftovers, spawnVigie } from '../ops/support/vigie.js';
import { waitFor } from '../helpers/wait.js';
import { alertAtOnce, EVERY_SECOND, writeFaultConfig } from './support/config.js';
import { withDaemonLog } from './support/daemon-log.js';
import { recordFigures } from './support/figures.js';
import { dueKeys, readAlertLines, repeated } from './support/notifications.js';

/**
 * A private, memory-only redis-server crashes under a running `vigie start` and comes back empty.
 * "Recovers" means: the same process, without a restart, reconnects, puts its sweep schedule back,
 * collects, classifies, opens an incident and delivers its notification, each once.
 */

const items = (from: number, n: number): FeedItem[] =>
  Array.from({ length: n }, (_, i) => ({ guid: `post-${from + i}`, title: `Aurore ${from + i}`, text: `Maison Aurore shop visit number ${from + i}` }));

describe('Redis restarts under a running daemon', () => {
  let redis: PrivateRedis;
  let feeds: FeedServer;
  const dir = mkdtempSync(join(tmpdir(), 'vigie-fault-redis-'));
  const alerts = join(dir, 'alerts.jsonl');
  const prefix = 'vigie-fault-redis';

  beforeAll(async () => {
    redis = await startPrivateRedis();
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await killLeftovers();
    await feeds.close();
    await redis.close();
  });

  it('reconnects by itself and keeps collecting, alerting and notifying once', async () => {
    const file = writeFaultConfig(dir, 'vigie', {
      redisUrl: redis.url,
      prefix,
      sources: { blog: { type: 'feed', schedule: EVERY_SECOND, urls: [feeds.feedUrl('blog')], retries: 0, timeout: '2s' } },
      ...alertAtOnce({ volume: { type: 'threshold', metric: 'posts', window: '1h', above: 12, severity: 'warning' } }, { file: { type: 'jsonl', path: alerts } }),
    });
    const client = redis.client();
    const windows = new WindowReader(client, prefix);
    const posts = async () => (await windows.sum('aurore', Date.now() - 3_600_000, Date.now() + 60_000)).posts ?? 0;
    feeds.add('blog', items(0, 5));

    const vigie = spawnVigie(['start', '--config', file]);
    await vigie.waitForLog((l) => l.msg === 'vigie is watching', 'the daemon to start');
    await waitFor(async () => (vigie.assertRunning(), (await posts()) === 5), 'the first posts');
    await client.set('vigie-fault:before-restart', '1');

    // The crash: no persistence, so every key, queue and schedule is gone when it comes back.
    await redis.stop('SIGKILL');
    await vigie.waitForLog((l) => l.msg.startsWith('redis unreachable'), 'the daemon to notice', 10_000);
    await new Promise((r) => setTimeout(r, 2000));
    await redis.start();
    expect(await client.get('vigie-fault:before-restart')).toBeNull();

    // Same process: the feed's items are new to the empty Redis, and new ones keep coming.
    await withDaemonLog(vigie, waitFor(async () => (vigie.assertRunning(), (await posts()) === 5), 'collection to resume after the restart', 30_000));
    feeds.add('blog', items(5, 10));
    await waitFor(async () => (vigie.assertRunning(), (await posts()) === 15), 'the new posts', 30_000);
    await waitFor(() => readAlertLines(alerts).length >= 1, 'the incident notification', 30_000);

    const queueConnection = redis.client();
    const evaluate = new Queue('evaluate', { connection: queueConnection, prefix });
    expect(await evaluate.getJobScheduler('sweep')).toMatchObject({ every: 15_000 });
    await evaluate.close();
    queueConnection.disconnect();

    const incidents = await new IncidentStore(client, prefix).list();
    expect(incidents.map((i) => [i.brand, i.rule])).toEqual([['aurore', 'volume']]);
    await new Promise((r) => setTimeout(r, 1000));
    const keys = readAlertLines(alerts).map((l) => l.key);
    expect(keys.sort()).toEqual(dueKeys(await new IncidentStore(client, prefix).list(), 'file'));
    expect(repeated(keys)).toEqual([]);
    expect(await vigie.stop()).toEqual({ code: 0, signal: null });
    client.disconnect();
    recordFigures({ runs: 1, redisRestarts: 1, posts: 15, notifications: keys.length, sentTwice: repeated(keys).length });
  });

  it('starts while Redis is down, waits for it, then works', async () => {
    const late = `${prefix}-late`;
    const file = writeFaultConfig(dir, 'late', {
      redisUrl: redis.url,
      prefix: late,
      sources: { late: { type: 'feed', schedule: EVERY_SECOND, urls: [feeds.feedUrl('late')], retries: 0, timeout: '2s' } },
    });
    feeds.add('late', items(100, 4));
    await redis.stop('SIGKILL');
    const vigie = spawnVigie(['start', '--config', file]);
    await vigie.waitForLog((l) => l.msg.startsWith('redis unreachable'), 'the daemon to find Redis down', 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    vigie.assertRunning(); // it waits: no private, memory-only Redis of its own in live mode
    await redis.start();
    const windows = new WindowReader(redis.client(), late);
    await waitFor(async () => (vigie.assertRunning(), ((await windows.sum('aurore', Date.now() - 3_600_000, Date.now() + 60_000)).posts ?? 0) === 4), 'the posts once Redis is up', 30_000);
    expect(vigie.stderr()).not.toMatch(/private redis-server/);
    expect(await vigie.stop()).toEqual({ code: 0, signal: null });
    recordFigures({ runs: 1, redisRestarts: 1, posts: 4 });
  });
});
