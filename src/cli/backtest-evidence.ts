/**
 * What a wave had said by a deadline, read from a scenario's own posts: the brand's posts
 * collected between the wave's start and the deadline that carry the signal a rule could have
 * acted on, and how many different people wrote them. Printed beside a late first alert, it tells a
 * rule that waited from a wave that had not spoken yet: at a few dozen posts a day, a boycott's
 * first post can come after minute 10, and a three-author floor cannot be met before the third
 * author's post is collected.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ClassifierOptions } from '../classifiers/classifier.js';
import { postFromInput } from '../classifiers/input.js';
import { buildClassifierChain } from '../classifiers/pipeline.js';
import { SEVERE_CATEGORIES, type ScoredPost } from '../types.js';

/** Which posts count: a crisis's serious posts, or a slow burn's negative and complaint posts. */
export type EvidenceKind = 'crisis' | 'negative';

export interface EvidenceAsk {
  brand: string;
  kind: EvidenceKind;
  /** Collection times (ms), from inclusive, to inclusive. */
  from: number;
  to: number;
}

export interface WaveEvidence {
  posts: number;
  authors: number;
}

function counts(post: ScoredPost, kind: EvidenceKind): boolean {
  if (post.official !== undefined) return false;
  const categories = post.crisis.categories;
  // The categories that can page: a crisis wave is made of these.
  if (kind === 'crisis') return categories.some((c) => SEVERE_CATEGORIES.includes(c));
  return post.sentiment.label === 'neg' || categories.includes('service') || categories.includes('fraud');
}

/**
 * Classifies the posts file with the scenario's brands and languages and counts, per ask, the
 * posts that carry its signal and their distinct authors. Lines that are not posts are skipped:
 * the replay has reported them already.
 */
export async function waveEvidence(file: string, options: ClassifierOptions, asks: readonly EvidenceAsk[]): Promise<WaveEvidence[]> {
  const found = asks.map(() => ({ posts: 0, authors: new Set<string>() }));
  if (asks.length === 0) return [];
  const chain = buildClassifierChain(options);
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo += 1;
    if (line.trim() === '') continue;
    let post: ScoredPost;
    try {
      // A post without times is dated 1970: it falls in no deadline's span.
      post = chain.classify(postFromInput(JSON.parse(line), `${file} line ${lineNo}`, new Date(0).toISOString()));
    } catch {
      continue;
    }
    const at = Date.parse(post.collectedAt);
    for (const [i, a] of asks.entries()) {
      if (at < a.from || at > a.to || !post.brands.includes(a.brand) || !counts(post, a.kind)) continue;
      const f = found[i] as (typeof found)[number];
      f.posts += 1;
      f.authors.add(`${post.platform}:${post.author.id}`);
    }
  }
  return found.map((f) => ({ posts: f.posts, authors: f.authors.size }));
}

/** "2 serious crisis posts from 2 authors", "no negative or complaint post". */
export function describeEvidence(e: WaveEvidence, kind: EvidenceKind): string {
  const what = kind === 'crisis' ? 'serious crisis post' : 'negative or complaint post';
  if (e.posts === 0) return `no ${what}`;
  return `${e.posts} ${what}${e.posts === 1 ? '' : 's'} from ${e.authors} author${e.authors === 1 ? '' : 's'}`;
}
