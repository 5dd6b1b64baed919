import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Notifier } from '../../src/alerts/notifiers/notifier.js';
import { notifierRegistry } from '../../src/alerts/notifiers/registry.js';
import { sampleNotification } from '../../src/alerts/sample.js';
import { PermanentError, RetryableError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { partOf } from '../helpers/mime.js';
import { freePort } from '../helpers/ports.js';
import { SlackStandIn } from '../helpers/slack.js';
import { SmtpStandIn } from '../helpers/smtp.js';
import { hostileNotification } from './hostile.js';

/**
 * The suite every channel passes (STYLE.md 9), like the one every source adapter passes: it
 * describes itself, delivers a notification once to a real receiver, keeps hostile post text
 * from acting on the receiver, and, where delivery can fail, says whether a failure is worth
 * retrying without putting the channel's secret in the error.
 */

const SECRET = 'sEcReT-channel-value-that-must-not-leak-42';

interface Harness {
  type: string;
  /** Options (before the spec's schema) for a channel that delivers. */
  options(): Record<string, unknown>;
  /** What the receiver got, one string per delivery (the text a person would read). */
  delivered(): string[];
  /** Text the receiver must never get from a hostile notification (mentions, markup). */
  neverDelivered: string[];
  /** Options for a receiver that is down: the failure must be retryable. */
  down?(): Promise<Record<string, unknown>>;
  /** Options for a receiver that refuses, with the secret in them: the failure must be permanent. */
  refusing?(): Record<string, unknown>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
  reset?(): void;
}

const dir = mkdtempSync(join(tmpdir(), 'vigie-channels-'));
const slack = new SlackStandIn();
const refusingSlack = new SlackStandIn(() => ({ status: 404, body: 'no_service' }));
const smtp = new SmtpStandIn();
const lockedSmtp = new SmtpStandIn({ rejectLogins: true });
const stdout: string[] = [];
let jsonlFile = join(dir, 'alerts-0.jsonl');
let files = 0;

const CHANNELS: Harness[] = [
  {
    type: 'console',
    options: () => ({ color: 'never' }),
    delivered: () => [...stdout],
    neverDelivered: ['\u001b[31m'],
    start: async () => {
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (stdout.push(String(chunk)), true));
    },
    stop: async () => {
      vi.restoreAllMocks();
    },
    reset: () => void (stdout.length = 0),
  },
  {
    type: 'jsonl',
    options: () => ({ path: jsonlFile }),
    delivered: () => {
      try {
        return readFileSync(jsonlFile, 'utf8').trim().split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
    neverDelivered: [],
    reset: () => void (jsonlFile = join(dir, `alerts-${++files}.jsonl`)),
  },
  {
    type: 'slack',
    options: () => ({ webhookUrl: slack.url() }),
    delivered: () => slack.received.map((r) => r.raw),
    neverDelivered: ['<!channel>', '<!here>', '<@U123ABC>', '<script>'],
    down: async () => ({ webhookUrl: `http://127.0.0.1:${await freePort()}/services/T0/B0/${SECRET}`, timeout: '2s' }),
    refusing: () => ({ webhookUrl: refusingSlack.url(`/services/T0/B0/${SECRET}`) }),
    start: async () => {
      await Promise.all([slack.start(), refusingSlack.start()]);
    },
    stop: () => Promise.all([slack.stop(), refusingSlack.stop()]).then(() => undefined),
    reset: () => void (slack.received.length = 0),
  },
  {
    type: 'email',
    options: () => ({ host: '127.0.0.1', port: smtp.port, from: 'vigie@example.com', to: ['pr@example.com'], timeout: '5s' }),
    delivered: () => smtp.received.map((m) => partOf(m.mime, 'text/html')?.body ?? ''),
    neverDelivered: ['<script', '<img', 'javascript:'],
    down: async () => ({ host: '127.0.0.1', port: await freePort(), from: 'vigie@example.com', to: ['pr@example.com'], timeout: '2s' }),
    refusing: () => ({ host: '127.0.0.1', port: lockedSmtp.port, user: 'vigie', password: SECRET, from: 'vigie@example.com', to: ['pr@example.com'], timeout: '5s' }),
    start: async () => {
      await Promise.all([smtp.start(), lockedSmtp.start()]);
    },
    stop: () => Promise.all([smtp.stop(), lockedSmtp.stop()]).then(() => undefined),
    reset: () => void (smtp.received.length = 0),
  },
];

const ctx = (signal = new AbortController().signal) => ({ log: silentLogger, signal });

it('the suite covers every channel type in the registry', () => {
  expect(CHANNELS.map((c) => c.type).sort()).toEqual([...notifierRegistry.keys()].sort());
});

describe.each(CHANNELS)('$type channel', (h) => {
  const spec = notifierRegistry.get(h.type)!;
  const open: Notifier[] = [];
  const create = (options: Record<string, unknown>): Notifier => {
    const channel = spec.create(`${h.type}-suite`, spec.options.parse(options), { env: {}, log: silentLogger });
    open.push(channel);
    return channel;
  };

  beforeAll(async () => {
    await h.start?.();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close?.()));
    h.reset?.();
  });
  afterAll(async () => {
    await h.stop?.();
  });

  it('describes itself and refuses an unknown option by name', () => {
    expect(spec.description.length).toBeGreaterThan(20);
    const bad = spec.options.safeParse({ ...h.options(), bogusOption: 1 });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('bogusOption');
  });

  it('delivers a notification once, naming the brand', async () => {
    const n = sampleNotification({ channel: `${h.type}-suite`, brand: 'maison-aurore', kind: 'firing' });
    await create(h.options()).send(n, ctx());
    const got = h.delivered();
    expect(got).toHaveLength(1);
    expect(got[0]).toContain('maison-aurore');
  });

  it('delivers hostile post text as text: no mention, markup or escape code reaches the receiver', async () => {
    await create(h.options()).send(hostileNotification(`${h.type}-suite`), ctx());
    const [got] = h.delivered();
    expect(got).toBeDefined();
    for (const bad of h.neverDelivered) expect(got).not.toContain(bad);
  });
});

