import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { VigieConfig } from './config/load.js';
import type { EvaluateJob } from './queues/jobs.js';

/**
 * What a scheduling process fires on its own: each source's cron ticks (a collect job each) and the
 * periodic sweep (a BullMQ job scheduler on the evaluate queue). A new kind of periodic work goes
 * here; what the work does goes in its stage.
 */

export interface ScheduleDeps {
  /** The daemon's connection: its `ready` event puts the sweep back after a Redis restart. */
  redis: Redis;
  evaluate: Queue<EvaluateJob>;
  log: Logger;
  /** Queues one tick of one source. */
  tick(sourceId: string, tick: string): Promise<void>;
  /** True while Redis is known to be unreachable: ticks are skipped rather than piled up. */
  redisUnreachable(): boolean;
  /** How often the sweep runs (group wait, escalation, auto-resolve). @defaultValue 15 s */
  sweepEveryMs?: number;
}

/** Each enabled source that has a schedule and a built plug-in, with its cron expression. */
export function wantedSchedules(config: VigieConfig, built: ReadonlySet<string>): Map<string, string> {
  const wanted = new Map<string, string>();
  for (const s of config.sources) {
    if (s.extra.enabled && s.extra.schedule && built.has(s.id)) wanted.set(s.id, s.extra.schedule);
  }
  return wanted;
}

export class Schedules {
  /** Each scheduled source's cron task and the expression it was made from. */
  private readonly tasks = new Map<string, { schedule: string; task: ScheduledTask }>();
  private stopped = false;

  constructor(private readonly d: ScheduleDeps) {}

  /** Starts the source ticks and the sweep. */
  start(wanted: Map<string, string>): void {
    this.createTasks(wanted);
    const upsertSweep = () =>
      void this.d.evaluate
        .upsertJobScheduler('sweep', { every: this.d.sweepEveryMs ?? 15_000 }, { name: 'sweep', data: { kind: 'sweep', at: 0 } })
        .catch((err: Error) => this.d.log.error({ err: err.message }, 'could not schedule the sweep'));
    upsertSweep();
    // A Redis restarted without persistence has forgotten the scheduler: put it back at each reconnection.
    this.d.redis.on('ready', () => {
      if (!this.stopped) upsertSweep();
    });
  }

  /**
   * Brings the source ticks to a new configuration. A task whose schedule did not change is kept
   * (a reload neither misses nor repeats its ticks); the others are destroyed or created.
   */
  async sync(wanted: Map<string, string>): Promise<void> {
    for (const task of this.createTasks(wanted)) await task.destroy();
  }

  /** Stops every tick; the sweep's scheduler stays in Redis for the other scheduling processes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const { task } of this.tasks.values()) await task.stop();
  }

  /** Creates the missing tasks and returns the stale ones, already forgotten. */
  private createTasks(wanted: Map<string, string>): ScheduledTask[] {
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
        if (this.d.redisUnreachable()) return;
        const tick = new Date(Math.floor((ctx?.date ?? new Date()).getTime() / 1000) * 1000).toISOString();
        void this.d.tick(id, tick).catch((err: Error) => this.d.log.warn({ source: id, err: err.message }, 'could not queue a tick'));
      });
      this.tasks.set(id, { schedule, task });
    }
    return stale;
  }
}
