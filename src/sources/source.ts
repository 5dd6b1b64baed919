import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Post } from '../types.js';
import type { PluginSpec } from '../plugin.js';
import type { BrandConfig } from '../config/schema.js';
import type { HealthOptions } from './health.js';

/**
 * Where a source stopped last time: whatever the adapter needs to resume (a since_id, a next_token,
 * an ETag). Persisted in Redis between polls, so a restart neither loses nor repeats posts.
 * JSON-serialisable.
 */
export type SourceCursor = Record<string, unknown>;

export interface PollContext {
  clock: Clock;
  log: Logger;
  /** Aborted when the daemon shuts down or the poll times out. */
  signal: AbortSignal;
  /** Whether a post id was already seen by this source (stop paging at the first one). */
  seen(ids: string[]): Promise<boolean[]>;
}

export interface PollResult {
  /** Normalised posts, any order; the collect stage dedupes them. */
  posts: Post[];
  /** The cursor to store once the posts are safely queued; undefined keeps the old one. */
  cursor?: SourceCursor;
  /** Not before this time (ms since epoch), when the platform asked to wait (rate limits). */
  notBefore?: number;
  /**
   * Set when the poll stopped early (a 429 halfway through a cycle, one feed of several down):
   * the posts and cursor above are still kept, and the poll counts as failed for source health.
   */
  error?: Error;
}

/** One configured source: an adapter bound to its options. */
export interface Source {
  readonly id: string;
  readonly type: string;
  poll(cursor: SourceCursor | undefined, ctx: PollContext): Promise<PollResult>;
  /** When it turns failing or silent (collect.ts); defaults to DEFAULT_HEALTH. */
  readonly health?: HealthOptions;
  /**
   * Keys that make two posts the same post across sources (a WeChat article reached through two
   * mirrors, one blog post in two feeds). Defaults to `[post.id]`.
   */
  dedupeKeys?(post: Post): string[];
}

export interface SourceBuildContext {
  /** Brands this source watches, with their keywords. */
  brands: BrandConfig[];
  env: NodeJS.ProcessEnv;
}

export type SourceSpec<Options = unknown> = PluginSpec<Options, Source, SourceBuildContext>;
