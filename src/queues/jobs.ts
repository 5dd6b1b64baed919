import type { NotificationKind } from '../alerts/notifiers/notifier.js';
import type { Post } from '../types.js';

/** The four queues of DESIGN.md; every arrow between stages is one of them. */
export const QUEUE_NAMES = ['collect', 'classify', 'evaluate', 'notify'] as const;
export type Role = (typeof QUEUE_NAMES)[number];

/** One tick of one source's schedule. Its job id is `sourceId|tick`, so a tick is collected once. */
export interface CollectJob {
  sourceId: string;
  /** The scheduled time of the tick, ISO. */
  tick: string;
}

/** A collected page of posts. */
export interface ClassifyJob {
  sourceId: string;
  posts: Post[];
  /** When the batch entered the pipeline (ms), for latency measurements. */
  enqueuedAt: number;
}

/**
 * Evaluate one brand's rules at its latest event time, sweep everything at a given time, do only
 * the incident bookkeeping at a given time (a replay between its steps: a group wait that ends
 * mid-minute), or check whether an unacknowledged incident is due for escalation step `step` (a
 * delayed job, live mode).
 */
export type EvaluateJob =
  | { kind: 'brand'; brand: string; enqueuedAt?: number }
  | { kind: 'sweep'; at: number }
  | { kind: 'incidents'; at: number }
  | { kind: 'escalate'; incidentId: string; step: number; dueAt: number };

export interface NotifyJob {
  kind: NotificationKind;
  incidentId: string;
  revision: number;
  channel: string;
  step?: number;
  enqueuedAt?: number;
}

/** BullMQ refuses `:` in custom ids; ours join parts with `|`. */
export function jobId(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/:/g, '_')).join('|');
}

/**
 * What the daemon's hooks learn about a job that left a worker: the fields of BullMQ's Job they
 * read, so a job run in a classify thread (src/queues/classify-pool.ts) is reported like one run
 * in the main thread. A classify job reported from a thread carries its data without the posts.
 */
export interface FinishedJob {
  id?: string;
  name: string;
  data: unknown;
  processedOn?: number;
  finishedOn?: number;
  attemptsMade: number;
  returnvalue?: unknown;
  opts: { attempts?: number };
}
