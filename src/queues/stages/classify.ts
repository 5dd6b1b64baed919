import { setImmediate } from 'node:timers/promises';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { applyBatch, type WindowOptions } from '../../alerts/windows.js';
import type { ClassifierChain } from '../../classifiers/classifier.js';
import type { ScoredPost } from '../../types.js';
import { jobId, type ClassifyJob, type EvaluateJob } from '../jobs.js';

export interface ClassifyStageDeps {
  redis: Redis;
  prefix: string;
  chain: () => ClassifierChain;
  /** Where brand evaluations are asked for; without it, brands wait for the sweep (a replay). */
  evaluate?: Queue<EvaluateJob>;
  windows: WindowOptions;
  /** Called with each scored batch (metrics, tests). */
  onScored?(posts: ScoredPost[], fresh: number): void;
}

/**
 * Longest stretch of classification between two turns of the event loop (ms). A page of 500 posts
 * is tens of milliseconds of CPU; the evaluate and notify jobs of the same process wait that long
 * for each Redis reply meanwhile, and an evaluation waits for a few dozen of them: classified in
 * one go, a page adds its whole CPU time to every alert's latency, several times over.
 */
const SLICE_MS = 2;

/**
 * Scores a page of posts, writes them into the windows (each post once), then asks for an
 * evaluation of every brand it touched. The evaluate job id is per brand: while one waits, more
 * batches for that brand add nothing, which debounces a burst into one evaluation.
 */
export function classifyStage(d: ClassifyStageDeps) {
  return async (data: ClassifyJob): Promise<{ posts: number; fresh: number }> => {
    const chain = d.chain();
    const scored: ScoredPost[] = [];
    let sliceStart = performance.now();
    for (const post of data.posts) {
      scored.push(chain.classify(post));
      if (performance.now() - sliceStart >= SLICE_MS && scored.length < data.posts.length) {
        await setImmediate();
        sliceStart = performance.now();
      }
    }
    const { fresh, brands } = await applyBatch(d.redis, d.prefix, scored, d.windows);
    d.onScored?.(scored, fresh);
    if (d.evaluate && fresh > 0 && brands.size > 0) {
      await d.evaluate.addBulk(
        [...brands.keys()].map((brand) => ({
          name: 'brand',
          data: { kind: 'brand', brand, enqueuedAt: data.enqueuedAt },
          opts: { jobId: jobId('eval', brand) },
        })),
      );
    }
    return { posts: scored.length, fresh };
  };
}
