import type { ScoredPost } from '../types.js';
import { authorMetrics, isHarmMetric } from './windows.js';

/**
 * Orders the candidate evidence posts of a firing: the posts of the metric that fired first (nine
 * boycott posts explain a boycott alert, a well-read neutral review does not), and among them those
 * with the categories the alert names ("negative posts (service)": the service complaints before a
 * negative post about something else), then other posts that hurt (negative or with crisis terms).
 * For a firing on a metric that says nothing about tone (`posts`, `pos`, or none) every candidate
 * stays, heaviest first as given.
 *
 * `candidates` come in weight order; ids without a stored post are not in it.
 */
export function rankEvidence(candidates: readonly ScoredPost[], metric: string | undefined, categories: readonly string[] = []): ScoredPost[] {
  if (metric === undefined || !isHarmMetric(metric)) return [...candidates];
  const named: ScoredPost[] = [];
  const ofMetric: ScoredPost[] = [];
  const hurting: ScoredPost[] = [];
  for (const p of candidates) {
    const metrics = authorMetrics(p);
    if (!metrics.includes(metric)) {
      if (metrics.length > 0) hurting.push(p);
    } else if (p.crisis.categories.some((c) => categories.includes(c))) named.push(p);
    else ofMetric.push(p);
  }
  return [...named, ...ofMetric, ...hurting];
}

/** How many candidates are posts of the metric (all of them for a metric that says nothing about tone). */
export function postsOfMetric(candidates: readonly ScoredPost[], metric: string | undefined): number {
  if (metric === undefined || !isHarmMetric(metric)) return candidates.length;
  return candidates.filter((p) => authorMetrics(p).includes(metric)).length;
}
