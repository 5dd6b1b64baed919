import type { Redis } from 'ioredis';
import { applyBatch } from '../../src/alerts/windows.js';
import type { CrisisCategory, Platform, ScoredPost } from '../../src/types.js';

let seq = 0;

export interface PostSpec {
  brand?: string;
  at: number;
  label?: 'neg' | 'neu' | 'pos';
  terms?: string[];
  categories?: CrisisCategory[];
  platform?: Platform;
  lang?: string;
  reach?: number;
  text?: string;
  author?: string;
}

/** A classified post as the classifiers would emit it, with our own made-up values. */
export function scored(s: PostSpec): ScoredPost {
  seq += 1;
  const platform = s.platform ?? 'weibo';
  const iso = new Date(s.at).toISOString();
  const terms = s.terms ?? [];
  return {
    id: `${platform}:t${seq}`,
    platform,
    sourceId: `${platform}-test`,
    url: `https://${platform}.example.com/p/${seq}`,
    author: { id: `a${seq}`, name: s.author ?? `user ${seq}`, followers: s.reach ?? 100 },
    text: s.text ?? `post ${seq}`,
    publishedAt: iso,
    collectedAt: iso,
    lang: s.lang ?? 'cmn',
    brands: [s.brand ?? 'acme'],
    sentiment: { score: s.label === 'neg' ? -0.7 : s.label === 'pos' ? 0.7 : 0, label: s.label ?? 'neu' },
    crisis: {
      terms,
      categories: s.categories ?? (terms.length > 0 ? ['boycott'] : []),
      score: terms.length > 0 ? 0.6 : 0,
      matches: [],
    },
    reach: s.reach ?? 100,
  };
}

/** `count` posts spread evenly over [from, from + spanMs). */
export function spread(count: number, from: number, spanMs: number, s: Omit<PostSpec, 'at'> = {}): ScoredPost[] {
  return Array.from({ length: count }, (_, i) => scored({ ...s, at: from + Math.floor((i * spanMs) / Math.max(count, 1)) }));
}

export async function write(redis: Redis, prefix: string, posts: ScoredPost[]): Promise<void> {
  for (let i = 0; i < posts.length; i += 500) await applyBatch(redis, prefix, posts.slice(i, i + 500));
}
