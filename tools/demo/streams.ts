/**
 * What the generator draws from: streams of posts whose expected rate changes with time (ordinary
 * chatter about each brand, a boycott wave spreading from platform to platform) and scheduled posts
 * at fixed moments (an official media report, the brand's apology, one angry blog post).
 */
import type { Author, Platform } from '../../src/types.js';
import { waveVoices } from './accounts.js';
import { wechatBiz } from './ids.js';
import { ZH_WITNESS } from './templates/zh-articles.js';
import type { DemoBrand, DemoLang } from './brands.js';
import type { Weighted } from './random.js';
import type { PostKind } from './templates/index.js';

/** The platforms the scenarios post on. */
export type DemoPlatform = Extract<Platform, 'weibo' | 'wechat' | 'twitter' | 'feed'>;

export const DEMO_PLATFORMS: readonly DemoPlatform[] = ['weibo', 'wechat', 'twitter', 'feed'];

/** A flow of posts about one brand. Times are minutes since the scenario start. */
export interface Stream {
  /** Names the stream in labels: `chatter`, `wave:weibo`, `wave:reaction` ... */
  name: string;
  brand: DemoBrand;
  /** Expected posts per minute during the minute starting at `minute`. */
  rate(minute: number): number;
  kinds(minute: number): readonly Weighted<PostKind>[];
  platforms: readonly Weighted<DemoPlatform>[];
  langs: Record<DemoPlatform, readonly Weighted<DemoLang>[]>;
  /** Multiplies likes, shares and comments: angry posts travel further. */
  engagement: number;
}

/** A post at a fixed moment, from a given account, optionally with its own words. */
export interface ScheduledPost {
  /** Minutes since the scenario start (fractions allowed). */
  at: number;
  brand: DemoBrand;
  platform: DemoPlatform;
  lang: DemoLang;
  kind: PostKind;
  author?: Author;
  /** Written text, placeholders allowed (`{brand}`); drawn from the templates when left out. */
  text?: string;
  title?: string;
  /** Fixes the post's native id and URL, so tests can find it. */
  nativeId?: string;
  url?: string;
  engagement?: number;
}

/** How people write on each platform. Weibo and WeChat are Chinese; Twitter and blogs mix. */
const LANGS: Record<DemoPlatform, readonly Weighted<DemoLang>[]> = {
  weibo: [['zh', 1]],
  wechat: [['zh', 1]],
  twitter: [['en', 50], ['fr', 25], ['zh', 25]],
  feed: [['en', 45], ['fr', 40], ['zh', 15]],
};

const WAVE_TWITTER_LANGS: readonly Weighted<DemoLang>[] = [['en', 50], ['fr', 30], ['zh', 20]];

/** Ordinary talk about one brand, a little busier in the Chinese evening. */
export function chatterStream(brand: DemoBrand, perMinute: number, startHourUtc: number): Stream {
  return {
    name: 'chatter',
    brand,
    rate: (minute) => perMinute * (1 + 0.2 * Math.sin((2 * Math.PI * (startHourUtc + minute / 60 - 7)) / 24)),
    kinds: () => [['chatter', 92], ['complaint', 8]],
    platforms: [['weibo', 42], ['twitter', 33], ['wechat', 8], ['feed', 17]],
    langs: LANGS,
    engagement: 1,
  };
}

/** A crisis wave against one brand. Minutes are counted from the scenario start. */
export interface WaveOptions {
  brand: DemoBrand;
  /** When the first post of the wave appears. */
  at: number;
  /** Expected crisis posts per minute on Weibo at the height of the wave (Twitter adds 35% later). */
  peakPerMinute: number;
  /** Minutes after `at` when the brand apologises. */
  apologyAfter: number;
  /** Minutes after `at` when Twitter takes the story up. @defaultValue 20 */
  twitterLag?: number;
  /** Minutes after `at` when blogs and WeChat articles follow. @defaultValue 40 */
  articlesLag?: number;
}

/**
 * The shape of a wave on one platform, 0..1: a steep logistic rise from the platform's start, a
 * fast fall with a long tail (most posts come in the first half hour, a few keep coming for hours),
 * and a quicker end once the brand has apologised. `m` is minutes since the wave start.
 */
export function waveShape(m: number, lag: number, apologyAt: number): number {
  const x = m - lag;
  if (x < 0) return 0;
  let v = 1 / (1 + Math.exp(-(x - 12.5) / 3.2));
  if (x > 14) v *= 0.88 * Math.exp(-(x - 14) / 9) + 0.12 * Math.exp(-(x - 14) / 80);
  if (m > apologyAt) v *= Math.exp(-(m - apologyAt) / 15);
  return v;
}

/** The streams and scheduled posts of one wave: Weibo first, then Twitter, then articles. */
export function waveStreams(w: WaveOptions): { streams: Stream[]; scheduled: ScheduledPost[] } {
  const twitterLag = w.twitterLag ?? 20;
  const articlesLag = w.articlesLag ?? 40;
  const apology = w.apologyAfter;
  const before: readonly Weighted<PostKind>[] = [['crisis', 82], ['news', 18]];
  // Once the brand has apologised, reports are about the apology: those are reaction templates.
  const after: readonly Weighted<PostKind>[] = [['reaction', 70], ['crisis', 30]];
  const kinds = (minute: number) => (minute - w.at >= apology ? after : before);
  const wave = (name: string, lag: number, share: number, platforms: readonly Weighted<DemoPlatform>[]): Stream => ({
    name: `wave:${name}`,
    brand: w.brand,
    rate: (minute) => w.peakPerMinute * share * waveShape(minute - w.at, lag, apology),
    kinds,
    platforms,
    langs: { ...LANGS, twitter: WAVE_TWITTER_LANGS },
    engagement: 3,
  });
  const reaction: Stream = {
    name: 'wave:reaction',
    brand: w.brand,
    rate: (minute) => {
      const m = minute - w.at - apology;
      return m < 1 ? 0 : w.peakPerMinute * 0.1 * (1 - Math.exp(-m / 3)) * Math.exp(-m / 16);
    },
    kinds: () => [['reaction', 1]],
    platforms: [['weibo', 64], ['twitter', 30], ['feed', 4], ['wechat', 2]],
    langs: { ...LANGS, twitter: WAVE_TWITTER_LANGS },
    engagement: 2,
  };
  const streams = [
    wave('weibo', 0, 1, [['weibo', 1]]),
    wave('twitter', twitterLag, 0.35, [['twitter', 1]]),
    wave('articles', articlesLag, 0.04, [['feed', 60], ['wechat', 40]]),
    reaction,
  ];
  const scheduled: ScheduledPost[] = waveVoices(apology, w.brand).map((v) => ({
    at: w.at + v.at + 0.3,
    brand: w.brand,
    platform: v.platform,
    lang: v.lang,
    kind: v.kind,
    author: v.author,
    engagement: v.kind === 'apology' ? 1 : 2,
  }));
  // The witness who starts it all: a small WeChat account's article, the wave's very first post.
  scheduled.push({
    at: w.at,
    brand: w.brand,
    platform: 'wechat',
    lang: 'zh',
    kind: 'crisis',
    author: { id: wechatBiz(3_271_940_662), name: '巴黎小巷日记' },
    ...ZH_WITNESS,
  });
  return { streams, scheduled };
}
