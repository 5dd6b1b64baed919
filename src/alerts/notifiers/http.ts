import { formatDuration } from '../../duration.js';
import { PermanentError, RetryableError } from '../../errors.js';
import { retryAfterMs } from '../../sources/http.js';

/** When a 429 does not say how long to wait. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;

/**
 * The one mapping of HTTP answers to retry decisions for channels (STYLE.md 2): 429 waits for
 * Retry-After, 5xx and 408 retry with backoff, any other 4xx is permanent (a wrong URL, a revoked
 * webhook, a refused payload: retrying will not change it). `what` names the channel, never its URL.
 */
export function failureForStatus(status: number, retryAfter: string | null, what: string, now = Date.now()): RetryableError | PermanentError {
  if (status === 429) {
    const wait = retryAfterMs(retryAfter, now) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
    return new RetryableError(`${what}: rate limited (HTTP 429), retrying in ${formatDuration(wait)}`, wait);
  }
  if (status >= 500 || status === 408) return new RetryableError(`${what}: HTTP ${status}, will retry`);
  return new PermanentError(`${what}: HTTP ${status}, not retried`);
}

export interface PostResult {
  status: number;
  body: string;
  /** The Retry-After header, for 429 and 503 answers. */
  retryAfter: string | null;
}

/**
 * POSTs JSON with a timeout. Network failures and timeouts are retryable; an abort from the caller
 * (shutdown) is rethrown as is. The URL is a secret for webhooks: it never appears in errors.
 */
export async function postJson(url: string, payload: unknown, opts: { timeoutMs: number; signal: AbortSignal; what: string }): Promise<PostResult> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'vigie/0.1 (alerts)' },
      body: JSON.stringify(payload),
      signal: AbortSignal.any([opts.signal, timeout]),
      redirect: 'error',
    });
  } catch (err) {
    if (opts.signal.aborted) throw opts.signal.reason ?? err;
    if (timeout.aborted) throw new RetryableError(`${opts.what}: no answer within ${formatDuration(opts.timeoutMs)}`);
    throw new RetryableError(`${opts.what}: cannot connect (${networkReason(err)})`, undefined, { cause: err });
  }
  // Bodies are short (Slack answers "ok" or an error code); cap what is read anyway.
  const body = (await res.text().catch(() => '')).slice(0, 2000);
  return { status: res.status, body, retryAfter: res.headers.get('retry-after') };
}

function networkReason(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return String(cause);
}
