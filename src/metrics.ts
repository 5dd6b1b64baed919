import type { Job } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Daemon, DaemonHooks } from './daemon.js';
import type { ClassifyJob, NotifyJob, Role } from './queues/jobs.js';
import { readHealthRecord } from './sources/health.js';
import type { ScoredPost } from './types.js';

export interface MetricsOptions {
  /** Also export the Node process metrics (CPU, memory, event loop lag, GC). @defaultValue true */
  processMetrics?: boolean;
}

/** Queue states shown as depths: work not done yet, and work that gave up. */
const DEPTH_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

/** Seconds from a batch entering a queue to leaving it: milliseconds to minutes. */
const LATENCY_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900];

/**
 * The Prometheus metrics of one Vigie process (prom-client), on a registry of its own so several
 * daemons in one process (tests) never share counters.
 *
 * Counters (posts, notifications, failed jobs) count what this process's workers did: scrape every
 * process. Gauges read at scrape time (queue depths, source health, open incidents) come from
 * Redis and are the same whichever process answers.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly collected: Counter<'source'>;
  private readonly classified: Counter<'lang'>;
  private readonly notifications: Counter<'channel' | 'kind' | 'outcome'>;
  private readonly jobFailures: Counter<'queue'>;
  private readonly classifyLatency: Histogram;
  private readonly notifyLatency: Histogram<'channel'>;
  readonly httpRequests: Counter<'route' | 'status'>;
  private daemon?: Daemon;

  constructor(opts: MetricsOptions = {}) {
    const registers = [this.registry];
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.collected = new Counter({
      name: 'vigie_posts_collected_total',
      help: 'New posts handed to the classify queue, per source (after dedupe).',
      labelNames: ['source'],
      registers,
    });
    this.classified = new Counter({
      name: 'vigie_posts_classified_total',
      help: 'Posts scored by the classifier chain, per detected language (ISO 639-3 or und).',
      labelNames: ['lang'],
      registers,
    });
    this.notifications = new Counter({
      name: 'vigie_notifications_total',
      help: 'Notification attempts per channel, kind (firing, escalated, resolved) and outcome (sent, resent, duplicate, gone, retry, failed).',
      labelNames: ['channel', 'kind', 'outcome'],
      registers,
    });
    this.jobFailures = new Counter({
      name: 'vigie_job_failures_total',
      help: 'Failed job attempts per queue (retried or not).',
      labelNames: ['queue'],
      registers,
    });
    this.classifyLatency = new Histogram({
      name: 'vigie_classify_latency_seconds',
      help: 'From a page of posts entering the classify queue to its posts being scored and counted.',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.notifyLatency = new Histogram({
      name: 'vigie_notify_latency_seconds',
      help: 'From a notification being queued to the channel taking it, retries included.',
      labelNames: ['channel'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.httpRequests = new Counter({
      name: 'vigie_http_requests_total',
      help: 'HTTP requests answered, per route pattern and status code.',
      labelNames: ['route', 'status'],
      registers,
    });
    this.scrapeTimeGauges(registers);
  }

  /** Hooks to pass to the Daemon (or runReplay) so the counters see the pipeline. */
  get hooks(): DaemonHooks {
    return {
      onCollected: (sourceId, posts) => {
        if (posts > 0) this.collected.inc({ source: sourceId }, posts);
      },
      onScored: (posts: ScoredPost[]) => {
        const byLang = new Map<string, number>();
        for (const p of posts) byLang.set(p.lang, (byLang.get(p.lang) ?? 0) + 1);
        for (const [lang, n] of byLang) this.classified.inc({ lang }, n);
      },
      onJobFinished: (queue, job, error) => this.jobFinished(queue, job, error),
    };
  }

  /** Lets the scrape-time gauges read this daemon's queues and Redis. */
  watch(daemon: Daemon): void {
    this.daemon = daemon;
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private jobFinished(queue: Role, job: Job, error?: Error): void {
    const finishedAt = job.finishedOn ?? Date.now();
    if (error) this.jobFailures.inc({ queue });
    if (queue === 'classify' && !error) {
      const enqueuedAt = (job.data as ClassifyJob).enqueuedAt;
      if (typeof enqueuedAt === 'number') this.classifyLatency.observe(Math.max(0, finishedAt - enqueuedAt) / 1000);
    }
    if (queue !== 'notify') return;
    const data = job.data as NotifyJob;
    const labels = { channel: data.channel, kind: data.kind };
    if (error) {
      const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      this.notifications.inc({ ...labels, outcome: final ? 'failed' : 'retry' });
      return;
    }
    const outcome = typeof job.returnvalue === 'string' ? job.returnvalue : 'sent';
    this.notifications.inc({ ...labels, outcome });
    if (outcome === 'sent' && typeof data.enqueuedAt === 'number') {
      this.notifyLatency.observe({ channel: data.channel }, Math.max(0, finishedAt - data.enqueuedAt) / 1000);
    }
  }

  private scrapeTimeGauges(registers: Registry[]): void {
    const metrics = this;
    new Gauge({
      name: 'vigie_queue_jobs',
      help: 'Jobs in each queue by state (read from Redis at scrape time).',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        const daemon = metrics.daemon;
        if (!daemon) return;
        this.reset();
        await Promise.all(
          Object.entries(daemon.queues).map(async ([name, queue]) => {
            const counts = await queue.getJobCounts(...DEPTH_STATES);
            for (const state of DEPTH_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
          }),
        );
      },
    });
    new Gauge({
      name: 'vigie_source_state',
      help: 'Each configured source: 1 for its current state (ok, failing, silent), 0 for the others.',
      labelNames: ['source', 'state'],
      registers,
      async collect() {
        const daemon = metrics.daemon;
        if (!daemon) return;
        this.reset();
        for (const h of await daemon.sourceHealth()) {
          for (const state of ['ok', 'failing', 'silent'] as const) this.set({ source: h.sourceId, state }, h.state === state ? 1 : 0);
        }
      },
    });
    new Counter({
      name: 'vigie_source_errors_total',
      help: 'Failed polls per source since its health record began (read from Redis at scrape time: every process together).',
      labelNames: ['source'],
      registers,
      async collect() {
        const daemon = metrics.daemon;
        if (!daemon) return;
        this.reset();
        for (const id of daemon.sources.keys()) {
          const record = await readHealthRecord(daemon.redis, daemon.prefix, id);
          this.inc({ source: id }, Number(record.failures ?? 0));
        }
      },
    });
    new Gauge({
      name: 'vigie_incidents_active',
      help: 'Incidents not resolved, by severity and status (open or acknowledged).',
      labelNames: ['severity', 'status'],
      registers,
      async collect() {
        const daemon = metrics.daemon;
        if (!daemon) return;
        this.reset();
        const ids = await daemon.incidentStore.openIds();
        const counts = new Map<string, number>();
        for (const id of ids) {
          const inc = await daemon.incidentStore.get(id);
          if (!inc || inc.status === 'resolved') continue;
          const key = `${inc.severity}|${inc.status}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        for (const [key, n] of counts) {
          const [severity, status] = key.split('|') as [string, string];
          this.set({ severity, status }, n);
        }
      },
    });
  }
}
