import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { IncidentStore } from '../../src/alerts/incident-store.js';
import { WindowReader } from '../../src/alerts/windows.js';
import type { CollectJob } from '../../src/queues/jobs.js';
import { dueKeys, readAlertLines, repeated } from '../faults/support/notifications.js';
import { writeTestConfig } from '../helpers/config.js';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { startFeedServer, type FeedItem } from './support/feed-server.js';
import { startSlackStandIn } from '../helpers/slack.js';
import { killLeftovers, spawnVigie } from './support/vigie.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Two `vigie start` processes (each with every role and its own cron schedules) and one
 * `vigie worker --role notify` share one Redis: every tick is collected once, every post counted
 * once, every notification sent once, and the work is spread over the processes.
 */

const items = (brand: string, from: number, n: number): FeedItem[] =>
  Array.from({ length: n }, (_, i) => ({ guid: `${brand}-${from + i}`, title: `${brand} ${from + i}`, text: `${brand} shop visit number ${from + i}` }));

describe('scaling out: many processes, one Redis', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = uniquePrefix('scale-out');
  const dir = mkdtempSync(join(tmpdir(), 'vigie-scale-out-'));

  afterAll(async () => {
    await killLeftovers();
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('collects each tick once and sends each notification once', async () => {
    const slack = await startSlackStandIn(() => true);
    const feeds = await startFeedServer();
    const alerts = join(dir, 'alerts.jsonl');
    const file = writeTestConfig(
      {
        prefix,
        http: { enabled: false },
        brands: { aurore: { names: ['Maison Aurore', 'Aurore'] }, northwind: { names: ['Northwind'] } },
        sources: { blog: { type: 'feed', schedule: '* * * * * *', urls: [feeds.feedUrl('blog')], retries: 0 } },
        rules: { volume: { type: 'threshold', metric: 'posts', window: '1h', above: 5, severity: 'warning' } },
        channels: { slack: { type: 'slack', webhookUrl: '${SLACK_WEBHOOK_URL}' }, file: { type: 'jsonl', path: alerts } },
        routes: [{ channels: ['slack', 'file'] }],
        alerting: { groupWait: '0s', resolveAfter: '1h' },
      },
      dir,
    );
    const env = { SLACK_WEBHOOK_URL: slack.url() };
    const processes = [spawnVigie(['start', '--config', file], env), spawnVigie(['start', '--config', file], env), spawnVigie(['worker', '--role', 'notify', '--config', file], env)];
    try {
      await Promise.all(processes.map((p) => p.waitForLog((l) => l.msg === 'vigie workers running', 'every process to start')));
      const windows = new WindowReader(redis, prefix);
      const posts = async (brand: string) => (await windows.sum(brand, Date.now() - 3_600_000, Date.now() + 60_000)).posts ?? 0;
      // Posts arrive over several seconds, so several ticks find new ones.
      for (let round = 0; round < 4; round++) {
        feeds.add('blog', [...items('Aurore', round * 3, 3), ...items('Northwind', round * 3, 3)]);
        await new Promise((r) => setTimeout(r, 1500));
      }
      await waitFor(async () => (await posts('aurore')) === 12 && (await posts('northwind')) === 12, 'every post to be counted', 30_000);
      await waitFor(() => slack.accepted().length >= 2 && readAlertLines(alerts).length >= 2, 'both incidents to be notified', 30_000);
      await new Promise((r) => setTimeout(r, 3000));
      const hits = feeds.hits('/feed/blog');
      for (const p of processes) p.assertRunning();
      await Promise.all(processes.map((p) => p.stop()));

      // Ticks: both schedulers fired every second, yet one job per tick and one poll per job.
      const collect = new Queue<CollectJob>('collect', { connection: redis, prefix });
      const jobs = (await collect.getJobs(['completed'], 0, -1)) as Job<CollectJob>[];
      await collect.close();
      const ticks = jobs.map((j) => j.data.tick);
      expect(new Set(ticks).size).toBe(ticks.length);
      const span = (Date.parse(ticks.sort().at(-1) ?? '') - Date.parse(ticks[0] ?? '')) / 1000 + 1;
      expect(ticks.length).toBeLessThanOrEqual(span);
      expect(hits).toBeLessThanOrEqual(ticks.length);
      expect(hits).toBeGreaterThanOrEqual(Math.floor(span / 2));

      // Work went to more than one process.
      const workers = new Set<string>();
      for (const name of ['collect', 'classify', 'notify'] as const) {
        const q = new Queue(name, { connection: redis, prefix });
        for (const j of await q.getJobs(['completed'], 0, -1)) if (j.processedBy) workers.add(j.processedBy.split(':').at(-1) ?? '');
        await q.close();
      }
      expect(workers.size).toBeGreaterThanOrEqual(2);
      expect([...workers].every((pid) => processes.some((p) => String(p.pid) === pid))).toBe(true);

      // Posts once, notifications once.
      expect(await posts('aurore')).toBe(12);
      expect(await posts('northwind')).toBe(12);
      const incidents = await new IncidentStore(redis, prefix).list();
      expect(incidents.map((i) => i.brand).sort()).toEqual(['aurore', 'northwind']);
      const fileKeys = readAlertLines(alerts).map((l) => l.key);
      expect(repeated(fileKeys)).toEqual([]);
      expect(fileKeys.sort()).toEqual(dueKeys(incidents, 'file'));
      const slackIds = slack.accepted().map((r) => incidents.find((i) => r.raw.includes(i.id))?.id);
      expect(slackIds.sort()).toEqual(dueKeys(incidents, 'slack').map((k) => k.split(':')[0]).sort());
      expect(slack.received).toHaveLength(slack.accepted().length);
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
      await Promise.all([slack.stop(), feeds.close()]);
    }
  });
});
