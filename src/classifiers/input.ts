/**
 * A Post from loosely shaped JSON (`{"text": ...}` at least), as `vigie classify` and
 * `vigie eval` receive them: missing fields get defaults, wrong ones a clear error.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { PLATFORMS, type Platform, type Post, type PostMetrics } from '../types.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/**
 * @param value parsed JSON
 * @param where for messages, e.g. `stdin:12`
 * @param now ISO time used for `publishedAt` and `collectedAt` when missing
 */
export function postFromInput(value: unknown, where: string, now: string): Post {
  if (!isRecord(value)) throw new InputError('expected a JSON object with at least "text"', where);
  const { text } = value;
  if (typeof text !== 'string') {
    throw new InputError(`"text" must be a string, got ${text === undefined ? 'nothing' : typeof text}`, where);
  }
  const platform: Platform = PLATFORMS.includes(value.platform as Platform) ? (value.platform as Platform) : 'ingest';
  const author = isRecord(value.author) ? value.author : {};
  const authorId = optionalString(author.id) ?? optionalString(author.name) ?? 'unknown';
  const post: Post = {
    id: optionalString(value.id) ?? `${platform}:${createHash('sha1').update(text).digest('hex').slice(0, 16)}`,
    platform,
    sourceId: optionalString(value.sourceId) ?? 'stdin',
    url: optionalString(value.url) ?? '',
    author: { id: authorId, name: optionalString(author.name) ?? authorId },
    text,
    publishedAt: optionalString(value.publishedAt) ?? now,
    collectedAt: optionalString(value.collectedAt) ?? now,
  };
  if (typeof author.followers === 'number') post.author.followers = count(author.followers);
  const title = optionalString(value.title);
  if (title !== undefined) post.title = title;
  if (isRecord(value.metrics)) {
    const m = value.metrics;
    const metrics: PostMetrics = { likes: count(m.likes), shares: count(m.shares), comments: count(m.comments) };
    post.metrics = metrics;
  }
  // `lang` is what Twitter's API calls it.
  const hint = optionalString(value.langHint) ?? optionalString(value.lang);
  if (hint !== undefined) post.langHint = hint;
  return post;
}
