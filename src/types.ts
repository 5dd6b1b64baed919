/**
 * The data model of DESIGN.md: what travels between the stages of the pipeline.
 * Every timestamp is an ISO 8601 string in UTC.
 */

/** Platforms Vigie collects from. `ingest` is a post pushed over the HTTP API; `replay` a recorded one. */
export type Platform = 'weibo' | 'wechat' | 'twitter' | 'feed' | 'ingest' | 'replay';

export const PLATFORMS: readonly Platform[] = ['weibo', 'wechat', 'twitter', 'feed', 'ingest', 'replay'];

export interface Author {
  id: string;
  name: string;
  /** Followers or subscribers when the platform tells. */
  followers?: number;
}

export interface PostMetrics {
  likes: number;
  shares: number;
  comments: number;
}

/** A post as collected and normalised, before any classification. */
export interface Post {
  /** `platform:nativeId`, stable across polls and restarts. */
  id: string;
  platform: Platform;
  /** The configured source that collected it. */
  sourceId: string;
  url: string;
  author: Author;
  /** Plain text: HTML stripped, entities decoded. Untrusted. */
  text: string;
  title?: string;
  publishedAt: string;
  collectedAt: string;
  metrics?: PostMetrics;
  /** The language the platform claims, when it says one. */
  langHint?: string;
}

export type SentimentLabel = 'neg' | 'neu' | 'pos';

export interface Sentiment {
  /** -1 (very negative) .. 1 (very positive). */
  score: number;
  label: SentimentLabel;
}

/** One crisis term found in a post, with why it counts. */
export interface CrisisMatch {
  term: string;
  category: CrisisCategory;
  /** The brand whose extra terms matched, when it came from the config. */
  brand?: string;
}

export type CrisisCategory =
  | 'boycott'
  | 'discrimination'
  | 'violence'
  | 'safety'
  | 'fraud'
  | 'service';

export const CRISIS_CATEGORIES: readonly CrisisCategory[] = [
  'boycott',
  'discrimination',
  'violence',
  'safety',
  'fraud',
  'service',
];

/**
 * The categories a crisis is made of (the rest, fraud and service, are complaints): each can page
 * as critical, and together they make the `severe` metric, so a wave that mixes boycott and
 * safety posts is counted as one wave, not against a baseline of routine complaints.
 */
export const SEVERE_CATEGORIES: readonly CrisisCategory[] = ['boycott', 'discrimination', 'violence', 'safety'];

export interface CrisisSignal {
  /** Distinct terms that matched, as found in the post (a stem entry reports the word it matched). */
  terms: string[];
  categories: CrisisCategory[];
  /** 0 (nothing) .. 1 (strong, several categories or repeated terms). */
  score: number;
  matches: CrisisMatch[];
  /**
   * Categories the trained crisis model found where no term did ("came home with a black eye"),
   * with the model's probability: `categories` holds them too.
   */
  inferred?: { category: CrisisCategory; probability: number }[];
  /**
   * Categories the crisis terms found that the model took back, all but sure the post is about
   * nothing ("my cat attacked the box", news of an explosion far away), with its probability of
   * `none`: `categories` no longer holds them, nor `terms` and `matches` their terms.
   */
  vetoed?: { category: CrisisCategory; none: number }[];
}

/** A post with everything the classifiers found. */
export interface ScoredPost extends Post {
  /** ISO 639-3 as franc names it (`cmn`, `eng`, `fra`, ...) or `und`. */
  lang: string;
  /** Ids of the configured brands the post is about. */
  brands: string[];
  sentiment: Sentiment;
  crisis: CrisisSignal;
  /** How many people the post can reach: followers plus engagement, at least 1. */
  reach: number;
  /**
   * The brand whose own account wrote it (`brands.X.accounts`): its official voice, shown as an
   * official response and never counted as crisis or negative evidence.
   */
  official?: string;
}

export type Severity = 'info' | 'warning' | 'critical';

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';

export type TimelineEventKind =
  | 'opened'
  | 'updated'
  | 'notified'
  | 'escalated'
  | 'acknowledged'
  | 'note'
  | 'silenced'
  | 'official'
  | 'resolved';

export interface TimelineEvent {
  at: string;
  kind: TimelineEventKind;
  /** Who did it, for human actions; the component for automatic ones. */
  by?: string;
  text?: string;
}

