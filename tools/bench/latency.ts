/**
 * Times notifications from the moment the collect stage queued the page that led to them.
 *
 * The chain: a classify job carries `enqueuedAt` (when the collect stage queued the page); it asks
 * for a per-brand evaluate job that carries the same `enqueuedAt` (the job is debounced per brand,
 * so it is the oldest page waiting for that brand); the evaluation fires a rule and queues the
 * notify job; the notify stage hands it to the channel. Only the daemon's hooks are used: an
 * evaluate job's run is recorded when it finishes (start, end, origin, brand), a notification when
 * the channel took it (incident, when it was queued, when it was sent). A notification is matched
 * to the evaluation of its brand that was running when it was queued: that evaluation's page was in
 * the windows by then, so the notification is the one its posts led to, whichever job fired it (a
 * sweep running at the same moment may win the race; the posts are the same). Brand evaluations of
 * one brand never overlap (one job id per brand), so the match is unique. A notification queued
 * while no evaluation of its brand ran came from a sweep alone: it has no origin and is counted,
 * not timed.
 */
import type { EvaluateJob, FinishedJob, NotifyJob } from '../../src/queues/jobs.js';
import { quantile } from './stats.js';
import type { LatencySummary } from './protocol.js';

interface Run {
  start: number;
  end: number;
  origin: number;
}

interface Sent {
  incidentId: string;
  queuedAt: number;
  sentAt: number;
}

export interface TimedNotification {
  /** When the page behind it entered the pipeline. */
  origin: number;
  latencyMs: number;
  /** Where the time went: page queued → its brand's evaluation started (classify included). */
  toEvaluationMs: number;
  /** The evaluation job, from its start to the notification queued (rules, incident). */
  evaluationMs: number;
  /** Notify job queued → handed to the channel. */
  toChannelMs: number;
}

export class LatencyTracker {
  private readonly brandRuns = new Map<string, Run[]>();
  private readonly sent: Sent[] = [];

  evaluated(job: FinishedJob, now = Date.now()): void {
    const data = job.data as EvaluateJob;
    if (data.kind !== 'brand' || data.enqueuedAt === undefined) return;
    const runs = this.brandRuns.get(data.brand) ?? [];
    runs.push({ start: job.processedOn ?? now, end: now, origin: data.enqueuedAt });
    this.brandRuns.set(data.brand, runs);
  }

  notified(job: NotifyJob, now = Date.now()): void {
    if (job.kind !== 'firing' || job.enqueuedAt === undefined) return;
    this.sent.push({ incidentId: job.incidentId, queuedAt: job.enqueuedAt, sentAt: now });
  }

  get sentCount(): number {
    return this.sent.length;
  }

  /** Matches notifications to evaluations; `brandOf` names an incident's brand. */
  async resolve(brandOf: (incidentId: string) => Promise<string | undefined>): Promise<{ timed: TimedNotification[]; untimed: number[] }> {
    const timed: TimedNotification[] = [];
    /** When each untimed notification was queued. */
    const untimed: number[] = [];
    const within = (r: Run, t: number) => r.start <= t && t <= r.end;
    for (const s of this.sent) {
      const brand = await brandOf(s.incidentId);
      const run = brand ? this.brandRuns.get(brand)?.find((r) => within(r, s.queuedAt)) : undefined;
      if (!run) {
        untimed.push(s.queuedAt);
        continue;
      }
      timed.push({
        origin: run.origin,
        latencyMs: s.sentAt - run.origin,
        toEvaluationMs: run.start - run.origin,
        evaluationMs: s.queuedAt - run.start,
        toChannelMs: s.sentAt - s.queuedAt,
      });
    }
    return { timed, untimed };
  }
}

export function summarize(timed: readonly TimedNotification[]): LatencySummary {
  const sorted = (f: (t: TimedNotification) => number) => timed.map(f).sort((a, b) => a - b);
  const total = sorted((t) => t.latencyMs);
  const part = (f: (t: TimedNotification) => number) => {
    const xs = sorted(f);
    return { p50: quantile(xs, 0.5), p99: quantile(xs, 0.99) };
  };
  return {
    samples: total.length,
    p50: quantile(total, 0.5),
    p99: quantile(total, 0.99),
    max: total.at(-1) ?? Number.NaN,
    parts: { toEvaluation: part((t) => t.toEvaluationMs), evaluation: part((t) => t.evaluationMs), toChannel: part((t) => t.toChannelMs) },
  };
}
