/**
 * What the main thread and a classify thread say to each other (node:worker_threads messages).
 * Everything here crosses by structured clone: plain data only.
 */
import type { WindowOptions } from '../alerts/windows.js';
import type { ClassifierOptions } from '../classifiers/classifier.js';
import type { FinishedJob } from './jobs.js';
import type { ScoredSummary } from './stages/classify.js';

/** Given to each thread as its workerData, or to a prestarted thread as its first message. */
export interface ClassifyThreadInit {
  redisUrl: string;
  prefix: string;
  /** Classify jobs this thread works on at once. */
  concurrency: number;
  windows: WindowOptions;
  classifiers: ClassifierOptions;
  /** Recorded on each job it runs (processedBy), like the main thread's workers. */
  workerName: string;
  /** Report each scored batch (the daemon has an onScored hook). */
  scoredSummaries: boolean;
  /** Ask for brand evaluations after each batch (live); a replay evaluates in its per-step sweep. */
  evaluateOnClassify: boolean;
}

export type ToThread =
  /** A thread started ahead (src/queues/classify-prestart.ts) prepares these languages' lexicon scorers. */
  | { type: 'prepare'; languages: string[] }
  /** A thread started ahead learns its settings (after `prepare` or without it). */
  | { type: 'init'; init: ClassifyThreadInit }
  /** A reload: new brands or languages (the chain is rebuilt) and concurrency. */
  | { type: 'reconfigure'; classifiers: ClassifierOptions; concurrency: number }
  /** Finish the active jobs, close the connections, end the thread. */
  | { type: 'close' };

export type FromThread =
  /** Chain built, worker running. */
  | { type: 'ready' }
  | { type: 'finished'; job: FinishedJob; error?: { name: string; message: string } }
  | { type: 'scored'; summary: ScoredSummary }
  | { type: 'log'; level: 'warn' | 'error'; message: string; fields: Record<string, unknown> };