/** A figure a rule measured, against what it is compared with. */
export interface Figure {
  name: string;
  value: number;
  /** The threshold or baseline the value was compared with. */
  threshold?: number;
  baseline?: number;
  /** A floor the value had to reach to count at all (a minimum volume). */
  minimum?: number;
  unit?: string;
}

/**
 * What a detection rule measured, as data rather than words, so that every channel can say it in the
 * team's language and time zone: "9 boycott posts from 8 authors in 15 min on Weibo and X; expected
 * 0.2 at this hour from the last 7 days (p < 10⁻⁹)". Rules fill what they know; channels word it.
 */
export interface Explanation {
  /** What was counted: the rule's metric (`posts`, `neg`, `crisis`, `c:boycott`, ...). */
  metric: string;
  /** How many in the window. */
  count: number;
  /** Distinct authors among them, when known. */
  authors?: number;
  /** The window the count covers, ms. */
  windowMs: number;
  /** Platforms the posts came from, most first. */
  platforms?: string[];
  /** Crisis categories among them, most first. */
  categories?: CrisisCategory[];
  /** What the brand's own history predicts for this window at this time of day. */
  expected?: number;
  /** How much history that expectation rests on, ms. */
  historyMs?: number;
  /** Probability of `count` or more if nothing unusual were happening (upper tail of the count model). */
  pValue?: number;
}

export interface Incident {
  id: string;
  /** `brand/rule`: one open incident per fingerprint. */
  fingerprint: string;
  brand: string;
  rule: string;
  severity: Severity;
  status: IncidentStatus;
  /** True while a silence matches it; notifications are muted, the incident still updates. */
  silenced: boolean;
  openedAt: string;
  updatedAt: string;
  resolvedAt?: string;
  /** Increases at every change worth notifying; notifications are idempotent per revision and channel. */
  revision: number;
  /** One line a person reads first. */
  summary: string;
  figures: Figure[];
  /** The latest firing's measurement as data (see Explanation); absent for rules that give none. */
  explanation?: Explanation;
  terms: string[];
  languages: Record<string, number>;
  platforms: Record<string, number>;
  evidence: string[];
  escalationStep: number;
  timeline: TimelineEvent[];
  /** The headline count over the incident's life: now, at its peak, and when people were last told. */
  volume?: IncidentVolume;
  /**
   * The more severe open incident of the same brand this one is grouped under, as a related
   * signal (its notifications are held while that one is open: inhibition).
   */
  parentId?: string;
  /** Posts by the brand's own accounts during the incident: its official responses. */
  officialPosts?: string[];
}

/**
 * What a headline count measures, when the rule's explanation says: a metric over a window. A
 * surge rule reports its strongest finding, whose metric and window can change from one
 * evaluation to the next (fraud posts in 1 h, then negative posts in 4 h): each figure kept
 * below carries its own, so no notice compares or labels one count as another.
 */
export interface VolumeMeasure {
  metric: string;
  windowMs: number;
}

/** Whether two figures count the same thing (both unlabelled counts of one rule's single figure, or one metric over one window). */
export function sameMeasure(a: VolumeMeasure | undefined, b: VolumeMeasure | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.metric === b.metric && a.windowMs === b.windowMs;
}

/** The figure an incident is measured by (the rule's count), followed for updates and the resolved notice. */
export interface IncidentVolume {
  count: number;
  measure?: VolumeMeasure;
  peak: number;
  peakAt: string;
  peakMeasure?: VolumeMeasure;
  /** The count in the last notification sent, and when. */
  told: number;
  toldAt?: string;
  toldMeasure?: VolumeMeasure;
  /** What the notice before the last one said, for an update's "up from": count and when. */
  before?: number;
  beforeAt?: string;
  beforeMeasure?: VolumeMeasure;
}

/** An incident grouped under another, as the parent's alerts and page list it. */
export interface RelatedSignal {
  id: string;
  rule: string;
  severity: Severity;
  status: IncidentStatus;
  summary: string;
  explanation?: Explanation;
  openedAt: string;
}

/**
 * What a collector's health looks like from outside: written by the collect stage (sources/health.ts),
 * read by the source-health rule. Here, in the kernel, so neither wing imports the other.
 */
export interface SourceHealthView {
  sourceId: string;
  type: string;
  state: 'ok' | 'failing' | 'silent';
  consecutiveFailures: number;
  lastError?: string;
  /** When the current failing or silent state began (ISO). */
  since?: string;
}
