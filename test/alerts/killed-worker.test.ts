import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentStore } from '../../src/alerts/incident-store.js';
import { newIncident } from '../../src/alerts/lifecycle.js';
import { notifierRegistry } from '../../src/alerts/notifiers/registry.js';
import { keys } from '../../src/keys.js';
import { silentLogger } from '../../src/log.js';
import type { NotifyJob } from '../../src/queues/jobs.js';
import { notifyStage } from '../../src/queues/stages/notify.js';
import { cleanPrefix, REDIS_URL, testRedis, uniquePrefix } from '../helpers/redis.js';
import { SlackStandIn } from './slack-standin.js';
import { SmtpStandIn } from './smtp-standin.js';

const WORKER = fileURLToPath(new URL('./fixtures/notify-worker.mjs', import.meta.url));
const redis = testRedis();
const base = uniquePrefix('alerts-killed');
const slack = new SlackStandIn();
let releaseMail: (() => void) | undefined;
// The SMTP server takes the whole message, then holds its answer: the worker is killed waiting for it.
const smtp = new SmtpStandIn({
  onData(stream, session, done) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      smtp.received.push({ from: '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8'), mime: { headers: new Map(), body: '', parts: [] } });
      // Only the first message is held (the worker is killed waiting); the resend is answered.
      if (releaseMail) done();
      else releaseMail = () => done();
    });
  },
});

beforeAll(async () => {
  await slack.start();
  await smtp.start();
});
afterAll(async () => {
  releaseMail?.();
  await slack.stop();
  await smtp.stop();
  await cleanPrefix(redis, base);
  await redis.quit();
});

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a notify worker killed between send and record', () => {
  const cases = [
    { name: 'Slack', channel: () => ({ id: 'slack', type: 'slack', options: { webhookUrl: slack.url() } }), hold: () => slack.answer({ status: 200, hold: true }), delivered: () => slack.received.length, last: () => JSON.stringify(slack.received.at(-1)) },
    {
      name: 'email',
      channel: () => ({ id: 'mail', type: 'email', options: { host: '127.0.0.1', port: smtp.port, from: 'vigie@example.com', to: ['pr@example.com'] } }),
      hold: () => undefined,
      delivered: () => smtp.received.length,
      last: () => smtp.received.at(-1)?.raw ?? '',
    },
  ];

  for (const c of cases) {
    it(`delivers again through ${c.name}, marked as a possible repeat: at least once, never lost`, async () => {
      const prefix = `${base}:${c.name}`;
      const store = new IncidentStore(redis, prefix);
      const inc = newIncident(
        { alerting: { groupWait: 0, repeatInterval: 3_600_000, resolveAfter: 1_800_000, inhibit: true, retention: 86_400_000 }, routes: [], escalation: {} },
        { id: 'inc-killed-1', fingerprint: 'acme/crisis-wave', subject: 'acme', rule: 'crisis-wave' },
        { severity: 'critical', summary: '312 crisis posts in 15m', figures: [], windowMs: 900_000 },
        { evidence: [], languages: {}, platforms: {}, terms: [] },
        Date.now(),
      );
      await store.save(inc);
      const channel = c.channel();
      const queue = new Queue<NotifyJob>('notify', { connection: redis, prefix });
      const events = new QueueEvents('notify', { connection: redis.duplicate(), prefix });
      let child: ChildProcess | undefined;
      let rescuer: Worker | undefined;
      try {
        c.hold();
        const job = await queue.add('firing', { kind: 'firing', incidentId: inc.id, revision: 1, channel: channel.id }, { jobId: `notify|${inc.id}|1|${channel.id}|firing`, attempts: 5 });
        child = spawn(process.execPath, [WORKER], { env: { ...process.env, REDIS_URL, PREFIX: prefix, CHANNEL: JSON.stringify(channel) }, stdio: ['ignore', 'pipe', 'inherit'] });
        const exited = once(child, 'exit');
        await until(`the ${c.name} stand-in to receive the alert`, () => c.delivered() === 1);
        // The channel has the message; the worker has not recorded it yet. Kill it now.
        child.kill('SIGKILL');
        await exited;
        slack.release();
        releaseMail?.();
        const key = `${inc.id}:1:${channel.id}:firing`;
        expect(await redis.exists(keys(prefix).notified(key))).toBe(0);
        expect(await redis.exists(keys(prefix).notifyAttempt(key))).toBe(1);

        // Another worker finds the job stalled and runs it again.
        const spec = notifierRegistry.get(channel.type);
        const notifier = spec?.create(channel.id, spec.options.parse(channel.options), { env: {}, log: silentLogger });
        const stage = notifyStage({ redis, prefix, incidents: store, notifiers: () => new Map(notifier ? [[channel.id, notifier]] : []), log: silentLogger, now: () => Date.now() });
        rescuer = new Worker('notify', (j, _t, signal) => stage(j.data as NotifyJob, signal ?? new AbortController().signal), {
          connection: redis.duplicate(),
          prefix,
          stalledInterval: 300,
        });
        const outcome = await job.waitUntilFinished(events, 30_000);
        expect(outcome).toBe('resent');
        await notifier?.close?.();
        expect(c.delivered()).toBe(2);
        expect(c.last()).toContain('POSSIBLE REPEAT');
        expect(JSON.parse((await redis.get(keys(prefix).notified(key))) ?? '{}')).toMatchObject({ outcome: 'resent' });
        expect((await store.get(inc.id))?.timeline.at(-1)?.text).toMatch(new RegExp(`^firing revision 1 to ${channel.id}: sent again after an interrupted attempt`));
      } finally {
        if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await rescuer?.close();
        await events.close();
        await queue.close();
      }
    }, 60_000);
  }
});
