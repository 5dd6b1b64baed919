import type { ScoredPost } from '../types.js';
import { authorMetrics, isHarmMetric } from './windows.js';

/**
 * Orders the candidate evidence posts of a firing: the posts of the metric that fired first (nine
 * boycott posts explain a boycott alert, a well-read neutral review does not), then other posts
 * that hurt (negative or with crisis terms). For a firing on a metric that says nothing about tone
 * (`posts`, `pos`, or none) every candidate stays, heaviest first as given.
 *
 * `candidates` come in weight order; ids without a stored post are not in it.
 */
export function rankEvidence(candidates: readonly ScoredPost[], metric: string | undefined): ScoredPost[] {
  if (metric === undefined || !isHarmMetric(metric)) return [...candidates];
  const ofMetric: ScoredPost[] = [];
  const hurting: ScoredPost[] = [];
  for (const p of candidates) {
    const metrics = authorMetrics(p);
    if (metrics.includes(metric)) ofMetric.push(p);
    else if (metrics.length > 0) hurting.push(p);
  }
  return [...ofMetric, ...hurting];
}
