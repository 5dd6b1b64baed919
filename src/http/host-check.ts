import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.js';

/**
 * The Host header must name this daemon. A page on another site can point a name it controls at
 * 127.0.0.1 (DNS rebinding) and then read the API as if it were same-origin; its requests carry
 * that name in Host, so refusing unknown names closes the door. IP literals and `localhost` are
 * always accepted: a rebinding attack needs a name, and a browser sending `Host: 10.1.2.3` was
 * pointed at the address itself.
 */
export class HostCheck {
  private readonly names: Set<string>;

  /**
   * `allowed`: `http.allowedHosts`; `host`: the bound interface (`http.host`); `publicUrl`:
   * `alerting.publicUrl`, whose name people open from alert links.
   */
  constructor(o: { allowed?: readonly string[]; host?: string; publicUrl?: string }) {
    const names = new Set<string>(['localhost']);
    for (const n of o.allowed ?? []) names.add(n.trim().toLowerCase());
    if (o.host && isIP(o.host) === 0) names.add(o.host.toLowerCase());
    if (o.publicUrl) {
      try {
        names.add(new URL(o.publicUrl).hostname.toLowerCase());
      } catch {
        // an unparsable publicUrl names no host
      }
    }
    this.names = names;
  }

  /** The names accepted besides IP literals, for messages and docs. */
  get accepted(): string[] {
    return [...this.names].sort();
  }

  /** Throws 421 (Misdirected Request) when the Host header names another site. */
  check(req: IncomingMessage): void {
    const header = req.headers.host;
    if (header === undefined) return; // HTTP/1.0 without Host: no browser sends that
    const name = hostName(header);
    if (name === undefined || !(isIP(name) !== 0 || this.names.has(name) || name.endsWith('.localhost'))) {
      throw new HttpError(421, `this daemon does not answer for "${header.slice(0, 100)}": add the name to http.allowedHosts if people reach it that way`);
    }
  }
}

/** `Example.com:8080` -> `example.com`; `[::1]:8080` -> `::1`; undefined when malformed. */
export function hostName(header: string): string | undefined {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(1, end) : undefined;
  }
  const colon = h.lastIndexOf(':');
  const name = colon >= 0 ? h.slice(0, colon) : h;
  if (colon >= 0 && !/^\d{1,5}$/.test(h.slice(colon + 1))) return undefined;
  return name.replace(/\.$/, '') || undefined;
}
