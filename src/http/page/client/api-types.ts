/**
 * What the page reads from the daemon's API. The data model and the chart come from the server's
 * own type files (types only, no Node code); the rest is what the page uses of the views the
 * routes build, which test/http and test/browser hold to the same shapes.
 */
import type { IncidentChart } from '../../incident-chart.js';
import type { Incident, RelatedSignal, Severity } from '../../../types.js';

export type { ChartPoint, IncidentChart } from '../../incident-chart.js';
export type { Figure, Severity } from '../../../types.js';

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

export interface IncidentWords {
  brandName?: string;
  headline?: string;
  terms?: string[];
}

/** What the API adds to the data model's incident. */
interface ViewFields {
  nextEscalationAt?: string;
  escalationPolicy?: string;
  related?: RelatedSignal[];
  words?: IncidentWords;
}

/** An incident as the list shows it: no timeline, no evidence ids. */
export type IncidentRow = Omit<Incident, 'timeline' | 'evidence'> & ViewFields;
/** An incident as its own page shows it. */
export type IncidentFull = Incident & ViewFields;

export interface IncidentList {
  now: string;
  incidents: IncidentRow[];
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
  crisis?: { terms?: string[]; categories?: string[]; inferred?: { category: string; probability: number }[] };
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
  incident: IncidentFull;
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
