import { escapeMrkdwn, mrkdwnLink } from '../escape.js';
import { cleanText, figureLines, headline, languageName, platformName, postSummary, shares, statusLine, whatHappened } from '../format.js';
import type { Notification } from './notifier.js';

/** A Block Kit block, as much of it as we build. */
export type Block = Record<string, unknown>;

export interface SlackMessage {
  /** Fallback for notifications and clients without blocks; escaped like the rest. */
  text: string;
  blocks: Block[];
}

// Slack's limits: header 150 characters, section text 3000, a field 2000, 10 fields, 50 blocks.
const HEADER_MAX = 150;
const SECTION_MAX = 2900;
const FIELD_MAX = 1900;

const ICONS = { critical: ':red_circle:', warning: ':large_orange_circle:', info: ':large_blue_circle:' } as const;

export interface SlackLayout {
  /** Evidence posts shown. */
  maxPosts: number;
  /** Characters of each post shown. */
  postChars: number;
  /** Prepended to critical and escalated alerts: `<!here>`, `<!subteam^S0123>`, `<@U0123>` (from the config, trusted). */
  mention?: string;
}

const mrkdwn = (text: string, max = SECTION_MAX) => ({ type: 'mrkdwn', text: capEscaped(text, max), verbatim: true });

/**
 * The alert as Block Kit: severity and brand, what happened in one line, why (figures against the
 * threshold or baseline), terms, platforms and languages, the top posts with links, a link to the
 * incident. Every piece of text that came from outside (posts, names, summaries) is escaped.
 */
export function slackMessage(n: Notification, layout: SlackLayout): SlackMessage {
  const i = n.incident;
  const icon = n.kind === 'resolved' ? ':white_check_mark:' : n.kind === 'escalated' ? ':rotating_light:' : ICONS[i.severity];
  const loud = layout.mention && (n.kind === 'escalated' || (n.kind === 'firing' && i.severity === 'critical')) ? `${layout.mention} ` : '';
  const title = n.kind === 'resolved' ? `Resolved · ${i.brand}` : n.kind === 'escalated' ? `Escalated · ${i.severity} · ${i.brand}` : `${cap(i.severity)} · ${i.brand}`;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: cleanText(`${n.kind === 'test' ? 'Test · ' : ''}${n.possibleRepeat ? 'Possible repeat · ' : ''}${title}`, HEADER_MAX), emoji: true } },
    { type: 'section', text: mrkdwn(`${loud}${icon} *${escapeMrkdwn(cleanText(whatHappened(n), 600))}*${whatElse(n)}`) },
  ];
  if (n.kind !== 'resolved') {
    const fields = [
      `*Why*\n${figureLines(i).map((l) => `• ${escapeMrkdwn(cleanText(l, 300))}`).join('\n') || '—'}`,
      `*Terms*\n${i.terms.length > 0 ? i.terms.slice(0, 10).map((t) => escapeMrkdwn(cleanText(t, 40))).join(', ') : '—'}`,
      `*Platforms*\n${escapeMrkdwn(shares(i.platforms, platformName))}`,
      `*Languages*\n${escapeMrkdwn(shares(i.languages, languageName))}`,
    ];
    blocks.push({ type: 'section', fields: fields.map((f) => mrkdwn(f, FIELD_MAX)) });
    const posts = n.posts.slice(0, layout.maxPosts).map((p) => postSummary(p, layout.postChars));
    if (posts.length > 0) {
      blocks.push({ type: 'divider' });
      blocks.push({ type: 'section', text: mrkdwn('*Top posts*') });
      for (const p of posts) {
        const meta = `${p.where}${p.reach ? `, reach ${p.reach}` : ''}, ${p.sentiment}`;
        blocks.push({ type: 'section', text: mrkdwn(`${mrkdwnLink(p.url, p.who)} (${escapeMrkdwn(meta)})\n${escapeMrkdwn(p.text)}`) });
      }
    }
  }
  if (n.link) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open incident', emoji: false }, url: n.link, action_id: 'open-incident' }],
    });
  }
  blocks.push({ type: 'context', elements: [mrkdwn(`${escapeMrkdwn(statusLine(n))} · ${escapeMrkdwn(i.id)}`)] });
  return { text: `${loud}${escapeMrkdwn(headline(n, 400))}`, blocks };
}

function whatElse(n: Notification): string {
  if (n.kind === 'escalated') return `\nNot acknowledged: escalation step ${n.step ?? n.incident.escalationStep}.`;
  if (n.kind === 'test') return '\n_This is a test alert sent by `vigie notify test`._';
  return '';
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Caps already-escaped text without cutting an entity (`&amp;`) in half. */
function capEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp > cut.length - 6 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}
