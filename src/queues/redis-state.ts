import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Errors that say "Redis cannot be reached", as opposed to a command Redis refused. */
const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|EAI_AGAIN|Connection is closed|connect ETIMEDOUT|Stream isn't writeable|socket closed|Reached the max retries/i;

export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  return CONNECTION_ERROR.test(`${e?.code ?? ''} ${e?.message ?? ''}`);
}

/**
 * One account of whether Redis is reachable, for every connection of the process: one JSON line
 * when it goes away, a reminder every `remindEveryMs` while it stays away (with how many errors
 * were folded in), one line when it is back. A dozen connections retrying several times a second
 * would otherwise write a dozen lines a second, and connections without a listener print plain
 * stack traces.
 */
export class RedisStateLog {
  private down?: { since: number; errors: number; lastError: string };
  private reminder?: NodeJS.Timeout;

  constructor(
    private readonly log: Logger,
    private readonly remindEveryMs = 60_000,
    /** While true (the process is stopping), connection errors are expected and not logged. */
    private readonly quiet: () => boolean = () => false,
  ) {}

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
    this.down = { since: Date.now(), errors: 1, lastError: message };
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
    return true;
  }

  private up(): void {
    if (!this.down) return;
    const downFor = Math.round((Date.now() - this.down.since) / 1000);
    this.down = undefined;
    clearInterval(this.reminder);
    this.log.info({ downForSeconds: downFor }, 'redis reachable again');
  }

  /** Stops the reminder (at shutdown). */
  close(): void {
    clearInterval(this.reminder);
  }
}
