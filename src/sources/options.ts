import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from 'pino';
import { duration } from '../config/schema.js';
import type { BrandConfig } from '../config/schema.js';
import { isProxySetting } from '../net/http.js';
import { DEFAULT_USER_AGENT, HttpClient, type HttpSettings } from './http.js';
import type { HealthOptions } from './health.js';

/**
 * Options every HTTP source accepts besides its own, with their defaults. Spread into each
 * adapter's schema so one YAML key means the same thing everywhere.
 */
export const commonOptionShape = {
  /** Give up on one HTTP request after this long. @defaultValue 15s */
  timeout: duration.default(15_000),
  /** Refuse (and stop downloading) responses larger than this many bytes. @defaultValue 5 MiB */
  maxBytes: z.number().int().positive().default(5 * 1024 * 1024),
  /** The User-Agent header; each adapter has a sensible default (Weibo's is a mobile browser). */
  userAgent: z.string().min(1).optional(),
  /** Extra attempts within a poll for network errors, timeouts, 408 and 5xx answers, with backoff and jitter. @defaultValue 2 */
  retries: z.number().int().min(0).max(10).default(2),
  /** First backoff step; it doubles per attempt up to 30s and is fully jittered. @defaultValue 1s */
  retryBackoff: duration.default(1_000),
  /**
   * An http(s) proxy for this source's requests, e.g. `http://proxy.example.com:3128` (with
   * credentials, write `${WEIBO_PROXY_URL}`), or `none` to connect directly. Default: the
   * environment's HTTPS_PROXY / HTTP_PROXY, except for hosts in NO_PROXY.
   */
  proxy: z.string().refine(isProxySetting, 'expected an http(s) proxy URL such as http://proxy.example.com:3128, or none').optional(),
  /** Consecutive failed polls after which the source is `failing`. @defaultValue 3 */
  failAfter: z.number().int().min(1).default(3),
  /**
   * The source is `silent` when it has brought no new post for this long (e.g. `6h`). Off by
   * default: a quiet keyword is not a broken collector.
   */
  silentAfter: duration.optional(),
};

export interface CommonOptions {
  timeout: number;
  maxBytes: number;
  userAgent?: string;
  retries: number;
  retryBackoff: number;
  proxy?: string;
  failAfter: number;
  silentAfter?: number;
}

export function httpSettings(o: CommonOptions, defaultUserAgent = DEFAULT_USER_AGENT): HttpSettings {
  return {
    timeoutMs: o.timeout,
    maxBytes: o.maxBytes,
    userAgent: o.userAgent ?? defaultUserAgent,
    retries: o.retries,
    retryBaseMs: o.retryBackoff,
    retryMaxMs: Math.max(o.retryBackoff, 30_000),
    proxy: o.proxy,
  };
}

export function healthOptions(o: CommonOptions): HealthOptions {
  return { failAfter: o.failAfter, silentAfter: o.silentAfter };
}

/** An HttpClient for one poll: it logs and computes waits with the poll's own logger and clock. */
export function clientFor(o: CommonOptions, ctx: { clock: Clock; log: Logger }, defaultUserAgent?: string): HttpClient {
  return new HttpClient(httpSettings(o, defaultUserAgent), { clock: ctx.clock, log: ctx.log });
}

/** The words to search for: each brand's keywords, or its names when it has none. */
export function brandKeywords(brands: readonly BrandConfig[]): string[] {
  const words = brands.flatMap((b) => (b.keywords.length > 0 ? b.keywords : b.names));
  return [...new Set(words)];
}

/** Base URLs are joined with paths: keep them without a trailing slash. */
export const baseUrl = (fallback: string) =>
  z
    .url({ error: 'expected an http(s) URL' })
    .default(fallback)
    .transform((u) => u.replace(/\/+$/, ''));
