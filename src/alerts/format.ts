import { sameMeasure, type Figure, type Incident, type ScoredPost, type VolumeMeasure } from '../types.js';
import { withGloss } from './glossary.js';
import { parseDuration } from '../duration.js';
import { DEFAULT_LOCALE, explain, figureName, languageLabel, level, metricWords, num, platformLabel, span, time, wordsFor, type AlertLocale, type Words } from './i18n.js';
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

/** The notification's locale, with the brand's id as its name when none was given. */
export function localeOf(n: Notification): AlertLocale {
  const l = n.locale ?? DEFAULT_LOCALE;
  return { ...l, brandName: l.brandName || n.incident.brand };
}

export function wordsOf(n: Notification): Words {
  return wordsFor(localeOf(n).language);
}

/** The tag a person triages from: `CRITICAL`, `RESOLVED`, `ESCALATED · CRITICAL`, `MISE À JOUR · CRITIQUE`. */
export function tag(n: Notification): string {
  const base = baseTag(n);
  // An interrupted delivery sent again: people should know they may have seen it already.
  return n.possibleRepeat ? `${base} · ${wordsOf(n).tag.possibleRepeat}` : base;
}

function baseTag(n: Notification): string {
  const w = wordsOf(n);
  const sev = w.severity[n.incident.severity].toUpperCase();
  if (n.kind === 'resolved') return w.tag.resolved;
  if (n.kind === 'firing') return sev;
  return `${w.tag[n.kind]} · ${sev}`;
}

/** `9 boycott posts from 8 authors in 15 min on Weibo and X; expected 0.2 ...`, or the rule's summary. */
export function measured(i: Incident, locale: Pick<AlertLocale, 'language'>): string {
  return i.explanation ? explain(i.explanation, locale.language) : cleanFigureText(i.summary);
}

/**
 * The headline count, worded: `2,140 crisis posts in 15 min`, or the first figure. `measure` is what
 * that count measured when it was taken (IncidentVolume); without it, the latest explanation's.
 */
export function volumeText(i: Incident, count: number, language: AlertLocale['language'], measure?: VolumeMeasure): string {
  const e = measure ?? i.explanation;
  if (e) return `${num(count, language)} ${metricWords(e.metric, count, language)} ${wordsFor(language).explain.in(span(e.windowMs, language))}`;
  const f = i.figures[0];
  return f ? `${num(count, language)} ${cleanFigureText(f.name)}` : num(count, language);
}

/**
 * What happened, in one line: the measurement for a firing or an escalation; how much it grew for
 * an update; who took it for an acknowledgement; how it ended (duration, peak, who handled it) for
 * a resolved notice.
 */
export function whatHappened(n: Notification): string {
  const i = n.incident;
  const L = localeOf(n);
  const w = wordsFor(L.language);
  if (n.kind === 'update' && i.volume) {
    // The volume was updated when the update was sent: `before` is what the previous notice said.
    const v = i.volume;
    const since = v.beforeAt && v.toldAt ? span(Date.parse(v.toldAt) - Date.parse(v.beforeAt), L.language) : '—';
    const now = volumeText(i, v.told, L.language, v.toldMeasure);
    if (sameMeasure(v.toldMeasure, v.beforeMeasure)) return w.grew(now, num(v.before ?? v.told, L.language), since);
    // Another metric or window (the rule's strongest finding moved): both figures with their own words.
    return w.nowCounts(now, volumeText(i, v.before ?? v.told, L.language, v.beforeMeasure), since);
  }
  if (n.kind === 'acknowledged') {
    const ack = lastEvent(i, 'acknowledged');
    return w.acked(ack?.by ?? '?', ack ? time(ack.at, L) : '?', ack?.text);
  }
  if (n.kind !== 'resolved') return measured(i, L);
  return resolvedStory(i, L).join('. ');
}

