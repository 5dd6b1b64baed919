import { CRISIS_CATEGORIES } from '../../types.js';

/** Metrics a rule can watch: the bucket fields of windows.ts that mean something alone. */
export const METRICS = ['posts', 'neg', 'pos', 'crisis', 'severe', 'reachNeg', ...CRISIS_CATEGORIES.map((c) => `c:${c}`)] as const;

const LABELS: Record<string, string> = {
  posts: 'posts',
  neg: 'negative posts',
  pos: 'positive posts',
  crisis: 'crisis posts',
  severe: 'serious crisis posts',
  reachNeg: 'reach of negative posts',
  // Its terms are fraud's and the law's (scam, lawsuit, investigation, fined): said so.
  'c:fraud': 'fraud or legal posts',
};

/** `c:boycott` -> `boycott posts`, for alerts people read. */
export function metricLabel(metric: string): string {
  return LABELS[metric] ?? (metric.startsWith('c:') ? `${metric.slice(2)} posts` : metric);
}
