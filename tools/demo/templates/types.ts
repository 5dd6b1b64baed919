/**
 * The shape of the text templates, one set per language. A template is a line of text with
 * placeholders the generator fills for each post:
 *
 * - `{brand}` the brand as people write it (巴黎世家, BALENCIAGA, #Balenciaga ...)
 * - `{product}` one of the brand's products, `{tag}` its hashtag, `{boycott}` the boycott hashtag
 * - `{emoji}` an emoji and `{face}` a Weibo `[表情]` code, both matching the mood of the kind
 * - `{n}` a small number, `{user}` another account's name (for `//@user:` reposts and mentions)
 *
 * A template given as `[sector, text]` is only used for brands of that sector.
 */
import type { Sector } from '../brands.js';

/** What a post is, which decides its template set and expected sentiment. */
export type PostKind = 'chatter' | 'complaint' | 'crisis' | 'news' | 'reaction' | 'apology';

export const POST_KINDS: readonly PostKind[] = ['chatter', 'complaint', 'crisis', 'news', 'reaction', 'apology'];

/** Kinds that also come as articles (blogs, WeChat); a brand's apology is only posted, not blogged. */
export type ArticleKind = Exclude<PostKind, 'apology'>;

export type Template = string | readonly [Sector, string];

export type TemplateSet<K extends string> = Record<K, readonly Template[]>;

export interface ArticleTemplates {
  titles: TemplateSet<ArticleKind>;
  /** Sentences; an article strings several of the same kind together. */
  paragraphs: TemplateSet<ArticleKind>;
}

export interface Decorations {
  /** Emoji by mood. */
  emoji: { pos: readonly string[]; neg: readonly string[] };
  /** Weibo `[表情]` codes by mood; empty where the platform has none. */
  faces: { pos: readonly string[]; neg: readonly string[] };
  /** What people put before a post, by mood ("Wow. ", "真的服了，"): whole sentences, so the post keeps its capital. */
  openers: { pos: readonly string[]; neg: readonly string[] };
  /** How sentences are joined in an article body. */
  sentenceJoiner: string;
}

export interface LanguageTemplates {
  posts: TemplateSet<PostKind>;
  articles: ArticleTemplates;
  decorations: Decorations;
}
