import { hostname } from 'node:os';
import { Queue, type DefaultJobOptions, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { RetryableError } from '../errors.js';
import type { ClassifyJob, CollectJob, EvaluateJob, NotifyJob, Role } from './jobs.js';
import { JOB_LOCK_MS, STALLED_CHECK_MS } from './worker-settings.js';

/**
 * The four queues as every process opens them: names, retries, backoff and how long finished jobs
 * are kept. A change to a queue's retry policy goes here, and only here.
 */
export const JOB_DEFAULTS: Readonly<Record<Role, DefaultJobOptions>> = {
  // A failed tick is not retried: the next tick polls again from the stored cursor.
  collect: { attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } },
  classify: { attempts: 5, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: { age: 7 * 86_400 } },
  evaluate: { attempts: 3, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: { age: 86_400 } },
  notify: { attempts: 12, backoff: { type: 'vigie' }, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 30 * 86_400 } },
};

// A type, not an interface: Object.values() on it then knows its values are queues.
export type Queues = {
  collect: Queue<CollectJob>;
  classify: Queue<ClassifyJob>;
  evaluate: Queue<EvaluateJob>;
  notify: Queue<NotifyJob>;
};

/** The four queues on one shared connection (adding jobs does not block it). */
export function openQueues(connection: Redis, prefix: string): Queues {
  const opts = (role: Role) => ({ connection, prefix, defaultJobOptions: JOB_DEFAULTS[role] });
  return {
    collect: new Queue<CollectJob>('collect', opts('collect')),
    classify: new Queue<ClassifyJob>('classify', opts('classify')),
    evaluate: new Queue<EvaluateJob>('evaluate', opts('evaluate')),
    notify: new Queue<NotifyJob>('notify', opts('notify')),
  };
}

/** What every main-thread worker of every role is started with, on its own connection. */
export function workerOptions(connection: Redis, prefix: string, concurrency: number): WorkerOptions {
  return {
    connection,
    prefix,
    autorun: false,
    concurrency,
    settings: { backoffStrategy: vigieBackoff },
    lockDuration: JOB_LOCK_MS,
    stalledInterval: STALLED_CHECK_MS,
    // Recorded on each job (processedBy): the queues board shows which process ran it.
    name: `${hostname()}:${process.pid}`,
  };
}

/**
 * The `vigie` backoff (notify jobs): waits as long as the other side asked (Retry-After), else
 * between half and all of `backoffCeiling` (exponential, jittered so retries spread out).
 */
export function vigieBackoff(attemptsMade: number, _type?: string, err?: Error): number {
  if (err instanceof RetryableError && err.retryAfterMs !== undefined) return err.retryAfterMs;
  const cap = backoffCeiling(attemptsMade);
  return Math.round(cap / 2 + (Math.random() * cap) / 2);
}

/** The longest wait after the n-th failure (n from 1): 1 s, doubling, at most a minute. */
export function backoffCeiling(attemptsMade: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));
}
