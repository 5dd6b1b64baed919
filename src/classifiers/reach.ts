/**
 * How many people a post can reach: its author's followers plus its engagement, a share
 * counting twice (it shows the post to another audience), at least 1. Counts a platform did not
 * give, or gave as nonsense (negative, not a number), count as 0.
 */
import type { Post } from '../types.js';

const count = (n: number | undefined): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

export function reachOf(post: Pick<Post, 'author' | 'metrics'>): number {
  const m = post.metrics;
  const total = count(post.author?.followers) + count(m?.likes) + 2 * count(m?.shares) + count(m?.comments);
  return Math.max(1, total);
}
