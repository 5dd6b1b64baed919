/**
 * Progress for people, on stderr: one line per step, a counter that rewrites itself on a terminal
 * and prints at most every five seconds elsewhere (CI logs).
 */
export class Progress {
  private stepNo = 0;
  private stepStart = Date.now();
  private lastPrint = 0;
  private live = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  step(title: string): void {
    this.endLive();
    this.stepNo += 1;
    this.stepStart = Date.now();
    this.lastPrint = Date.now();
    this.out.write(`[${this.stepNo}] ${title}\n`);
  }

  count(n: number, total: number | undefined, unit: string): void {
    const now = Date.now();
    if (!this.tty && now - this.lastPrint < 5000) return;
    this.lastPrint = now;
    const pct = total ? ` (${Math.floor((100 * n) / total)}%)` : '';
    const text = `    ${n.toLocaleString('en')}${total ? ` / ${total.toLocaleString('en')}` : ''} ${unit}${pct}, ${this.elapsed()}`;
    if (this.tty) {
      this.out.write(`\r\x1b[K${text}`);
      this.live = true;
    } else this.out.write(`${text}\n`);
  }

  done(summary: string): void {
    this.endLive();
    this.out.write(`    ${summary} (${this.elapsed()})\n`);
  }

  note(text: string): void {
    this.endLive();
    this.out.write(`    ${text}\n`);
  }

  finish(text: string): void {
    this.endLive();
    this.out.write(`${text}\n\n`);
  }

  private elapsed(): string {
    return `${((Date.now() - this.stepStart) / 1000).toFixed(1)} s`;
  }

  private endLive(): void {
    if (this.live) this.out.write('\r\x1b[K');
    this.live = false;
  }
}
