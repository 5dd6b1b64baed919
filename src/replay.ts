import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { QueueEvents } from 'bullmq';
import type { Logger } from 'pino';
import { ManualClock, MINUTE, minuteOf } from './clock.js';
import type { VigieConfig } from './config/load.js';
import { Daemon, type DaemonHooks } from './daemon.js';
import { keys } from './keys.js';
import { jobId, QUEUE_NAMES } from './queues/jobs.js';
import { cleanPrefixKeys } from './clean-prefix.js';

export interface ReplayOptions {
  config: VigieConfig;
  file: string;
  /**
   * Event time runs this many times faster than wall time; Infinity for as fast as possible. A
   * function is asked before every step, so the pace can change (the demo slows down while a
   * critical incident waits for someone to acknowledge it).
   */
  speed: number | (() => number | Promise<number>);
  /** Appends every notification as one JSON line here. */
  alertsOut?: string;
  /** Key prefix for this replay's state; defaults to `<prefix>:replay:<file name and hash>`. */
  prefix?: string;
  /** Forget an earlier run of this replay and start again. */
  fresh?: boolean;
  log: Logger;
  /** Progress for people (stderr). */
  progress?: (p: ReplayProgress) => void;
  hooks?: DaemonHooks;
  /** Called once the daemon runs, before the first post (the HTTP server hooks in here). */
  onStart?(daemon: Daemon, clock: ManualClock): Promise<void> | void;
  /** Keep the daemon (and its workers) running after the end; the caller closes it. */
  keepRunning?: boolean;
  /** Extra event time played after the last post, so quiet-period resolutions happen. */
  tailMs?: number;
  /** Stops between two steps (SIGINT): the cursor is kept, a later run resumes. */
  signal?: AbortSignal;
}

export interface ReplayProgress {
  eventTime: number;
  start: number;
  end: number;
  posts: number;
  totalPosts: number;
  done: boolean;
}

export interface ReplayResult {
  prefix: string;
  posts: number;
  steps: number;
  incidents: number;
  resumed: boolean;
  /** Stopped by the signal before the end. */
  interrupted: boolean;
  daemon?: Daemon;
}

const STEP = MINUTE;

/**
 * Feeds a recorded scenario through the same queues as a live source, in event time: a manual
 * clock moves a minute at a time, a collect job per minute polls the replay source (whose cursor
 * is the file offset), and a sweep per minute runs the incident bookkeeping at that time.
 */
