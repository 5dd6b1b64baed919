import { PermanentError, RetryableError, VigieError } from '../errors.js';

/**
 * Errors a source poll can end with, on top of src/errors.ts. The collect stage records each as a
 * failed poll; what differs is how soon the source turns `failing` and when it may poll again.
 */

/**
 * The platform refused us on purpose: an anti-scraping answer (Weibo 418/403/432, `ok:-100`, a
 * redirect to a visitor page), a revoked token (401), a monthly cap. Polling again on the next tick
 * will not help until someone acts, so the source turns `failing` at once instead of after N polls.
 */
export class BlockedError extends VigieError {
  override name = 'BlockedError';
  constructor(
    message: string,
    readonly status?: number,
    /** Do not poll before this time (ms since epoch), when waiting is known to be pointless. */
    readonly notBefore?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The platform asked us to slow down (429, Retry-After): the source waits until `notBefore`. */
export class RateLimitedError extends RetryableError {
  override name = 'RateLimitedError';
  constructor(
    message: string,
    /** When the limit resets (ms since epoch). */
    readonly notBefore: number,
    retryAfterMs?: number,
  ) {
    super(message, retryAfterMs);
  }
}

/** An HTTP status that retrying will not change (a 4xx other than 429). */
export class HttpStatusError extends PermanentError {
  override name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly url: string,
    detail?: string,
  ) {
    super(`HTTP ${status} from ${url}${detail ? `: ${detail}` : ''}`);
  }
}

/** A server error or a network failure that outlived its retries. */
export class UnavailableError extends RetryableError {
  override name = 'UnavailableError';
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, undefined, options);
  }
}

/** When an error says the source must wait (rate limit, cap), until when. */
export function notBeforeOf(err: unknown): number | undefined {
  if (err instanceof RateLimitedError) return err.notBefore;
  if (err instanceof BlockedError) return err.notBefore;
  return undefined;
}

/** One line for people and the health record: the error's own message, never its stack. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
