import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { IncidentStore } from '../../src/alerts/incident-store.js';
import { messageId } from '../../src/alerts/notifiers/email.js';
import { backoffCeiling } from '../../src/queues/definitions.js';
import { readSourceHealth } from '../../src/sources/health.js';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { startFeedServer, type FeedItem } from '../ops/support/feed-server.js';
import { freePort } from '../helpers/ports.js';
import { killLeftovers, spawnVigie } from '../ops/support/vigie.js';
import { waitFor } from '../helpers/wait.js';
import { alertAtOnce, AURORE, EVERY_SECOND, writeFaultConfig } from './support/config.js';
import { recordFigures } from './support/figures.js';
import { dueKeys, readAlertLines, repeated } from './support/notifications.js';
import { startSlackStandIn } from '../helpers/slack.js';
import { SmtpStandIn } from '../helpers/smtp.js';

/**
 * Outages of the things around Vigie, with a real `vigie start` each: the channels it alerts
 * through, and the platforms it collects from. Both run at once (each has its own Redis prefix).
 *
 * The channel outage lasts a minute of wall time by default, as long as the daemon's real retry
 * schedule (1 s doubling, full jitter, capped at 60 s) makes it: set VIGIE_FAULT_OUTAGE_MS for a
 * shorter one while working on this file.
 */
const CHANNEL_OUTAGE_MS = Number(process.env.VIGIE_FAULT_OUTAGE_MS ?? 60_000);
/** Long enough to span a sweep (every 15 s), which is when source-health rules run. */
const SOURCE_OUTAGE_MS = 30_000;

const redis = new Redis(REDIS_URL);
const prefixes: string[] = [];
afterAll(async () => {
  await killLeftovers();
  for (const p of prefixes) await cleanPrefix(redis, p);
  await redis.quit();
});

