import { isoUtc } from '../clock.js';
import { InputError } from '../errors.js';
import type { Post } from '../types.js';
import { parseDate } from './dates.js';
import { BlockedError } from './errors.js';
import type { HttpResponse } from './http.js';
import { htmlToText } from './text.js';

/**
 * m.weibo.cn answers (`{ok, data:{cardlistInfo, cards[]}}`) into Posts, and the ways Weibo says
 * "no" told apart from "nothing new" (SOURCES.md 1).
 */

export interface WeiboUser {
  id?: number | string;
  screen_name?: string;
  followers_count?: number | string;
}

export interface Mblog {
  id?: string | number;
  mid?: string | number;
  bid?: string;
  created_at?: string;
  text?: string;
  isLongText?: boolean;
  mblogtype?: number;
  isTop?: number;
  user?: WeiboUser | null;
  reposts_count?: number | string;
  comments_count?: number | string;
  attitudes_count?: number | string;
  retweeted_status?: Mblog | null;
}

interface Card {
  card_type?: number;
  profile_type_id?: string;
  mblog?: Mblog;
  card_group?: Card[];
}

export interface WeiboPage {
  mblogs: { mblog: Mblog; pinned: boolean }[];
  /** Next page of a user timeline. */
  sinceId?: string;
}

const CHINA = 8 * 3_600_000;
const MINUTE = 60_000;

/** Reads a getIndex (or statuses/extend) answer: data, "no results", or a refusal. */
export function readWeibo(res: HttpResponse, what: string): { ok: true; data: Record<string, unknown> } | { ok: false } {
  if (res.status === 418 || res.status === 403 || res.status === 432) {
    const why = res.status === 432 ? 'visitor cookie missing or expired' : 'anti-scraping block';
    throw new BlockedError(`Weibo answered HTTP ${res.status} to ${what} (${why})`, res.status);
  }
  const text = res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    if (/^\s*</.test(text) || res.mediaType === 'text/html') {
      const where = res.redirected ? `, redirected to ${res.url.split('?')[0]}` : '';
      throw new BlockedError(`Weibo answered ${what} with an HTML page${where} instead of JSON (visitor system or login wall)`, res.status);
    }
    throw new InputError(`answer is not JSON: ${text.slice(0, 60).replace(/\s+/g, ' ')}`, what, { cause: err });
  }
  const ok = (body as { ok?: unknown } | null)?.ok;
  if (ok === -100) throw new BlockedError(`Weibo asks to log in (ok:-100) for ${what}: set or renew the cookie`, res.status);
  if (ok === 0) return { ok: false };
  const data = (body as { data?: unknown } | null)?.data;
  if (ok !== 1 || typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(`unexpected answer (ok:${JSON.stringify(ok)})`, what);
  }
  return { ok: true, data: data as Record<string, unknown> };
}

/** The statuses in a page, cards of type 9 at any depth (search nests them in type 11 groups). */
export function pageMblogs(data: Record<string, unknown>): WeiboPage {
  const mblogs: WeiboPage['mblogs'] = [];
  const walk = (cards: unknown) => {
    if (!Array.isArray(cards)) return;
    for (const card of cards as Card[]) {
      if (card?.mblog && typeof card.mblog === 'object') {
        const m = card.mblog;
        const pinned = m.mblogtype === 2 || m.isTop === 1 || String(card.profile_type_id ?? '').startsWith('proweibotop');
        mblogs.push({ mblog: m, pinned });
      }
      walk(card?.card_group);
    }
  };
  walk(data.cards);
  const info = data.cardlistInfo as { since_id?: unknown } | undefined;
  const since = info?.since_id;
  return { mblogs, sinceId: since === undefined || since === null || since === '' ? undefined : String(since) };
}

export function midOf(m: Mblog): string {
  return String(m.mid ?? m.id ?? '');
}

/** `12.3万` -> 123000, `100万+` -> 1000000, `1亿` -> 100000000, `1,234` -> 1234. */
export function parseCount(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.max(0, Math.round(v)) : 0;
  if (typeof v !== 'string') return 0;
  const m = /^([\d.,]+)\s*(万|亿|w|k)?\+?$/i.exec(v.trim());
  if (!m) return 0;
  const n = Number(m[1]!.replace(/,/g, ''));
  const unit = { 万: 1e4, w: 1e4, 亿: 1e8, k: 1e3 }[(m[2] ?? '').toLowerCase() as '万'] ?? 1;
  return Number.isFinite(n) ? Math.round(n * unit) : 0;
}

