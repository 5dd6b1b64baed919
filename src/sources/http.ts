import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { formatDuration } from '../duration.js';
import { InputError } from '../errors.js';
import { BodyTooLargeError, request, type ProxySetting, type RawResponse } from '../net/http.js';
import { backoffMs, classifyStatus, networkReason, rateLimitWaitMs } from '../net/policy.js';
import { HttpStatusError, RateLimitedError, UnavailableError } from './errors.js';

/**
 * The one way sources talk HTTP: axios (src/net/http.ts) with a timeout per attempt, a response size
 * limit enforced while streaming, a User-Agent, the source's proxy or the environment's, and the
 * shared retry policy (src/net/policy.ts): network errors, 408 and 5xx retried here with capped
 * exponential backoff and full jitter, 429 turned into a wait, other 4xx permanent. Secrets travel
 * in headers and are never logged.
 */

export interface HttpSettings {
  /** Per attempt, ms. */
  timeoutMs: number;
  /** Bodies larger than this are refused (and the download aborted). */
  maxBytes: number;
  userAgent: string;
  /** Extra attempts after the first, for network errors and 5xx. */
  retries: number;
  /** First backoff step, ms; doubles per attempt, capped at `retryMaxMs`, fully jittered. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A proxy URL, `none` for a direct connection, or undefined for the environment's (HTTPS_PROXY...). */
  proxy?: ProxySetting;
}

export const DEFAULT_USER_AGENT = 'vigie/0.1 (brand-reputation monitor)';

export interface HttpRequest {
  url: string;
  headers?: Record<string, string>;
  signal: AbortSignal;
  /**
   * Statuses handed back to the caller instead of mapped to an error (2xx always are). Twitter
   * reads its own 4xx bodies; feeds accept 304.
   */
  accept?: (status: number) => boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
  /** The final URL after redirects. */
  url: string;
  redirected: boolean;
  /** Media type without parameters, lowercased ('' when absent). */
  mediaType: string;
  /** The body as UTF-8 text. */
  text(): string;
}

export interface HttpDeps {
  clock: Clock;
  log: Logger;
  /** Waits between retries; replaced in tests that count attempts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

export class HttpClient {
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(
    readonly settings: HttpSettings,
    private readonly deps: HttpDeps,
  ) {
    this.sleep = deps.sleep ?? abortableSleep;
    this.random = deps.random ?? Math.random;
  }

  async get(req: HttpRequest): Promise<HttpResponse> {
    const { retries, retryBaseMs, retryMaxMs } = this.settings;
    for (let attempt = 0; ; attempt++) {
      let failure: UnavailableError;
      try {
        const res = await this.attempt(req);
        if (classifyStatus(res.status) !== 'temporary' || req.accept?.(res.status)) return this.check(res, req);
        failure = new UnavailableError(`HTTP ${res.status} from ${req.url}`, res.status);
      } catch (err) {
        if (req.signal.aborted) throw req.signal.reason ?? err;
        if (!(err instanceof UnavailableError)) throw err;
        failure = err;
      }
      if (attempt >= retries) throw failure;
      const wait = backoffMs(attempt, { baseMs: retryBaseMs, maxMs: retryMaxMs }, this.random);
      this.deps.log.debug({ url: req.url, attempt: attempt + 1, waitMs: wait, err: failure.message }, 'retrying request');
      await this.sleep(wait, req.signal);
    }
  }

  /** Maps what the caller did not accept: 429 to a wait, other 4xx to a permanent error. */
  private check(res: HttpResponse, req: HttpRequest): HttpResponse {
    const kind = classifyStatus(res.status);
    if (kind === 'ok' || req.accept?.(res.status)) return res;
    if (kind === 'rate-limited') {
      const waitMs = rateLimitWaitMs(res.headers.get('retry-after'), this.deps.clock.now());
      throw new RateLimitedError(
        `HTTP 429 from ${req.url}: rate limited, waiting ${formatDuration(waitMs)}`,
        this.deps.clock.now() + waitMs,
        waitMs,
      );
    }
    throw new HttpStatusError(res.status, req.url);
  }

  private async attempt(req: HttpRequest): Promise<HttpResponse> {
    const { timeoutMs, maxBytes, userAgent, proxy } = this.settings;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([req.signal, timeout]);
    let res: RawResponse;
    try {
      res = await request({
        method: 'GET',
        url: req.url,
        headers: { 'user-agent': userAgent, ...req.headers },
        signal,
        maxBytes,
        maxRedirects: MAX_REDIRECTS,
        proxy,
      });
    } catch (err) {
      if (err instanceof BodyTooLargeError) throw new InputError(err.message, req.url);
      if (req.signal.aborted) throw req.signal.reason ?? err;
      if (timeout.aborted) throw new UnavailableError(`no answer from ${req.url} within ${formatDuration(timeoutMs)}`);
      throw new UnavailableError(`cannot reach ${req.url}: ${networkReason(err)}`, undefined, { cause: err });
    }
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const body = res.body;
    return { ...res, mediaType, text: () => new TextDecoder('utf-8').decode(body) };
  }
}

/** As browsers and fetch: enough for any site that moved its feed, short of a loop. */
const MAX_REDIRECTS = 10;

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
