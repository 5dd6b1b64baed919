import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.js';
import { FailureThrottle } from './throttle.js';
import { MIN_TOKEN_LENGTH, weakTokenMessage } from '../config/token-strength.js';

/** Name of the cookie the triage page sets so the queues board (which cannot send headers) may act. */
export const TOKEN_COOKIE = 'vigie_token';

export const NO_TOKEN_MESSAGE =
  'changes are refused: no API token is configured. Set `http.token: ${VIGIE_TOKEN}` in the config, ' +
  'export VIGIE_TOKEN=$(vigie token) and restart vigie';

/** The configured token is too short to be safe; refused at start with what to do. */
export class WeakTokenError extends Error {
  override name = 'WeakTokenError';
}

/**
 * Guards the API with one bearer token. Without a configured token, routes that change state are
 * refused (403), never open, and reads are open (a daemon bound to 127.0.0.1 with no token is a
 * single-user tool). With a token, reads of incidents and posts need it too. Comparison is
 * constant-time: both sides are hashed first, so neither the content nor the length of the token
 * leaks through timing. Repeated failures from one client are slowed down (429 with Retry-After).
 */
export class TokenAuth {
  private readonly digest?: Buffer;
  private readonly throttle: FailureThrottle;

  constructor(token: string | undefined, throttle = new FailureThrottle()) {
    const t = token?.trim();
    if (t) {
      if (t.length < MIN_TOKEN_LENGTH) throw new WeakTokenError(`http.token: ${weakTokenMessage(t.length)}`);
      this.digest = sha256(t);
    }
    this.throttle = throttle;
  }

  get configured(): boolean {
    return this.digest !== undefined;
  }

  /**
   * Throws 403 when no token is configured, 429 while this client must wait after failures, 401
   * when the request does not carry the right token. `what` says what the token is needed for.
   */
  check(req: IncomingMessage, opts: { allowCookie?: boolean; what?: string } = {}): void {
    if (!this.digest) throw new HttpError(403, NO_TOKEN_MESSAGE);
    const client = req.socket.remoteAddress ?? 'unknown';
    const wait = this.throttle.waitFor(client);
    if (wait > 0) throw tooMany(wait);
    try {
      this.compare(req, opts);
      this.throttle.succeeded(client);
    } catch (err) {
      // A request that presented nothing is a page loading before sign-in, not a guess.
      if (err instanceof HttpError && err.status === 401 && presentsCredentials(req, opts.allowCookie)) {
        const next = this.throttle.failed(client);
        if (next > 0) throw tooMany(next, err.message);
      }
      throw err;
    }
  }

  private compare(req: IncomingMessage, opts: { allowCookie?: boolean; what?: string }): void {
    const header = req.headers.authorization;
    let presented: string | undefined;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) throw unauthorized('the Authorization header must be "Bearer <token>"');
      presented = m[1];
    } else if (opts.allowCookie) {
      presented = cookie(req, TOKEN_COOKIE);
      if (presented !== undefined) sameOrigin(req);
    }
    if (presented === undefined) throw unauthorized(`${opts.what ?? 'this route changes state'}: send "Authorization: Bearer <token>" (the value of http.token)`);
    if (!timingSafeEqual(sha256(presented), this.digest as Buffer)) throw unauthorized('the bearer token is not the configured one');
  }
}

function presentsCredentials(req: IncomingMessage, allowCookie?: boolean): boolean {
  return req.headers.authorization !== undefined || (allowCookie === true && cookie(req, TOKEN_COOKIE) !== undefined);
}

function tooMany(waitMs: number, why?: string): HttpError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new HttpError(429, `${why ? `${why}; ` : ''}too many failed attempts from this address: wait ${seconds} s`, {
    headers: { 'Retry-After': String(seconds) },
  });
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function unauthorized(message: string): HttpError {
  return new HttpError(401, message, { headers: { 'WWW-Authenticate': 'Bearer realm="vigie"' } });
}

/** A cookie's value, or undefined. */
export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Cookie-authenticated requests must come from our own pages: the cookie is SameSite=Strict, and
 * an Origin header, when the browser sends one, must name this host.
 */
function sameOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new HttpError(403, 'the Origin header is not a URL');
  }
  if (host !== req.headers.host) throw new HttpError(403, `requests from ${origin} may not use the session cookie`);
}