describe.concurrent('outages around a running daemon', () => {
  it(`Slack answering 500 and SMTP down for ${CHANNEL_OUTAGE_MS / 1000} s: every notification is delivered exactly once after they recover`, async () => {
    const prefix = uniquePrefix('fault-channels');
    prefixes.push(prefix);
    const dir = mkdtempSync(join(tmpdir(), 'vigie-fault-channels-'));
    const alerts = join(dir, 'alerts.jsonl');
    const from = 'vigie@alerts.example.com';
    let outageStart: number | undefined;
    const recovered = () => outageStart !== undefined && Date.now() - outageStart >= CHANNEL_OUTAGE_MS;
    const slack = await startSlackStandIn(() => {
      outageStart ??= Date.now();
      return recovered();
    });
    const smtp = new SmtpStandIn();
    const smtpPort = await freePort();
    const feeds = await startFeedServer();
    const items = (brand: string, n: number): FeedItem[] =>
      Array.from({ length: n }, (_, i) => ({ guid: `${brand}-${i}`, title: `${brand} ${i}`, text: `${brand} shop visit number ${i}` }));
    feeds.add('blog', [...items('Aurore', 6), ...items('Northwind', 6)]);
    const file = writeFaultConfig(dir, 'vigie', {
      redisUrl: REDIS_URL,
      prefix,
      brands: { ...AURORE, northwind: { names: ['Northwind'] } },
      sources: { blog: { type: 'feed', schedule: EVERY_SECOND, urls: [feeds.feedUrl('blog')], retries: 0 } },
      ...alertAtOnce(
        { volume: { type: 'threshold', metric: 'posts', window: '1h', above: 5, severity: 'warning' } },
        {
          slack: { type: 'slack', webhookUrl: '${SLACK_WEBHOOK_URL}', timeout: '5s' },
          email: { type: 'email', host: '127.0.0.1', port: smtpPort, from: `Vigie <${from}>`, to: ['pr-lead@example.com'], timeout: '5s' },
          file: { type: 'jsonl', path: alerts },
        },
      ),
    });
    const vigie = spawnVigie(['start', '--config', file], { SLACK_WEBHOOK_URL: slack.url() });
    try {
      await waitFor(() => (vigie.assertRunning(), outageStart !== undefined), 'the first alert to reach Slack', 60_000);
      // SMTP comes up when Slack recovers; until then nothing listens on its port.
      const smtpUp = new Promise<void>((resolve, reject) => {
        setTimeout(() => smtp.start(smtpPort).then(() => resolve(), reject), Math.max(0, (outageStart as number) + CHANNEL_OUTAGE_MS - Date.now()));
      });
      await smtpUp;
      await waitFor(
        () => (vigie.assertRunning(), slack.accepted().length >= 2 && smtp.received.length >= 2 && readAlertLines(alerts).length >= 2),
        'both incidents to reach every channel',
        CHANNEL_OUTAGE_MS + 180_000,
        200,
      );
      // Nothing is left to send: no job waiting, retrying or failed, so no later duplicate can come.
      const notify = new Queue('notify', { connection: redis, prefix });
      await waitFor(async () => {
        const c = await notify.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        return c.waiting === 0 && c.active === 0 && c.delayed === 0 && c.completed === 6;
      }, 'the notify queue to settle');
      expect((await notify.getJobCounts('failed')).failed).toBe(0);
      await notify.close();

      const incidents = await new IncidentStore(redis, prefix).list();
      expect(incidents.map((i) => i.brand).sort()).toEqual(['aurore', 'northwind']);
      const idOf = (body: string) => incidents.find((i) => body.includes(i.id))?.id;
      // Slack: several refused attempts, further and further apart, then exactly one accepted per key.
      // The notify backoff (vigieBackoff) waits between half and all of backoffCeiling(n) after the
      // n-th refusal: each gap is at least its lower bound. Not each longer than the one before: at
      // the cap, 30 to 60 s may follow 16 to 32 s (31.5 s then 30.4 s failed that check once).
      const refused = slack.received.filter((r) => r.status === 500);
      expect(refused.length).toBeGreaterThanOrEqual(2 * 4);
      for (const inc of incidents) {
        const attempts = slack.received.filter((r) => idOf(r.raw) === inc.id).map((r) => r.at);
        const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] as number));
        expect(gaps.length).toBeGreaterThanOrEqual(4);
        gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(backoffCeiling(i + 1) / 2 - 250));
      }
      const slackDue = dueKeys(incidents, 'slack').map((k) => k.split(':')[0]);
      expect(slack.accepted().map((r) => idOf(r.raw)).sort()).toEqual(slackDue.sort());
      // Email: one message per key (its Message-ID is derived from the key).
      const emailDue = dueKeys(incidents, 'email').map((k) => messageId(k, from));
      expect(smtp.received.map((m) => m.messageId).sort()).toEqual(emailDue.sort());
      expect(smtp.received.every((m) => m.at >= (outageStart as number) + CHANNEL_OUTAGE_MS)).toBe(true);
      // The file channel was up all along: delivered at once, once.
      const fileKeys = readAlertLines(alerts).map((l) => l.key);
      expect(fileKeys.sort()).toEqual(dueKeys(incidents, 'file'));

      const delivered = [...slack.accepted().map((r) => `slack:${idOf(r.raw)}`), ...smtp.received.map((m) => m.messageId), ...fileKeys];
      recordFigures({ runs: 1, notifications: delivered.length, sentTwice: repeated(delivered).length, posts: 12 });
      expect(repeated(delivered)).toEqual([]);
      expect(await vigie.stop()).toEqual({ code: 0, signal: null });
    } finally {
      await vigie.stop();
      await Promise.all([slack.stop(), smtp.stop(), feeds.close()]);
    }
  });

  it('Weibo answering 432 and X answering 429 for several polls: a source-health incident each, then its recovery', async () => {
    const prefix = uniquePrefix('fault-sources');
    prefixes.push(prefix);
    const dir = mkdtempSync(join(tmpdir(), 'vigie-fault-sources-'));
    const alerts = join(dir, 'alerts.jsonl');
    let outageStart: number | undefined;
    const down = () => {
      outageStart ??= Date.now();
      return Date.now() - outageStart < SOURCE_OUTAGE_MS;
    };
    const polls = { weibo: { refused: 0, ok: 0 }, x: { refused: 0, ok: 0 } };
    const platforms = await startFeedServer();
    platforms.route('/weibo/api/container/getIndex', (_req, res) => {
      if (down()) {
        polls.weibo.refused += 1;
        return void res.writeHead(432, { 'content-type': 'text/html' }).end('');
      }
      polls.weibo.ok += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: 0, msg: '这里还没有内容', data: { cards: [] } }));
    });
    platforms.route('/x/2/tweets/search/recent', (_req, res) => {
      if (down()) {
        polls.x.refused += 1;
        const reset = Math.ceil((Date.now() + 1000) / 1000);
        return void res
          .writeHead(429, { 'content-type': 'application/problem+json', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) })
          .end(JSON.stringify({ title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' }));
      }
      polls.x.ok += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ meta: { result_count: 0 } }));
    });
    const file = writeFaultConfig(dir, 'vigie', {
      redisUrl: REDIS_URL,
      prefix,
      sources: {
        'weibo-search': { type: 'weibo', schedule: EVERY_SECOND, baseUrl: `${platforms.url}/weibo`, requestInterval: '0ms', blockedBackoff: '1s', retries: 0 },
        'x-search': { type: 'twitter', schedule: EVERY_SECOND, baseUrl: `${platforms.url}/x`, failAfter: 2, retries: 0 },
      },
      ...alertAtOnce({ collectors: { type: 'source-health', states: ['failing'], severity: 'warning' } }, { file: { type: 'jsonl', path: alerts } }, '1s'),
    });
    const vigie = spawnVigie(['start', '--config', file], { TWITTER_BEARER_TOKEN: 'fault-suite-token' });
    try {
      const store = new IncidentStore(redis, prefix);
      await waitFor(
        async () => {
          vigie.assertRunning();
          const all = await store.list();
          return all.length === 2 && all.every((i) => i.status === 'resolved');
        },
        'both source-health incidents to open and resolve',
        SOURCE_OUTAGE_MS + 90_000,
        250,
      );
      const incidents = await store.list();
      expect(incidents.map((i) => i.fingerprint).sort()).toEqual(['weibo-search/collectors', 'x-search/collectors']);
      expect(incidents.find((i) => i.fingerprint.startsWith('weibo'))?.summary).toMatch(/weibo-search failing: .*432/);
      expect(incidents.find((i) => i.fingerprint.startsWith('x-'))?.summary).toMatch(/x-search failing: .*429/);
      expect(polls.weibo.refused).toBeGreaterThanOrEqual(3);
      expect(polls.x.refused).toBeGreaterThanOrEqual(2);
      expect(polls.weibo.ok + polls.x.ok).toBeGreaterThan(0);
      const health = await readSourceHealth(redis, prefix, ['weibo-search', 'x-search'], Date.now());
      expect(health.map((h) => h.state)).toEqual(['ok', 'ok']);

      // One firing and one resolved notice per source, each once.
      await new Promise((r) => setTimeout(r, 1000));
      const lines = readAlertLines(alerts);
      expect(lines.map((l) => `${l.incident.id} ${l.kind}`).sort()).toEqual(incidents.flatMap((i) => [`${i.id} firing`, `${i.id} resolved`]).sort());
      expect(lines.map((l) => l.key).sort()).toEqual(dueKeys(incidents, 'file'));
      recordFigures({ runs: 1, notifications: lines.length, sentTwice: repeated(lines.map((l) => l.key)).length });
      expect(await vigie.stop()).toEqual({ code: 0, signal: null });
    } finally {
      await vigie.stop();
      await platforms.close();
    }
  });
});
