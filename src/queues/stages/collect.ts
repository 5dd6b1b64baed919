import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { HandOn } from '../../intake/intake.js';
import { collectOnce } from '../../sources/collect.js';
import type { Source } from '../../sources/source.js';
import type { Post } from '../../types.js';
import type { CollectJob } from '../jobs.js';

export interface CollectStageDeps {
  redis: Redis;
  prefix: string;
  clock: Clock;
  log: Logger;
  sources: () => Map<string, Source>;
  /** Where the intake hands new posts: the classify queue, a page per job (src/queues/classify-pages.ts). */
  handOn: HandOn;
  /** `alerting.retention`: posts dated before it are dropped at intake. */
  retentionMs?: number;
  onCollected?(sourceId: string, posts: number): void;
}

/**
 * The per-source poll lock's lifetime (extended every third of it while the poll runs). A process
 * killed mid-poll blocks the source's next ticks until it expires: as long as a job's lock, not more.
 */
const SOURCE_LOCK_MS = 15_000;

/** Polls one source for one tick; the intake queues what is new. */
export function collectStage(d: CollectStageDeps) {
  return async (data: CollectJob, signal: AbortSignal): Promise<{ posts: number; skipped?: boolean }> => {
    const source = d.sources().get(data.sourceId);
    if (!source) {
      d.log.warn({ source: data.sourceId }, 'tick for a source that is no longer configured: skipped');
      return { posts: 0, skipped: true };
    }
    const outcome = await collectOnce(source, {
      redis: d.redis,
      prefix: d.prefix,
      clock: d.clock,
      log: d.log.child({ source: source.id }),
      signal,
      enqueue: async (posts: Post[]) => void (await d.handOn(source.id, posts)),
      lockTtlMs: SOURCE_LOCK_MS,
      retentionMs: d.retentionMs,
    });
    const count = outcome.skipped ? 0 : outcome.queued;
    d.onCollected?.(source.id, count);
    return { posts: count, skipped: outcome.skipped };
  };
}