/** `Over after 3 h 37 min (resolved automatically after 45 min of quiet)`, the peak, who handled it. */
export function resolvedStory(i: Incident, L: AlertLocale): string[] {
  const w = wordsFor(L.language);
  const end = lastEvent(i, 'resolved');
  const lasted = span(Math.max(0, Date.parse(i.resolvedAt ?? i.updatedAt) - Date.parse(i.openedAt)), L.language);
  const quiet = quietSpan(end?.text, L.language);
  const how = end?.by && end.by !== 'vigie' ? w.resolvedBy(end.by, end.text) : quiet ? w.quietResolved(quiet) : (end?.text ?? w.label.resolved);
  const lines = [`${w.over(lasted)} (${how})`];
  if (i.volume) lines.push(w.peak(volumeText(i, i.volume.peak, L.language, i.volume.peakMeasure), time(i.volume.peakAt, L)));
  const people = [...new Set(i.timeline.filter((e) => (e.kind === 'acknowledged' || e.kind === 'note') && e.by).map((e) => e.by as string))];
  lines.push(people.length > 0 ? w.handledBy(people.join(', ')) : w.nobodyAcked);
  return lines;
}

function lastEvent(i: Incident, kind: Incident['timeline'][number]['kind']) {
  return [...i.timeline].reverse().find((e) => e.kind === kind);
}

/** Rule texts are in English and may speak statistics: the σ goes, the spread stays. */
function cleanFigureText(text: string): string {
  return text.replace(/\s*\(σ\)/g, '').replace(/σ/g, 'spread');
}

/** `quiet for 45m: resolved automatically` → the 45 minutes, worded. */
function quietSpan(text: string | undefined, language: AlertLocale['language']): string | undefined {
  const m = /^quiet for ([^:]+):/.exec(text ?? '');
  if (!m) return undefined;
  const ms = parseDuration((m[1] as string).replace(/\s+/g, ''));
  return ms === undefined ? m[1] : span(ms, language);
}

/** `[CRITICAL] Balenciaga: 9 boycott posts ... (not acknowledged, escalation step 2)` */
export function headline(n: Notification, max = 300): string {
  const L = localeOf(n);
  const esc = n.kind === 'escalated' ? ` (${wordsFor(L.language).escalatedNote(n.step ?? n.incident.escalationStep)})` : '';
  return cleanText(`[${tag(n)}] ${L.brandName}${wordsFor(L.language).colon}${whatHappened(n)}${esc}`, max);
}

/** The "why" lines: the measurement when the rule explains itself, else figures against thresholds and baselines. */
export function figureLines(i: Incident, locale: Pick<AlertLocale, 'language'> = DEFAULT_LOCALE): string[] {
  return i.figures.filter((f) => !/σ/.test(f.name)).map((f) => figureLine(f, locale));
}

export function figureLine(f: Figure, locale: Pick<AlertLocale, 'language'> = DEFAULT_LOCALE): string {
  const w = wordsFor(locale.language);
  const unit = f.unit ? `${f.unit === '%' ? '' : ' '}${f.unit}` : '';
  const n = (x: number) => num(x, locale.language);
  const against: string[] = [];
  if (f.threshold !== undefined) against.push(`${w.label.threshold} ${n(f.threshold)}${unit}`);
  if (f.baseline !== undefined) against.push(`${w.label.baseline} ${level(f.baseline, locale.language)}${unit}`);
  if (f.minimum !== undefined) against.push(`${w.label.minimum} ${n(f.minimum)}`);
  return `${figureName(f.name, locale.language)}${w.colon}${n(f.value)}${unit}${against.length > 0 ? ` (${against.join(', ')})` : ''}`;
}

