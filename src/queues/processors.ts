import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { localeFor } from '../alerts/i18n.js';
import type { IncidentStore } from '../alerts/incident-store.js';
import type { IncidentManager } from '../alerts/incidents.js';
import type { Notifier } from '../alerts/notifiers/notifier.js';
import type { Rule } from '../alerts/rules/rule.js';
import type { WindowOptions, WindowReader } from '../alerts/windows.js';
import type { ClassifierChain } from '../classifiers/classifier.js';
import type { Clock } from '../clock.js';
import type { VigieConfig } from '../config/load.js';
import type { HandOn } from '../intake/intake.js';
import type { Source } from '../sources/source.js';
import type { SourceHealthView } from '../types.js';
import type { ClassifyJob, CollectJob, EvaluateJob, NotifyJob, Role } from './jobs.js';
import { classifyStage, type ScoredSummary } from './stages/classify.js';
import { collectStage } from './stages/collect.js';
import { evaluateStage } from './stages/evaluate.js';
import { notifyStage } from './stages/notify.js';

/** What a main-thread worker runs for each job of its queue. */
export type Processor = (job: Job, token?: string, signal?: AbortSignal) => Promise<unknown>;

/**
 * What the stages need of the daemon. Plug-ins and configuration are read through functions at
 * each job: a reload swaps them between jobs, never during one.
 */
export interface ProcessorDeps {
  redis: Redis;
  prefix: string;
  clock: Clock;
  log: Logger;
  config(): VigieConfig;
  sources(): Map<string, Source>;
  rules(): Rule[];
  notifiers(): Map<string, Notifier>;
  /** The main thread's classifier chain (throws when it was not built). */
  chain(): ClassifierChain;
  /** Where the intake puts new posts (src/queues/classify-pages.ts). */
  handOn: HandOn;
  /** Where brand evaluations are asked for after a classified page; none in a replay (its sweep evaluates). */
  evaluate?: Queue<EvaluateJob>;
  windowOptions: WindowOptions;
  windows: WindowReader;
  incidents: IncidentManager;
  incidentStore: IncidentStore;
  sourceHealth(): Promise<SourceHealthView[]>;
  onCollected?(sourceId: string, posts: number): void;
  onScored?(summary: ScoredSummary): void;
  onNotified?(job: NotifyJob): void;
}

/** One processor per queue, each running its stage (src/queues/stages/). */
export function buildProcessors(d: ProcessorDeps): Record<Role, Processor> {
  const { clock, log } = d;
  const classify = classifyStage({
    redis: d.redis,
    prefix: d.prefix,
    chain: d.chain,
    evaluate: d.evaluate,
    windows: d.windowOptions,
    onScored: d.onScored,
  });
  const evaluate = evaluateStage({
    rules: d.rules,
    brands: () => d.config().brands.map((b) => b.id),
    windows: d.windows,
    incidents: d.incidents,
    sourceHealth: d.sourceHealth,
    log: log.child({ stage: 'evaluate' }),
    now: () => clock.now(),
  });
  const notify = notifyStage({
    redis: d.redis,
    prefix: d.prefix,
    incidents: d.incidentStore,
    notifiers: d.notifiers,
    // Read once, when the workers start (changing it needs a restart).
    publicUrl: d.config().alerting.publicUrl,
    locale: (brand) => localeFor(d.config(), brand),
    log: log.child({ stage: 'notify' }),
    // Event time: a replay's notifications carry the time they became due, not the wall clock's.
    now: () => clock.now(),
    onSent: (job) => d.onNotified?.(job),
  });
  return {
    collect: (job, _t, signal) =>
      collectStage({
        redis: d.redis,
        prefix: d.prefix,
        clock,
        log: log.child({ stage: 'collect' }),
        sources: d.sources,
        handOn: d.handOn,
        retentionMs: d.config().alerting.retention,
        onCollected: d.onCollected,
      })(job.data as CollectJob, signal ?? new AbortController().signal),
    classify: (job) => classify(job.data as ClassifyJob),
    evaluate: (job) => {
      const data = job.data as EvaluateJob;
      // The repeating sweep is queued with `at: 0`: it runs at the clock's time when it runs.
      return evaluate(data.kind === 'sweep' && !data.at ? { kind: 'sweep', at: clock.now() } : data);
    },
    notify: (job, _t, signal) =>
      notify(job.data as NotifyJob, signal ?? new AbortController().signal, { made: job.attemptsMade, max: job.opts.attempts ?? 1 }),
  };
}
