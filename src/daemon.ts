import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { IncidentStore } from './alerts/incident-store.js';
import { IncidentManager, type PendingNotification } from './alerts/incidents.js';
import type { Notifier } from './alerts/notifiers/notifier.js';
import { SilenceStore } from './alerts/silences.js';
import { DEFAULT_WINDOW_OPTIONS, WindowReader, type WindowOptions } from './alerts/windows.js';
import { buildPlugins, classifierOptions, loadClassifierChain, type Plugins } from './build.js';
import type { ClassifierChain } from './classifiers/classifier.js';
import { ManualClock, type Clock } from './clock.js';
import type { VigieConfig } from './config/load.js';
import { limitHeapGrowth } from './heap-growth.js';
import { ClassifyPool, resolveClassifyThreads } from './queues/classify-pool.js';
import { discardPrestartedThreads } from './queues/classify-prestart.js';
import { classifyPages, DEFAULT_PAGE_SIZE } from './queues/classify-pages.js';
import { openQueues, workerOptions, type Queues } from './queues/definitions.js';
import { buildProcessors } from './queues/processors.js';
import { QueueWorker } from './queues/queue-worker.js';
import type { ScoredSummary } from './queues/stages/classify.js';
import { jobId, QUEUE_NAMES, type FinishedJob, type NotifyJob, type Role } from './queues/jobs.js';
import { Intake, type HandOn, type IntakeCounts } from './intake/intake.js';
import { Schedules, wantedSchedules } from './schedule.js';
import type { Post, SourceHealthView } from './types.js';
import { PostStore } from './post-store.js';
import { RedisStateLog } from './queues/redis-state.js';
import { connect } from './redis.js';
import { readSourceHealth } from './sources/health.js';

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
 * many machines behave the same. This is the wiring: queue definitions and retries are in
 * src/queues/definitions.ts, what each worker runs in src/queues/processors.ts, the cron ticks and
 * the sweep in src/schedule.ts, the way posts come in in src/intake/intake.ts. The HTTP routes see
 * the narrow view of src/http/context.ts, not the Redis connection or the queues.
 */
export class Daemon {
  readonly redis: Redis;
  /** Whether Redis is reachable, logged once per change (not once per error per connection). */
  readonly redisState: RedisStateLog;
  readonly prefix: string;
  /** The four queues (src/queues/definitions.ts); routes get narrow views of the daemon, not these. */
  readonly queues: Queues;
  readonly incidents: IncidentManager;
  readonly incidentStore: IncidentStore;
  readonly silences: SilenceStore;
  readonly windows: WindowReader;
  /** The stored scored posts, for the API. */
  readonly posts: PostStore;
  private config: VigieConfig;
  private plugins: Plugins;
  private readonly workers: QueueWorker<unknown>[] = [];
  /** The classify threads, when classification runs in threads. */
  private pool?: ClassifyPool;
  /** The classifier chain, when classification runs in the main thread (built at start). */
  private chain?: ClassifierChain;
  /** Connections we opened for the workers; BullMQ leaves a connection it was given open. */
  private readonly connections: Redis[] = [];
  /** The sources' ticks and the sweep, when this process schedules. */
  private schedules?: Schedules;
  /** Where the intake puts new posts: the classify queue, a page per job. */
  private readonly handOn: HandOn;
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
    const redis = connect(opts.config.redis.url);
    this.redisState = new RedisStateLog(opts.log.child({ component: 'redis' }), {
      remindEveryMs: REDIS_REMINDER_MS,
      quiet: () => this.closing !== undefined,
      probe: () => redis.ping(),
    });
    this.redis = this.redisState.watch(redis);
    this.queues = openQueues(this.redis, this.prefix);
    for (const q of Object.values(this.queues)) q.on('error', (err) => this.otherError(err, `${q.name} queue error`));
    // Its hour cache is sized once: workers.hourCacheBrands is read at start.
    this.windows = new WindowReader(this.redis, this.prefix, { hourCache: { keepMs: opts.config.alerting.retention, maxBrands: opts.config.workers.hourCacheBrands } });
    this.posts = new PostStore(this.redis, this.prefix);
    this.incidentStore = new IncidentStore(this.redis, this.prefix);
    this.silences = new SilenceStore(this.redis, this.prefix);
    this.handOn = classifyPages(this.queues.classify, opts.batchSize ?? DEFAULT_PAGE_SIZE);
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

