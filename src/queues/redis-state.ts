import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Errors that say "Redis cannot be reached", as opposed to a command Redis refused. */
const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|EAI_AGAIN|Connection is closed|connect ETIMEDOUT|Stream isn't writeable|socket closed|Reached the max retries/i;

export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  return CONNECTION_ERROR.test(`${e?.code ?? ''} ${e?.message ?? ''}`);
}

/** How the account is kept: each a default the daemon uses. */
export interface RedisStateOptions {
  /** A reminder line this often while Redis stays away. @defaultValue 60 s */
  remindEveryMs?: number;
  /** While true (the process is stopping), connection errors are expected and not logged. */
  quiet?: () => boolean;
  /**
   * Asks Redis whether it answers (the daemon: PING on its main connection), tried every
   * `probeEveryMs` while Redis is taken as away, one at a time. Without it only a watched
   * connection's `ready` ends an outage, and an error reported late by a connection nobody
   * watches (BullMQ's blocking duplicates, whose errors come through a worker's `error` event)
   * would leave Redis taken as away for good: ticks skipped, ingest answering 503.
   */
  probe?: () => Promise<unknown>;
  /** @defaultValue 1 s */
  probeEveryMs?: number;
}

/**
 * One account of whether Redis is reachable, for every connection of the process: one JSON line
 * when it goes away, a reminder every `remindEveryMs` while it stays away (with how many errors
 * were folded in), one line when it is back. A dozen connections retrying several times a second
 * would otherwise write a dozen lines a second, and connections without a listener print plain
 * stack traces.
 */
export class RedisStateLog {
  /** The outage under way, if any; a probe belongs to one outage (`probing`: its probe in flight). */
  private down?: { since: number; errors: number; lastError: string; probing: boolean };
  private reminder?: NodeJS.Timeout;
  private prober?: NodeJS.Timeout;
  private readonly remindEveryMs: number;
  private readonly quiet: () => boolean;

  constructor(
    private readonly log: Logger,
    private readonly opts: RedisStateOptions = {},
  ) {
    this.remindEveryMs = opts.remindEveryMs ?? 60_000;
    this.quiet = opts.quiet ?? (() => false);
  }

  /** Listens to a connection's errors and recoveries (safe to call for each duplicate). */
  watch(conn: Redis): Redis {
    conn.on('error', (err: Error) => this.error(err));
    conn.on('ready', () => this.up());
    return conn;
  }

  /** Whether Redis is known to be unreachable right now. */
  get unreachable(): boolean {
    return this.down !== undefined;
  }

  /**
   * Records an error from a connection or from BullMQ. Returns true when it was a connection
   * error (accounted for here), false for any other error, which the caller logs itself.
   */
  error(err: unknown): boolean {
    if (!isConnectionError(err)) return false;
    if (this.quiet()) return true;
    const message = (err as Error).message;
    if (this.down) {
      this.down.errors += 1;
      this.down.lastError = message;
      return true;
    }
    const down = { since: Date.now(), errors: 1, lastError: message, probing: false };
    this.down = down;
    this.log.warn({ err: message }, 'redis unreachable: retrying (jobs wait, nothing Redis accepted is lost)');
    this.reminder = setInterval(() => {
      if (!this.down) return;
      this.log.warn(
        { err: this.down.lastError, downForSeconds: Math.round((Date.now() - this.down.since) / 1000), errors: this.down.errors },
        'redis still unreachable',
      );
      this.down.errors = 0;
    }, this.remindEveryMs);
    this.reminder.unref();
    const probe = this.opts.probe;
    if (probe) {
      this.prober = setInterval(() => {
        if (this.down !== down || down.probing) return;
        down.probing = true;
        // An answer that comes back once this outage has ended and another has begun says nothing
        // of the new one (it may have been answered before the new error): it ends this one only,
        // and a probe still hanging from it does not hold up the new outage's probes.
        probe()
          .then(() => this.down === down && this.up(), () => {})
          .finally(() => (down.probing = false));
      }, this.opts.probeEveryMs ?? 1000);
      this.prober.unref();
    }
    return true;
  }

  private up(): void {
    if (!this.down) return;
    const downFor = Math.round((Date.now() - this.down.since) / 1000);
    this.down = undefined;
    clearInterval(this.reminder);
    clearInterval(this.prober);
    this.log.info({ downForSeconds: downFor }, 'redis reachable again');
  }

  /** Stops the reminder and the probe (at shutdown). */
  close(): void {
    clearInterval(this.reminder);
    clearInterval(this.prober);
  }
}