describe.each(CHANNELS.filter((c) => c.down && c.refusing))('$type channel failures', (h) => {
  const spec = notifierRegistry.get(h.type)!;
  const create = (options: Record<string, unknown>): Notifier => spec.create(`${h.type}-suite`, spec.options.parse(options), { env: {}, log: silentLogger });

  beforeAll(async () => {
    await h.start?.();
  });
  afterAll(async () => {
    await h.stop?.();
  });

  it('a receiver that is down is a retryable failure, and the error holds no secret', async () => {
    const channel = create(await h.down!());
    const err = await channel.send(sampleNotification({ channel: 'suite' }), ctx()).catch((e: unknown) => e);
    await channel.close?.();
    expect(err).toBeInstanceOf(RetryableError);
    expect(String((err as Error).message)).not.toContain(SECRET);
  });

  it('a receiver that refuses is a permanent failure, and the error holds no secret', async () => {
    const channel = create(h.refusing!());
    const err = await channel.send(sampleNotification({ channel: 'suite' }), ctx()).catch((e: unknown) => e);
    await channel.close?.();
    expect(err).toBeInstanceOf(PermanentError);
    expect(String((err as Error).message)).not.toContain(SECRET);
    expect(JSON.stringify(err)).not.toContain(SECRET);
  });

  it('a send already cancelled (shutdown) delivers nothing', async () => {
    const abort = new AbortController();
    abort.abort(new Error('shutting down'));
    const channel = create(h.options());
    const err = await channel.send(sampleNotification({ channel: 'suite' }), ctx(abort.signal)).catch((e: unknown) => e);
    await channel.close?.();
    expect(err).toBeInstanceOf(Error);
    expect(h.delivered()).toEqual([]);
  });
});
