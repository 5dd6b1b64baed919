import type { StoredIncident } from '../alerts/incident-record.js';
import type { Silence } from '../alerts/silences.js';
import { silenceMatches } from '../alerts/silences.js';
import type { WindowReader } from '../alerts/windows.js';
import { HOUR, MINUTE, minuteOf } from '../clock.js';
import type { RuleEntry } from '../config/load.js';
import type { ChartMarker, ChartPoint, IncidentChart, WatchedMetric } from './incident-chart.js';
import { severityRank, type Incident, type RelatedSignal, type ScoredPost, type TimelineEventKind } from '../types.js';

/** An incident as the API shows it: the data model plus when it escalates next and where it goes. */
export interface IncidentView extends Incident {
  /** When the next escalation step pages, while nobody has acknowledged it. */
  nextEscalationAt?: string;
  escalationPolicy?: string;
  channels: string[];
}

/** A list row: everything but the timeline and evidence ids, which can be long. */
export type IncidentSummary = Omit<IncidentView, 'timeline' | 'evidence'> & {
  evidenceCount: number;
  /** The latest timeline event, for "acknowledged by ana 3m ago". */
  lastEvent?: Incident['timeline'][number];
  /** Lesser incidents of the same brand grouped under this one (when the list is grouped). */
  related?: RelatedSignal[];
};

const STATUS_ORDER: Record<Incident['status'], number> = { open: 0, acknowledged: 1, resolved: 2 };

/**
 * The triage order: active incidents before resolved ones, then the most severe, then the ones
 * nobody has acknowledged, then the most recently updated. The list API, the page and
 * `vigie incidents list` all show it.
 */
export function compareIncidents(a: Incident, b: Incident): number {
  const active = Number(a.status === 'resolved') - Number(b.status === 'resolved');
  return (
    active ||
    severityRank(b.severity) - severityRank(a.severity) ||
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    b.updatedAt.localeCompare(a.updatedAt) ||
    b.id.localeCompare(a.id)
  );
}

export function relatedSignal(i: Incident): RelatedSignal {
  return { id: i.id, rule: i.rule, severity: i.severity, status: i.status, summary: i.summary, ...(i.explanation ? { explanation: i.explanation } : {}), openedAt: i.openedAt };
}

/**
 * Sorted rows with the incidents grouped under a listed parent folded into it as related signals:
 * one crisis of one brand is one row.
 */
export function groupedSummaries(incidents: readonly StoredIncident[]): IncidentSummary[] {
  const listed = new Set(incidents.map((i) => i.id));
  const children = new Map<string, StoredIncident[]>();
  for (const i of incidents) {
    if (i.parentId && listed.has(i.parentId)) children.set(i.parentId, [...(children.get(i.parentId) ?? []), i]);
  }
  return [...incidents]
    .filter((i) => !(i.parentId && listed.has(i.parentId)))
    .sort(compareIncidents)
    .map((i) => {
      const row = incidentSummary(i);
      const kids = children.get(i.id);
      if (kids) row.related = kids.sort(compareIncidents).map(relatedSignal);
      return row;
    });
}

/**
 * The public fields of an incident. A map over every key of Incident, so a field added to the data
 * model fails the type check here until it is listed; bookkeeping of StoredIncident never leaks.
 */
const PUBLIC_FIELDS: Record<keyof Incident, true> = {
  id: true,
  fingerprint: true,
  brand: true,
  rule: true,
  severity: true,
  status: true,
  silenced: true,
  openedAt: true,
  updatedAt: true,
  resolvedAt: true,
  revision: true,
  summary: true,
  figures: true,
  explanation: true,
  terms: true,
  languages: true,
  platforms: true,
  evidence: true,
  escalationStep: true,
  timeline: true,
  volume: true,
  parentId: true,
  officialPosts: true,
};

export function incidentView(inc: StoredIncident): IncidentView {
  const view = { channels: inc.channels ?? [] } as IncidentView;
  for (const key of Object.keys(PUBLIC_FIELDS) as (keyof Incident)[]) {
    if (inc[key] !== undefined) (view as unknown as Record<string, unknown>)[key] = inc[key];
  }
  if (inc.escalateAt && inc.status === 'open') view.nextEscalationAt = inc.escalateAt;
  if (inc.escalationPolicy) view.escalationPolicy = inc.escalationPolicy;
  return view;
}

export function incidentSummary(inc: StoredIncident): IncidentSummary {
  const { timeline, evidence, ...rest } = incidentView(inc);
  return { ...rest, evidenceCount: evidence.length, lastEvent: timeline.at(-1) };
}

