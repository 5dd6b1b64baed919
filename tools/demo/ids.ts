/**
 * Native ids and permalinks shaped like each platform's own, so generated posts exercise the same
 * id handling as collected ones: Weibo mids grow with time and their URLs carry the base62 `bid`,
 * tweet ids are snowflakes, WeChat articles have short `/s/` links, blog guids are WordPress-style.
 */
import type { Random } from './random.js';

const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function toBase62(n: number): string {
  let out = '';
  do {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out;
}

/**
 * Weibo's permalink id: the decimal mid cut into 7-digit groups from the right, each written in
 * base62 (4 characters, except the leftmost group).
 */
export function weiboBid(mid: string): string {
  let out = '';
  for (let end = mid.length; end > 0; end -= 7) {
    const group = toBase62(Number(mid.slice(Math.max(0, end - 7), end)));
    out = (end - 7 > 0 ? group.padStart(4, '0') : group) + out;
  }
  return out;
}

const TWITTER_EPOCH = 1288834974657n;

/** Hands out ids that are unique within one scenario and grow with time, as the platforms' do. */
export class IdMaker {
  private seq = 0;
  private readonly blogPosts = new Map<string, number>();

  constructor(private readonly random: Random) {}

  /** A 16-digit Weibo mid: seconds since late 2023, then a counter. */
  weiboMid(ms: number): string {
    const seconds = Math.floor(ms / 1000) - 1_700_000_000;
    return String(5_000_000_000_000_000 + seconds * 16_384 + (this.seq++ % 16_384));
  }

  /** A tweet id: milliseconds since the Twitter epoch, a worker number, a sequence. */
  tweetId(ms: number): string {
    const worker = BigInt(this.random.int(0, 1023));
    const id = ((BigInt(ms) - TWITTER_EPOCH) << 22n) | (worker << 12n) | BigInt(this.seq++ % 4096);
    return id.toString();
  }

  /** The 22-character code of a `mp.weixin.qq.com/s/<code>` short link. */
  wechatCode(): string {
    const alphabet = BASE62 + '-_';
    let code = '';
    for (let i = 0; i < 22; i++) code += alphabet[this.random.int(0, alphabet.length - 1)];
    return code;
  }

  /** The next WordPress post number on a blog, as in its `?p=` guid. */
  blogPostNumber(host: string): number {
    const n = (this.blogPosts.get(host) ?? this.random.int(800, 4000)) + this.random.int(1, 9);
    this.blogPosts.set(host, n);
    return n;
  }
}

/** A WeChat official account's `__biz`: base64 of its decimal number. */
export function wechatBiz(n: number): string {
  return Buffer.from(String(n)).toString('base64');
}

/** A URL path segment from a title; Chinese titles fall back to the post number. */
export function slugify(title: string, fallback: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug.length >= 8 ? slug : fallback;
}
