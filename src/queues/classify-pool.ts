/**
 * Classification on every core of one process: ClassifyPool runs N classify threads
 * (src/queues/classify-thread.ts), each a full classify worker with its own chain and Redis
 * connections, so the main thread keeps collect, evaluate and notify to itself. Counting stays
 * exactly-once across threads: it is decided in Redis, one SET NX per post, whoever runs the job.
 *
 * A thread that dies is started again after a pause; the jobs it held are taken back by BullMQ's
 * stalled-job check and counted once all the same.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { ClassifierOptions } from '../classifiers/classifier.js';
import { discardPrestartedThreads, takePrestartedThread, THREAD_RESOURCE_LIMITS, threadScript } from './classify-prestart.js';
import type { ClassifyThreadInit, FromThread, ToThread } from './classify-protocol.js';
import type { FinishedJob } from './jobs.js';
import type { ScoredSummary } from './stages/classify.js';

export interface ClassifyPoolOptions {
  size: number;
  init: Omit<ClassifyThreadInit, 'scoredSummaries'>;
  log: Logger;
  onFinished?(job: FinishedJob, error?: Error): void;
  onScored?(summary: ScoredSummary): void;
}

export { resolveClassifyThreads } from './classify-prestart.js';

/** A dead thread is started again after this long. */
const RESTART_DELAY_MS = 1000;
/** A thread that has not ended this long after being asked to close is stopped. */
const CLOSE_GRACE_MS = 30_000;

interface Slot {
  thread?: Worker;
  ready: boolean;
}

export class ClassifyPool {
  private readonly slots: Slot[];
  private classifiers: ClassifierOptions;
  private concurrency: number;
  private closing?: Promise<void>;

  constructor(private readonly o: ClassifyPoolOptions) {
    this.slots = Array.from({ length: o.size }, () => ({ ready: false }));
    this.classifiers = o.init.classifiers;
    this.concurrency = o.init.concurrency;
  }

  /**
   * Starts every thread, adopting those started ahead (src/queues/classify-prestart.ts) first;
   * resolves once each has built its chain and runs its worker.
   */
  async start(): Promise<void> {
    const started = this.slots.map((slot, i) => this.spawn(slot, i));
    discardPrestartedThreads();
    await Promise.all(started);
  }

  /** Whether each thread is running (readiness). */
  states(): boolean[] {
    return this.slots.map((s) => s.ready && !this.closing);
  }

  /** A reload: every thread rebuilds its chain and takes the new concurrency. */
  reconfigure(classifiers: ClassifierOptions, concurrency: number): void {
    this.classifiers = classifiers;
    this.concurrency = concurrency;
    for (const s of this.slots) s.thread?.postMessage({ type: 'reconfigure', classifiers, concurrency } satisfies ToThread);
  }

  /** Lets each thread finish its active jobs and end. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= Promise.all(this.slots.map((s) => this.stop(s))).then(() => undefined);
    return this.closing;
  }

  /**
   * A forced stop: every thread is stopped at once, even one whose close waits on a Redis that
   * does not answer. Its active jobs keep their place in Redis and run again once their lock
   * expires. Resolves when every thread has ended.
   */
  async terminate(): Promise<void> {
    this.closing ??= Promise.resolve();
    await Promise.all(this.slots.map((s) => s.thread?.terminate()));
  }

  /** Threads not yet ended (starting, running or closing). */
  liveThreads(): number {
    return this.slots.filter((s) => s.thread !== undefined).length;
  }

  private spawn(slot: Slot, index: number): Promise<void> {
    const init: ClassifyThreadInit = {
      ...this.o.init,
      classifiers: this.classifiers,
      concurrency: this.concurrency,
      workerName: `${this.o.init.workerName}/classify-${index}`,
      scoredSummaries: this.o.onScored !== undefined,
    };
    const prestarted = takePrestartedThread();
    const thread = prestarted ?? new Worker(threadScript(), { workerData: init, resourceLimits: THREAD_RESOURCE_LIMITS });
    if (prestarted) prestarted.postMessage({ type: 'init', init } satisfies ToThread);
    const spawnedAt = performance.now();
    slot.thread = thread;
    slot.ready = false;
    return new Promise((resolve, reject) => {
      let started = false;
      thread.on('message', (m: FromThread) => {
        if (m.type === 'ready') {
          this.o.log.debug({ thread: index, prestarted: prestarted !== undefined, ms: Math.round(performance.now() - spawnedAt) }, 'classify thread ready');
          slot.ready = true;
          started = true;
          resolve();
        } else if (m.type === 'finished') {
          this.o.onFinished?.(m.job, m.error ? Object.assign(new Error(m.error.message), { name: m.error.name }) : undefined);
        } else if (m.type === 'scored') this.o.onScored?.(m.summary);
        else this.o.log[m.level]({ ...m.fields, thread: index }, m.message);
      });
      thread.on('error', (err) => {
        this.o.log.error({ thread: index, err: err.message }, 'classify thread failed');
        if (!started) reject(new Error(`classify thread ${index} could not start: ${err.message}`, { cause: err }));
      });
      thread.on('exit', (code) => {
        slot.ready = false;
        if (slot.thread === thread) slot.thread = undefined;
        if (this.closing || !started) return;
        this.o.log.error({ thread: index, code }, `classify thread ended unexpectedly (exit ${code}); starting it again`);
        setTimeout(() => {
          if (!this.closing) void this.spawn(slot, index).catch((err: Error) => this.o.log.error({ thread: index, err: err.message }, 'classify thread could not restart'));
        }, RESTART_DELAY_MS).unref();
      });
    });
  }

  private async stop(slot: Slot): Promise<void> {
    const thread = slot.thread;
    if (!thread) return;
    const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
    thread.postMessage({ type: 'close' } satisfies ToThread);
    const timer = setTimeout(() => {
      this.o.log.warn({}, 'a classify thread did not end in time: stopping it');
      void thread.terminate();
    }, CLOSE_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}