export type { ChartMarker, ChartPoint, IncidentChart, WatchedMetric } from './incident-chart.js';

/** How much history the chart shows before the incident opened, at least. */
const LEAD_IN = HOUR;
/** The most the chart spans; a longer incident shows its latest part. */
const MAX_SPAN = 6 * HOUR;

const METRIC_LABELS: Record<string, string> = {
  posts: 'posts',
  neg: 'negative posts',
  pos: 'positive posts',
  crisis: 'crisis posts',
  reachNeg: 'reach of negative posts',
};

/**
 * The per-minute series behind an incident, from an hour before it opened (or four of its rule's
 * windows) to now or a quarter of an hour after it resolved. When the rule sums a metric over a
 * window (threshold, spike), the same sum is computed at every minute, so the threshold or
 * baseline can be drawn against what the rule actually compared.
 */
export async function incidentChart(
  windows: WindowReader,
  inc: Incident,
  rule: RuleEntry | undefined,
  now: number,
): Promise<IncidentChart> {
  const watched = watchedMetric(rule, inc);
  const opened = Date.parse(inc.openedAt);
  const end = inc.resolvedAt ? Math.min(now, Date.parse(inc.resolvedAt) + 15 * MINUTE) : now;
  // Whole minutes only: the running minute is still filling and would draw a false drop.
  const to = Math.max(minuteOf(end), minuteOf(opened) + MINUTE);
  let from = minuteOf(opened - Math.max(LEAD_IN, 4 * (watched?.windowMs ?? 0)));
  if (to - from > MAX_SPAN) from = to - MAX_SPAN;
  const lead = watched ? Math.ceil(watched.windowMs / MINUTE) - 1 : 0;
  const buckets = await windows.series(inc.brand, from - lead * MINUTE, to);
  const points = buckets.slice(lead).map((b) => ({
    t: b.minute,
    posts: b.counts.posts ?? 0,
    neg: b.counts.neg ?? 0,
    crisis: b.counts.crisis ?? 0,
  }));
  const chart: IncidentChart = { from, to, stepMs: MINUTE, points, markers: markers(inc, from, to) };
  if (watched) {
    const raw = buckets.map((b) => b.counts[watched.metric] ?? 0);
    const values: number[] = [];
    let running = 0;
    raw.forEach((v, i) => {
      running += v - (i > lead ? (raw[i - lead - 1] ?? 0) : 0);
      if (i >= lead) values.push(round(running));
    });
    chart.watched = { ...watched, values };
  }
  return chart;
}

function watchedMetric(rule: RuleEntry | undefined, inc: Incident): Omit<WatchedMetric, 'values'> | undefined {
  const o = (rule?.options ?? {}) as Record<string, unknown>;
  if (typeof o.metric !== 'string' || typeof o.window !== 'number' || o.window < MINUTE) return undefined;
  const figure = inc.figures[0];
  const label = METRIC_LABELS[o.metric] ?? (o.metric.startsWith('c:') ? `${o.metric.slice(2)} posts` : o.metric);
  const out: Omit<WatchedMetric, 'values'> = { metric: o.metric, label, windowMs: o.window };
  const threshold = typeof o.above === 'number' ? o.above : figure?.threshold;
  if (threshold !== undefined) out.threshold = threshold;
  if (typeof o.criticalAbove === 'number') out.critical = o.criticalAbove;
  if (figure?.baseline !== undefined) out.baseline = figure.baseline;
  return out;
}

const MARKED: Partial<Record<TimelineEventKind, string>> = {
  opened: 'opened',
  escalated: 'escalated',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
};

function markers(inc: Incident, from: number, to: number): ChartMarker[] {
  return inc.timeline
    .filter((e) => MARKED[e.kind] !== undefined)
    .map((e) => ({ t: Date.parse(e.at), kind: e.kind, label: `${MARKED[e.kind]}${e.by && e.kind !== 'opened' ? ` by ${e.by}` : ''}` }))
    .filter((m) => m.t >= from && m.t < to);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** An evidence post as the page shows it: scores kept, text capped (it is untrusted and can be long). */
export function evidencePost(p: ScoredPost): ScoredPost {
  const text = p.text.length > 2000 ? `${p.text.slice(0, 1999)}…` : p.text;
  return { ...p, text };
}

/** Silences in force now that mute this incident. */
export function silencesFor(inc: Incident, active: Silence[]): Silence[] {
  return active.filter((s) => silenceMatches(s, inc.brand, inc.rule));
}
