import { formatDuration } from '../../duration.js';
import { PermanentError, RetryableError } from '../../errors.js';
import { BodyTooLargeError, request, type ProxySetting } from '../../net/http.js';
import { classifyStatus, networkReason, rateLimitWaitMs } from '../../net/policy.js';

/**
 * Channels' side of the shared retry policy (src/net/policy.ts), as errors the notify stage
 * understands: 429 waits for Retry-After (or the policy's default), 408 and 5xx retry with backoff,
 * any other 4xx is permanent (a wrong URL, a revoked webhook, a refused payload: retrying will not
 * change it). `what` names the channel, never its URL.
 */
export function failureForStatus(status: number, retryAfter: string | null, what: string, now = Date.now()): RetryableError | PermanentError {
  const kind = classifyStatus(status);
  if (kind === 'rate-limited') {
    const wait = rateLimitWaitMs(retryAfter, now);
    return new RetryableError(`${what}: rate limited (HTTP 429), retrying in ${formatDuration(wait)}`, wait);
  }
  if (kind === 'temporary') return new RetryableError(`${what}: HTTP ${status}, will retry`);
  return new PermanentError(`${what}: HTTP ${status}, not retried`);
}

export interface PostResult {
  status: number;
  body: string;
  /** The Retry-After header, for 429 and 503 answers. */
  retryAfter: string | null;
}

/** Slack answers "ok" or a short error code; nothing a channel reads is larger. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs JSON with a timeout, through the channel's proxy or the environment's. Network failures and
 * timeouts are retryable; an abort from the caller (shutdown) is rethrown as is. The URL is a secret
 * for webhooks: it never appears in errors. Redirects are not followed (a webhook never redirects).
 */
export async function postJson(
  url: string,
  payload: unknown,
  opts: { timeoutMs: number; signal: AbortSignal; what: string; proxy?: ProxySetting },
): Promise<PostResult> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'vigie/0.1 (alerts)' },
      body: JSON.stringify(payload),
      signal: AbortSignal.any([opts.signal, timeout]),
      maxBytes: MAX_ANSWER_BYTES,
      maxRedirects: 0,
      proxy: opts.proxy,
    });
    const body = new TextDecoder('utf-8').decode(res.body).slice(0, 2000);
    return { status: res.status, body, retryAfter: res.headers.get('retry-after') };
  } catch (err) {
    if (opts.signal.aborted) throw opts.signal.reason ?? err;
    if (timeout.aborted) throw new RetryableError(`${opts.what}: no answer within ${formatDuration(opts.timeoutMs)}`);
    if (err instanceof BodyTooLargeError) throw new RetryableError(`${opts.what}: answer over ${MAX_ANSWER_BYTES} bytes`);
    throw new RetryableError(`${opts.what}: cannot connect (${networkReason(err)})`, undefined, { cause: err });
  }
}
