import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import { duration } from '../../config/schema.js';
import { PermanentError, RetryableError } from '../../errors.js';
import { renderEmail } from './email-render.js';
import type { NotifierSpec } from './notifier.js';

const address = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'expected an email address (name@example.com)');

const options = z.strictObject({
  /** SMTP server. */
  host: z.string().min(1, 'name the SMTP server'),
  /** @default 587 (submission with STARTTLS) */
  port: z.number().int().min(1).max(65535).default(587),
  /** TLS from the first byte (port 465). Otherwise STARTTLS is used when the server offers it. @default false */
  secure: z.boolean().default(false),
  /** Refuse to send unless STARTTLS succeeds. @default false */
  requireTLS: z.boolean().default(false),
  user: z.string().min(1).optional(),
  /** A secret: `${SMTP_PASSWORD}` from the environment. */
  password: z.string().optional(),
  /** Sender address, e.g. `vigie@example.com` or `Vigie <vigie@example.com>`. */
  from: z.string().min(3, 'give a sender address'),
  /** Recipients. */
  to: z.array(address, { error: 'expected a list of addresses' }).min(1, 'give at least one recipient'),
  /** Text before the subject, e.g. `[Vigie]`. */
  subjectPrefix: z.string().max(40).optional(),
  /** Evidence posts shown. @default 5 */
  maxPosts: z.number().int().min(0).max(20).default(5),
  /** Characters of each post shown. @default 400 */
  postChars: z.number().int().min(40).max(2000).default(400),
  /** Connection, greeting and socket timeouts. @default 20s */
  timeout: duration.default(20_000),
});
type Options = z.output<typeof options>;

/** Message ids are deterministic: a re-sent alert is recognisably the same message, and alerts of one incident thread together. */
export function messageId(key: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'vigie.invalid';
  return `<${key.replace(/[^A-Za-z0-9.-]/g, '.')}@${domain}>`;
}

/** Network trouble and 4xx SMTP replies are transient; 5xx replies (mailbox unknown, refused login) are not. */
export function classifySmtpError(err: unknown, what: string): RetryableError | PermanentError {
  const e = err as { code?: string; responseCode?: number; message?: string };
  const reply = e.responseCode;
  const detail = `${what}: ${e.code ?? 'error'}${reply ? ` ${reply}` : ''} ${(e.message ?? String(err)).split('\n')[0]?.slice(0, 200)}`;
  if (e.code === 'EAUTH') return new PermanentError(`${detail} (check the SMTP user and password)`);
  if (reply !== undefined && reply >= 500) return new PermanentError(`${detail} (permanent SMTP reply, not retried)`);
  if (e.code === 'EENVELOPE' && (reply === undefined || reply >= 500)) return new PermanentError(detail);
  return new RetryableError(`${detail} (will retry)`, undefined, { cause: err });
}

/**
 * Email over SMTP with nodemailer: an HTML part and a text part, a subject made for the inbox
 * list, a deterministic Message-ID per notification and References per incident, so a PR lead's
 * client threads an incident's alerts together.
 */
export const emailNotifier: NotifierSpec<Options> = {
  type: 'email',
  description: 'Sends alerts by email over SMTP (HTML and text parts), one thread per incident.',
  options,
  create(id, o) {
    const what = `email channel "${id}" (${o.host}:${o.port})`;
    // nodemailer is imported, and the transport made, on the first send: a daemon that has not
    // sent an email yet (or a process that never notifies) does not hold nodemailer's modules.
    let transport: Promise<Transporter> | undefined;
    const makeTransport = async (): Promise<Transporter> => {
      const { default: nodemailer } = await import('nodemailer');
      return nodemailer.createTransport({
        host: o.host,
        port: o.port,
        secure: o.secure,
        requireTLS: o.requireTLS,
        auth: o.user ? { user: o.user, pass: o.password ?? '' } : undefined,
        connectionTimeout: o.timeout,
        greetingTimeout: o.timeout,
        socketTimeout: o.timeout,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    };
    return {
      id,
      type: 'email',
      async send(n, ctx) {
        const mail = renderEmail(n, { subjectPrefix: o.subjectPrefix, maxPosts: o.maxPosts, postChars: o.postChars });
        const thread = messageId(`${n.incident.id}`, o.from);
        if (ctx.signal.aborted) throw ctx.signal.reason;
        try {
          transport ??= makeTransport();
          await (await transport).sendMail({
            from: o.from,
            to: o.to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            messageId: messageId(n.key, o.from),
            references: [thread],
            inReplyTo: thread,
            headers: { 'X-Vigie-Incident': n.incident.id, 'X-Vigie-Severity': n.incident.severity, 'X-Vigie-Kind': n.kind },
          });
        } catch (err) {
          throw classifySmtpError(err, what);
        }
      },
      async close() {
        if (transport) (await transport).close();
      },
    };
  },
};
