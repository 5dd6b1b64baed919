import { escapeMrkdwn, mrkdwnLink } from '../escape.js';
import {
  cleanText,
  detailed,
  figureLines,
  headline,
  localeOf,
  officialLines,
  postSummary,
  relatedLines,
  shares,
  statusLine,
  termsText,
  whatHappened,
  wordsOf,
} from '../format.js';
import { languageLabel, platformLabel } from '../i18n.js';
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
const KIND_ICONS = { resolved: ':white_check_mark:', escalated: ':rotating_light:', update: ':chart_with_upwards_trend:', acknowledged: ':eyes:' } as const;

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
 * threshold or baseline), terms with their meaning, platforms and languages, related signals, the
 * brand's official responses, the top posts with links, a link to the incident. Updates,
 * acknowledgements and resolved notices say their news first. Every piece of text that came from
 * outside (posts, names, summaries) is escaped; the words come from the team's language (i18n.ts).
 */
export function slackMessage(n: Notification, layout: SlackLayout): SlackMessage {
  const i = n.incident;
  const L = localeOf(n);
  const w = wordsOf(n);
  const icon = n.kind === 'firing' || n.kind === 'test' ? ICONS[i.severity] : KIND_ICONS[n.kind];
  const loud = layout.mention && (n.kind === 'escalated' || (n.kind === 'firing' && i.severity === 'critical')) ? `${layout.mention} ` : '';
  const sev = cap(w.severity[i.severity]);
  const title =
    n.kind === 'resolved' ? `${w.title.resolved} · ${L.brandName}` : n.kind === 'firing' ? `${sev} · ${L.brandName}` : `${w.title[n.kind]} · ${sev} · ${L.brandName}`;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: cleanText(`${n.possibleRepeat ? `${w.title.possibleRepeat} · ` : ''}${title}`, HEADER_MAX), emoji: true } },
    { type: 'section', text: mrkdwn(`${loud}${icon} *${escapeMrkdwn(cleanText(whatHappened(n), 600))}*${whatElse(n)}`) },
  ];
  if (detailed(n)) {
    const fields = [
      `*${w.label.why}*\n${figureLines(i, L).map((l) => `• ${escapeMrkdwn(cleanText(l, 300))}`).join('\n') || '—'}`,
      `*${w.label.terms}*\n${i.terms.length > 0 ? termsText(i, L, 10).map(escapeMrkdwn).join(', ') : '—'}`,
      `*${w.label.platforms}*\n${escapeMrkdwn(shares(i.platforms, (p) => platformLabel(p, L.language)))}`,
      `*${w.label.languages}*\n${escapeMrkdwn(shares(i.languages, (l) => languageLabel(l, L.language)))}`,
    ];
    blocks.push({ type: 'section', fields: fields.map((f) => mrkdwn(f, FIELD_MAX)) });
    const related = relatedLines(n);
    if (related.length > 0) blocks.push({ type: 'section', text: mrkdwn(`*${w.label.related}*\n${related.map((r) => `• ${escapeMrkdwn(r)}`).join('\n')}`) });
  }
  const official = officialLines(n, layout.postChars);
  if (official.length > 0 && n.kind !== 'acknowledged') {
    blocks.push({ type: 'section', text: mrkdwn(`:speech_balloon: ${official.map((o) => escapeMrkdwn(o)).join('\n')}`) });
  }
  if (detailed(n)) {
    const posts = n.posts.slice(0, layout.maxPosts).map((p) => postSummary(p, layout.postChars, L));
    if (posts.length > 0) {
      blocks.push({ type: 'divider' });
      blocks.push({ type: 'section', text: mrkdwn(`*${w.label.topPosts}*`) });
      for (const p of posts) {
        const meta = `${p.where}${p.reach ? `, ${w.label.reach} ${p.reach}` : ''}, ${p.sentiment}`;
        blocks.push({ type: 'section', text: mrkdwn(`${mrkdwnLink(p.url, p.who)} (${escapeMrkdwn(meta)})\n${escapeMrkdwn(p.text)}`) });
      }
    }
  }
  if (n.link) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: w.label.openIncident, emoji: false }, url: n.link, action_id: 'open-incident' }],
    });
  }
  blocks.push({ type: 'context', elements: [mrkdwn(`${escapeMrkdwn(statusLine(n))} · ${escapeMrkdwn(i.id)}`)] });
  return { text: `${loud}${escapeMrkdwn(headline(n, 400))}`, blocks };
}

function whatElse(n: Notification): string {
  const w = wordsOf(n);
  if (n.kind === 'escalated') return `\n${escapeMrkdwn(w.escalatedNote(n.step ?? n.incident.escalationStep))}`;
  if (n.kind === 'test') return `\n_${w.testNote}_`;
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
