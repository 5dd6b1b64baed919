import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { parseMime, type MimePart } from './mime.js';

export interface ReceivedMail {
  at: number;
  from: string;
  to: string[];
  /** The Message-ID header, as written. */
  messageId: string;
  raw: string;
  mime: MimePart;
}

export interface SmtpStandInOptions extends Partial<SMTPServerOptions> {
  /** Ask for a login and refuse every one (535), like a server whose password was changed. */
  rejectLogins?: boolean;
}

/**
 * The one SMTP stand-in: a real SMTP server on 127.0.0.1 (smtp-server), plain text, that keeps
 * what it receives and the logins tried; started when the test says (on a given port, to end an
 * outage). Other smtp-server options pass through (a picky `onRcptTo`, say).
 */
export class SmtpStandIn {
  readonly received: ReceivedMail[] = [];
  /** Logins tried (user names only). */
  readonly logins: string[] = [];
  port = 0;
  private server?: SMTPServer;

  constructor(private readonly opts: SmtpStandInOptions = {}) {}

  async start(port = 0): Promise<number> {
    const { rejectLogins, ...extra } = this.opts;
    this.server = new SMTPServer({
      secure: false,
      authOptional: !rejectLogins,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, done) => {
        this.logins.push(auth.username ?? '');
        done(new Error('Invalid username or password'));
      },
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({
            at: Date.now(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            messageId: /^message-id:\s*(\S+)/im.exec(raw)?.[1] ?? '',
            raw,
            mime: parseMime(raw),
          });
          done();
        });
      },
      ...extra,
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server as unknown as { server: { address(): AddressInfo } }).server.address().port;
    return this.port;
  }

  /** Safe to call twice. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}
