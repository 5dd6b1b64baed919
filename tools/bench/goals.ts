/** The goals of the performance issue, on the 2-core reference machine. */
export const GOALS = {
  /** Pipeline posts/s over bare BullMQ posts/s, same run. */
  pipelineRatio: 1.0,
  /** Classifier chain posts/s on one core. */
  classifyPostsPerSecond: 10_000,
  /** p99 from the collect stage to the channel, at the goal load. */
  p99LatencyMs: 1_000,
  peakRssBytes: 250 * 1024 * 1024,
  startMs: 1_500,
} as const;

export interface GoalCheck {
  pipelineRatio: boolean;
  classify: boolean;
  p99Latency: boolean;
  peakRss: boolean;
  start: boolean;
}
