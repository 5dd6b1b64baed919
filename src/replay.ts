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
import { parseIsoInstant } from './intake/published-at.js';
import { cleanPrefixKeys } from './clean-prefix.js';
import { replayChannels, type ReplayDelivery } from './replay-channels.js';

export { describeDelivery, type ReplayDelivery } from './replay-channels.js';

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
  /**
   * Send to the configured channels (Slack, email, the alerts file...). Off by default: a replay's
   * alerts go only to its terminal and `alertsOut` (see replay-channels.ts).
   */
  liveChannels?: boolean;
  /** In an isolated replay, print alerts on standard output. @default true */
  terminal?: boolean;
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
  /** Where the alerts went. */
  delivery: ReplayDelivery;
  daemon?: Daemon;
}

const STEP = MINUTE;

/**
 * Feeds a recorded scenario through the same queues as a live source, in event time: a manual
 * clock moves a minute at a time; at each step a collect job polls the replay source (whose cursor
 * is the file offset) up to that time, each brand that received posts is evaluated at its newest
 * post's time (as a live poll's posts are), then a sweep evaluates every brand and does the
 * incident bookkeeping at that time.
 *
 * Deterministic: the same file gives the same notifications at the same event times on every run.
 * Each step waits until every stage has finished the step's work before the clock moves on, brands
 * are evaluated only once all of the step's posts are in the windows (never halfway through a
 * classification), and evaluate and notify jobs run one at a
 * time, so incidents get their ids and notifications their order the same way every time. Times are
 * therefore measured to the step (a minute).
 */