export async function runReplay(o: ReplayOptions): Promise<ReplayResult> {
  const span = await scanFile(o.file);
  if (span.posts === 0) throw new Error(`${o.file}: no posts to replay`);
  const prefix = o.prefix ?? `${o.config.redis.prefix}:replay:${span.name}`;
  const config = replayConfig(o.config, o.file, prefix, o.alertsOut);
  const clock = new ManualClock(minuteOf(span.first));
  const daemon = new Daemon({ config, roles: QUEUE_NAMES, clock, log: o.log, hooks: o.hooks, schedule: false });
  if (o.fresh) await cleanPrefixKeys(daemon.redis, prefix);
  const progressKey = keys(prefix).replayProgress();
  const resumedAt = Number((await daemon.redis.get(progressKey)) ?? 0);
  if (resumedAt > 0) clock.advanceTo(resumedAt);
  await daemon.start();
  await o.onStart?.(daemon, clock);
  const events = new QueueEvents('collect', { connection: daemon.redis.duplicate(), prefix });
  await events.waitUntilReady();

  let posts = 0;
  let steps = 0;
  const end = minuteOf(span.last) + STEP + (o.tailMs ?? 0);
  const report = (done: boolean) =>
    o.progress?.({ eventTime: clock.now(), start: span.first, end, posts, totalPosts: span.posts, done });
  try {
    const speedNow = async () => (typeof o.speed === 'number' ? o.speed : await o.speed());
    let wallStart = Date.now();
    let eventStart = clock.now();
    let speed = await speedNow();
    for (let t = clock.now() + STEP; t <= end; t += STEP) {
      if (o.signal?.aborted) break;
      clock.advanceTo(t);
      posts += await collectStep(daemon, events, t, o.signal);
      await daemon.queues.evaluate.add('sweep', { kind: 'sweep', at: t }, { jobId: jobId('sweep', t) });
      await daemon.redis.set(progressKey, String(t));
      steps += 1;
      if (steps % 10 === 0) report(false);
      const next = await speedNow();
      if (next !== speed) {
        // A new pace counts from here, not from the start.
        [wallStart, eventStart, speed] = [Date.now(), t, next];
      }
      if (Number.isFinite(speed)) {
        const due = wallStart + (t - eventStart) / speed;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }
    await drain(daemon);
    report(true);
    const incidents = (await daemon.incidentStore.list()).length;
    const interrupted = o.signal?.aborted === true;
    return { prefix, posts, steps, incidents, resumed: resumedAt > 0, interrupted, daemon: o.keepRunning ? daemon : undefined };
  } finally {
    await events.close();
    if (!o.keepRunning) await daemon.close();
  }
}

/**
 * Polls the replay source up to event time `t`. A poll skipped because the source's lock is held
 * (a replay killed mid-poll keeps it until it expires) is tried again: event time must not move
 * past posts that were never read.
 */
async function collectStep(daemon: Daemon, events: QueueEvents, t: number, signal?: AbortSignal): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const id = attempt === 0 ? jobId('replay', t) : jobId('replay', t, 'again', attempt);
    const job = await daemon.queues.collect.add('tick', { sourceId: 'replay', tick: new Date(t).toISOString() }, { jobId: id });
    const result = (await job.waitUntilFinished(events, 120_000)) as { posts: number; skipped?: boolean };
    if (!result.skipped || signal?.aborted) return result.posts;
    if (attempt >= 180) throw new Error(`the replay source stayed locked for ${attempt} s: is another replay of this file running under the same prefix?`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Waits until no stage has work left (retries included), up to a minute. */
export async function drain(daemon: Daemon, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietRounds = 0;
  while (Date.now() < deadline) {
    const counts = await Promise.all(
      Object.values(daemon.queues).map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')),
    );
    const busy = counts.some((c) => Object.values(c).some((n) => n > 0));
    quietRounds = busy ? 0 : quietRounds + 1;
    // Twice quiet in a row: a stage may be between finishing a job and adding the next.
    if (quietRounds >= 2) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The config as the replay runs it: one replay source, and the alerts file as an extra channel. */
function replayConfig(config: VigieConfig, file: string, prefix: string, alertsOut?: string): VigieConfig {
  const out: VigieConfig = {
    ...config,
    redis: { ...config.redis, prefix },
    sources: [{ id: 'replay', type: 'replay', options: { path: file, batch: 2000 }, extra: { enabled: true } }],
  };
  if (alertsOut) {
    const id = 'alerts-out';
    out.channels = [...config.channels, { id, type: 'jsonl', options: { path: alertsOut }, extra: {} }];
    out.routes = config.routes.map((r) => ({ ...r, channels: [...r.channels, id] }));
    if (out.routes.length === 0) out.routes = [{ channels: [id], stop: true }];
    out.escalation = Object.fromEntries(
      Object.entries(config.escalation).map(([k, p]) => [k, { steps: p.steps.map((s) => ({ ...s, channels: [...s.channels, id] })) }]),
    );
  }
  return out;
}

interface FileSpan {
  name: string;
  first: number;
  last: number;
  posts: number;
}

/** One pass over the file for its time span and size, and a name that changes with its content. */
async function scanFile(file: string): Promise<FileSpan> {
  const hash = createHash('sha1');
  let first = Infinity;
  let last = -Infinity;
  let posts = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    hash.update(line);
    const m = /"publishedAt"\s*:\s*"([^"]+)"/.exec(line);
    const t = m ? Date.parse(m[1] as string) : NaN;
    if (Number.isNaN(t)) continue;
    posts += 1;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const base = file.split('/').pop()?.replace(/\.jsonl?$/, '').replace(/[^a-zA-Z0-9_-]/g, '_') ?? 'replay';
  return { name: `${base}-${hash.digest('hex').slice(0, 8)}`, first, last, posts };
}
