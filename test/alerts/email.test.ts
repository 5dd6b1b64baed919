import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailNotifier, messageId } from '../../src/alerts/notifiers/email.js';
import { sampleNotification } from '../../src/alerts/sample.js';
import { PermanentError, RetryableError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { partOf } from '../helpers/mime.js';
import { freePort } from '../helpers/ports.js';
import { hostileNotification } from './hostile.js';
import { SmtpStandIn } from '../helpers/smtp.js';

const smtp = new SmtpStandIn();
const ctx = () => ({ log: silentLogger, signal: new AbortController().signal });
const email = (port: number, options: Record<string, unknown> = {}) =>
  emailNotifier.create(
    'pr-email',
    emailNotifier.options.parse({ host: '127.0.0.1', port, from: 'Vigie <vigie@alerts.example.com>', to: ['pr-lead@example.com', 'comms@example.com'], timeout: '3s', ...options }),
    { env: {}, log: silentLogger },
  );

beforeAll(async () => {
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
});
beforeEach(() => {
  smtp.received.length = 0;
});

describe('email channel', () => {
  it('sends an HTML and a text part, with a subject to triage from and a deterministic Message-ID', async () => {
    const n = sampleNotification({ channel: 'pr-email', brand: 'acme', severity: 'critical', kind: 'firing', link: 'https://vigie.example.com/incidents/inc-1' });
    const channel = email(smtp.port);
    await channel.send(n, ctx());
    await channel.close?.();
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received as [(typeof smtp.received)[number]];
    expect(mail.from).toBe('vigie@alerts.example.com');
    expect(mail.to).toEqual(['pr-lead@example.com', 'comms@example.com']);
    const h = mail.mime.headers;
    expect(h.get('subject')).toBe('[CRITICAL] acme: 312 crisis posts (boycott, discrimination) from 287 authors in 15 min on Weibo and X; expected 12 at this hour from the last 7 days (p < 10⁻¹¹)');
    expect(h.get('message-id')).toBe(messageId(n.key, 'vigie@alerts.example.com'));
    expect(h.get('message-id')).toMatch(/^<inc-\d{8}-test\.1\.pr-email\.firing@alerts\.example\.com>$/);
    expect(h.get('references')).toMatch(/^<inc-\d{8}-test@alerts\.example\.com>$/);
    expect(h.get('x-vigie-severity')).toBe('critical');
    expect(h.get('content-type')).toMatch(/^multipart\/alternative/);
    const text = partOf(mail.mime, 'text/plain')?.body ?? '';
    const html = partOf(mail.mime, 'text/html')?.body ?? '';
    expect(text).toContain('[CRITICAL] acme: 312 crisis posts (boycott, discrimination) from 287 authors in 15 min');
    expect(text).toContain('why: crisis posts / 15 min: 312 (threshold 60, usual 12)');
    expect(text).toContain('https://vigie.example.com/incidents/inc-1');
    expect(html).toContain('<strong>312 crisis posts (boycott, discrimination) from 287 authors in 15 min on Weibo and X; expected 12 at this hour from the last 7 days (p &lt; 10⁻¹¹)</strong>');
    expect(html).toContain('Weibo 65%, X 30%, blogs &amp; news 5%');
    expect(html).toContain('<a href="https://weibo.example.com/1000000001/sample1" style="color:#1565c0">时尚观察员</a>');
    expect(html).toContain('href="https://vigie.example.com/incidents/inc-1"');
  });

  it('escapes hostile post texts in the HTML part, and keeps them out of the headers', async () => {
    await email(smtp.port, { maxPosts: 10, postChars: 300 }).send(hostileNotification('pr-email'), ctx());
    const [mail] = smtp.received as [(typeof smtp.received)[number]];
    const html = partOf(mail.mime, 'text/html')?.body ?? '';
    const text = partOf(mail.mime, 'text/plain')?.body ?? '';
    for (const bad of ['<script', '<img', '<b>', 'onerror=alert(1)>', 'javascript:', '\u001b', '\u202e']) {
      expect(html, bad).not.toContain(bad);
    }
    expect(html).toContain('&lt;script&gt;alert(document.cookie)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Fish &amp; Chips &lt; Burgers &gt; Salad');
    expect(html).toContain('*bold* _italic_'); // no markup in HTML: shown as typed
    expect(html).not.toContain('END-OF-LONG-TEXT');
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('END-OF-LONG-TEXT');
    const subject = mail.mime.headers.get('subject') ?? '';
    expect(subject.length).toBeLessThanOrEqual(180);
    expect(subject).toContain('<!channel> *boss*'); // plain text in a header is inert; it cannot add a header
    expect([...mail.mime.headers.keys()].filter((k) => k.startsWith('x-')).sort()).toEqual(['x-vigie-incident', 'x-vigie-kind', 'x-vigie-severity']);
  });

  it('says resolved and escalated in the subject', async () => {
    const channel = email(smtp.port, { subjectPrefix: '[Vigie]' });
    await channel.send(sampleNotification({ channel: 'pr-email', brand: 'acme', kind: 'escalated' }), ctx());
    await channel.send(sampleNotification({ channel: 'pr-email', brand: 'acme', kind: 'resolved' }), ctx());
    expect(smtp.received.map((m) => m.mime.headers.get('subject'))).toEqual([
      '[Vigie] [ESCALATED · CRITICAL] acme: 312 crisis posts (boycott, discrimination) from 287 authors in 15 min on Weibo and X; expected 12 at this hour from the last 7 days (p < 10⁻¹¹)',
      '[Vigie] [RESOLVED] acme: Over after 12 min (resolved automatically after 45 min of quiet). Nobody acknowledged it',
    ]);
  });

  it('retries while the server is down, and sends once it is up', async () => {
    const port = await freePort();
    const channel = email(port);
    const down = await channel.send(sampleNotification({ channel: 'pr-email' }), ctx()).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(RetryableError);
    expect((down as Error).message).toMatch(/^email channel "pr-email" \(127\.0\.0\.1:\d+\): .*ECONNREFUSED.*\(will retry\)$/);
    const late = new SmtpStandIn();
    await late.start(port);
    try {
      await channel.send(sampleNotification({ channel: 'pr-email' }), ctx());
      expect(late.received).toHaveLength(1);
    } finally {
      await channel.close?.();
      await late.stop();
    }
  });

  it('retries a 4xx SMTP reply and gives up at once on a 5xx or a refused login', async () => {
    const picky = new SmtpStandIn({
      onRcptTo(address, _session, done) {
        const code = address.address.startsWith('busy') ? 451 : address.address.startsWith('nobody') ? 550 : 0;
        if (code === 0) return done();
        const err = Object.assign(new Error(code === 451 ? 'Try again later' : 'No such user'), { responseCode: code });
        done(err);
      },
    });
    const port = await picky.start();
    const locked = new SmtpStandIn({ rejectLogins: true });
    const lockedPort = await locked.start();
    try {
      const busy = await email(port, { to: ['busy@example.com'] }).send(sampleNotification({ channel: 'pr-email' }), ctx()).catch((e: unknown) => e);
      expect(busy).toBeInstanceOf(RetryableError);
      const unknown = await email(port, { to: ['nobody@example.com'] }).send(sampleNotification({ channel: 'pr-email' }), ctx()).catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(PermanentError);
      expect((unknown as Error).message).toMatch(/550/);
      const refused = await email(lockedPort, { user: 'vigie', password: 'not-the-password' })
        .send(sampleNotification({ channel: 'pr-email' }), ctx())
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(PermanentError);
      expect((refused as Error).message).toMatch(/check the SMTP user and password/);
      expect((refused as Error).message).not.toContain('not-the-password');
    } finally {
      await picky.stop();
      await locked.stop();
    }
  });
});
