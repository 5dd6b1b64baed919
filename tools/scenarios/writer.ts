/**
 * Turns flows (a brand, a rate over time, the kinds of posts and where they appear) into Post
 * objects, a minute at a time, in publishedAt order. Texts come from the demo's templates for
 * ordinary chatter and complaints (and the demo's queue-discrimination story) and from texts.ts for
 * the suite's own kinds (or, asked for, from people's posts and labelled sets: `TextSwaps`); accounts
 * and ids from the demo's pools, so posts look like the demo's.
 */
import { AccountPool } from '../demo/accounts.js';
import { IdMaker, slugify, weiboBid } from '../demo/ids.js';
import { createRandom, type Random, type Weighted } from '../demo/random.js';
import { DEMO_SOURCE_IDS, type DemoLang, type DemoPlatform, type PostKind } from '../demo/scenario.js';
import { article, fill, shortPost, type TextContext } from '../demo/text.js';
import type { Author, Post } from '../../src/types.js';
import type { SuiteBrand } from './brands.js';
import { SUITE_TEXTS, type SuiteKind } from './texts.js';
import type { WaveTexts } from './wave-texts.js';

const MINUTE = 60_000;

/** What a post is: one of the demo's kinds or one of the suite's. */
export type TextKind = PostKind | SuiteKind;

/** A flow of posts about one brand. */
export interface Flow {
  /** Names the flow in the generator's labels (`chatter`, `wave`, `flood`...). */
  label: string;
  brand: SuiteBrand;
  /** Expected posts per minute in the minute starting at `t` (ms). */
  rate(t: number): number;
  kinds: readonly Weighted<TextKind>[];
  platforms: readonly Weighted<DemoPlatform>[];
  langs?: Partial<Record<DemoPlatform, readonly Weighted<DemoLang>[]>>;
  /** Multiplies likes, shares and comments. @default 1 */
  engagement?: number;
  /** Every post of the flow from this account (a flood, a celebrity). */
  author?: Author;
  /** Every post of the flow with this text (a flood repeats itself). */
  text?: string;
  /** `rate` is an exact count of posts per minute, not an expectation (a single post, a script). */
  exact?: boolean;
  /** Posts of this flow are about someone else (namesakes). */
  notTheBrand?: boolean;
  /** The brand's ordinary volume, for a brand's everyday flow: what the expectation file reports. */
  perDay?: number;
}

/** How people write on each platform. */
const LANGS: Record<DemoPlatform, readonly Weighted<DemoLang>[]> = {
  weibo: [['zh', 1]],
  wechat: [['zh', 1]],
  twitter: [['en', 50], ['fr', 25], ['zh', 25]],
  feed: [['en', 45], ['fr', 40], ['zh', 15]],
};

/** Ordinary traffic: mostly Weibo and X, some blogs and WeChat articles. */
export const EVERYWHERE: readonly Weighted<DemoPlatform>[] = [['weibo', 42], ['twitter', 33], ['wechat', 8], ['feed', 17]];

const COLLECT_DELAY_S: Record<DemoPlatform, readonly [number, number]> = {
  weibo: [20, 240],
  twitter: [5, 120],
  wechat: [120, 1200],
  feed: [60, 900],
};

const MOOD: Record<TextKind, 'pos' | 'neg' | 'none'> = {
  chatter: 'pos',
  complaint: 'neg',
  crisis: 'neg',
  news: 'none',
  reaction: 'neg',
  apology: 'none',
  boycott: 'neg',
  safety: 'neg',
  allergy: 'neg',
  service: 'neg',
  grumble: 'neg',
  launch: 'pos',
  namesake: 'none',
};

/**
 * People's own posts (../shared/data's sentiment sets) put in place of a share of the ordinary
 * chatter and complaints: the suite's templates never read as a crisis, everyday posts sometimes do
 * (about 2.7%: "New violence erupted in the West Bank", 粉尘爆炸, 气的头冒烟), so calm days with them
 * test the rules on realistic false categories.
 */
export interface EverydayTexts {
  /** The share of ordinary posts (chatter, complaints) given an everyday text instead. */
  share: number;
  rows: Record<DemoLang, readonly string[]>;
}

