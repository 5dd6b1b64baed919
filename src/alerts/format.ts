import { formatDuration } from '../duration.js';
import type { Figure, Incident, ScoredPost } from '../types.js';
import type { Notification } from './notifiers/notifier.js';

/**
 * What an alert says, decided once for every channel: each notifier only escapes and lays it out.
 * Every string here may carry untrusted text (post texts, author names, error messages): the
 * channels escape all of it for their medium.
 */

/** Post text is untrusted: control and direction-override characters out, whitespace folded, length capped. */
export function cleanText(text: string, max = 280): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

/** `2.4M`, `1M`, `31k`, `9500`, `2.5`: short enough for an alert, exact enough to compare. */
export function formatNumber(n: number): string {
  const trim = (s: string) => s.replace(/\.0$/, '');
  if (n >= 1_000_000) return `${trim((n / 1_000_000).toFixed(n >= 10_000_000 ? 0 : 1))}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  return Number.isInteger(n) ? String(n) : trim(n.toFixed(Math.abs(n) < 10 ? 1 : 0));
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** `cmn` -> `Chinese`; `und` -> `undetermined`. */
export function languageName(code: string): string {
  if (code === 'und') return 'undetermined';
  try {
    return LANGUAGE_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

const PLATFORM_NAMES: Record<string, string> = {
  weibo: 'Weibo',
  wechat: 'WeChat',
  twitter: 'Twitter/X',
  feed: 'blogs & news',
  ingest: 'API',
  replay: 'replay',
};

export function platformName(p: string): string {
  return PLATFORM_NAMES[p] ?? p;
}

/** `Chinese 72%, English 20%, French 8%` */
export function shares(counts: Record<string, number>, name: (k: string) => string = (k) => k, top = 4): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total === 0) return '—';
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => {
      const pct = Math.round((100 * v) / total);
      return `${name(k)} ${pct === 0 && v > 0 ? '<1' : pct}%`;
    })
    .join(', ');
}

export const KIND_TITLES: Record<Notification['kind'], string> = {
  firing: 'FIRING',
  escalated: 'ESCALATED',
  resolved: 'RESOLVED',
  test: 'TEST',
};

/** The tag a person triages from: `CRITICAL`, `RESOLVED`, `ESCALATED · CRITICAL`, `TEST · WARNING`. */
export function tag(n: Notification): string {
  const base = baseTag(n);
  // An interrupted delivery sent again: people should know they may have seen it already.
  return n.possibleRepeat ? `${base} · POSSIBLE REPEAT` : base;
}

function baseTag(n: Notification): string {
  const sev = n.incident.severity.toUpperCase();
  if (n.kind === 'resolved') return 'RESOLVED';
  if (n.kind === 'escalated') return `ESCALATED · ${sev}`;
  if (n.kind === 'test') return `TEST · ${sev}`;
  return sev;
}

/**
 * What happened, in one line: the rule's summary, or for a resolved notice how it ended and what
 * was last seen (`crisis-wave over after 3h 37m (quiet for 45m: resolved automatically); last: ...`).
 */
export function whatHappened(n: Notification): string {
  const i = n.incident;
  if (n.kind !== 'resolved') return i.summary;
  const end = [...i.timeline].reverse().find((e) => e.kind === 'resolved');
  const lasted = formatDuration(Math.max(0, Date.parse(i.resolvedAt ?? i.updatedAt) - Date.parse(i.openedAt)));
  const how = end?.by && end.by !== 'vigie' ? `resolved by ${end.by}${end.text ? `: ${end.text}` : ''}` : (end?.text ?? 'resolved');
  return `${i.rule} over after ${lasted} (${how}); last: ${i.summary}`;
}

/** `[CRITICAL] balenciaga: 240 negative posts in 15m (threshold 30)` */
export function headline(n: Notification, max = 300): string {
  const i = n.incident;
  const esc = n.kind === 'escalated' ? ` (not acknowledged, escalation step ${n.step ?? i.escalationStep})` : '';
  return cleanText(`[${tag(n)}] ${i.brand}: ${whatHappened(n)}${esc}`, max);
}

/** The "why" lines: figures against thresholds, baselines and minimums. */
export function figureLines(i: Incident): string[] {
  return i.figures.map(figureLine);
}

export function figureLine(f: Figure): string {
  const unit = f.unit ? `${f.unit === '%' ? '' : ' '}${f.unit}` : '';
  const against: string[] = [];
  if (f.threshold !== undefined) against.push(`threshold ${formatNumber(f.threshold)}${unit}`);
  if (f.baseline !== undefined) against.push(`baseline ${formatNumber(f.baseline)}${unit}`);
  if (f.minimum !== undefined) against.push(`minimum ${formatNumber(f.minimum)}`);
  return `${f.name}: ${formatNumber(f.value)}${unit}${against.length > 0 ? ` (${against.join(', ')})` : ''}`;
}

/** One evidence post, as the channels show it. */
export interface PostSummary {
  who: string;
  where: string;
  reach?: string;
  text: string;
  url: string;
  sentiment: string;
}

export function postSummary(p: ScoredPost, max = 240): PostSummary {
  const text = cleanText(p.title ? `${p.title} — ${p.text}` : p.text, max);
  return {
    who: cleanText(p.author.name, 60),
    where: `${platformName(p.platform)}, ${languageName(p.lang)}`,
    reach: p.reach > 1 ? formatNumber(p.reach) : undefined,
    text,
    url: safeUrl(p.url),
    sentiment: p.crisis.terms.length > 0 ? `${p.sentiment.label}, ${p.crisis.categories.join('/')}` : p.sentiment.label,
  };
}

/** Only http(s) links reach a channel; anything else (javascript:, data:) becomes an empty link. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : '';
  } catch {
    return '';
  }
}

/** `rule crisis-wave · opened 10:03 UTC · open for 12m` */
export function statusLine(n: Notification): string {
  const i = n.incident;
  const ack = [...i.timeline].reverse().find((e) => e.kind === 'acknowledged');
  const state = i.status === 'acknowledged' && ack?.by ? `acknowledged by ${cleanText(ack.by, 40)}` : i.status;
  const lasted = formatDuration(Math.max(0, Date.parse(i.resolvedAt ?? i.updatedAt) - Date.parse(i.openedAt)));
  return `rule ${i.rule} · opened ${i.openedAt.slice(0, 16).replace('T', ' ')} UTC · ${state}${i.silenced ? ' (silenced)' : ''} · for ${lasted}`;
}

/** Plain-text rendering shared by the console channel and the text part of emails. */
export function plainText(n: Notification, posts = 3): string {
  const i = n.incident;
  const lines = [headline(n), statusLine(n)];
  if (n.kind !== 'resolved') {
    for (const f of figureLines(i)) lines.push(`  why: ${cleanText(f, 200)}`);
    if (i.terms.length > 0) lines.push(`  terms: ${i.terms.slice(0, 8).map((t) => cleanText(t, 40)).join(', ')}`);
    if (Object.keys(i.platforms).length > 0) {
      lines.push(`  platforms: ${shares(i.platforms, platformName)} · languages: ${shares(i.languages, languageName)}`);
    }
    for (const p of n.posts.slice(0, posts).map((x) => postSummary(x))) {
      lines.push(`  · ${p.who} (${p.where}${p.reach ? `, reach ${p.reach}` : ''}): ${p.text}${p.url ? ` ${p.url}` : ''}`);
    }
  }
  if (n.link) lines.push(`  ${n.link}`);
  return lines.join('\n');
}
