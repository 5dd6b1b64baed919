/**
 * The generator loop: walks the scenario one minute at a time, draws how many posts each stream
 * produces in that minute, adds the scheduled ones, sorts the minute and yields it. Only one
 * minute's posts are ever held, so a 200,000-post bench streams in constant memory.
 */
import type { Author, Post, PostMetrics } from '../../src/types.js';
import { AccountPool } from './accounts.js';
import type { DemoBrand, DemoLang } from './brands.js';
import { IdMaker, slugify, weiboBid } from './ids.js';
import { createRandom, type Random } from './random.js';
import type { DemoPlatform, ScheduledPost, Stream } from './streams.js';
import type { PostKind } from './templates/index.js';
import { article, fill, shortPost, type TextContext } from './text.js';

const MINUTE = 60_000;

/** A generated post with what the generator meant it to be: ground truth for tests and evals. */
export interface ScenarioItem {
  post: Post;
  brand: string;
  kind: PostKind;
  lang: DemoLang;
  /** The stream that produced it (`chatter`, `wave:weibo` ...) or `scheduled`. */
  stream: string;
}

/** What the loop needs; scenario.ts builds it from the public options. */
export interface GeneratorPlan {
  seed: number;
  start: Date;
  /** Exclusive; Infinity when only `limit` ends the scenario. */
  endMinute: number;
  limit: number;
  streams: readonly Stream[];
  scheduled: readonly ScheduledPost[];
}

/** Source ids the generated posts carry, one per platform: the demo config defines these sources. */
export const DEMO_SOURCE_IDS: Record<DemoPlatform, string> = {
  weibo: 'weibo-search',
  wechat: 'wechat-mirror',
  twitter: 'twitter-search',
  feed: 'blogs',
};

/** Seconds between publication and collection, by platform: mirrors and feeds lag behind. */
const COLLECT_DELAY_S: Record<DemoPlatform, readonly [number, number]> = {
  weibo: [20, 240],
  twitter: [5, 120],
  wechat: [120, 1200],
  feed: [60, 900],
};

interface Pending {
  at: number;
  order: number;
  brand: DemoBrand;
  platform: DemoPlatform;
  lang: DemoLang;
  kind: PostKind;
  stream: string;
  engagement: number;
  fixed?: ScheduledPost;
}

export function* generateItems(plan: GeneratorPlan): Generator<ScenarioItem, void, undefined> {
  const random = createRandom(plan.seed);
  // One generator per stream: adding a wave leaves the chatter around it exactly as it was.
  const timings = plan.streams.map((s, i) => random.fork(`timing:${i}:${s.name}:${s.brand.id}`));
  const writer = new PostWriter(random.fork('posts'));
  const startMs = plan.start.getTime();
  const scheduled = [...plan.scheduled].sort((a, b) => a.at - b.at);
  let next = 0;
  let emitted = 0;
  if (plan.limit <= 0) return;
  for (let minute = 0; minute < plan.endMinute; minute++) {
    const batch: Pending[] = [];
    while (next < scheduled.length && (scheduled[next] as ScheduledPost).at < minute + 1) {
      const s = scheduled[next++] as ScheduledPost;
      // To the nearest second: a post rounded up to the next minute still sorts before that minute's.
      const at = startMs + Math.round(s.at * 60) * 1000;
      batch.push({
        at,
        order: batch.length,
        brand: s.brand,
        platform: s.platform,
        lang: s.lang,
        kind: s.kind,
        stream: 'scheduled',
        engagement: s.engagement ?? 1,
        fixed: s,
      });
    }
    for (const [s, stream] of plan.streams.entries()) {
      const timing = timings[s] as Random;
      const n = timing.poisson(stream.rate(minute));
      for (let i = 0; i < n; i++) {
        const platform = timing.weighted(stream.platforms);
        batch.push({
          at: startMs + minute * MINUTE + timing.int(0, 59) * 1000,
          order: batch.length,
          brand: stream.brand,
          platform,
          lang: timing.weighted(stream.langs[platform]),
          kind: timing.weighted(stream.kinds(minute)),
          stream: stream.name,
          engagement: stream.engagement,
        });
      }
    }
    batch.sort((a, b) => a.at - b.at || a.order - b.order);
    for (const p of batch) {
      yield { post: writer.write(p), brand: p.brand.id, kind: p.kind, lang: p.lang, stream: p.stream };
      if (++emitted >= plan.limit) return;
    }
  }
}