/** Ordinary kinds an everyday post may stand in for (not crisis waves, news or apologies). */
const EVERYDAY_KINDS: ReadonlySet<TextKind> = new Set(['chatter', 'complaint']);

/** Other texts in place of the generator's own: each keeps the posts' times, authors and platforms. */
export interface TextSwaps {
  /** People's own posts for a share of the ordinary ones (`--everyday`). */
  everyday?: EverydayTexts;
  /** Labelled crisis posts for every crisis post (`--wave-texts`). */
  wave?: WaveTexts;
}

/** Generates the posts of all flows between `start` and `end` (ms), minute by minute. */
export function* generatePosts(
  seed: number,
  start: number,
  end: number,
  flows: readonly Flow[],
  swaps: TextSwaps = {},
): Generator<{ post: Post; flow: Flow; kind: TextKind }> {
  if (start % MINUTE !== 0) throw new RangeError('scenario: start on a whole minute');
  const random = createRandom(seed);
  const timings = flows.map((f, i) => random.fork(`timing:${i}:${f.label}:${f.brand.id}`));
  // Their own forks: a suite with other texts has the same times, authors and platforms as without.
  const writer = new PostWriter(
    random.fork('posts'),
    swaps.everyday && { ...swaps.everyday, random: random.fork('everyday') },
    swaps.wave && { ...swaps.wave, random: random.fork('wave-texts') },
  );
  for (let t = start; t < end; t += MINUTE) {
    const batch: { at: number; order: number; flow: Flow; platform: DemoPlatform; lang: DemoLang; kind: TextKind }[] = [];
    for (const [i, flow] of flows.entries()) {
      const r = timings[i] as Random;
      const n = flow.exact ? Math.round(flow.rate(t)) : r.poisson(flow.rate(t));
      for (let k = 0; k < n; k++) {
        const platform = r.weighted(flow.platforms);
        batch.push({
          at: t + r.int(0, 59) * 1000,
          order: batch.length,
          flow,
          platform,
          lang: r.weighted(flow.langs?.[platform] ?? LANGS[platform]),
          kind: r.weighted(flow.kinds),
        });
      }
    }
    batch.sort((a, b) => a.at - b.at || a.order - b.order);
    for (const p of batch) yield { post: writer.write(p.at, p.flow, p.platform, p.lang, p.kind), flow: p.flow, kind: p.kind };
  }
}

/** One of `rows`, drawn with `random`, one of the brand's spellings in front; none without rows. */
function named(random: Random, brand: SuiteBrand, lang: DemoLang, rows: readonly string[] | undefined): string | undefined {
  if (!rows || rows.length === 0) return undefined;
  return `${random.weighted(brand.spellings[lang])} ${random.pick(rows)}`;
}

class PostWriter {
  private readonly ids: IdMaker;
  private readonly accounts: AccountPool;

  constructor(
    private readonly random: Random,
    private readonly everyday?: EverydayTexts & { random: Random },
    private readonly wave?: WaveTexts & { random: Random },
  ) {
    this.ids = new IdMaker(random.fork('ids'));
    this.accounts = new AccountPool(random.fork('accounts'));
  }

