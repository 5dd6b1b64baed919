import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.js';

/** Name of the cookie the triage page sets so the queues board (which cannot send headers) may act. */
export const TOKEN_COOKIE = 'vigie_token';

export const NO_TOKEN_MESSAGE =
  'changes are refused: no API token is configured. Set `http.token: ${VIGIE_TOKEN}` in the config, ' +
  'export VIGIE_TOKEN=<a long random string> (e.g. `openssl rand -hex 24`) and restart vigie';

/**
 * Guards routes that change state with one bearer token. Without a configured token those routes
 * are refused (403), never open. Comparison is constant-time: both sides are hashed first, so
 * neither the content nor the length of the token leaks through timing.
 */
export class TokenAuth {
  private readonly digest?: Buffer;

  constructor(token: string | undefined) {
    if (token !== undefined && token.trim() !== '') this.digest = sha256(token.trim());
  }

  get configured(): boolean {
    return this.digest !== undefined;
  }

  /** Throws 403 when no token is configured, 401 when the request does not carry the right one. */
  check(req: IncomingMessage, opts: { allowCookie?: boolean } = {}): void {
    if (!this.digest) throw new HttpError(403, NO_TOKEN_MESSAGE);
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
    if (presented === undefined) throw unauthorized('this route changes state: send "Authorization: Bearer <token>" (the value of http.token)');
    if (!timingSafeEqual(sha256(presented), this.digest)) throw unauthorized('the bearer token is not the configured one');
  }
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
