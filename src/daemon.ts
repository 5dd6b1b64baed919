import { hostname } from 'node:os';
import { Queue, Worker, type Job, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { IncidentStore } from './alerts/incident-store.js';
import { IncidentManager, type PendingNotification } from './alerts/incidents.js';
import type { Notifier } from './alerts/notifiers/notifier.js';
import type { SourceHealthView } from './types.js';
import { SilenceStore } from './alerts/silences.js';
import { DEFAULT_WINDOW_OPTIONS, WindowReader, type WindowOptions } from './alerts/windows.js';
import { buildPlugins, classifierOptions, loadClassifierChain, type Plugins } from './build.js';
import type { ClassifierChain } from './classifiers/classifier.js';
import { ManualClock, type Clock } from './clock.js';
import type { VigieConfig } from './config/load.js';
import { RetryableError } from './errors.js';
import { limitHeapGrowth } from './heap-growth.js';
import { ClassifyPool, resolveClassifyThreads } from './queues/classify-pool.js';
import { jobId, QUEUE_NAMES, type ClassifyJob, type CollectJob, type EvaluateJob, type FinishedJob, type NotifyJob, type Role } from './queues/jobs.js';
import { PostStore } from './post-store.js';
import { RedisStateLog } from './queues/redis-state.js';
import { connect } from './redis.js';
import { classifyStage, type ScoredSummary } from './queues/stages/classify.js';
import { collectStage } from './queues/stages/collect.js';
import { evaluateStage } from './queues/stages/evaluate.js';
import { notifyStage } from './queues/stages/notify.js';
import { localeFor } from './alerts/i18n.js';
import { readSourceHealth } from './sources/health.js';
import { JOB_LOCK_MS, STALLED_CHECK_MS } from './queues/worker-settings.js';

export interface DaemonOptions {
  config: VigieConfig;
  /** Roles this process works on; every role for `vigie start`. */
  roles: readonly Role[];
  clock: Clock;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** Fire the sources' cron schedules and the periodic sweep from this process. */
  schedule?: boolean;
  /**
   * Queue a delayed job at each escalation step's due time (computed from the clock), on top of the
   * sweep. Right for wall-clock time; a replay's event time outruns wall time, so there the sweep
   * alone escalates. @default true, false with a ManualClock
   */
  escalationJobs?: boolean;
  /** How often the live sweep runs (group wait, escalation, auto-resolve). @default 15 s */
  sweepEveryMs?: number;
  /**
   * Evaluate each brand as soon as a classified page touches it (live). A replay turns this off and
   * evaluates every brand in its per-step sweep instead, after all of the step's posts are in: an
   * evaluation halfway through a step would see whatever pages happened to be done. @default true
   */
  evaluateOnClassify?: boolean;
  /** Posts per classify job. @default 500 */
  batchSize?: number;
  /** Classify threads, overriding `workers.classifyThreads` (0: in the main thread). */
  classifyThreads?: number;
  windows?: Partial<WindowOptions>;
  /** Hooks for metrics and the benchmark. */
  hooks?: DaemonHooks;
}

export interface DaemonHooks {
  onCollected?(sourceId: string, posts: number): void;
  onScored?(summary: ScoredSummary): void;
  onNotified?(job: NotifyJob): void;
  /**
   * A job left one of this process's workers, main thread or classify thread: completed, or an
   * attempt failed (`error` set).
   */
  onJobFinished?(queue: Role, job: FinishedJob, error?: Error): void;
}

/**
 * One Vigie process: the queues, the workers of the roles it runs, the schedules. Every role talks
 * only through Redis, so `vigie start` (all roles) and many `vigie worker --role X` processes on
 * many machines behave the same.
 */
export class Daemon {
  readonly redis: Redis;
  /** Whether Redis is reachable, logged once per change (not once per error per connection). */
  readonly redisState: RedisStateLog;
  readonly prefix: string;
  readonly queues: {
    collect: Queue<CollectJob>;
    classify: Queue<ClassifyJob>;
    evaluate: Queue<EvaluateJob>;
    notify: Queue<NotifyJob>;
  };
  readonly incidents: IncidentManager;
  readonly incidentStore: IncidentStore;
  readonly silences: SilenceStore;
  readonly windows: WindowReader;
  /** The stored scored posts, for the API. */
  readonly posts: PostStore;
  private config: VigieConfig;
  private plugins: Plugins;
  private readonly workers: Worker[] = [];
  /** The classify threads, when classification runs in threads. */
  private pool?: ClassifyPool;
  /** The classifier chain, when classification runs in the main thread (built at start). */
  private chain?: ClassifierChain;
  /** Connections we opened for the workers; BullMQ leaves a connection it was given open. */
  private readonly connections: Redis[] = [];
  /** Each scheduled source's cron task and the expression it was made from. */
  private readonly tasks = new Map<string, { schedule: string; task: ScheduledTask }>();
  /** Channels replaced by a reload, closed once the jobs that may still hold them are done. */
  private readonly retired: Notifier[] = [];
  private readonly opts: DaemonOptions;
  private closing?: Promise<void>;
  /** Set when `close` ran out of time and dropped the connections instead of closing them. */
  stoppedByForce = false;

  constructor(opts: DaemonOptions) {
    this.opts = opts;
    this.config = opts.config;
    this.prefix = opts.config.redis.prefix;
    this.plugins = buildPlugins(opts.config, opts.env ?? process.env, opts.log);
    this.redisState = new RedisStateLog(opts.log.child({ component: 'redis' }), REDIS_REMINDER_MS, () => this.closing !== undefined);
    this.redis = this.redisState.watch(connect(opts.config.redis.url));
    const queueOpts = { connection: this.redis, prefix: this.prefix };
    this.queues = {
      collect: new Queue<CollectJob>('collect', {
        ...queueOpts,
        defaultJobOptions: { attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } },
      }),
      classify: new Queue<ClassifyJob>('classify', {
        ...queueOpts,
        defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: { age: 7 * 86_400 } },
      }),
      evaluate: new Queue<EvaluateJob>('evaluate', {
        ...queueOpts,
        defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: { age: 86_400 } },
      }),
      notify: new Queue<NotifyJob>('notify', {
        ...queueOpts,
        defaultJobOptions: { attempts: 12, backoff: { type: 'vigie' }, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 30 * 86_400 } },
      }),
    };
    for (const q of Object.values(this.queues)) q.on('error', (err) => this.otherError(err, `${q.name} queue error`));
    this.windows = new WindowReader(this.redis, this.prefix);
    this.posts = new PostStore(this.redis, this.prefix);
    this.incidentStore = new IncidentStore(this.redis, this.prefix);
    this.silences = new SilenceStore(this.redis, this.prefix);
    this.incidents = new IncidentManager({
      store: this.incidentStore,
      silences: this.silences,
      windows: this.windows,
      config: { alerting: this.config.alerting, routes: this.config.routes, escalation: this.config.escalation },
      log: opts.log.child({ component: 'incidents' }),
      notify: (pending) => this.queueNotifications(pending),
      scheduleEscalation: (opts.escalationJobs ?? !(opts.clock instanceof ManualClock))
        ? (incidentId, step, dueAt) => this.scheduleEscalation(incidentId, step, dueAt)
        : undefined,
    });
  }

  /** Logs an error that is not Redis being unreachable (that one is RedisStateLog's). */
  private otherError(err: Error, what: string): void {
    if (this.redisState.error(err)) return;
    if (this.closing && /Connection is closed/.test(err.message)) return;
    this.opts.log.error({ err: err.message }, what);
  }

  get currentConfig(): VigieConfig {
    return this.config;
  }

  get sources() {
    return this.plugins.sources;
  }

  async sourceHealth(): Promise<SourceHealthView[]> {
    return readSourceHealth(this.redis, this.prefix, [...this.plugins.sources.keys()], this.opts.clock.now());
  }

  /** Each worker of this process and whether it is running (readiness). */
  workerStates(): { role: Role; running: boolean }[] {
    return [
      ...this.workers.map((w) => ({ role: w.name as Role, running: w.isRunning() && !this.closing })),
      ...(this.pool?.states() ?? []).map((running) => ({ role: 'classify' as const, running: running && !this.closing })),
    ];
  }

  /** Starts the workers of this process's roles and, if asked, the schedules. */
  async start(): Promise<void> {
    // Before the classify threads start and the queues fill the heap: see heap-growth.ts.
    limitHeapGrowth();
    const { log, clock } = this.opts;
    const windowOpts = { ...DEFAULT_WINDOW_OPTIONS, hourRetentionMs: this.config.alerting.retention, ...this.opts.windows };
    const w = this.config.workers;
    const base: WorkerOptions = { connection: this.redis, prefix: this.prefix, autorun: false };
    const processors: Record<Role, { concurrency: number; run: (job: Job, token?: string, signal?: AbortSignal) => Promise<unknown> }> = {
      collect: {
        concurrency: w.collect,
        run: (job, _t, signal) =>
          collectStage({
            redis: this.redis,
            prefix: this.prefix,
            clock,
            log: log.child({ stage: 'collect' }),
            sources: () => this.plugins.sources,
            classify: this.queues.classify,
            batchSize: this.opts.batchSize ?? 500,
            retentionMs: this.config.alerting.retention,
            onCollected: this.opts.hooks?.onCollected,
          })(job.data as CollectJob, signal ?? new AbortController().signal),
      },
      classify: {
        concurrency: w.classify,
        run: (() => {
          const stage = classifyStage({
            redis: this.redis,
            prefix: this.prefix,
            chain: () => {
              if (!this.chain) throw new Error('the classifier chain is not built: the daemon was not started');
              return this.chain;
            },
            evaluate: this.opts.evaluateOnClassify === false ? undefined : this.queues.evaluate,
            windows: windowOpts,
            onScored: this.opts.hooks?.onScored,
          });
          return (job: Job) => stage(job.data as ClassifyJob);
        })(),
      },
      evaluate: {
        concurrency: w.evaluate,
        run: (() => {
          const stage = evaluateStage({
            rules: () => this.plugins.rules,
            brands: () => this.config.brands.map((b) => b.id),
            windows: this.windows,
            incidents: this.incidents,
            sourceHealth: () => this.sourceHealth(),
            log: log.child({ stage: 'evaluate' }),
            now: () => clock.now(),
          });
          return (job: Job) => {
            const data = job.data as EvaluateJob;
            return stage(data.kind === 'sweep' && !data.at ? { kind: 'sweep', at: clock.now() } : data);
          };
        })(),
      },
      notify: {
        concurrency: w.notify,
        run: (() => {
          const stage = notifyStage({
            redis: this.redis,
            prefix: this.prefix,
            incidents: this.incidentStore,
            notifiers: () => this.plugins.notifiers,
            publicUrl: this.config.alerting.publicUrl,
            locale: (brand) => localeFor(this.currentConfig, brand),
            log: log.child({ stage: 'notify' }),
            // Event time: a replay's notifications carry the time they became due, not the wall clock's.
            now: () => clock.now(),
            onSent: (job) => this.opts.hooks?.onNotified?.(job),
          });
          return (job: Job, _t?: string, signal?: AbortSignal) =>
            stage(job.data as NotifyJob, signal ?? new AbortController().signal, { made: job.attemptsMade, max: job.opts.attempts ?? 1 });
        })(),
      },
    };
    const threads = this.opts.roles.includes('classify') ? (this.opts.classifyThreads ?? resolveClassifyThreads(w.classifyThreads)) : 0;
    if (threads > 0) {
      this.pool = new ClassifyPool({
        size: threads,
        init: {
          redisUrl: this.config.redis.url,
          prefix: this.prefix,
          concurrency: w.classify,
          windows: windowOpts,
          classifiers: classifierOptions(this.config),
          workerName: `${hostname()}:${process.pid}`,
          evaluateOnClassify: this.opts.evaluateOnClassify !== false,
        },
        log: log.child({ stage: 'classify' }),
        onFinished: (job, error) => this.opts.hooks?.onJobFinished?.('classify', job, error),
        onScored: this.opts.hooks?.onScored,
      });
      await this.pool.start();
    } else if (this.opts.roles.includes('classify')) {
      this.chain = await loadClassifierChain(classifierOptions(this.config));
    }
    for (const role of this.opts.roles) {
      // Classification runs in the pool's threads, each with its own classify worker.
      if (role === 'classify' && this.pool) continue;
      const p = processors[role];
      // Workers need their own connection: BullMQ blocks on it while waiting for jobs.
      const connection = this.redisState.watch(this.redis.duplicate());
      this.connections.push(connection);
      const worker = new Worker(role, (job, token, signal) => p.run(job, token, signal), {
        ...base,
        connection,
        concurrency: p.concurrency,
        settings: { backoffStrategy: notifyBackoff },
        // A process killed mid-job holds its jobs until their lock expires and a stalled-job check
        // runs: ~20 s at most with these, instead of BullMQ's 30 + 30 s.
        lockDuration: JOB_LOCK_MS,
        stalledInterval: STALLED_CHECK_MS,
        // Recorded on each job (processedBy): the queues board shows which process ran it.
        name: `${hostname()}:${process.pid}`,
      });
      worker.on('failed', (job, err) => {
        log.warn({ queue: role, job: job?.id, attempts: job?.attemptsMade, err: err.message }, `${role} job failed`);
        if (job) this.opts.hooks?.onJobFinished?.(role, job, err);
      });
      worker.on('completed', (job) => this.opts.hooks?.onJobFinished?.(role, job));
      worker.on('error', (err) => this.otherError(err, `${role} worker error`));
      this.workers.push(worker);
      void worker.run();
    }
    if (this.opts.schedule) this.startSchedules();
    log.info({ roles: this.opts.roles, prefix: this.prefix, classifyThreads: threads }, 'vigie workers running');
  }

  private startSchedules(): void {
    this.syncSchedules();
    const upsertSweep = () =>
      void this.queues.evaluate
        .upsertJobScheduler('sweep', { every: this.opts.sweepEveryMs ?? 15_000 }, { name: 'sweep', data: { kind: 'sweep', at: 0 } })
        .catch((err: Error) => this.opts.log.error({ err: err.message }, 'could not schedule the sweep'));
    upsertSweep();
    // A Redis restarted without persistence has forgotten the scheduler: put it back at each reconnection.
    this.redis.on('ready', () => {
      if (!this.closing) upsertSweep();
    });
  }

  /**
   * Gives each enabled, scheduled source a cron task. A task whose schedule did not change is kept
   * (a reload neither misses nor repeats its ticks); returns the tasks that must be stopped.
   */
  private syncSchedules(): ScheduledTask[] {
    const wanted = new Map<string, string>();
    for (const s of this.config.sources) {
      if (s.extra.enabled && s.extra.schedule && this.plugins.sources.has(s.id)) wanted.set(s.id, s.extra.schedule);
    }
    const stale: ScheduledTask[] = [];
    for (const [id, t] of this.tasks) {
      if (wanted.get(id) === t.schedule) continue;
      stale.push(t.task);
      this.tasks.delete(id);
    }
    for (const [id, schedule] of wanted) {
      if (this.tasks.has(id)) continue;
      const task = cron.schedule(schedule, (ctx) => {
        // Ticks while Redis is away would pile up in the client's offline queue: the source's
        // cursor catches up at the first tick after it is back.
        if (this.redisState.unreachable) return;
        const tick = new Date(Math.floor((ctx?.date ?? new Date()).getTime() / 1000) * 1000).toISOString();
        void this.tick(id, tick).catch((err: Error) => this.opts.log.warn({ source: id, err: err.message }, 'could not queue a tick'));
      });
      this.tasks.set(id, { schedule, task });
    }
    return stale;
  }

  /**
   * Applies a new configuration without a restart (SIGHUP or a changed file, see src/reload.ts).
   * All or nothing: every plug-in is built first, and a ConfigError leaves the daemon as it was.
   * Then brands, sources, rules, channels, routes, escalation and alerting settings are swapped
   * in, changed cron schedules re-created (unchanged ones keep running) and worker concurrency
   * adjusted. Workers keep running: a job in flight finishes with the plug-ins it started with, and
   * queued jobs are neither dropped nor repeated. `redis` and `http` are kept as they were, and
   * `alerting.retention` and `alerting.publicUrl` are read when the workers start: those need a restart.
   */
  async reload(next: VigieConfig): Promise<void> {
    if (this.closing) throw new Error('the daemon is stopping: configuration not reloaded');
    const plugins = buildPlugins(next, this.opts.env ?? process.env, this.opts.log);
    const chain = this.chain ? await loadClassifierChain(classifierOptions(next)) : undefined;
    const previous = this.plugins;
    this.config = { ...next, redis: this.config.redis, http: this.config.http };
    this.plugins = plugins;
    if (chain) this.chain = chain;
    this.pool?.reconfigure(classifierOptions(this.config), this.config.workers.classify);
    this.incidents.reconfigure({ alerting: this.config.alerting, routes: this.config.routes, escalation: this.config.escalation });
    for (const w of this.workers) w.concurrency = this.config.workers[w.name as Role];
    if (this.opts.schedule) for (const task of this.syncSchedules()) await task.destroy();
    this.retire([...previous.notifiers.values()]);
  }

  /** Old channels may still be sending for a job that started before the reload: close them later. */
  private retire(notifiers: Notifier[]): void {
    this.retired.push(...notifiers);
    const timer = setTimeout(() => {
      for (const n of notifiers) {
        const i = this.retired.indexOf(n);
        if (i < 0) continue;
        this.retired.splice(i, 1);
        void n.close?.().catch(() => undefined);
      }
    }, RETIRED_CHANNEL_GRACE_MS);
    timer.unref();
  }

  /** Queues one tick of one source; the job id makes a tick collected once across daemons. */
  async tick(sourceId: string, tick: string): Promise<void> {
    await this.queues.collect.add('tick', { sourceId, tick }, { jobId: jobId('collect', sourceId, tick) });
  }

  /** A delayed evaluate job that checks one escalation step at its due time; its id makes it once per step. */
  private async scheduleEscalation(incidentId: string, step: number, dueAt: number): Promise<void> {
    await this.queues.evaluate.add(
      'escalate',
      { kind: 'escalate', incidentId, step, dueAt },
      { jobId: jobId('escalate', incidentId, step), delay: Math.max(0, dueAt - this.opts.clock.now()) },
    );
  }

  private async queueNotifications(pending: PendingNotification[]): Promise<void> {
    const jobs = pending.flatMap((p) =>
      p.channels.map((channel) => ({
        name: p.kind,
        data: { kind: p.kind, incidentId: p.incidentId, revision: p.revision, channel, step: p.step, enqueuedAt: Date.now() },
        opts: { jobId: jobId('notify', p.incidentId, p.revision, channel, p.kind) },
      })),
    );
    if (jobs.length > 0) await this.queues.notify.addBulk(jobs);
  }

  /**
   * Stops schedules, lets active jobs finish, closes connections. Safe to call twice. Bounded by
   * `shutdown.timeout` whatever Redis does: past it (Redis unreachable, a channel hanging) the
   * workers are closed without waiting and the connections dropped. Nothing Redis accepted is
   * lost: the jobs still active keep their place in Redis and run again once their lock expires
   * (a notification interrupted this way is resent, marked as a possible repeat).
   */
  close(timeoutMs = this.config.shutdown?.timeout ?? 10_000): Promise<void> {
    this.closing ??= (async () => {
      this.redisState.close();
      for (const { task } of this.tasks.values()) await task.stop();
      let timer: NodeJS.Timeout | undefined;
      const graceful = this.closeGracefully();
      const timedOut = await Promise.race([
        graceful.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (!timedOut) return;
      this.stoppedByForce = true;
      graceful.catch(() => undefined);
      const active = this.workers.length;
      this.opts.log.warn(
        { timeoutMs, redis: this.redis.status, workers: active },
        `stop took longer than shutdown.timeout (${Math.round(timeoutMs / 1000)} s, Redis ${this.redis.status}): stopping now; jobs in flight run again from Redis`,
      );
      // Force: no more waiting on jobs or on a Redis that does not answer.
      for (const w of this.workers) void w.close(true).catch(() => undefined);
      void this.pool?.close().catch(() => undefined);
      for (const c of [...this.connections, this.redis]) c.disconnect();
      for (const q of Object.values(this.queues)) void q.disconnect().catch(() => undefined);
      await Promise.all([...this.plugins.notifiers.values(), ...this.retired.splice(0)].map((n) => n.close?.().catch(() => undefined)));
    })();
    return this.closing;
  }

  private async closeGracefully(): Promise<void> {
    await Promise.all([...this.workers.map((w) => w.close()), this.pool?.close()]);
    // A queue still connecting when its shared connection quits rejects in the background.
    await Promise.all(Object.values(this.queues).map((q) => q.waitUntilReady().catch(() => undefined)));
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
    await Promise.all([...this.plugins.notifiers.values(), ...this.retired.splice(0)].map((n) => n.close?.()));
    await Promise.all([...this.connections, this.redis].map((c) => c.quit().catch(() => c.disconnect())));
  }
}

/** While Redis stays unreachable, a reminder line this often (the first line says when it went). */
const REDIS_REMINDER_MS = 60_000;

/** Longer than any channel's request timeout: by then no job still sends through a replaced channel. */
const RETIRED_CHANNEL_GRACE_MS = 5 * 60_000;

/** Waits as long as the other side asked (Retry-After), else exponential with full jitter, capped. */
function notifyBackoff(attemptsMade: number, _type?: string, err?: Error): number {
  if (err instanceof RetryableError && err.retryAfterMs !== undefined) return err.retryAfterMs;
  const cap = Math.min(60_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(cap / 2 + (Math.random() * cap) / 2);
}

export { QUEUE_NAMES };
