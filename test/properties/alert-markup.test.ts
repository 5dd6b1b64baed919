import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../src/alerts/notifiers/email-render.js';
import type { Notification } from '../../src/alerts/notifiers/notifier.js';
import { slackMessage, type Block } from '../../src/alerts/notifiers/slack-blocks.js';
import { sampleNotification } from '../../src/alerts/sample.js';
import { hostileText } from './arbitraries.js';

/**
 * Whatever people post, and whatever a rule puts in a summary, an alert carries it as text: it
 * never becomes Slack markup, a Slack mention, an HTML tag, a link to anything but http(s), or a
 * mail header.
 */

const hostileNotification = fc
  .record({
    kind: fc.constantFrom<Notification['kind']>('firing', 'escalated', 'resolved', 'test'),
    summary: hostileText(200),
    terms: fc.array(hostileText(30), { maxLength: 5 }),
    posts: fc.array(
      fc.record({ text: hostileText(300), title: fc.option(hostileText(60), { nil: undefined }), author: hostileText(40), url: fc.oneof(hostileText(60), fc.webUrl()) }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map((h) => {
    const n = sampleNotification({ channel: 'ops', brand: 'acme', severity: 'critical', kind: h.kind, link: 'https://vigie.example.com/incidents/inc-1' });
    n.incident.summary = h.summary;
    n.incident.terms = h.terms;
    const template = n.posts[0] as Notification['posts'][number];
    n.posts = h.posts.map((p, i) => ({ ...template, id: `weibo:h${i}`, text: p.text, title: p.title, url: p.url, author: { id: `a${i}`, name: p.author } }));
    return n;
  });

/** Every mrkdwn text of a message, with where it sits. */
function mrkdwnTexts(blocks: Block[]): string[] {
  const out: string[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
    Object.values(o).forEach(visit);
  };
  visit(blocks);
  return out;
}

/** A link Vigie built: `<http(s)://...|label>`, the URL without spaces or markup, the label escaped. */
const OUR_LINK = /<https?:\/\/[^\s<>|]+\|[^<>|]*>/g;
const BROADCAST = /(?<![\w\u2060])@(channel|here|everyone)\b/i;

describe('hostile text in alerts', () => {
  it('Slack: no mention, no markup from outside, links only to http(s)', () => {
    fc.assert(
      fc.property(hostileNotification, (n) => {
        const msg = slackMessage(n, { maxPosts: 3, postChars: 280 });
        for (const text of [msg.text, ...mrkdwnTexts(msg.blocks)]) {
          const rest = text.replace(OUR_LINK, '');
          expect(rest).not.toMatch(/[<>]/);
          expect(rest).not.toMatch(BROADCAST);
        }
        // The fallback text and each post's own text are wholly from outside: no formatting character survives.
        expect(msg.text).not.toMatch(/[*_~`|<>]/);
        const top = msg.blocks.findIndex((b) => (b.text as { text?: string } | undefined)?.text === '*Top posts*');
        const postBlocks = top < 0 ? [] : msg.blocks.slice(top + 1).filter((b) => b.type === 'section');
        expect(postBlocks.length).toBe(n.kind === 'resolved' ? 0 : Math.min(3, n.posts.length));
        for (const b of postBlocks) {
          const t = (b.text as { text: string }).text;
          expect(t.slice(t.indexOf('\n') + 1)).not.toMatch(/[*_~`|<>]/);
        }
        // Buttons open our incident page only.
        for (const b of msg.blocks.filter((x) => x.type === 'actions')) {
          for (const e of b.elements as { url?: string }[]) expect(e.url).toBe(n.link);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('Slack: the configured mention is the only one, and only on loud alerts', () => {
    fc.assert(
      fc.property(hostileNotification, (n) => {
        const msg = slackMessage(n, { maxPosts: 3, postChars: 280, mention: '<!subteam^S0PRTEAM>' });
        const all = [msg.text, ...mrkdwnTexts(msg.blocks)].join('\n');
        const mentions = all.match(/<[!@][^>]*>/g) ?? [];
        const loud = n.kind === 'escalated' || n.kind === 'firing';
        expect(mentions.every((m) => m === '<!subteam^S0PRTEAM>')).toBe(true);
        expect(mentions.length > 0).toBe(loud);
      }),
      { numRuns: 200 },
    );
  });

  it('email: only the template’s own tags, http(s) links, one-line subject', () => {
    const benign = renderEmail(sampleNotification({ channel: 'ops', kind: 'escalated', link: 'https://vigie.example.com/incidents/inc-1' }), { maxPosts: 5, postChars: 400 });
    const tags = (html: string) => new Set([...html.matchAll(/<\/?([a-zA-Z!][\w-]*)/g)].map((m) => (m[1] as string).toLowerCase()));
    const allowed = new Set([...tags(benign.html), 'em', 'code']);
    fc.assert(
      fc.property(hostileNotification, fc.option(hostileText(20), { nil: undefined }), (n, prefix) => {
        const mail = renderEmail(n, { subjectPrefix: prefix, maxPosts: 5, postChars: 400 });
        expect([...tags(mail.html)].filter((t) => !allowed.has(t))).toEqual([]);
        for (const [, href] of mail.html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https?:\/\//);
        for (const [tag] of mail.html.matchAll(/<[a-zA-Z][^>]*>/g)) expect(tag).not.toMatch(/\son\w+\s*=/i); // no event handler
        expect(mail.subject).not.toMatch(/[\r\n]/);
        expect([...mail.subject].length).toBeLessThanOrEqual(180);
      }),
      { numRuns: 300 },
    );
  });
});
