/** Formatting for people: times in the team's zone, spans, counts, badges. */
import type { Figure, IncidentRow } from './api-types.js';
import { h } from './dom.js';
import { actionsDisabled, app } from './state.js';

export const LANGS: Record<string, string> = { cmn: 'Chinese', zho: 'Chinese', eng: 'English', fra: 'French', deu: 'German', spa: 'Spanish', jpn: 'Japanese', kor: 'Korean', ita: 'Italian', und: 'unknown' };
export const PLATFORMS: Record<string, string> = { weibo: 'Weibo', wechat: 'WeChat', twitter: 'X / Twitter', feed: 'Blogs & news', ingest: 'Ingested', replay: 'Replay' };

// Times in the team's time zone (alerting.timezone, from /api/status); the API keeps UTC.
function teamZone(): string {
  return app.status?.timezone || 'UTC';
}
function teamLang(): string {
  return app.status?.language === 'fr' ? 'fr-FR' : 'en-GB';
}
function dayOf(t: number | Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: teamZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(t));
}
export function hhmm(t: number): string {
  return new Intl.DateTimeFormat(teamLang(), { timeZone: teamZone(), hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(t));
}
export function zoneName(t: number): string {
  const part = new Intl.DateTimeFormat(teamLang(), { timeZone: teamZone(), timeZoneName: 'short' }).formatToParts(new Date(t)).find((x) => x.type === 'timeZoneName');
  return part ? part.value : teamZone();
}
export function fmtTime(iso: string): string {
  const d = new Date(iso);
  const sameDay = dayOf(d) === dayOf(app.now || Date.now());
  const opts: Intl.DateTimeFormatOptions = { timeZone: teamZone(), hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' };
  if (!sameDay) {
    opts.day = 'numeric';
    opts.month = 'short';
  }
  return new Intl.DateTimeFormat(teamLang(), opts).format(d);
}
/** The brand's display name (alerting-facing), its id when the config does not know it (a source). */
export function brandName(id: string): string {
  const b = app.status?.brands?.find((x) => x.id === id);
  return b ? b.name : id;
}
export function fmtSpan(ms: number): string {
  const sec = Math.max(0, Math.round(ms / 1000));
  if (sec < 60) return sec + 's';
  const m = Math.floor(sec / 60);
  if (m < 60) return m + 'm';
  const hr = Math.floor(m / 60);
  if (hr < 48) return hr + 'h' + (m % 60 ? ' ' + (m % 60) + 'm' : '');
  return Math.floor(hr / 24) + 'd' + (hr % 24 ? ' ' + (hr % 24) + 'h' : '');
}
export function ago(iso: string): string {
  return fmtSpan((app.now || Date.now()) - Date.parse(iso)) + ' ago';
}
export function fmtNum(n: number | undefined | null): string {
  if (n === undefined || n === null || isNaN(n)) return '–';
  const a = Math.abs(n);
  if (a >= 1e6) return (n / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M';
  if (a >= 1e4) return (n / 1e3).toFixed(a >= 1e5 ? 0 : 1) + 'k';
  return Number.isInteger(n) ? n.toLocaleString('en') : n.toFixed(n < 10 ? 2 : 1);
}
/** An expected or usual level: a small positive one reads `< 0.01`, not `0.00` (as the alerts say `< 0.1`). */
export function fmtLevel(n: number | undefined | null): string {
  return n !== undefined && n !== null && n > 0 && n < 0.005 ? '< 0.01' : fmtNum(n);
}
export const cap = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

export function sevBadge(sev: string): HTMLSpanElement {
  return h('span', { class: 'badge sev-' + sev }, cap(sev));
}
const STATUS_LABELS: Record<string, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };
export function statusBadge(inc: IncidentRow): HTMLSpanElement {
  const label = STATUS_LABELS[inc.status] || inc.status;
  return h('span', { class: 'badge st-' + inc.status }, inc.status === 'open' ? h('span', { class: 'pulse' }) : null, label);
}
export function silencedBadge(inc: IncidentRow): HTMLSpanElement | null {
  return inc.silenced ? h('span', { class: 'badge silenced', title: 'Notifications muted by a silence' }, 'Silenced') : null;
}
export function figureText(f: Figure): (Node | string)[] {
  const against = f.threshold !== undefined ? ' / ' + fmtNum(f.threshold) : f.baseline !== undefined ? ' vs ' + fmtLevel(f.baseline) + ' baseline' : '';
  return [h('b', null, fmtNum(f.value)), against, ' ', h('span', { class: 'muted' }, f.name)];
}
export function safeUrl(u: string): string | null {
  try {
    const url = new URL(u);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Says so when the daemon has no API token: the buttons are there, but refused. */
export function actionsNotice(): HTMLDivElement | null {
  if (!app.status || !actionsDisabled()) return null;
  return h('div', { class: 'notice' }, 'Read-only: this daemon has no API token, so acknowledging, notes, silences and resolving are refused. Set http.token: ${VIGIE_TOKEN} in the config and export VIGIE_TOKEN.');
}
