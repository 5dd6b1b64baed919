import type { Redis } from 'ioredis';
import { applyBatch } from '../../src/alerts/windows.js';
import type { ScoredPost } from '../../src/types.js';

/** The kit's builders, under the names these suites use. */
export { scoredPost as scored, spread, type PostSpec } from '../helpers/posts.js';

/** Writes posts into the windows, in batches as the classify stage does. */
export async function write(redis: Redis, prefix: string, posts: ScoredPost[]): Promise<void> {
  for (let i = 0; i < posts.length; i += 500) await applyBatch(redis, prefix, posts.slice(i, i + 500));
}