  /** Classify threads of this process not yet ended (0 once it has stopped). */
  liveClassifyThreads(): number {
    return this.pool?.liveThreads() ?? 0;
  }

  /** Each worker of this process and whether it is running (readiness). */
  workerStates(): { role: Role; running: boolean }[] {
    return [
      ...this.workers.map((w) => ({ role: w.name as Role, running: w.isRunning() && !this.closing })),
      ...(this.pool?.states() ?? []).map((running) => ({ role: 'classify' as const, running: running && !this.closing })),
    ];
  }

  /**
   * `POST /api/posts`: posts from other systems through the same intake as collected ones. `now`
   * is the clock reading their dates were validated against.
   */
  async ingest(posts: Post[], now: number): Promise<IntakeCounts> {
    // Made per request, so it judges dates by alerting.retention as it is now.
    const intake = new Intake({
      redis: this.redis,
      prefix: this.prefix,
      clock: this.opts.clock,
      log: this.opts.log.child({ component: 'intake' }),
      retentionMs: this.config.alerting.retention,
      handOn: this.handOn,
    });
    return intake.take({ id: 'ingest' }, posts, { now });
  }

  /** Queues a sweep at `at`: what a removed silence held back goes out without waiting for the next one. */
  async requestSweep(at: number): Promise<void> {
    await this.queues.evaluate.add('sweep', { kind: 'sweep', at });
  }

  /** Redis as this process sees it: the connection's status and whether an outage is under way. */
  redisLink(): { status: string; unreachable: boolean } {
    return { status: this.redis.status, unreachable: this.redisState.unreachable };
  }

  /** Redis's answer to PING on the daemon's connection (readiness). */
  pingRedis(): Promise<string> {
    return this.redis.ping();
  }

