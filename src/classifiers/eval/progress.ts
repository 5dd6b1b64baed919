/**
 * Progress for long work on stderr: one line rewritten in place on a terminal, an occasional
 * plain line otherwise (logs, CI), nothing when quiet.
 */

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Print nothing. */
  quiet?: boolean;
  /** Minimum time between plain lines when not on a terminal. @default 2000 */
  intervalMs?: number;
  now?: () => number;
}

export class Progress {
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private readonly quiet: boolean;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private last = 0;
  private lastTty = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    options: ProgressOptions = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    this.tty = this.stream.isTTY === true;
    this.quiet = options.quiet ?? false;
    this.intervalMs = options.intervalMs ?? 2000;
    this.now = options.now ?? Date.now;
    this.last = this.now();
  }

  update(done: number): void {
    if (this.quiet) return;
    const t = this.now();
    if (this.tty) {
      if (t - this.lastTty < 50 && done < this.total) return;
      this.lastTty = t;
      this.stream.write(`\r${this.line(done)}\x1b[K`);
    } else if (t - this.last >= this.intervalMs) {
      this.last = t;
      this.stream.write(`${this.line(done)}\n`);
    }
  }

  done(summary: string): void {
    if (this.quiet) return;
    this.stream.write(this.tty ? `\r${this.label}: ${summary}\x1b[K\n` : `${this.label}: ${summary}\n`);
  }

  private line(done: number): string {
    const pct = this.total === 0 ? 100 : Math.floor((done / this.total) * 100);
    return `${this.label}: ${done}/${this.total} rows (${pct}%)`;
  }
}
