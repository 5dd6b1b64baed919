/**
 * What the page reads from the daemon's API, as far as the page uses it. The server's own types
 * live in Node code this browser build cannot import; test/http and test/browser hold the two to
 * the same shapes.
 */
export type Severity = 'info' | 'warning' | 'critical';
export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';

export interface StatusBrand {
  id: string;
  name: string;
}

export interface Status {
  now: string;
  timezone?: string;
  language?: string;
  actions?: string;
  brands: StatusBrand[];
}

export interface Figure {
  name: string;
  value: number;
  threshold?: number;
  baseline?: number;
  unit?: string;
}

export interface TimelineEvent {
  at: string;
  kind: string;
  by?: string;
  text?: string;
}

export interface RelatedSignal {
  id: string;
  rule: string;
  severity: Severity;
  summary: string;
}

export interface IncidentWords {
  brandName?: string;
  headline?: string;
  terms?: string[];
}

export interface Incident {
  id: string;
  brand: string;
  rule: string;
  severity: Severity;
  status: IncidentStatus;
  silenced: boolean;
  openedAt: string;
  updatedAt: string;
  resolvedAt?: string;
  summary: string;
  figures: Figure[];
  terms: string[];
  languages: Record<string, number>;
  platforms: Record<string, number>;
  escalationStep: number;
  nextEscalationAt?: string;
  escalationPolicy?: string;
  timeline: TimelineEvent[];
  related?: RelatedSignal[];
  words?: IncidentWords;
}

export interface IncidentList {
  now: string;
  incidents: Incident[];
}

export interface Silence {
  id: string;
  brand?: string;
  rule?: string;
  endsAt: string;
  author: string;
  reason: string;
}

export interface SilenceList {
  silences?: Silence[];
}

export interface ChartPoint {
  t: number;
  posts: number;
  neg: number;
  crisis: number;
}

export interface WatchedMetric {
  label: string;
  windowMs: number;
  values: number[];
  threshold?: number;
  critical?: number;
  baseline?: number;
}

export interface ChartMarker {
  t: number;
  kind: string;
  label: string;
}

export interface IncidentChart {
  stepMs: number;
  points: ChartPoint[];
  watched?: WatchedMetric;
  markers: ChartMarker[];
}

export interface Post {
  url: string;
  author: { name: string; followers?: number };
  platform: string;
  publishedAt: string;
  lang: string;
  title?: string;
  text: string;
  reach: number;
  sentiment?: { label: 'neg' | 'neu' | 'pos'; score: number };
  crisis?: { terms?: string[]; categories?: string[] };
  official?: string;
}

export interface SourceHealth {
  sourceId: string;
  type: string;
  state: string;
  consecutiveFailures: number;
  successes?: number;
  failures?: number;
  since?: string;
  lastPollAt?: string;
  lastSuccessAt?: string;
  lastPostAt?: string;
  lastError?: string;
  lastErrorAt?: string;
}

export interface IncidentDetail {
  now: string;
  incident: Incident;
  chart: IncidentChart;
  posts: Post[];
  missingPosts?: number;
  official?: Post[];
  related?: RelatedSignal[];
  silences?: Silence[];
  parent?: { id: string; rule: string; severity: Severity };
  source?: SourceHealth;
  rule?: { type: string };
  words?: IncidentWords;
}
