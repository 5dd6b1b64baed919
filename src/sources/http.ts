import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { formatDuration } from '../duration.js';
import { InputError } from '../errors.js';
import { HttpStatusError, RateLimitedError, UnavailableError } from './errors.js';

/**
 * The one way sources talk HTTP: Node's fetch with a timeout per attempt, a response size limit
 * enforced while streaming, a User-Agent, and retries with capped exponential backoff and full
 * jitter for network errors and 5xx. Secrets travel in headers and are never logged.
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

/** When the server did not say how long to wait after a 429. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

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
        if (res.status < 500 || req.accept?.(res.status)) return this.check(res, req);
        failure = new UnavailableError(`HTTP ${res.status} from ${req.url}`, res.status);
      } catch (err) {
        if (req.signal.aborted) throw req.signal.reason ?? err;
        if (!(err instanceof UnavailableError)) throw err;
        failure = err;
      }
      if (attempt >= retries) throw failure;
      const wait = Math.floor(this.random() * Math.min(retryMaxMs, retryBaseMs * 2 ** attempt));
      this.deps.log.debug({ url: req.url, attempt: attempt + 1, waitMs: wait, err: failure.message }, 'retrying request');
      await this.sleep(wait, req.signal);
    }
  }

  /** Maps what the caller did not accept: 429 to a wait, other 4xx to a permanent error. */
  private check(res: HttpResponse, req: HttpRequest): HttpResponse {
    if ((res.status >= 200 && res.status < 300) || req.accept?.(res.status)) return res;
    if (res.status === 429) {
      const waitMs = retryAfterMs(res.headers.get('retry-after'), this.deps.clock.now()) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
      throw new RateLimitedError(
        `HTTP 429 from ${req.url}: rate limited, waiting ${formatDuration(waitMs)}`,
        this.deps.clock.now() + waitMs,
        waitMs,
      );
    }
    throw new HttpStatusError(res.status, req.url);
  }

  private async attempt(req: HttpRequest): Promise<HttpResponse> {
    const { timeoutMs, maxBytes, userAgent } = this.settings;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([req.signal, timeout]);
    let res: Response;
    try {
      res = await fetch(req.url, {
        headers: { 'user-agent': userAgent, ...req.headers },
        signal,
        redirect: 'follow',
      });
    } catch (err) {
      if (req.signal.aborted) throw err;
      if (timeout.aborted) throw new UnavailableError(`no answer from ${req.url} within ${formatDuration(timeoutMs)}`);
      throw new UnavailableError(`cannot reach ${req.url}: ${networkReason(err)}`, undefined, { cause: err });
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new InputError(`response of ${declared} bytes is over the ${maxBytes}-byte limit`, req.url);
    }
    let body: Uint8Array;
    try {
      body = await readLimited(res, maxBytes, req.url);
    } catch (err) {
      if (err instanceof InputError || req.signal.aborted) throw err;
      if (timeout.aborted) throw new UnavailableError(`${req.url} did not finish its answer within ${formatDuration(timeoutMs)}`);
      throw new UnavailableError(`reading ${req.url} failed: ${networkReason(err)}`, undefined, { cause: err });
    }
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    return {
      status: res.status,
      headers: res.headers,
      body,
      url: res.url || req.url,
      redirected: res.redirected,
      mediaType,
      text: () => new TextDecoder('utf-8').decode(body),
    };
  }
}

/** Reads the body, aborting as soon as it passes the limit rather than after buffering it all. */
async function readLimited(res: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new InputError(`response is over the ${maxBytes}-byte limit`, url);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** `Retry-After` in seconds or as an HTTP date, as a wait in ms from `now`. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function networkReason(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${code} ${cause.message}` : cause.message;
  }
  return String(cause);
}

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