/** Builds Post objects, always with the same key order so the JSONL output is stable. */
class PostWriter {
  private readonly ids: IdMaker;
  private readonly accounts: AccountPool;

  constructor(private readonly random: Random) {
    this.ids = new IdMaker(random.fork('ids'));
    this.accounts = new AccountPool(random.fork('accounts'));
  }

  write(p: Pending): Post {
    const { random } = this;
    const ctx: TextContext = {
      brand: p.brand,
      lang: p.lang,
      kind: p.kind,
      product: random.pick(p.brand.products[p.lang]),
      random,
      otherUser: () => this.accounts.person('weibo', 'zh').name,
    };
    const [lo, hi] = COLLECT_DELAY_S[p.platform];
    const collectedAt = new Date(p.at + random.int(lo, hi) * 1000).toISOString();
    const publishedAt = new Date(p.at).toISOString();
    if (p.platform === 'weibo' || p.platform === 'twitter') {
      const author = p.fixed?.author ?? this.accounts.person(p.platform, p.platform === 'weibo' ? 'zh' : p.lang);
      const text = p.fixed?.text !== undefined ? fill(p.fixed.text, ctx) : shortPost(ctx, p.platform);
      const nativeId = p.fixed?.nativeId ?? (p.platform === 'weibo' ? this.ids.weiboMid(p.at) : this.ids.tweetId(p.at));
      const url =
        p.fixed?.url ??
        (p.platform === 'weibo'
          ? `https://weibo.com/${author.id}/${weiboBid(nativeId)}`
          : `https://x.com/${author.name}/status/${nativeId}`);
      const post: Post = {
        id: `${p.platform}:${nativeId}`,
        platform: p.platform,
        sourceId: DEMO_SOURCE_IDS[p.platform],
        url,
        author,
        text,
        publishedAt,
        collectedAt,
        metrics: this.metrics(author, p.engagement),
      };
      if (p.platform === 'twitter') post.langHint = p.lang;
      return post;
    }
    const outlet = p.fixed?.author
      ? { author: p.fixed.author, host: undefined }
      : p.platform === 'wechat'
        ? this.accounts.wechat()
        : this.accounts.blog(p.lang);
    const written =
      p.fixed?.text !== undefined
        ? { title: fill(p.fixed.title ?? '', ctx), text: fill(p.fixed.text, ctx) }
        : article(ctx);
    let nativeId: string;
    let url: string;
    if (p.platform === 'wechat') {
      const code = this.ids.wechatCode();
      nativeId = p.fixed?.nativeId ?? code;
      url = p.fixed?.url ?? `https://mp.weixin.qq.com/s/${code}`;
    } else {
      const host = outlet.host ?? 'blog.example';
      const n = this.ids.blogPostNumber(host);
      const day = publishedAt.slice(0, 10).replaceAll('-', '/');
      nativeId = p.fixed?.nativeId ?? `https://${host}/?p=${n}`;
      url = p.fixed?.url ?? `https://${host}/${day}/${slugify(written.title, `p${n}`)}/`;
    }
    return {
      id: `${p.platform}:${nativeId}`,
      platform: p.platform,
      sourceId: DEMO_SOURCE_IDS[p.platform],
      url,
      author: outlet.author,
      text: written.text,
      title: written.title,
      publishedAt,
      collectedAt,
    };
  }

  /** Likes grow with the audience; shares and comments are a fraction of likes. */
  private metrics(author: Author, engagement: number): PostMetrics {
    const { random } = this;
    const audience = author.followers ?? 100;
    const likes = Math.round(random.logNormal(audience * 0.004 + 2, 0.9) * engagement);
    return {
      likes,
      shares: Math.round(likes * (0.05 + random.next() * 0.35)),
      comments: Math.round(likes * (0.04 + random.next() * 0.25)),
    };
  }
}
