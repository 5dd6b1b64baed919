/**
 * The one retry and error policy for everything Vigie asks over HTTP: sources polling platforms and
 * channels posting alerts (Alertmanager's shared notify.Retrier is the model). It lives outside the
 * wings so that both use it without importing each other.
 *
 * - 2xx: done.
 * - 429: rate limited. Wait what the server says (Retry-After, in seconds or as a date); when it
 *   says nothing, DEFAULT_RATE_LIMIT_WAIT_MS. Not retried on the spot.
 * - 408, 5xx, a network error, a timeout: temporary. Retried with backoff.
 * - any other 4xx: permanent (a wrong URL, a revoked token or webhook, a refused payload):
 *   retrying will not change it.
 */

/** How long to wait after a 429 that does not say: a minute, for platforms and Slack alike. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

export type StatusClass = 'ok' | 'rate-limited' | 'temporary' | 'permanent';

/** What an HTTP status means for a retry. */
export function classifyStatus(status: number): StatusClass {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 429) return 'rate-limited';
  if (status === 408 || status >= 500) return 'temporary';
  return 'permanent';
}

/** `Retry-After` in seconds or as an HTTP date, as a wait in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** How long to wait after a 429: what the server said, else the default. */
export function rateLimitWaitMs(retryAfter: string | null | undefined, now: number): number {
  return retryAfterMs(retryAfter, now) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
}

export interface Backoff {
  /** First step, ms; it doubles per attempt. */
  baseMs: number;
  /** No step is longer than this. */
  maxMs: number;
}

/**
 * The wait before retry number `attempt` (0 for the first retry): exponential, capped, fully
 * jittered (a random wait up to the step), so that many clients failing together do not retry
 * together.
 */
export function backoffMs(attempt: number, b: Backoff, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(b.maxMs, b.baseMs * 2 ** attempt));
}

/** A network failure in a few words (`ECONNREFUSED`, `ENOTFOUND`...), never a URL with secrets. */
export function networkReason(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code && code !== 'ERR_NETWORK' ? code : cause.message;
  }
  return String(cause);
}