  /** Starts the workers of this process's roles and, if asked, the schedules. */
  async start(): Promise<void> {
    // Before the classify threads start and the queues fill the heap: see heap-growth.ts.
    limitHeapGrowth();
    const { log, clock } = this.opts;
    const windowOpts = { ...DEFAULT_WINDOW_OPTIONS, hourRetentionMs: this.config.alerting.retention, ...this.opts.windows };
    const w = this.config.workers;
    const processors = buildProcessors({
      redis: this.redis,
      prefix: this.prefix,
      clock,
      log,
      config: () => this.config,
      sources: () => this.plugins.sources,
      rules: () => this.plugins.rules,
      notifiers: () => this.plugins.notifiers,
      chain: () => {
        if (!this.chain) throw new Error('the classifier chain is not built: the daemon was not started');
        return this.chain;
      },
      handOn: this.handOn,
      evaluate: this.opts.evaluateOnClassify === false ? undefined : this.queues.evaluate,
      windowOptions: windowOpts,
      windows: this.windows,
      incidents: this.incidents,
      incidentStore: this.incidentStore,
      sourceHealth: () => this.sourceHealth(),
      onCollected: this.opts.hooks?.onCollected,
      onScored: this.opts.hooks?.onScored,
      onNotified: (job) => this.opts.hooks?.onNotified?.(job),
    });
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
    } else {
      // Classify threads started ahead for a configuration that wants none (classifyThreads: 0).
      discardPrestartedThreads();
      if (this.opts.roles.includes('classify')) this.chain = await loadClassifierChain(classifierOptions(this.config));
    }
    for (const role of this.opts.roles) {
      // Classification runs in the pool's threads, each with its own classify worker.
      if (role === 'classify' && this.pool) continue;
      const run = processors[role];
      // Workers need their own connection: BullMQ blocks on it while waiting for jobs.
      const connection = this.redisState.watch(this.redis.duplicate());
      this.connections.push(connection);
      const worker = new QueueWorker(role, (job, token, signal) => run(job, token, signal), workerOptions(connection, this.prefix, w[role]));
      worker.on('failed', (job, err) => {
        log.warn({ queue: role, job: job?.id, attempts: job?.attemptsMade, err: err.message }, `${role} job failed`);
        if (job) this.opts.hooks?.onJobFinished?.(role, job, err);
      });
      worker.on('completed', (job) => this.opts.hooks?.onJobFinished?.(role, job));
      worker.on('error', (err) => this.otherError(err, `${role} worker error`));
      this.workers.push(worker);
      // run() rejects when the worker's connection fails to start, as when the daemon closes
      // while it is still connecting: a rejection nobody awaits would end the process.
      worker.run().catch((err: Error) => this.otherError(err, `${role} worker stopped`));
    }
    if (this.opts.schedule) this.startSchedules();
    log.info({ roles: this.opts.roles, prefix: this.prefix, classifyThreads: threads }, 'vigie workers running');
  }

  private startSchedules(): void {
    this.schedules = new Schedules({
      redis: this.redis,
      evaluate: this.queues.evaluate,
      log: this.opts.log,
      tick: (sourceId, tick) => this.tick(sourceId, tick),
      redisUnreachable: () => this.redisState.unreachable,
      sweepEveryMs: this.opts.sweepEveryMs,
    });
    this.schedules.start(wantedSchedules(this.config, new Set(this.plugins.sources.keys())));
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
    await this.schedules?.sync(wantedSchedules(this.config, new Set(this.plugins.sources.keys())));
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
      await this.schedules?.stop();
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
      // A thread whose close waits on Redis would otherwise keep running for CLOSE_GRACE_MS.
      await boundedWait(this.pool?.terminate(), FORCED_THREAD_STOP_MS);
      for (const c of [...this.connections, this.redis]) c.disconnect();
      for (const q of Object.values(this.queues)) void q.disconnect().catch(() => undefined);
      await Promise.all([...this.plugins.notifiers.values(), ...this.retired.splice(0)].map((n) => n.close?.().catch(() => undefined)));
    })();
    return this.closing;
  }

  private async closeGracefully(): Promise<void> {
    // A worker closed while its blocking connection is still starting leaves BullMQ's start-up
    // INFO to fail after the connection dropped its listeners: an unhandled rejection
    // (taskforcesh/bullmq#3546). Closing it once started takes BullMQ's clean QUIT path.
    await Promise.all(this.workers.map((w) => w.waitUntilReady().catch(() => undefined)));
    await Promise.all([...this.workers.map((w) => w.close()), this.pool?.close()]);
    // A queue still connecting when its shared connection quits rejects in the background.
    await Promise.all(Object.values(this.queues).map((q) => q.waitUntilReady().catch(() => undefined)));
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
    await Promise.all([...this.plugins.notifiers.values(), ...this.retired.splice(0)].map((n) => n.close?.()));
    await Promise.all([...this.connections, this.redis].map((c) => c.quit().catch(() => c.disconnect())));
  }
}

/** How long a forced stop waits for the classify threads to end before it goes on without them. */
const FORCED_THREAD_STOP_MS = 2000;

/** Waits for `work` (its failure included), never longer than `ms`. */
async function boundedWait(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** While Redis stays unreachable, a reminder line this often (the first line says when it went). */
const REDIS_REMINDER_MS = 60_000;

/** Longer than any channel's request timeout: by then no job still sends through a replaced channel. */
const RETIRED_CHANNEL_GRACE_MS = 5 * 60_000;

export { QUEUE_NAMES };
