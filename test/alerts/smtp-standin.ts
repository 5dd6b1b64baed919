import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { parseMime, type MimePart } from './mime.js';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  mime: MimePart;
}

/** A real SMTP server on 127.0.0.1 (smtp-server), plain text, that keeps what it receives. */
export class SmtpStandIn {
  readonly received: ReceivedMail[] = [];
  private server?: SMTPServer;
  port = 0;

  constructor(private readonly extra: Partial<SMTPServerOptions> = {}) {}

  async start(port = 0): Promise<number> {
    this.server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            mime: parseMime(raw),
          });
          done();
        });
      },
      ...this.extra,
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = ((this.server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
    return this.port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