  write(at: number, flow: Flow, platform: DemoPlatform, lang: DemoLang, kind: TextKind): Post {
    const { random } = this;
    const ctx: TextContext = {
      brand: flow.brand,
      lang,
      kind: kind in SUITE_TEXTS ? 'crisis' : (kind as PostKind),
      product: random.pick(flow.brand.products[lang]),
      random,
      otherUser: () => this.accounts.person('weibo', 'zh').name,
    };
    const [lo, hi] = COLLECT_DELAY_S[platform];
    const publishedAt = new Date(at).toISOString();
    const collectedAt = new Date(at + random.int(lo, hi) * 1000).toISOString();
    const short = platform === 'weibo' || platform === 'twitter';
    // Written even when an everyday post replaces it: the posts' own random stream, and so every
    // later post, stays what it is without --everyday.
    let written = flow.text !== undefined ? { text: flow.text, title: flow.text.slice(0, 60) } : this.text(ctx, kind, short ? platform : undefined);
    const swapped = flow.text === undefined && !flow.notTheBrand ? (this.everydayText(flow.brand, lang, kind) ?? this.waveText(flow.brand, lang, kind)) : undefined;
    if (swapped !== undefined) written = { text: swapped, title: swapped.slice(0, 60) };

    if (short) {
      const author = flow.author ?? this.accounts.person(platform, platform === 'weibo' ? 'zh' : lang);
      const nativeId = platform === 'weibo' ? this.ids.weiboMid(at) : this.ids.tweetId(at);
      const url = platform === 'weibo' ? `https://weibo.com/${author.id}/${weiboBid(nativeId)}` : `https://x.com/${author.name}/status/${nativeId}`;
      const audience = author.followers ?? 100;
      const likes = Math.round(random.logNormal(audience * 0.004 + 2, 0.9) * (flow.engagement ?? 1));
      const post: Post = {
        id: `${platform}:${nativeId}`,
        platform,
        sourceId: DEMO_SOURCE_IDS[platform],
        url,
        author,
        text: written.text,
        publishedAt,
        collectedAt,
        metrics: { likes, shares: Math.round(likes * (0.05 + random.next() * 0.35)), comments: Math.round(likes * (0.04 + random.next() * 0.25)) },
      };
      if (platform === 'twitter') post.langHint = lang;
      return post;
    }
    const outlet = flow.author ? { author: flow.author, host: undefined } : platform === 'wechat' ? this.accounts.wechat() : this.accounts.blog(lang);
    let nativeId: string;
    let url: string;
    if (platform === 'wechat') {
      nativeId = this.ids.wechatCode();
      url = `https://mp.weixin.qq.com/s/${nativeId}`;
    } else {
      const host = outlet.host ?? 'blog.example';
      const n = this.ids.blogPostNumber(host);
      nativeId = `https://${host}/?p=${n}`;
      url = `https://${host}/${publishedAt.slice(0, 10).replaceAll('-', '/')}/${slugify(written.title, `p${n}`)}/`;
    }
    return {
      id: `${platform}:${nativeId}`,
      platform,
      sourceId: DEMO_SOURCE_IDS[platform],
      url,
      author: outlet.author,
      text: written.text,
      title: written.title,
      publishedAt,
      collectedAt,
    };
  }

  /** An everyday post with the brand's name in front, for a share of the ordinary kinds. */
  private everydayText(brand: SuiteBrand, lang: DemoLang, kind: TextKind): string | undefined {
    const e = this.everyday;
    if (!e || !EVERYDAY_KINDS.has(kind) || !e.random.chance(e.share)) return undefined;
    return named(e.random, brand, lang, e.rows[lang]);
  }

  /** A labelled crisis post of a category the kind is made of, the brand's name in front. */
  private waveText(brand: SuiteBrand, lang: DemoLang, kind: TextKind): string | undefined {
    const w = this.wave;
    return w && named(w.random, brand, lang, w.rows[kind]?.[lang]);
  }

  /** A short post (Weibo, X) or an article (title and a few sentences) of the kind. */
  private text(ctx: TextContext, kind: TextKind, platform: 'weibo' | 'twitter' | undefined): { title: string; text: string } {
    if (!(kind in SUITE_TEXTS)) {
      if (platform) return { title: '', text: shortPost(ctx, platform) };
      return article(ctx);
    }
    const list = SUITE_TEXTS[kind as SuiteKind][ctx.lang];
    const mood = MOOD[kind];
    const one = () => fill(this.random.pick(list), ctx, mood);
    if (platform) return { title: '', text: one() };
    const sentences = new Set<string>();
    const want = Math.min(list.length, this.random.int(2, 3));
    while (sentences.size < want) sentences.add(one());
    const [title, ...rest] = [...sentences];
    const joiner = ctx.lang === 'zh' ? '' : ' ';
    const end = (s: string) => (/[.!?。！？]$/.test(s) ? s : `${s}${ctx.lang === 'zh' ? '。' : '.'}`);
    return { title: title as string, text: [title as string, ...rest].map(end).join(joiner) };
  }
}