/** China wall-clock fields of `ms`. */
function chinaDay(ms: number): { y: number; mo: number; d: number } {
  const t = new Date(ms + CHINA);
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth(), d: t.getUTCDate() };
}

function chinaTime(y: number, mo: number, d: number, h = 0, mi = 0): number {
  return Date.UTC(y, mo, d, h, mi) - CHINA;
}

/**
 * Every form `created_at` takes: `Tue Jan 14 10:02:31 +0800 2025`, `刚刚`, `30秒前`, `5分钟前`,
 * `3小时前`, `2天前`, `今天 10:02`, `昨天 22:10`, `昨天` (taken as 24 hours ago), `01-14`,
 * `01-14 10:02` (this year, or last year if that would be in the future), `2024-06-27`. Wall-clock
 * forms are China time.
 */
export function parseWeiboDate(text: string | undefined, now: number): number | undefined {
  if (!text) return undefined;
  const s = text.trim();
  if (s === '刚刚') return now;
  const ago = /^(\d+)\s*(秒|分钟|小时|天)前$/.exec(s);
  if (ago) return now - Number(ago[1]) * { 秒: 1000, 分钟: MINUTE, 小时: 60 * MINUTE, 天: 1440 * MINUTE }[ago[2] as '秒'];
  const today = chinaDay(now);
  const rel = /^(今天|昨天|前天)\s*(?:(\d{1,2}):(\d{2}))?$/.exec(s);
  if (rel) {
    const back = { 今天: 0, 昨天: 1, 前天: 2 }[rel[1] as '今天'];
    if (rel[2] === undefined) return now - back * 1440 * MINUTE;
    return chinaTime(today.y, today.mo, today.d - back, Number(rel[2]), Number(rel[3]));
  }
  const md = /^(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(s);
  if (md) {
    const at = (y: number) => chinaTime(y, Number(md[1]) - 1, Number(md[2]), Number(md[3] ?? 0), Number(md[4] ?? 0));
    const thisYear = at(today.y);
    return thisYear > now + 1440 * MINUTE ? at(today.y - 1) : thisYear;
  }
  return parseDate(s, '+08:00');
}

export interface MblogContext {
  sourceId: string;
  now: number;
  /** Full text fetched for long posts, by mid. */
  longText?: string;
}

/** A status as a Post. A retweet carries the retweeted text after `//@author:`, as Weibo writes chains. */
export function mblogToPost(m: Mblog, ctx: MblogContext): Post {
  const mid = midOf(m);
  const collectedAt = isoUtc(ctx.now);
  const own = htmlToText(ctx.longText ?? stripMoreLink(str(m.text) ?? ''));
  let text = own;
  const rt = m.retweeted_status;
  if (rt && typeof rt === 'object') {
    const original = htmlToText(stripMoreLink(str(rt.text) ?? ''));
    const by = str(rt.user?.screen_name);
    text = by ? `${own} //@${by}: ${original}` : `${own} // ${original}`;
  }
  const published = parseWeiboDate(str(m.created_at), ctx.now);
  const uid = m.user?.id === undefined || m.user?.id === null ? undefined : String(m.user.id);
  const post: Post = {
    id: `weibo:${mid}`,
    platform: 'weibo',
    sourceId: ctx.sourceId,
    url: uid && m.bid ? `https://weibo.com/${uid}/${m.bid}` : `https://m.weibo.cn/detail/${mid}`,
    author: { id: uid ?? 'unknown', name: str(m.user?.screen_name) ?? '(unknown)' },
    text: text.trim(),
    publishedAt: published === undefined ? collectedAt : isoUtc(published),
    collectedAt,
    metrics: {
      likes: parseCount(m.attitudes_count),
      shares: parseCount(m.reposts_count),
      comments: parseCount(m.comments_count),
    },
  };
  if (m.user && m.user.followers_count !== undefined) post.author.followers = parseCount(m.user.followers_count);
  return post;
}

/** A field the platform should send as text; anything else (a number, null, an object) is missing. */
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Truncated statuses end in `...<a href="/status/...">全文</a>`: the link is no text. */
function stripMoreLink(html: string): string {
  return html.replace(/\s*(?:\.\.\.|…)?\s*<a[^>]*>\s*全文\s*<\/a>\s*$/, '');
}
