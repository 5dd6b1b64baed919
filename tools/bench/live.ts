/**
 * `npm run bench:latency`: time from publication to alert, live, with the real clock.
 *
 * A stand-in platform on 127.0.0.1 publishes posts as an RSS feed; `vigie start` (a real process,
 * the configuration below) polls it every minute, as a deployment would; a Slack stand-in records
 * when each alert arrives. Each event is a burst of negative posts about one brand published at one
 * instant, at random times over the run; the threshold rule fires once the burst is counted.
 * Latency = the alert reaching the Slack stand-in − the burst's publication. Its parts: the wait
 * for the next poll (known: polls fire at each minute's start), then everything after it
 * (collect, classify, evaluate, group wait and sweep, notify).
 *
 * The alerting settings are the defaults (group wait 5 s, sweep every 15 s): what a team gets.
 * Options: --minutes N (3-60, default 10), --events N (default 2 per minute), --seed N.
 * Progress on stderr; a table, then one JSON line on stdout.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRandom } from '../demo/random.js';
import { connect, ensureRedis } from '../../src/redis.js';
import { cleanPrefixKeys } from '../../src/clean-prefix.js';
import { childEnv, mallocArenaMax } from './allocator.js';
import { brandId, brandName } from './brand-names.js';
import { startPlatform, startSlack, type PublishedPost, type Received } from './live-standins.js';
import { Progress } from './progress.js';
import { quantile } from './stats.js';

// The daemon as it ships (npm run bench:latency builds it first), not the copy compiled with the tools.
const CLI = join(packageRoot(import.meta.url), 'dist', 'cli.js');
/** Posts per event: the rule fires when all of them are counted. */
const BURST = 5;
/** After the last event, how long alerts are waited for. */
const DRAIN_MS = 150_000;
/** Events start this long after the daemon is ready. */
const LEAD_MS = 10_000;

interface Options {
  minutes: number;
  events: number;
  seed: number;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({ args: argv, options: { minutes: { type: 'string', default: '10' }, events: { type: 'string' }, seed: { type: 'string', default: '15' } } });
  const minutes = Number(values.minutes);
  if (!Number.isInteger(minutes) || minutes < 3 || minutes > 60) throw new Error(`--minutes takes a whole number from 3 to 60, got "${values.minutes}"`);
  const events = values.events === undefined ? minutes * 2 : Number(values.events);
  if (!Number.isInteger(events) || events < 1 || events > 500) throw new Error(`--events takes a whole number from 1 to 500, got "${values.events}"`);
  return { minutes, events, seed: Number(values.seed) || 15 };
}

export interface LatencyEvent {
  brand: string;
  name: string;
  publishedAt: number;
  /** Wait for the next poll (polls fire at the start of each minute). */
  pollWaitMs: number;
  alertAt?: number;
}

export interface LiveLatencyReport {
  bench: 'vigie-latency';
  minutes: number;
  events: number;
  alerted: number;
  /** Publication → alert at the Slack stand-in, ms. */
  p50: number;
  p95: number;
  max: number;
  /** The part spent waiting for the next poll, and the rest. */
  pollWait: { p50: number; p95: number };
  afterPoll: { p50: number; p95: number; max: number };
  loadAverage: { start: number; end: number };
  date: string;
}

function configYaml(redisUrl: string, prefix: string, feedUrl: string, brands: { id: string; name: string }[]): string {
  return `redis:
  url: ${JSON.stringify(redisUrl)}
  prefix: ${JSON.stringify(prefix)}
languages: [cmn, eng, fra]
brands:
${brands.map((b) => `  ${b.id}:\n    names: [${JSON.stringify(b.name)}]`).join('\n')}
sources:
  news:
    type: feed
    schedule: "* * * * *"
    urls: [${JSON.stringify(feedUrl)}]
rules:
  burst:
    type: threshold
    metric: posts
    window: 15m
    above: ${BURST}
    severity: warning
channels:
  slack:
    type: slack
    webhookUrl: "\${SLACK_WEBHOOK_URL}"
routes:
  - channels: [slack]
http:
  enabled: false
`;
}

