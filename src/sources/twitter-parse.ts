import { decodeHTML } from 'entities';
import { z } from 'zod';
import { isoUtc } from '../clock.js';
import { InputError } from '../errors.js';
import type { Post } from '../types.js';

/**
 * X API v2 recent-search pages (GET /2/tweets/search/recent) into Posts. Ids stay strings: they
 * are 64-bit snowflakes that JSON numbers would round.
 */

interface Tweet {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  lang?: string;
  edit_history_tweet_ids?: string[];
  note_tweet?: { text?: string };
  referenced_tweets?: { type: string; id: string }[];
  public_metrics?: { retweet_count?: number; reply_count?: number; like_count?: number; quote_count?: number };
  entities?: { urls?: { url: string; expanded_url?: string }[] };
}

interface User {
  id: string;
  name?: string;
  username?: string;
  public_metrics?: { followers_count?: number };
}

export interface SearchPage {
  data?: Tweet[];
  includes?: { users?: User[]; tweets?: Tweet[] };
  meta?: { newest_id?: string; oldest_id?: string; result_count?: number; next_token?: string };
  errors?: { message?: string; title?: string; detail?: string; parameters?: Record<string, unknown> }[];
}

/** A problem body (4xx): `{title, detail, type}` or `{errors: [...]}`. */
export interface ProblemBody {
  title?: string;
  detail?: string;
  type?: string;
  errors?: { message?: string; parameters?: Record<string, unknown> }[];
}

export function readPage(text: string, where: string): SearchPage {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new InputError(`answer is not JSON: ${text.slice(0, 60).replace(/\s+/g, ' ')}`, where, { cause: err });
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new InputError('answer is not a JSON object', where);
  const page = body as SearchPage;
  if (page.data !== undefined && !Array.isArray(page.data)) throw new InputError('`data` is not a list of tweets', where);
  if (page.data === undefined && page.meta === undefined) {
    const why = Array.isArray(page.errors) ? page.errors.map((e) => e?.detail ?? e?.message ?? e?.title).join('; ') : '';
    throw new InputError(`answer has neither data nor meta${why ? `: ${why}` : ''}`, where);
  }
  // The fields read below, checked: a tweet without an id or text refuses the page, a malformed
  // optional field is dropped, so odd JSON gives a clear error instead of a TypeError deep inside.
  const checked = pageSchema.safeParse(body);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new InputError(`unexpected answer: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`, where);
  }
  return checked.data;
}

/** An optional field: a value of the wrong type is dropped rather than refusing the page. */
const optional = <T extends z.ZodType>(t: T) => t.optional().catch(undefined);
/** A list whose malformed items are left out. */
const listOf = <T extends z.ZodType>(item: T) =>
  optional(z.array(z.unknown()).transform((xs) => xs.flatMap((x) => {
    const r = item.safeParse(x);
    return r.success ? [r.data as z.output<T>] : [];
  })));
const text = z.string();
const count = optional(z.number());
const tweetSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  text: z.string({ error: 'a tweet without text' }),
  author_id: optional(text),
  created_at: optional(text),
  lang: optional(text),
  edit_history_tweet_ids: optional(z.array(text)),
  note_tweet: optional(z.object({ text: optional(text) })),
  referenced_tweets: listOf(z.object({ type: text, id: text })),
  public_metrics: optional(z.object({ retweet_count: count, reply_count: count, like_count: count, quote_count: count })),
  entities: optional(z.object({ urls: listOf(z.object({ url: text, expanded_url: optional(text) })) })),
});
const userSchema = z.object({ id: text, name: optional(text), username: optional(text), public_metrics: optional(z.object({ followers_count: count })) });
const problemSchema = z.object({
  title: optional(text),
  detail: optional(text),
  type: optional(text),
  errors: listOf(z.object({ message: optional(text), parameters: optional(z.record(z.string(), z.unknown())) })),
});
const pageSchema = z.object({
  data: z.array(tweetSchema, { error: 'expected a list of tweets' }).optional(),
  includes: optional(z.object({ users: listOf(userSchema), tweets: listOf(tweetSchema) })),
  meta: optional(z.object({ newest_id: optional(text), oldest_id: optional(text), result_count: count, next_token: optional(text) })),
  errors: listOf(z.object({ message: optional(text), title: optional(text), detail: optional(text), parameters: optional(z.record(z.string(), z.unknown())) })),
});

export function readProblem(text: string): ProblemBody {
  try {
    const body = problemSchema.safeParse(JSON.parse(text));
    return body.success ? body.data : {};
  } catch {
    return {};
  }
}

/** The tweet text as people read it: note_tweet for long posts, entities decoded, t.co links expanded. */
function fullText(t: Tweet): string {
  let text = t.note_tweet?.text ?? t.text;
  for (const u of t.entities?.urls ?? []) if (u.expanded_url) text = text.split(u.url).join(u.expanded_url);
  return decodeHTML(text);
}

export function pageToPosts(page: SearchPage, sourceId: string, collectedAt: string): Post[] {
  const users = new Map((page.includes?.users ?? []).map((u) => [u.id, u]));
  const referenced = new Map((page.includes?.tweets ?? []).map((t) => [t.id, t]));
  return (page.data ?? []).map((t) => {
    const id = String(t.id);
    const user = t.author_id ? users.get(t.author_id) : undefined;
    let text = fullText(t);
    // A retweet's own text is cut at 140 characters: rebuild it from the retweeted post.
    const retweeted = t.referenced_tweets?.find((r) => r.type === 'retweeted');
    const original = retweeted ? referenced.get(retweeted.id) : undefined;
    if (original) {
      const by = original.author_id ? users.get(original.author_id)?.username : undefined;
      text = `RT${by ? ` @${by}` : ''}: ${fullText(original)}`;
    }
    const m = t.public_metrics;
    const post: Post = {
      // Edits get new ids; the first of the history keeps one post per tweet.
      id: `twitter:${t.edit_history_tweet_ids?.[0] ?? id}`,
      platform: 'twitter',
      sourceId,
      url: `https://x.com/${user?.username ?? 'i/web'}/status/${id}`,
      author: {
        id: t.author_id ?? 'unknown',
        name: user?.username ? `@${user.username}` : (user?.name ?? t.author_id ?? 'unknown'),
      },
      text,
      publishedAt: t.created_at && !Number.isNaN(Date.parse(t.created_at)) ? isoUtc(Date.parse(t.created_at)) : collectedAt,
      collectedAt,
    };
    const followers = user?.public_metrics?.followers_count;
    if (typeof followers === 'number') post.author.followers = followers;
    if (m) {
      post.metrics = {
        likes: m.like_count ?? 0,
        shares: (m.retweet_count ?? 0) + (m.quote_count ?? 0),
        comments: m.reply_count ?? 0,
      };
    }
    if (t.lang && t.lang !== 'und' && !t.lang.startsWith('q') && t.lang !== 'zxx') post.langHint = t.lang;
    return post;
  });
}