/** Crisis terms with what they mean in the team's language: `抵制 (boycott)`. */
export function termsText(i: Incident, locale: Pick<AlertLocale, 'language'>, max = 8): string[] {
  return i.terms.slice(0, max).map((t) => withGloss(cleanText(t, 40), locale.language));
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

export function postSummary(p: ScoredPost, max = 240, locale: Pick<AlertLocale, 'language'> = DEFAULT_LOCALE): PostSummary {
  const w = wordsFor(locale.language);
  const text = cleanText(p.title ? `${p.title} — ${p.text}` : p.text, max);
  return {
    who: cleanText(p.author.name, 60),
    where: `${platformLabel(p.platform, locale.language)}, ${languageLabel(p.lang, locale.language)}`,
    reach: p.reach > 1 ? num(p.reach, locale.language) : undefined,
    text,
    url: safeUrl(p.url),
    sentiment:
      p.crisis.categories.length > 0 ? `${w.sentiment[p.sentiment.label]}, ${p.crisis.categories.map((c) => w.category[c]).join('/')}` : w.sentiment[p.sentiment.label],
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

/** `rule crisis-wave · opened 30 Nov, 11:03 CET · acknowledged by Ana · for 12 min` */
export function statusLine(n: Notification): string {
  const i = n.incident;
  const L = localeOf(n);
  const w = wordsFor(L.language);
  const ack = lastEvent(i, 'acknowledged');
  const state = i.status === 'acknowledged' && ack?.by ? `${w.label.acknowledged} (${cleanText(ack.by, 40)})` : w.label[i.status];
  const lasted = span(Math.max(0, Date.parse(i.resolvedAt ?? i.updatedAt) - Date.parse(i.openedAt)), L.language);
  return `${w.label.rule} ${i.rule} · ${w.label.opened} ${time(i.openedAt, L)} · ${state}${i.silenced ? ` (${w.label.silenced})` : ''} · ${w.label.for} ${lasted}`;
}

/** `negative-surge (warning): 240 negative posts in 15 min`: warnings grouped under this incident. */
export function relatedLines(n: Notification): string[] {
  const L = localeOf(n);
  const w = wordsFor(L.language);
  return (n.related ?? []).map((r) => `${r.rule} (${w.severity[r.severity]})${w.colon}${cleanText(r.explanation ? explain(r.explanation, L.language) : cleanFigureText(r.summary), 200)}`);
}

/** `Official response by Balenciaga巴黎世家 on Weibo: 我们深表歉意…` */
export function officialLines(n: Notification, max = 200): string[] {
  const L = localeOf(n);
  const w = wordsFor(L.language);
  return (n.official ?? []).map((p) => `${w.officialBy(cleanText(p.author.name, 60), platformLabel(p.platform, L.language))} (${time(p.publishedAt, L)})${w.colon}${cleanText(p.text, max)}`);
}

/** Whether the notice carries the incident's details (figures, terms, posts), or only its news. */
export function detailed(n: Notification): boolean {
  return n.kind === 'firing' || n.kind === 'escalated' || n.kind === 'test' || n.kind === 'update';
}

/** Plain-text rendering shared by the console channel and the text part of emails. */
export function plainText(n: Notification, posts = 3): string {
  const i = n.incident;
  const L = localeOf(n);
  const w = wordsFor(L.language);
  const lines = [headline(n), statusLine(n)];
  if (detailed(n)) {
    const label = (l: string) => `  ${l.toLowerCase()}${w.colon}`;
    for (const f of figureLines(i, L)) lines.push(`${label(w.label.why)}${cleanText(f, 200)}`);
    if (i.terms.length > 0) lines.push(`${label(w.label.terms)}${termsText(i, L).join(', ')}`);
    if (Object.keys(i.platforms).length > 0) {
      lines.push(
        `${label(w.label.platforms)}${shares(i.platforms, (p) => platformLabel(p, L.language))} · ${w.label.languages.toLowerCase()}${w.colon}${shares(i.languages, (l) => languageLabel(l, L.language))}`,
      );
    }
    for (const r of relatedLines(n)) lines.push(`${label(w.label.related)}${r}`);
    for (const o of officialLines(n)) lines.push(`  ${o}`);
    for (const p of n.posts.slice(0, posts).map((x) => postSummary(x, 240, L))) {
      lines.push(`  · ${p.who} (${p.where}${p.reach ? `, ${w.label.reach} ${p.reach}` : ''})${w.colon}${p.text}${p.url ? ` ${p.url}` : ''}`);
    }
  } else if (n.kind === 'resolved') {
    for (const o of officialLines(n)) lines.push(`  ${o}`);
  }
  if (n.link) lines.push(`  ${n.link}`);
  return lines.join('\n');
}