export async function runReplay(o: ReplayOptions): Promise<ReplayResult> {
  const span = await scanFile(o.file, o.config.alerting.retention);
  if (span.posts === 0) throw new Error(`${o.file}: no posts to replay`);
  if (span.outside > 0) {
    o.log.warn(
      { file: o.file, outside: span.outside, from: new Date(span.first).toISOString(), to: new Date(span.last).toISOString() },
      `${span.outside} post(s) dated far outside the file's span (more than alerting.retention away from the others) are not replayed`,
    );
  }
  const prefix = o.prefix ?? `${o.config.redis.prefix}:replay:${span.name}`;
  const { config, delivery } = replayConfig(o, prefix);
  const clock = new ManualClock(minuteOf(span.first));
  const daemon = new Daemon({ config, roles: QUEUE_NAMES, clock, log: o.log, hooks: o.hooks, schedule: false, evaluateOnClassify: false });
  const progressKey = keys(prefix).replayProgress();
  // QueueEvents leaves a connection it is given open when it closes: these are closed in `finally`.
  const eventConnections = [daemon.redis.duplicate(), daemon.redis.duplicate()] as const;
  const events = new QueueEvents('collect', { connection: eventConnections[0], prefix });
  const evaluated = new QueueEvents('evaluate', { connection: eventConnections[1], prefix });
  let resumedAt = 0;
  let posts = 0;
  let steps = 0;
  const end = minuteOf(span.last) + STEP + (o.tailMs ?? 0);
  const report = (done: boolean) =>
    o.progress?.({ eventTime: clock.now(), start: span.first, end, posts, totalPosts: span.posts, done });
  let finished = false;
  // Everything from here on is closed in `finally`, whatever fails (a refused command included):
  // a connection left open would fail later, in whoever owns the process.
  try {
    if (o.fresh) await cleanPrefixKeys(daemon.redis, prefix);
    resumedAt = Number((await daemon.redis.get(progressKey)) ?? 0);
    if (resumedAt > 0) clock.advanceTo(resumedAt);
    await daemon.start();
    await o.onStart?.(daemon, clock);
    await Promise.all([events.waitUntilReady(), evaluated.waitUntilReady()]);
    const brandIds = config.brands.map((b) => b.id);
    // Each brand's newest event time after the last step: the next step evaluates the brands it moves.
    let latest = await daemon.windows.latestOf(brandIds);
    const speedNow = async () => (typeof o.speed === 'number' ? o.speed : await o.speed());
    let wallStart = Date.now();
    let eventStart = clock.now();
    let speed = await speedNow();
    for (let t = clock.now() + STEP; t <= end; t += STEP) {
      if (o.signal?.aborted) break;
      clock.advanceTo(t);
      // A step without posts needs no poll: the sweep alone moves the incidents on.
      if (span.steps.has(t)) {
        posts += await collectStep(daemon, events, t, o.signal);
        await settle(daemon);
        latest = await evaluateCollected(daemon, evaluated, brandIds, latest, t);
      }
      const [sweep] = await Promise.all([
        daemon.queues.evaluate.add('sweep', { kind: 'sweep', at: t }, { jobId: jobId('sweep', t) }),
        daemon.redis.set(progressKey, String(t)),
      ]);
      // Woken by the sweep's completion rather than by polling; then whatever it queued (notifications).
      await sweep.waitUntilFinished(evaluated, 120_000);
      await settle(daemon);
      // A group wait or an escalation that ends within the minute is done at its time, as the live
      // sweep (every few seconds) would, not at the next step.
      const due = await nextDueWithin(daemon, t, t + STEP);
      if (due !== undefined) {
        clock.advanceTo(due);
        const pass = await daemon.queues.evaluate.add('incidents', { kind: 'incidents', at: due }, { jobId: jobId('incidents', due) });
        await pass.waitUntilFinished(evaluated, 120_000);
        await settle(daemon);
      }
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
    finished = true;
    return { prefix, posts, steps, incidents, resumed: resumedAt > 0, interrupted, delivery, daemon: o.keepRunning ? daemon : undefined };
  } finally {
    await Promise.all([events.close(), evaluated.close()]);
    await Promise.all(eventConnections.map((c) => c.quit().catch(() => c.disconnect())));
    // A daemon kept running for the caller is kept only when the replay got to the end.
    if (!o.keepRunning || !finished) await daemon.close();
  }
}

/**
 * What a live daemon does once a poll's posts are counted: each brand that received posts is
 * evaluated at its newest post's time (the `brand` job of the classify stage), so an incident opens,
 * and its group wait starts, at the time of the post that tipped it rather than at the end of the
 * minute. The replay does it after the step's posts are all in, one brand after the other in the
 * configuration's order, so the result does not depend on how the step's posts were batched.
 */
async function evaluateCollected(daemon: Daemon, evaluated: QueueEvents, brands: readonly string[], before: readonly number[], t: number): Promise<number[]> {
  const after = await daemon.windows.latestOf(brands);
  const touched = brands.filter((_, i) => (after[i] ?? 0) > (before[i] ?? 0));
  if (touched.length === 0) return after;
  const jobs = await daemon.queues.evaluate.addBulk(
    touched.map((brand) => ({ name: 'brand', data: { kind: 'brand' as const, brand }, opts: { jobId: jobId('replay-eval', brand, t) } })),
  );
  for (const job of jobs) await job.waitUntilFinished(evaluated, 120_000);
  await settle(daemon);
  return after;
}

/**
 * Polls the replay source up to event time `t`, as many times as it takes to read every post
 * published by then (a poll returns at most a batch). A poll skipped because the source's lock is
 * held (a replay killed mid-poll keeps it until it expires) is tried again: event time must not move
 * past posts that were never read.
 */
async function collectStep(daemon: Daemon, events: QueueEvents, t: number, signal?: AbortSignal): Promise<number> {
  let total = 0;
  for (let attempt = 0; ; attempt++) {
    const id = attempt === 0 ? jobId('replay', t) : jobId('replay', t, 'again', attempt);
    const job = await daemon.queues.collect.add('tick', { sourceId: 'replay', tick: new Date(t).toISOString() }, { jobId: id });
    const result = (await job.waitUntilFinished(events, 120_000)) as { posts: number; skipped?: boolean };
    total += result.posts;
    if (signal?.aborted) return total;
    if (!result.skipped && result.posts < REPLAY_BATCH) return total;
    if (result.skipped) {
      if (attempt >= 180) throw new Error(`the replay source stayed locked for ${attempt} s: is another replay of this file running under the same prefix?`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/**
 * Waits until no stage has a job waiting, running or due for a retry. The queues are read in
 * pipeline order (collect, classify, evaluate, notify) on one connection: a job only ever adds jobs
 * to later queues, and adds them before it completes, so once a queue reads empty nothing earlier can
 * refill the later ones, and one quiet read is enough.
 */
export async function settle(daemon: Daemon, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const queues = Object.values(daemon.queues);
  for (let pause = 1; ; pause = Math.min(pause * 2, 20)) {
    const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'paused')));
    if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
    if (Date.now() > deadline) throw new Error(`the pipeline did not settle within ${timeoutMs / 1000} s: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, pause));
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

/** Posts per poll of the replay source. */
const REPLAY_BATCH = 2000;

/**
 * The config as the replay runs it: its own key prefix, one replay source, the channels it may use
 * (replay-channels.ts), and one worker per stage for evaluations and notifications (determinism).
 */
function replayConfig(o: ReplayOptions, prefix: string): { config: VigieConfig; delivery: ReplayDelivery } {
  const { config, delivery } = replayChannels(o.config, { alertsOut: o.alertsOut, liveChannels: o.liveChannels, terminal: o.terminal });
  return {
    config: {
      ...config,
      redis: { ...config.redis, prefix },
      sources: [{ id: 'replay', type: 'replay', options: { path: o.file, batch: REPLAY_BATCH }, extra: { enabled: true } }],
      workers: { ...config.workers, collect: 1, evaluate: 1, notify: 1 },
    },
    delivery,
  };
}

interface FileSpan {
  name: string;
  first: number;
  last: number;
  posts: number;
  /** Lines with a date outside the played span (or none): the replay source refuses them. */
  outside: number;
  /** The steps (minute ends) that have posts to collect: a post at t is collected by step ⌈t⌉. */
  steps: Set<number>;
}

/**
 * One pass over the file for its time span and size, and a name that changes with its content.
 * The span is the largest run of posts with no gap longer than the retention between two of them:
 * a single post dated year 1 (or 9999) in a file of 2026 posts must not make the replay step
 * through two thousand years, nor start every brand's history there. Posts outside the run are
 * then refused by the collect stage's date check (older than the retention) or never reached.
 */
async function scanFile(file: string, retentionMs: number): Promise<FileSpan> {
  const hash = createHash('sha1');
  type Run = { first: number; last: number; posts: number };
  const near = (r: Run, t: number) => t >= r.first - retentionMs && t <= r.last + retentionMs;
  const add = (r: Run, t: number): Run => ({ first: Math.min(r.first, t), last: Math.max(r.last, t), posts: r.posts + 1 });
  let best: Run = { first: Infinity, last: -Infinity, posts: 0 };
  let run: Run | undefined;
  // Posts far from the current run: an outlier when the file comes back, the next run when it grows.
  let apart: Run | undefined;
  let dated = 0;
  const allSteps = new Set<number>();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    hash.update(line);
    const m = /"publishedAt"\s*:\s*"([^"]+)"/.exec(line);
    const t = m ? parseIsoInstant(m[1] as string) : undefined;
    if (t === undefined) continue;
    dated += 1;
    if (!run || near(run, t)) {
      run = run ? add(run, t) : { first: t, last: t, posts: 1 };
      apart = undefined;
    } else if (apart && near(apart, t)) {
      apart = add(apart, t);
      if (apart.posts > run.posts) [run, apart] = [apart, undefined];
    } else apart = { first: t, last: t, posts: 1 };
    if (run.posts > best.posts) best = run;
    allSteps.add(Math.ceil(t / STEP) * STEP);
  }
  if (apart && apart.posts > best.posts) best = apart;
  const base = file.split('/').pop()?.replace(/\.jsonl?$/, '').replace(/[^a-zA-Z0-9_-]/g, '_') ?? 'replay';
  const steps = new Set([...allSteps].filter((s) => s >= Math.ceil(best.first / STEP) * STEP && s <= Math.ceil(best.last / STEP) * STEP));
  return { name: `${base}-${hash.digest('hex').slice(0, 8)}`, first: best.first, last: best.last, posts: best.posts, outside: dated - best.posts, steps };
}

/** The earliest pending notification or escalation of an open incident strictly within (from, to). */
async function nextDueWithin(daemon: Daemon, from: number, to: number): Promise<number | undefined> {
  let first: number | undefined;
  for (const inc of await daemon.incidentStore.openDigests()) {
    for (const iso of [inc.notifyAt, inc.escalateAt]) {
      const at = iso === undefined ? NaN : Date.parse(iso);
      if (at > from && at < to && (first === undefined || at < first)) first = at;
    }
  }
  return first;
}
