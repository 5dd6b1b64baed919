import type { CrisisCategory, Platform, Post, ScoredPost } from '../../src/types.js';

/*
 * The one post builder of the tests: made-up accounts and example.test links, so nothing is
 * mistaken for a real platform's data. Ids are unique within a test process.
 */

let seq = 0;

/** A collected post, before classification: `text` at event time `at` (ms). */
export function post(text: string, at: number, over: Partial<Post> = {}): Post {
  seq += 1;
  const platform = over.platform ?? 'twitter';
  const iso = new Date(at).toISOString();
  return {
    id: `${platform}:p${seq}`,
    platform,
    sourceId: 'test',
    url: `https://example.test/${platform}/${seq}`,
    author: { id: 'a', name: 'a' },
    text,
    publishedAt: iso,
    collectedAt: iso,
    ...over,
  };
}

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
export function scoredPost(s: PostSpec): ScoredPost {
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

/** `count` scored posts spread evenly over [from, from + spanMs). */
export function spread(count: number, from: number, spanMs: number, s: Omit<PostSpec, 'at'> = {}): ScoredPost[] {
  return Array.from({ length: count }, (_, i) => scoredPost({ ...s, at: from + Math.floor((i * spanMs) / Math.max(count, 1)) }));
}
