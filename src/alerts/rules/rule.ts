import type { PluginSpec } from '../../plugin.js';
import type { Explanation, Figure, Severity, SourceHealthView } from '../../types.js';
import type { WindowReader } from '../windows.js';

/** What a rule sees when it is evaluated for one brand at one moment of event time. */
export interface RuleContext {
  brand: string;
  /** Event time of the evaluation, ms since epoch. */
  now: number;
  windows: WindowReader;
  /** Source-health states, for rules that watch the collectors. */
  sourceHealth(): Promise<SourceHealthView[]>;
}

/** A rule that fired: everything the alert needs to explain itself. */
export interface Firing {
  severity: Severity;
  /** One line: what is happening. */
  summary: string;
  figures: Figure[];
  /** The measurement as data, for channels to word in the team's language (see Explanation). */
  explanation?: Explanation;
  /** Window the figures cover, ms. */
  windowMs: number;
  /** Post ids that explain the firing best, put first in the incident's evidence. */
  evidence?: string[];
  /**
   * Overrides the brand in the fingerprint for rules that are not about a brand (source health
   * fires per source).
   */
  subject?: string;
}

export interface Rule {
  readonly id: string;
  readonly type: string;
  readonly severity: Severity;
  /** Brands it applies to; undefined for every brand. */
  readonly brands?: readonly string[];
  /** Whether it is evaluated per brand (most) or once globally (source health). */
  readonly scope: 'brand' | 'global';
  /** Brand rules return at most one firing; global rules one per subject (a source, say). */
  evaluate(ctx: RuleContext): Promise<Firing | Firing[] | null>;
}

export interface RuleBuildContext {
  severity: Severity;
  brands?: readonly string[];
}

export type RuleSpec<Options = unknown> = PluginSpec<Options, Rule, RuleBuildContext>;
