import { cleanText, formatNumber, shares } from '../alerts/format.js';
import type { Silence } from '../alerts/silences.js';
import { formatDuration } from '../duration.js';
import type { IncidentChart, IncidentSummary, IncidentView } from '../http/incident-view.js';
import type { Figure, ScoredPost } from '../types.js';

/** What `GET /api/incidents/:id` answers. */
export interface IncidentDetail {
  now: string;
  incident: IncidentView;
  chart: IncidentChart;
  posts: ScoredPost[];
  missingPosts: number;
  silences: Silence[];
}

/** ANSI styles when writing to a terminal that wants them (NO_COLOR is respected). */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
}

const plain: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, yellow: (s) => s, green: (s) => s };
const sgr = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
const ansi: Style = { bold: sgr('1'), dim: sgr('2'), red: sgr('31'), yellow: sgr('33'), green: sgr('32') };

export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Style {
  return stream.isTTY && !env.NO_COLOR && env.TERM !== 'dumb' ? ansi : plain;
}

// Post text, names and notes are untrusted: cleanText drops control characters (no escape sequences).
const safe = (s: string, max = 200) => cleanText(s, max);

export function utc(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function age(fromIso: string, nowIso: string): string {
  const ms = Date.parse(nowIso) - Date.parse(fromIso);
  return ms < 60_000 ? `${Math.max(0, Math.round(ms / 1000))}s` : formatDuration(ms);
}

export function figureShort(f: Figure | undefined): string {
  if (!f) return '–';
  const against = f.threshold !== undefined ? ` / ${formatNumber(f.threshold)}` : f.baseline !== undefined ? ` vs ${formatNumber(f.baseline)}` : '';
  return `${formatNumber(f.value)}${against} ${f.name}`;
}

function severity(st: Style, s: string): string {
  return s === 'critical' ? st.red(s) : s === 'warning' ? st.yellow(s) : s;
}

function escalation(i: IncidentSummary | IncidentView, now: string): string {
  if (i.status === 'resolved') return '–';
  if (i.status === 'acknowledged') return i.escalationStep ? `stopped at step ${i.escalationStep}` : 'stopped';
  if (i.nextEscalationAt) return `${i.escalationStep ? `step ${i.escalationStep}, ` : ''}next page in ${age(now, i.nextEscalationAt)}`;
  return i.escalationStep ? `step ${i.escalationStep} (last)` : 'none';
}

/** Visible width of a cell: ANSI codes take none, CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  // eslint-disable-next-line no-control-regex
  for (const ch of s.replace(/\x1b\[[0-9;]*m/g, '')) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

/** Columns padded to their widest cell; the last column is not padded. */
export function table(header: string[], rows: string[][], st: Style): string {
  const widths = header.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c] ?? ''))));
  const line = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell + ' '.repeat((widths[c] ?? 0) - width(cell)))).join('  ');
  return [st.bold(line(header)), ...rows.map(line)].join('\n');
}

export function listTable(incidents: IncidentSummary[], now: string, st: Style): string {
  if (incidents.length === 0) return 'no incidents match';
  const rows = incidents.flatMap((i) => [
    [
      i.id,
      severity(st, i.severity),
      i.status + (i.silenced ? ' (silenced)' : ''),
      i.brand,
      i.rule,
      age(i.openedAt, now),
      figureShort(i.figures[0]),
      escalation(i, now),
    ],
    // Lesser signals of the same crisis, grouped under it (their alerts wait while it is open).
    ...(i.related ?? []).map((r) => [st.dim(`  └ ${r.id}`), severity(st, r.severity), r.status, '', r.rule, age(r.openedAt, now), st.dim('related signal'), '']),
  ]);
  return table(['ID', 'SEVERITY', 'STATUS', 'BRAND', 'RULE', 'AGE', 'LAST FIGURES', 'ESCALATION'], rows, st);
}

