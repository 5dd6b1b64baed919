import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IncidentStore } from '../../src/alerts/incident-store.js';
import { newIncident, type AlertingConfig } from '../../src/alerts/lifecycle.js';
import { jsonlNotifier } from '../../src/alerts/notifiers/jsonl.js';
import type { Notifier } from '../../src/alerts/notifiers/notifier.js';
import { slackNotifier } from '../../src/alerts/notifiers/slack.js';
import { systemClock } from '../../src/clock.js';
import { parseConfig } from '../../src/config/load.js';
import { Daemon } from '../../src/daemon.js';
import { RetryableError } from '../../src/errors.js';
import { keys } from '../../src/keys.js';
import { silentLogger } from '../../src/log.js';
import { jobId, type NotifyJob } from '../../src/queues/jobs.js';
import { notifyStage } from '../../src/queues/stages/notify.js';
import { cleanPrefix, REDIS_URL, testRedis, uniquePrefix } from '../helpers/redis.js';
import { SlackStandIn } from './slack-standin.js';

const redis = testRedis();
const base = uniquePrefix('alerts-notify');
const slack = new SlackStandIn();
const dir = mkdtempSync(join(tmpdir(), 'vigie-notify-'));
let n = 0;

const config: AlertingConfig = {
  alerting: { groupWait: 0, repeatInterval: 3_600_000, resolveAfter: 1_800_000, inhibit: true, retention: 86_400_000 },
  routes: [{ channels: ['slack', 'file'], stop: true }],
  escalation: {},
};

beforeAll(async () => {
  await slack.start();
});
afterAll(async () => {
  await slack.stop();
  await cleanPrefix(redis, base);
  await redis.quit();
});
beforeEach(() => {
  slack.received.length = 0;
});

async function setup() {
  const prefix = `${base}:${++n}`;
  const store = new IncidentStore(redis, prefix);
  const inc = newIncident(
    config,
    { id: `inc-test-${n}`, fingerprint: 'acme/crisis-wave', subject: 'acme', rule: 'crisis-wave' },
    { severity: 'critical', summary: '312 crisis posts in 15m', figures: [], windowMs: 900_000 },
    { evidence: [], languages: {}, platforms: {}, terms: [] },
    Date.parse('2026-03-02T10:00:00Z'),
  );
  await store.save(inc);
  const file = join(dir, `alerts-${n}.jsonl`);
  const notifiers = new Map<string, Notifier>([
    ['slack', slackNotifier.create('slack', slackNotifier.options.parse({ webhookUrl: slack.url() }), { env: {}, log: silentLogger })],
    ['file', jsonlNotifier.create('file', jsonlNotifier.options.parse({ path: file }), { env: {}, log: silentLogger })],
  ]);
  const stage = notifyStage({ redis, prefix, incidents: store, notifiers: () => notifiers, log: silentLogger, now: () => Date.now() });
  const job = (channel: string, kind: NotifyJob['kind'] = 'firing'): NotifyJob => ({ kind, incidentId: inc.id, revision: 1, channel });
  const signal = new AbortController().signal;
  return { prefix, store, inc, file, stage, job, signal, k: keys(prefix) };
}

