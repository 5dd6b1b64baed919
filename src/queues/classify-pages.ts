import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Post } from '../types.js';
import { jobId, type ClassifyJob } from './jobs.js';

/** Posts per classify job unless the daemon is told otherwise (`DaemonOptions.batchSize`). */
export const DEFAULT_PAGE_SIZE = 500;

/**
 * The intake's hand-on in the daemon (src/intake/intake.ts): new posts into the classify queue,
 * a page of at most `pageSize` per job, in one round trip. Returns the number of jobs.
 */
export function classifyPages(queue: Queue<ClassifyJob>, pageSize: number) {
  return async (originId: string, posts: Post[]): Promise<number> => {
    const enqueuedAt = Date.now();
    const jobs = [];
    for (let i = 0; i < posts.length; i += pageSize) {
      const page = posts.slice(i, i + pageSize);
      // Named by its posts: a page queued again after a crash (before the seen-marks were stored)
      // is the same job while the first one waits; windows count each post once in any case.
      const id = jobId('page', originId, createHash('sha1').update(page.map((p) => p.id).join('\n')).digest('hex').slice(0, 16));
      jobs.push({ name: 'page', data: { sourceId: originId, posts: page, enqueuedAt }, opts: { jobId: id } });
    }
    if (jobs.length > 0) await queue.addBulk(jobs);
    return jobs.length;
  };
}
