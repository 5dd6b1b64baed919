/**
 * Per-brand time buckets in event time. Every post adds to the bucket of its minute and of its
 * hour: minutes answer "what happened in the last 15 minutes", hours carry a week-long baseline
 * without reading ten thousand keys. Field names:
 *   posts, neg, pos, crisis, severe, reachNeg, c:<category>, p:<platform>, l:<lang>, t:<term>,
 *   x:<platform>:<metric> (the metrics that hurt, per platform: where a wave spreads)
 * Next to them, per brand, minute and hurting metric, a HyperLogLog of the authors (authorMetrics):
 * "9 posts from 8 authors" without keeping the authors, in a few hundred bytes at most.
 */
export type Bucket = Record<string, number>;

/** An HGETALL reply as numbers. */
export function toBucket(reply: unknown): Bucket {
  const out: Bucket = {};
  if (reply && typeof reply === 'object') for (const [k, v] of Object.entries(reply)) out[k] = Number(v);
  return out;
}
