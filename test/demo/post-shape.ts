/** Checks every field of a generated Post against the data model (DESIGN.md, src/types.ts). */
import type { Post } from '../../src/types.js';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const KEYS = ['id', 'platform', 'sourceId', 'url', 'author', 'text', 'title', 'publishedAt', 'collectedAt', 'metrics', 'langHint'];

/** The problems with one post; empty when it is valid. */
export function postProblems(post: Post): string[] {
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`${post.id}: ${what}`);
  for (const key of Object.keys(post)) if (!KEYS.includes(key)) fail(`unexpected key ${key}`);
  if (!['weibo', 'wechat', 'twitter', 'feed'].includes(post.platform)) fail(`platform ${post.platform}`);
  const [prefix, ...rest] = post.id.split(':');
  if (prefix !== post.platform || rest.join(':').length === 0) fail('id is not platform:nativeId');
  if (typeof post.sourceId !== 'string' || post.sourceId.length === 0) fail('no sourceId');
  if (!/^https?:\/\/[^\s]+$/.test(post.url)) fail(`url ${post.url}`);
  if (typeof post.author?.id !== 'string' || post.author.id.length === 0) fail('author.id');
  if (typeof post.author?.name !== 'string' || post.author.name.length === 0) fail('author.name');
  if (typeof post.text !== 'string' || post.text.trim().length === 0) fail('empty text');
  if (/[{}]/.test(post.text) || /[{}]/.test(post.title ?? '')) fail('unfilled placeholder');
  if (/<[a-z/][^>]*>|&[a-z]+;/i.test(post.text)) fail('HTML left in text');
  if (!ISO_UTC.test(post.publishedAt)) fail(`publishedAt ${post.publishedAt}`);
  if (!ISO_UTC.test(post.collectedAt)) fail(`collectedAt ${post.collectedAt}`);
  if (post.collectedAt < post.publishedAt) fail('collected before it was published');

  const social = post.platform === 'weibo' || post.platform === 'twitter';
  if (social) {
    // Weibo and Twitter say how many followers and reactions; mirrors and feeds do not.
    if (!(Number.isInteger(post.author.followers) && (post.author.followers as number) >= 0)) fail('followers');
    const m = post.metrics;
    if (!m || ![m.likes, m.shares, m.comments].every((n) => Number.isInteger(n) && n >= 0)) fail('metrics');
    if (post.title !== undefined) fail('a short post has no title');
    if (!/^\d+$/.test(post.id.split(':')[1] as string)) fail('native id is not numeric');
  } else {
    if (typeof post.title !== 'string' || post.title.length === 0) fail('an article needs a title');
    if (post.metrics !== undefined || post.author.followers !== undefined) fail('feeds do not report audience');
  }
  const nativeId = post.id.slice(post.platform.length + 1);
  if (post.platform === 'twitter') {
    if (!['en', 'fr', 'zh'].includes(post.langHint ?? '')) fail(`langHint ${post.langHint}`);
    if (post.url !== `https://x.com/${post.author.name}/status/${nativeId}`) fail(`tweet url ${post.url}`);
    if (!/^[A-Za-z0-9_]{1,15}$/.test(post.author.name)) fail(`twitter handle ${post.author.name}`);
  } else if (post.langHint !== undefined) {
    fail('only Twitter states a language');
  }
  if (post.platform === 'weibo' && !new RegExp(`^https://weibo\\.com/${post.author.id}/[0-9A-Za-z]{8,10}$`).test(post.url)) {
    fail(`weibo url ${post.url}`);
  }
  if (post.platform === 'wechat' && post.url !== `https://mp.weixin.qq.com/s/${nativeId}`) fail(`wechat url ${post.url}`);
  return problems;
}
