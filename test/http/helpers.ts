import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyBatch } from '../../src/alerts/windows.js';
import { ManualClock } from '../../src/clock.js';
import type { VigieConfig } from '../../src/config/load.js';
import { Daemon } from '../../src/daemon.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { QUEUE_NAMES } from '../../src/queues/jobs.js';
import { drain } from '../../src/replay.js';
import type { ScoredPost } from '../../src/types.js';
import { prLeadEscalation, testConfig } from '../helpers/config.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

/** A config of our own: two brands, a threshold rule on negative posts, an escalation policy. */
export function httpTestConfig(prefix: string, alertsFile: string): VigieConfig {
  return testConfig({
    prefix,
    alertsFile,
    brands: { balenciaga: { names: ['Balenciaga', '巴黎世家'] }, aurore: { names: ['Maison Aurore', '奥萝尔'] } },
    rules: { 'negative-surge': { type: 'threshold', metric: 'neg', window: '15m', above: 5, criticalAbove: 10, severity: 'warning' } },
    ...prLeadEscalation(['5m', '10m']),
  });
}

export interface TestDaemon {
  daemon: Daemon;
  http: HttpServer;
  clock: ManualClock;
  metrics: Metrics;
  prefix: string;
  url: string;
  close(): Promise<void>;
}

export const T0 = Date.parse('2026-04-14T08:00:00Z');

/** A daemon with every worker running under a fresh prefix, and its HTTP server on a free port. */
export async function startTestDaemon(opts: { token?: string; start?: boolean; suite: string }): Promise<TestDaemon> {
  const prefix = uniquePrefix(opts.suite);
  const dir = mkdtempSync(join(tmpdir(), 'vigie-http-'));
  const config = httpTestConfig(prefix, join(dir, 'alerts.jsonl'));
  const clock = new ManualClock(T0);
  const metrics = new Metrics({ processMetrics: false });
  const daemon = new Daemon({ config, roles: QUEUE_NAMES, clock, log: silentLogger, hooks: metrics.hooks });
  metrics.watch(daemon);
  const cleanUp = async () => {
    await daemon.close();
    // After the workers stopped, so nothing writes under the prefix again.
    const redis = testRedis();
    await cleanPrefix(redis, prefix);
    await redis.quit();
  };
  let http: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    if (opts.start !== false) await daemon.start();
    http = await startHttpServer({ daemon, clock, log: silentLogger, port: 0, token: opts.token, metrics });
  } catch (err) {
    // A refused start (a weak token) must not leave the queues' keys behind.
    await cleanUp();
    throw err;
  }
  return {
    daemon,
    http,
    clock,
    metrics,
    prefix,
    url: http.url,
    async close() {
      await http.close();
      await cleanUp();
    },
  };
}

let seq = 0;

/** A scored post of our own, as the classifier chain would have written it. */
export function scoredPost(brand: string, at: number, over: Partial<ScoredPost> = {}): ScoredPost {
  seq += 1;
  const iso = new Date(at).toISOString();
  return {
    id: `weibo:http${seq}`,
    platform: 'weibo',
    sourceId: 'weibo-test',
    url: `https://weibo.example/status/${seq}`,
    author: { id: `u${seq}`, name: `用户${seq}`, followers: 1000 + seq },
    text: `抵制${brand}！店员太过分了，这是歧视 #${seq}`,
    publishedAt: iso,
    collectedAt: iso,
    lang: 'cmn',
    brands: [brand],
    sentiment: { score: -0.8, label: 'neg' },
    crisis: { terms: ['抵制', '歧视'], categories: ['boycott', 'discrimination'], score: 0.7, matches: [] },
    reach: 1000 + seq,
    ...over,
  };
}

/**
 * Writes `perMinute` negative posts a minute for `minutes` minutes into the brand's windows, then
 * lets the real evaluate stage run the rules: the threshold rule opens the incident.
 */
export async function wave(td: TestDaemon, brand: string, start: number, minutes: number, perMinute: number): Promise<void> {
  const posts: ScoredPost[] = [];
  for (let m = 0; m < minutes; m++) for (let k = 0; k < perMinute; k++) posts.push(scoredPost(brand, start + m * 60_000 + k * 5_000));
  await applyBatch(td.daemon.redis, td.prefix, posts);
  td.clock.advanceTo(start + minutes * 60_000);
  await td.daemon.queues.evaluate.add('brand', { kind: 'brand', brand });
  await drain(td.daemon);
}

/** fetch with JSON in and out. */
export async function call(
  td: TestDaemon,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined || opts.raw !== undefined) headers['Content-Type'] ??= 'application/json';
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${td.url}${path}`, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { text };
  }
  return { status: res.status, body, headers: res.headers };
}
