/**
 * Feeds the daemon's collect queue the way a scheduler would, and knows when the pipeline is idle.
 *
 * The replay source returns the posts published up to the clock's now, from its cursor on; the
 * driver moves that clock to the publishedAt of the post it wants released, so it releases posts
 * by count, whatever the scenario's event rate. It has its own Redis connection and queue handles,
 * left out of the daemon's round-trip counts: in production the scheduler's tick is one add.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ManualClock } from '../../src/clock.js';
import { jobId, type CollectJob, type EvaluateJob } from '../../src/queues/jobs.js';

export interface DriverDeps {
  redis: Redis;
  prefix: string;
  clock: ManualClock;
  /** publishedAt of every post of the file, in order. */
  times: Float64Array;
  sweepEveryMs: number;
}

export class Driver {
  readonly collect: Queue<CollectJob>;
  readonly evaluate: Queue<EvaluateJob>;
  private readonly queues: Queue[];
  /** Posts the collect stage queued, and posts whose classify job finished: what is in flight. */
  collected = 0;
  classified = 0;
  /** Index of the first post not released yet. */
  released = 0;
  private ticks = 0;
  /** Last time a post was collected or classified: a pipeline that stops moving fails the run. */
  private lastProgress = Date.now();
  private lastSweep = 0;
  private waiters: (() => void)[] = [];
  private collectDone = new Map<string, () => void>();

  constructor(private readonly d: DriverDeps) {
    const opts = { connection: d.redis, prefix: d.prefix };
    this.collect = new Queue<CollectJob>('collect', opts);
    this.evaluate = new Queue<EvaluateJob>('evaluate', opts);
    this.queues = ['collect', 'classify', 'evaluate', 'notify'].map((name) => (name === 'collect' ? this.collect : name === 'evaluate' ? this.evaluate : new Queue(name, opts)));
  }

  /** Hook: the collect stage queued `posts`. */
  onCollected(posts: number): void {
    this.collected += posts;
    if (posts > 0) this.lastProgress = Date.now();
  }

  /** Hook: any job left a worker (the quiet wait at the end counts evaluations and notifications as progress). */
  onJobFinished(): void {
    this.lastProgress = Date.now();
  }

  /** Hook: a collect job left the worker. */
  onCollectFinished(id: string | undefined): void {
    if (id) this.collectDone.get(id)?.();
  }

  /** Hook: a classify job left the worker. */
  onClassified(posts: number): void {
    this.classified += posts;
    this.lastProgress = Date.now();
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  /** Posts in the file. */
  get total(): number {
    return this.d.times.length;
  }

  get inFlight(): number {
    return this.collected - this.classified;
  }

  /** Moves the clock so that every post up to index `upTo` (exclusive) is published. */
  release(upTo: number): void {
    const { times, clock } = this.d;
    const last = Math.min(upTo, times.length) - 1;
    if (last < this.released) return;
    const t = times[last] as number;
    clock.advanceTo(t);
    // Posts sharing that millisecond are published too.
    let i = last + 1;
    while (i < times.length && (times[i] as number) <= t) i++;
    this.released = i;
  }

  /** Queues one collect tick; resolves when the job has run, if asked to wait. */
  async tick(wait: boolean): Promise<void> {
    this.ticks += 1;
    const id = jobId('bench', this.ticks);
    const done = wait ? new Promise<void>((resolve) => this.collectDone.set(id, resolve)) : undefined;
    await this.collect.add('tick', { sourceId: 'replay', tick: new Date(this.d.clock.now()).toISOString() }, { jobId: id });
    if (done) {
      await done;
      this.collectDone.delete(id);
    }
  }

  /** The periodic sweep, at the clock's time, when it is due in wall time. */
  async maybeSweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < this.d.sweepEveryMs) return;
    this.lastSweep = now;
    const at = this.d.clock.now();
    await this.evaluate.add('sweep', { kind: 'sweep', at }, { jobId: jobId('sweep', at) });
  }

  /** Resolves once fewer than `limit` posts wait to be classified. */
  async untilInFlightBelow(limit: number): Promise<void> {
    while (this.inFlight >= limit) {
      this.checkStalled();
      await Promise.race([new Promise<void>((resolve) => this.waiters.push(resolve)), sleep(1000)]);
    }
  }

  private checkStalled(): void {
    if (Date.now() - this.lastProgress > STALL_MS) {
      throw new Error(
        `the pipeline made no progress for ${STALL_MS / 1000} s (${this.collected} posts collected, ${this.classified} classified): ` +
          'is a worker failing? Run with LOG_LEVEL=warn to see its errors',
      );
    }
  }

  /** Ticks until every released post was collected, then waits until no stage has work left. */
  async finish(tickEveryMs: number): Promise<void> {
    while (this.collected < this.released) {
      this.checkStalled();
      await this.tick(true);
      if (this.collected < this.released) await sleep(tickEveryMs);
    }
    let quiet = 0;
    while (quiet < 2) {
      const counts = await Promise.all(this.queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')));
      const busy = this.inFlight > 0 || counts.some((c) => Object.values(c).some((n) => n > 0));
      quiet = busy ? 0 : quiet + 1;
      if (busy) this.checkStalled();
      await sleep(10);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
  }
}

const STALL_MS = 60_000;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
