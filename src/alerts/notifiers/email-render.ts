import { escapeHtml } from '../escape.js';
import {
  cleanText,
  detailed,
  figureLines,
  localeOf,
  officialLines,
  plainText,
  postSummary,
  relatedLines,
  shares,
  statusLine,
  tag,
  termsText,
  whatHappened,
  wordsOf,
} from '../format.js';
import { languageLabel, platformLabel, wordsFor } from '../i18n.js';
import type { Notification } from './notifier.js';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const COLORS = { critical: '#c62828', warning: '#ef6c00', info: '#1565c0', resolved: '#2e7d32' } as const;

/**
 * A subject a PR lead can triage from in the inbox list: tag, brand, what happened, where.
 * `[CRITICAL] balenciaga: 312 crisis posts in 15m, 26× the usual 12 · Weibo, Twitter/X · Chinese, English`
 */
export function emailSubject(n: Notification, prefix = ''): string {
  const i = n.incident;
  const L = localeOf(n);
  const where = !detailed(n) || i.explanation ? '' : [top(i.platforms, (p) => platformLabel(p, L.language)), top(i.languages, (l) => languageLabel(l, L.language))].filter(Boolean).join(' · ');
  const subject = `${prefix ? `${prefix} ` : ''}[${tag(n)}] ${L.brandName}${wordsFor(L.language).colon}${whatHappened(n)}${where ? ` · ${where}` : ''}`;
  // cleanText folds newlines, so nothing in a post can add a header.
  return cleanText(subject, 180);
}

function top(counts: Record<string, number>, name: (k: string) => string): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([k]) => name(k))
    .join(', ');
}

/** The HTML part: inline styles only (mail clients drop style sheets), every outside string escaped. */
export function emailHtml(n: Notification, maxPosts: number, postChars: number): string {
  const i = n.incident;
  const L = localeOf(n);
  const w = wordsOf(n);
  const color = n.kind === 'resolved' || n.kind === 'acknowledged' ? COLORS.resolved : COLORS[i.severity];
  const e = (s: string, max = 500) => escapeHtml(cleanText(s, max));
  const rows: string[] = [];
  const row = (label: string, value: string) =>
    rows.push(`<tr><td style="padding:4px 12px 4px 0;color:#555;vertical-align:top;white-space:nowrap">${label}</td><td style="padding:4px 0">${value}</td></tr>`);
  if (detailed(n)) {
    row(w.label.why, figureLines(i, L).map((l) => e(l, 300)).join('<br>') || '—');
    if (i.terms.length > 0) row(w.label.terms, termsText(i, L, 10).map((t) => e(t, 80)).join(', '));
    row(w.label.platforms, e(shares(i.platforms, (p) => platformLabel(p, L.language))));
    row(w.label.languages, e(shares(i.languages, (l) => languageLabel(l, L.language))));
    const related = relatedLines(n);
    if (related.length > 0) row(w.label.related, related.map((r) => e(r, 300)).join('<br>'));
  }
  if (n.kind !== 'acknowledged') {
    const official = officialLines(n, postChars);
    if (official.length > 0) row(w.label.official, official.map((o) => e(o, postChars + 120)).join('<br>'));
  }
  const posts = !detailed(n)
      ? []
      : n.posts.slice(0, maxPosts).map((p) => {
          const s = postSummary(p, postChars, L);
          const who = s.url ? `<a href="${escapeHtml(s.url)}" style="color:#1565c0">${escapeHtml(s.who)}</a>` : escapeHtml(s.who);
          const meta = escapeHtml(`${s.where}${s.reach ? `, ${w.label.reach} ${s.reach}` : ''}, ${s.sentiment}`);
          return `<li style="margin:0 0 10px 0"><strong>${who}</strong> <span style="color:#666">(${meta})</span><br>${escapeHtml(s.text)}</li>`;
        });
  const link = n.link ? `<p><a href="${escapeHtml(n.link)}" style="color:#1565c0">${escapeHtml(w.label.openIncident)}</a></p>` : '';
  const note =
    n.kind === 'escalated'
      ? `<p style="color:${COLORS.critical}"><strong>${escapeHtml(w.escalatedNote(n.step ?? i.escalationStep))}</strong></p>`
      : n.kind === 'test'
        ? `<p><em>${escapeHtml(w.testNote)}</em></p>`
        : '';
  return [
    `<!doctype html><html lang="${L.language}"><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#222">`,
    `<div style="border-left:6px solid ${color};padding:8px 14px">`,
    `<p style="margin:0 0 4px 0;font-size:12px;color:${color};font-weight:bold">${escapeHtml(tag(n))} · ${escapeHtml(cleanText(L.brandName, 80))}</p>`,
    `<p style="margin:0 0 8px 0;font-size:16px"><strong>${e(whatHappened(n), 600)}</strong></p>`,
    note,
    rows.length > 0 ? `<table style="border-collapse:collapse">${rows.join('')}</table>` : '',
    posts.length > 0 ? `<p style="margin:12px 0 4px 0"><strong>Top posts</strong></p><ul style="padding-left:18px;margin:0">${posts.join('')}</ul>` : '',
    link,
    `<p style="color:#777;font-size:12px">${e(statusLine(n))} · ${escapeHtml(i.id)}</p>`,
    '</div></body></html>',
  ].join('\n');
}

export function renderEmail(n: Notification, opts: { subjectPrefix?: string; maxPosts: number; postChars: number }): RenderedEmail {
  return {
    subject: emailSubject(n, opts.subjectPrefix),
    text: `${plainText(n, opts.maxPosts)}\n\n-- \nVigie · ${n.incident.id} · ${n.key}\n`,
    html: emailHtml(n, opts.maxPosts, opts.postChars),
  };
}
