import { formatDuration } from '../duration.js';
import type { Incident, ScoredPost } from '../types.js';
import type { Notification } from './notifiers/notifier.js';

/** Post text is untrusted: control characters out, whitespace folded, length capped. */
export function cleanText(text: string, max = 280): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

export function formatNumber(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n >= 10_000_000 ? 0 : 1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** `cmn 72%, eng 20%, fra 8%` */
export function shares(counts: Record<string, number>, top = 4): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total === 0) return '—';
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${k} ${Math.round((100 * v) / total)}%`)
    .join(', ');
}

export const KIND_TITLES: Record<Notification['kind'], string> = {
  firing: 'FIRING',
  escalated: 'ESCALATED',
  resolved: 'RESOLVED',
  test: 'TEST',
};

/** `[CRITICAL] balenciaga: 240 negative posts in 15m (threshold 30)` */
export function headline(n: Notification): string {
  const i = n.incident;
  const tag = n.kind === 'resolved' ? 'RESOLVED' : i.severity.toUpperCase();
  const esc = n.kind === 'escalated' ? ` (escalated, step ${n.step ?? i.escalationStep}, not acknowledged)` : '';
  return `[${tag}] ${i.brand}: ${i.summary}${esc}`;
}

/** The "why" lines: figures against thresholds or baselines. */
export function figureLines(i: Incident): string[] {
  return i.figures.map((f) => {
    const against =
      f.threshold !== undefined ? ` (threshold ${formatNumber(f.threshold)})` : f.baseline !== undefined ? ` (baseline ${formatNumber(f.baseline)})` : '';
    return `${f.name}: ${formatNumber(f.value)}${f.unit ? ` ${f.unit}` : ''}${against}`;
  });
}

export function postLine(p: ScoredPost, max = 200): string {
  const who = cleanText(p.author.name, 40);
  const reach = p.reach > 1 ? `, reach ${formatNumber(p.reach)}` : '';
  return `${p.platform}/${p.lang} @${who}${reach}: ${cleanText(p.text, max)}`;
}

/** Plain-text rendering shared by the console channel and the text part of emails. */
export function plainText(n: Notification): string {
  const i = n.incident;
  const lines = [headline(n)];
  lines.push(`rule ${i.rule} · opened ${i.openedAt} · status ${i.status}${i.silenced ? ' (silenced)' : ''} · for ${formatDuration(Date.parse(i.updatedAt) - Date.parse(i.openedAt))}`);
  if (n.kind !== 'resolved') {
    for (const f of figureLines(i)) lines.push(`  why: ${f}`);
    if (i.terms.length > 0) lines.push(`  terms: ${i.terms.slice(0, 8).map((t) => cleanText(t, 40)).join(', ')}`);
    lines.push(`  languages: ${shares(i.languages)} · platforms: ${shares(i.platforms)}`);
    for (const p of n.posts.slice(0, 3)) lines.push(`  · ${postLine(p)}`);
  }
  if (n.link) lines.push(`  ${n.link}`);
  return lines.join('\n');
}
