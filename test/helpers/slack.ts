import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Keep the request open until `release()` (a worker killed while Slack holds its request). */
  hold?: boolean;
}

export interface Received {
  at: number;
  path: string;
  contentType: string | undefined;
  /** The message as JSON (empty when the body was not JSON). */
  body: { text: string; blocks: Record<string, unknown>[] };
  raw: string;
  /** What the stand-in answered (0 while the request is held). */
  status: number;
}

const OK: Answer = { status: 200, body: 'ok' };

/**
 * The one local stand-in for a Slack incoming webhook: records each request and answers from a
 * script, then with `otherwise()` (200 "ok" by default), as Slack does: "ok", "invalid_payload"
 * 400, "no_service" 404, 429 + Retry-After, 500 "internal_error" in an outage.
 */
export class SlackStandIn {
  readonly received: Received[] = [];
  private readonly script: Answer[] = [];
  private readonly held: ServerResponse[] = [];
  private readonly waiters: (() => void)[] = [];
  private server?: Server;

  constructor(private readonly otherwise: () => Answer = () => OK) {}

  /** Answers for the next requests, in order. */
  answer(...answers: Answer[]): void {
    this.script.push(...answers);
  }

  /** The requests answered 200: the alerts Slack would show. */
  accepted(): Received[] {
    return this.received.filter((r) => r.status === 200);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return this.url();
  }

  url(path = '/services/T000/B000/XXXXXXXX'): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}${path}`;
  }

  /** Resolves once `count` requests have arrived. */
  async waitFor(count: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`Slack stand-in: ${this.received.length} of ${count} requests after ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  release(): void {
    for (const res of this.held.splice(0)) if (!res.writableEnded) res.end('ok');
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const a = this.script.shift() ?? this.otherwise();
    this.received.push({ at: Date.now(), path: req.url ?? '', contentType: req.headers['content-type'], body: parseBody(raw), raw, status: a.hold ? 0 : a.status });
    for (const w of this.waiters.splice(0)) w();
    if (a.hold) {
      this.held.push(res);
      return;
    }
    res.writeHead(a.status, { 'content-type': 'text/plain', ...a.headers });
    res.end(a.body ?? (a.status === 200 ? 'ok' : 'error'));
  }
}

function parseBody(raw: string): Received['body'] {
  try {
    return JSON.parse(raw) as Received['body'];
  } catch {
    return { text: '', blocks: [] };
  }
}

/** A started stand-in that answers `500 internal_error` (Slack in an outage) until `healthy()` holds. */
export async function startSlackStandIn(healthy: () => boolean = () => true): Promise<SlackStandIn> {
  const slack = new SlackStandIn(() => (healthy() ? OK : { status: 500, body: 'internal_error' }));
  await slack.start();
  return slack;
}
