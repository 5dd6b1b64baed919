/**
 * Slows down guessing: after a few failed sign-ins from one client, that client is refused for a
 * while, doubling each time (1 s, 2 s, 4 s … up to 5 min). In memory and per process: enough to
 * turn thousands of guesses a second into a handful a minute, with no state to clean in Redis.
 * Behind a reverse proxy every client shares its address, so one attacker slows the others down
 * too; the proxy should then rate-limit by the real address.
 */
export interface ThrottleOptions {
  /** Failures allowed before the first wait. @defaultValue 5 */
  freeFailures?: number;
  /** First wait after the free failures. @defaultValue 1 s */
  baseDelayMs?: number;
  /** Longest wait. @defaultValue 5 min */
  maxDelayMs?: number;
  /** A client quiet for this long starts again from zero. @defaultValue 15 min */
  forgetAfterMs?: number;
  /** Clients remembered at most (the oldest are forgotten first). @defaultValue 10000 */
  maxClients?: number;
  now?: () => number;
}

interface Record {
  failures: number;
  last: number;
  blockedUntil: number;
}

export class FailureThrottle {
  private readonly clients = new Map<string, Record>();
  private readonly o: Required<ThrottleOptions>;

  constructor(o: ThrottleOptions = {}) {
    this.o = {
      freeFailures: o.freeFailures ?? 5,
      baseDelayMs: o.baseDelayMs ?? 1000,
      maxDelayMs: o.maxDelayMs ?? 5 * 60_000,
      forgetAfterMs: o.forgetAfterMs ?? 15 * 60_000,
      maxClients: o.maxClients ?? 10_000,
      now: o.now ?? Date.now,
    };
  }

  /** Milliseconds the client must still wait, 0 when it may try. */
  waitFor(client: string): number {
    const r = this.current(client);
    return r ? Math.max(0, r.blockedUntil - this.o.now()) : 0;
  }

  /** Records a failed attempt; returns how long the client must now wait (0 while attempts are free). */
  failed(client: string): number {
    const now = this.o.now();
    const r = this.current(client) ?? { failures: 0, last: now, blockedUntil: 0 };
    r.failures += 1;
    r.last = now;
    const over = r.failures - this.o.freeFailures;
    const wait = over <= 0 ? 0 : Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** Math.min(over - 1, 30));
    r.blockedUntil = now + wait;
    // Re-inserted, so the map's order is least recently failed first.
    this.clients.delete(client);
    this.clients.set(client, r);
    while (this.clients.size > this.o.maxClients) {
      const oldest = this.clients.keys().next().value as string;
      this.clients.delete(oldest);
    }
    return wait;
  }

  /** A success clears the client's record. */
  succeeded(client: string): void {
    this.clients.delete(client);
  }

  private current(client: string): Record | undefined {
    const r = this.clients.get(client);
    if (r && this.o.now() - r.last > this.o.forgetAfterMs && r.blockedUntil <= this.o.now()) {
      this.clients.delete(client);
      return undefined;
    }
    return r;
  }
}