/** `vigie incidents silences`: what is muted, by whom, why, until when. */
export function silencesTable(silences: Silence[], now: string, st: Style): string {
  if (silences.length === 0) return 'no silence in force: every alert goes out';
  const rows = silences.map((x) => [
    x.id,
    x.brand ?? 'every brand',
    x.rule ?? 'every rule',
    `${utc(x.endsAt)} (in ${age(now, x.endsAt)})`,
    safe(x.author, 40),
    safe(x.reason, 80),
  ]);
  return table(['ID', 'BRAND', 'RULE', 'UNTIL', 'BY', 'REASON'], rows, st);
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/** One character per minute, for the last hour at most. */
export function sparkline(values: number[]): string {
  const max = Math.max(0, ...values);
  if (max === 0) return BLOCKS[0]?.repeat(values.length) ?? '';
  return values.map((v) => BLOCKS[Math.min(BLOCKS.length - 1, Math.round((v / max) * (BLOCKS.length - 1)))]).join('');
}

export function detailText(d: IncidentDetail, st: Style): string {
  const i = d.incident;
  const out: string[] = [];
  out.push(`${st.bold(i.id)}  ${severity(st, i.severity.toUpperCase())}  ${i.status}${i.silenced ? '  (silenced)' : ''}`);
  out.push(st.bold(`${i.brand}: ${safe(i.summary)}`));
  out.push(st.dim(`rule ${i.rule} · opened ${utc(i.openedAt)} (${age(i.openedAt, d.now)} ago) · updated ${age(i.updatedAt, d.now)} ago`));
  out.push(`escalation: ${escalation(i, d.now)}${i.escalationPolicy ? ` (${i.escalationPolicy})` : ''}`);
  for (const s of d.silences) out.push(`silenced until ${utc(s.endsAt)} by ${safe(s.author, 60)}: ${safe(s.reason)}`);

  out.push('', st.bold('Why'));
  for (const f of i.figures) {
    const ref = f.threshold ?? f.baseline;
    const against = f.threshold !== undefined ? `threshold ${formatNumber(f.threshold)}` : f.baseline !== undefined ? `baseline ${formatNumber(f.baseline)}` : '';
    out.push(`  ${f.name}: ${st.bold(formatNumber(f.value))}${against ? `  ${against}` : ''}${ref ? `  (${(f.value / ref).toFixed(1)}×)` : ''}`);
  }
  const recent = d.chart.points.slice(-60);
  if (recent.length > 0) {
    const neg = recent.map((p) => p.neg);
    const peak = Math.max(...neg);
    const at = recent[neg.indexOf(peak)]?.t ?? 0;
    out.push('', st.bold(`Negative posts per minute, last ${recent.length} min`), `  ${sparkline(neg)}  peak ${peak}/min at ${utc(new Date(at).toISOString()).slice(11)}`);
  }
  out.push('', `${st.bold('Languages')}  ${shares(i.languages)}`, `${st.bold('Platforms')}  ${shares(i.platforms)}`);
  if (i.terms.length > 0) out.push(`${st.bold('Terms')}      ${i.terms.map((t) => safe(t, 40)).join(', ')}`);

  out.push('', st.bold(`Evidence (${d.posts.length} post${d.posts.length === 1 ? '' : 's'})`));
  for (const p of d.posts.slice(0, 5)) {
    const followers = p.author.followers ? `, ${formatNumber(p.author.followers)} followers` : '';
    out.push(`  · ${p.platform}/${p.lang} @${safe(p.author.name, 40)}${followers} · ${p.sentiment.label} ${p.sentiment.score.toFixed(2)} · ${utc(p.publishedAt).slice(11)}`);
    out.push(`    ${safe(p.text, 220)}`);
    if (p.crisis.terms.length > 0) out.push(st.dim(`    terms: ${p.crisis.terms.map((t) => safe(t, 40)).join(', ')}`));
    if (p.url) out.push(st.dim(`    ${safe(p.url, 300)}`));
  }
  if (d.posts.length > 5) out.push(st.dim(`  … ${d.posts.length - 5} more (--json for all)`));

  out.push('', st.bold('Timeline'));
  const rows = i.timeline.map((e) => [utc(e.at).slice(5), e.kind, `${e.by ? `by ${safe(e.by, 60)}` : ''}${e.by && e.text ? ': ' : ''}${e.text ? safe(e.text, 200) : ''}`]);
  out.push(...table(['WHEN', 'EVENT', ''], rows, st).split('\n').slice(1).map((l) => `  ${l}`));
  return out.join('\n');
}
