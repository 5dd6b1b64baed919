import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import { collectOnce } from '../../sources/collect.js';
import type { Source } from '../../sources/source.js';
import type { Post } from '../../types.js';
import { jobId, type ClassifyJob, type CollectJob } from '../jobs.js';

export interface CollectStageDeps {
  redis: Redis;
  prefix: string;
  clock: Clock;
  log: Logger;
  sources: () => Map<string, Source>;
  classify: Queue<ClassifyJob>;
  /** Posts per classify job: a collected page, capped so one job stays small. */
  batchSize: number;
  /** `alerting.retention`: posts dated before it are dropped at intake. */
  retentionMs?: number;
  onCollected?(sourceId: string, posts: number): void;
}

/**
 * The per-source poll lock's lifetime (extended every third of it while the poll runs). A process
 * killed mid-poll blocks the source's next ticks until it expires: as long as a job's lock, not more.
 */
const SOURCE_LOCK_MS = 15_000;

/** Polls one source for one tick and queues what it found, a page per classify job. */
export function collectStage(d: CollectStageDeps) {
  return async (data: CollectJob, signal: AbortSignal): Promise<{ posts: number; skipped?: boolean }> => {
    const source = d.sources().get(data.sourceId);
    if (!source) {
      d.log.warn({ source: data.sourceId }, 'tick for a source that is no longer configured: skipped');
      return { posts: 0, skipped: true };
    }
    let count = 0;
    const enqueue = async (posts: Post[]): Promise<void> => {
      const jobs = [];
      for (let i = 0; i < posts.length; i += d.batchSize) {
        const page = posts.slice(i, i + d.batchSize);
        // Named by its posts: a page queued again after a crash (before the cursor was stored) is
        // the same job while the first one waits; windows count each post once in any case.
        const id = jobId('page', source.id, createHash('sha1').update(page.map((p) => p.id).join('\n')).digest('hex').slice(0, 16));
        jobs.push({ name: 'page', data: { sourceId: source.id, posts: page, enqueuedAt: Date.now() }, opts: { jobId: id } });
      }
      if (jobs.length > 0) await d.classify.addBulk(jobs);
      count += posts.length;
    };
    const outcome = await collectOnce(source, {
      redis: d.redis,
      prefix: d.prefix,
      clock: d.clock,
      log: d.log.child({ source: source.id }),
      signal,
      enqueue,
      lockTtlMs: SOURCE_LOCK_MS,
      retentionMs: d.retentionMs,
    });
    d.onCollected?.(source.id, count);
    return { posts: count, skipped: outcome.skipped };
  };
}