async function main(): Promise<number> {
  const o = options(process.argv.slice(2));
  const progress = new Progress(process.stderr);
  const loadStart = loadavg()[0] ?? 0;
  const random = createRandom(o.seed);
  const redisHandle = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { info: (_o, m) => progress.note(m) });
  const redis = connect(redisHandle.url);
  const prefix = `vigie-latency:${randomBytes(4).toString('hex')}`;
  const dir = await mkdtemp(join(tmpdir(), 'vigie-latency-'));
  const brands = Array.from({ length: o.events }, (_, i) => ({ id: brandId(i), name: brandName(i) }));

  // Events are placed once the daemon is ready; the platform reads them through this list.
  const posts: PublishedPost[] = [];
  const events: LatencyEvent[] = [];
  const received: Received[] = [];
  const platform = await startPlatform(posts);
  const slack = await startSlack((r) => {
    received.push(r);
    // The headline names the brand by its display name (its first name here): `[WARNING] Kalomira: ...`.
    const e = events.find((x) => x.alertAt === undefined && r.body.includes(`] ${x.name}:`));
    if (e) e.alertAt = r.at;
  });
  const file = join(dir, 'vigie.yaml');
  await writeFile(file, configYaml(redisHandle.url, prefix, platform.url, brands));

  progress.step(`vigie start, polling the stand-in feed every minute: ${o.events} events over ${o.minutes} minutes`);
  const child = spawn(process.execPath, [CLI, 'start', '--config', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // As deployed (the Docker image's malloc setting, allocator.ts), with the stand-in's webhook.
    env: { ...childEnv(mallocArenaMax(undefined)), SLACK_WEBHOOK_URL: slack.url, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));

  try {
    // The daemon is ready once its sweep scheduler exists in Redis.
    const readyBy = Date.now() + 60_000;
    while (!(await redis.exists(`${prefix}:evaluate:repeat`)) && Date.now() < readyBy) {
      if (child.exitCode !== null) throw new Error(`vigie start exited with ${child.exitCode}: ${stderr}`);
      await sleep(200);
    }
    const t0 = Date.now() + LEAD_MS;
    const span = o.minutes * 60_000 - LEAD_MS - DRAIN_MS;
    if (span <= 0) throw new Error('--minutes too short for the drain time');
    for (const [i, b] of brands.entries()) {
      // Whole seconds: RSS dates carry no milliseconds.
      const at = Math.floor((t0 + random.next() * span) / 1000) * 1000;
      events.push({ brand: b.id, name: b.name, publishedAt: at, pollWaitMs: 60_000 - (at % 60_000) });
      for (let k = 0; k < BURST; k++) {
        posts.push({
          guid: `e${i}-${k}`,
          title: `${b.name} ${random.pick(['scandal', 'recall', 'boycott call', 'data leak', 'outrage'])} #${k + 1}`,
          text: `${b.name} ${random.pick(['lied to its customers', 'refuses refunds', 'sold faulty products', 'treated staff badly'])}. Boycott ${b.name}, this is a disgrace.`,
          at,
        });
      }
    }
    const lastEvent = Math.max(...events.map((e) => e.publishedAt));
    const deadline = lastEvent + DRAIN_MS;
    while (Date.now() < deadline && events.some((e) => e.alertAt === undefined)) {
      if (child.exitCode !== null) throw new Error(`vigie start exited with ${child.exitCode}: ${stderr}`);
      const now = Date.now();
      const published = events.filter((e) => e.publishedAt <= now).length;
      const alerted = events.filter((e) => e.alertAt !== undefined).length;
      progress.count(published, o.events, `events published, ${alerted} alerted (${Math.max(0, Math.round((deadline - now) / 1000))} s left at most)`);
      await sleep(1000);
    }
    const report = summarize(o, events, loadStart);
    if (report.alerted < report.events) progress.note(`not every event was alerted; the daemon's last log lines:\n${stderr}`);
    progress.finish(`${report.alerted} of ${report.events} events alerted`);
    process.stdout.write(`${formatLatency(report)}\n\n${JSON.stringify(report)}\n`);
    return report.alerted === report.events ? 0 : 1;
  } finally {
    await stop();
    await Promise.all([platform.close(), slack.close()]);
    await cleanPrefixKeys(redis, prefix).catch(() => 0);
    await redis.quit();
    await redisHandle.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export function summarize(o: Pick<Options, 'minutes'>, events: readonly LatencyEvent[], loadStart: number): LiveLatencyReport {
  const done = events.filter((e): e is LatencyEvent & { alertAt: number } => e.alertAt !== undefined);
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  const total = sorted(done.map((e) => e.alertAt - e.publishedAt));
  const wait = sorted(done.map((e) => e.pollWaitMs));
  const after = sorted(done.map((e) => e.alertAt - e.publishedAt - e.pollWaitMs));
  return {
    bench: 'vigie-latency',
    minutes: o.minutes,
    events: events.length,
    alerted: done.length,
    p50: quantile(total, 0.5),
    p95: quantile(total, 0.95),
    max: total.at(-1) ?? Number.NaN,
    pollWait: { p50: quantile(wait, 0.5), p95: quantile(wait, 0.95) },
    afterPoll: { p50: quantile(after, 0.5), p95: quantile(after, 0.95), max: after.at(-1) ?? Number.NaN },
    loadAverage: { start: loadStart, end: loadavg()[0] ?? 0 },
    date: new Date().toISOString(),
  };
}

const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'n/a');

export function formatLatency(r: LiveLatencyReport): string {
  return [
    `Vigie live latency · publication → alert at a Slack stand-in · polls every minute · load ${r.loadAverage.start.toFixed(1)} at start, ${r.loadAverage.end.toFixed(1)} at end`,
    '',
    `events alerted           ${r.alerted} of ${r.events} (${r.minutes} min)`,
    `p50 / p95 / max          ${s(r.p50)} / ${s(r.p95)} / ${s(r.max)}    goal p95 ≤ 90 s: ${r.p95 <= 90_000 && r.alerted === r.events ? 'met' : 'MISSED'}`,
    `  waiting for the poll   p50 ${s(r.pollWait.p50)}, p95 ${s(r.pollWait.p95)}`,
    `  poll → alert           p50 ${s(r.afterPoll.p50)}, p95 ${s(r.afterPoll.p95)}, max ${s(r.afterPoll.max)} (collect, classify, evaluate, group wait and the 15 s sweep, Slack)`,
  ].join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`\nbench:latency: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
