import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SlackRequest {
  at: number;
  /** What the stand-in answered. */
  status: number;
  body: string;
}

export interface SlackStandIn {
  url: string;
  requests: SlackRequest[];
  /** The requests answered 200: the alerts Slack would show. */
  accepted(): SlackRequest[];
  close(): Promise<void>;
}

/**
 * An incoming-webhook stand-in on 127.0.0.1: `500 internal_error` (as Slack answers in an outage)
 * until `healthyFrom()` is true, then `200 ok`.
 */
export async function startSlackStandIn(healthy: () => boolean): Promise<SlackStandIn> {
  const requests: SlackRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = healthy() ? 200 : 500;
      requests.push({ at: Date.now(), status, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'internal_error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/fault-suite`,
    requests,
    accepted: () => requests.filter((r) => r.status === 200),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ReceivedMail {
  at: number;
  messageId: string;
  raw: string;
}

/**
 * A real SMTP server (smtp-server) that keeps each message's Message-ID; started when the test
 * says. With `rejectLogins`, it asks for a login and refuses every one (535), like a server whose
 * password was changed.
 */
export class SmtpStandIn {
  readonly received: ReceivedMail[] = [];
  /** Logins tried (user names only). */
  readonly logins: string[] = [];
  private server?: SMTPServer;

  constructor(private readonly opts: { rejectLogins?: boolean } = {}) {}

  async start(port = 0): Promise<number> {
    this.server = new SMTPServer({
      secure: false,
      authOptional: !this.opts.rejectLogins,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, done) => {
        this.logins.push(auth.username ?? '');
        done(new Error('Invalid username or password'));
      },
      onData: (stream, _session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({ at: Date.now(), messageId: /^message-id:\s*(\S+)/im.exec(raw)?.[1] ?? '', raw });
          done();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', () => resolve());
    });
    return ((this.server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}