describe('notify stage', () => {
  it('retries a 500 and then records the delivery: one message, never two', async () => {
    const s = await setup();
    slack.answer({ status: 500, body: 'rollup_error' });
    await expect(s.stage(s.job('slack'), s.signal, { made: 0, max: 5 })).rejects.toBeInstanceOf(RetryableError);
    expect(await redis.exists(s.k.notifyAttempt(`${s.inc.id}:1:slack:firing`))).toBe(0);
    expect(await s.stage(s.job('slack'), s.signal, { made: 1, max: 5 })).toBe('sent');
    expect(await s.stage(s.job('slack'), s.signal, { made: 0, max: 5 })).toBe('duplicate');
    expect(slack.received).toHaveLength(2);
    expect(JSON.parse((await redis.get(s.k.notified(`${s.inc.id}:1:slack:firing`))) ?? '{}')).toMatchObject({ outcome: 'sent' });
  });

  it('fails a refused notification for good, and writes it on the timeline', async () => {
    const s = await setup();
    slack.answer({ status: 404, body: 'no_service' });
    await expect(s.stage(s.job('slack'), s.signal, { made: 0, max: 12 })).rejects.toBeInstanceOf(UnrecoverableError);
    slack.answer({ status: 503 });
    await expect(s.stage(s.job('slack', 'escalated'), s.signal, { made: 11, max: 12 })).rejects.toBeInstanceOf(RetryableError);
    const texts = (await s.store.get(s.inc.id))?.timeline.map((e) => e.text);
    expect(texts).toContain('firing revision 1 to slack failed: Slack channel "slack" (no_service): HTTP 404, not retried');
    expect(texts).toContain('escalated revision 1 to slack failed after 12 attempts: Slack channel "slack" (error): HTTP 503, will retry');
  });

  it('sends an interrupted Slack delivery again, marked as a possible repeat, and says so on the timeline', async () => {
    const s = await setup();
    // What a worker killed mid-send leaves behind: the attempt marker, no record.
    await redis.set(s.k.notifyAttempt(`${s.inc.id}:1:slack:firing`), 'killed-worker-token');
    expect(await s.stage(s.job('slack'), s.signal)).toBe('resent');
    expect(slack.received).toHaveLength(1);
    expect(JSON.stringify(slack.received[0])).toContain('POSSIBLE REPEAT');
    expect(await s.stage(s.job('slack'), s.signal)).toBe('duplicate');
    expect(slack.received).toHaveLength(1);
    expect((await s.store.get(s.inc.id))?.timeline.at(-1)?.text).toBe(
      'firing revision 1 to slack: sent again after an interrupted attempt (the worker stopped mid-send), marked as a possible repeat',
    );
  });

  it('asks a channel that can tell (the JSONL file) whether an interrupted delivery arrived', async () => {
    const s = await setup();
    const key = `${s.inc.id}:1:file:firing`;
    await redis.set(s.k.notifyAttempt(key), 'killed-worker-token');
    expect(await s.stage(s.job('file'), s.signal)).toBe('sent'); // not in the file: sent now
    const t = await setup();
    const tkey = `${t.inc.id}:1:file:firing`;
    writeFileSync(t.file, `${JSON.stringify({ key: tkey, kind: 'firing' })}\n`);
    await redis.set(t.k.notifyAttempt(tkey), 'killed-worker-token');
    expect(await t.stage(t.job('file'), t.signal)).toBe('duplicate'); // already there: not written twice
    expect(readFileSync(t.file, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(readFileSync(s.file, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('waits for the incident to be saved at the revision of the job', async () => {
    const s = await setup();
    const ahead = { ...s.job('slack'), revision: 2 };
    const err = await s.stage(ahead, s.signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).retryAfterMs).toBe(250);
    expect(slack.received).toHaveLength(0);
  });
});

describe('notify queue (BullMQ, the daemon backoff)', () => {
  it('waits as long as Slack asks after a 429, retries a 500, and delivers once', async () => {
    const prefix = `${base}:daemon`;
    const yaml = `
redis: { url: "${REDIS_URL}", prefix: "${prefix}" }
brands: { acme: { names: [Acme] } }
channels:
  slack: { type: slack, webhookUrl: "\${SLACK_WEBHOOK_URL}" }
routes: [{ channels: [slack] }]
`;
    const cfg = parseConfig(yaml, 'notify-test.yaml', { SLACK_WEBHOOK_URL: slack.url() });
    const daemon = new Daemon({ config: cfg, roles: ['notify'], clock: systemClock, log: silentLogger, env: { SLACK_WEBHOOK_URL: slack.url() } });
    try {
      const inc = newIncident(
        config,
        { id: 'inc-queue-1', fingerprint: 'acme/crisis-wave', subject: 'acme', rule: 'crisis-wave' },
        { severity: 'critical', summary: '312 crisis posts in 15m', figures: [], windowMs: 900_000 },
        { evidence: [], languages: {}, platforms: {}, terms: [] },
        Date.now(),
      );
      await daemon.incidentStore.save(inc);
      slack.answer({ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' }, { status: 500 }, { status: 200, body: 'ok' });
      await daemon.start();
      const data: NotifyJob = { kind: 'firing', incidentId: inc.id, revision: 1, channel: 'slack' };
      const id = jobId('notify', inc.id, 1, 'slack', 'firing');
      await daemon.queues.notify.add('firing', data, { jobId: id });
      await daemon.queues.notify.add('firing', data, { jobId: id }); // the same notification queued twice
      await slack.waitFor(3);
      const [limited, failed, ok] = slack.received as [(typeof slack.received)[number], (typeof slack.received)[number], (typeof slack.received)[number]];
      expect(failed.at - limited.at).toBeGreaterThanOrEqual(950);
      expect(ok.at).toBeGreaterThan(failed.at);
      for (let i = 0; i < 100 && (await daemon.queues.notify.getJobState(id)) !== 'completed'; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await daemon.queues.notify.getJobState(id)).toBe('completed');
      expect(slack.received).toHaveLength(3);
    } finally {
      await daemon.close();
      await cleanPrefix(redis, prefix);
    }
  });
});
