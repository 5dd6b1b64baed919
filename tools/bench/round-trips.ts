/**
 * Counts what this process sends to Redis, from the client side: commands, and round trips (a
 * command sent alone is one; a pipeline or MULTI block is one however many commands it holds).
 * Only the benchmark's child installs it: it wraps ioredis's `sendCommand`, through which every
 * command of ours and of BullMQ goes, and changes nothing else.
 */
import { Redis } from 'ioredis';

export interface RoundTripCounts {
  commands: number;
  roundTrips: number;
  /** Round trips by what they were: a command name, or `pipeline` / `multi`. */
  byKind: Record<string, number>;
}

interface PipelineStream {
  isPipeline?: boolean;
}

type SendCommand = (this: Redis, command: { name: string; args?: unknown[] }, stream?: PipelineStream, node?: unknown) => unknown;

/** What ioredis keeps of the Lua scripts defined on a connection (BullMQ defines its own). */
type WithScripts = Redis & { scriptsSet?: Record<string, { sha?: string }> };

export class RoundTripCounter {
  private commands = 0;
  private roundTrips = 0;
  private byKind = new Map<string, number>();
  /** Pipelines already counted, by the stream object ioredis gives each one. */
  private seen = new WeakSet<object>();
  private original?: SendCommand;
  /** Connections whose commands are not counted (the benchmark driver's own). */
  private excluded = new WeakSet<object>();
  /** Script names by SHA, so `evalsha` round trips say which BullMQ script they ran. */
  private scripts = new Map<string, string>();

  install(): void {
    if (this.original) return;
    const proto = Redis.prototype as unknown as { sendCommand: SendCommand };
    const original = proto.sendCommand;
    this.original = original;
    const counter = this;
    proto.sendCommand = function (this: Redis, command, stream, node) {
      if (!counter.excluded.has(this)) counter.record(counter.kindOf(this as WithScripts, command), stream);
      return original.call(this, command, stream, node);
    };
  }

  /** Leaves a connection out of the counts: the driver stands for a scheduler, not for the daemon. */
  exclude(redis: Redis): void {
    this.excluded.add(redis);
  }

  uninstall(): void {
    if (!this.original) return;
    (Redis.prototype as unknown as { sendCommand: SendCommand }).sendCommand = this.original;
    this.original = undefined;
  }

  reset(): void {
    this.commands = 0;
    this.roundTrips = 0;
    this.byKind.clear();
  }

  snapshot(): RoundTripCounts {
    return { commands: this.commands, roundTrips: this.roundTrips, byKind: Object.fromEntries(this.byKind) };
  }

  private kindOf(redis: WithScripts, command: { name: string; args?: unknown[] }): string {
    if (command.name !== 'evalsha') return command.name;
    const sha = String(command.args?.[0] ?? '');
    let script = this.scripts.get(sha);
    if (!script) {
      for (const [name, s] of Object.entries(redis.scriptsSet ?? {})) if (s.sha) this.scripts.set(s.sha, name);
      script = this.scripts.get(sha) ?? 'evalsha';
    }
    return `evalsha ${script}`;
  }

  private record(name: string, stream: PipelineStream | undefined): void {
    this.commands += 1;
    let kind = name;
    if (stream?.isPipeline) {
      // A pipeline's commands reach sendCommand one by one with the same stream: count it once.
      if (this.seen.has(stream)) return;
      this.seen.add(stream);
      kind = name === 'multi' ? 'multi' : 'pipeline';
    }
    this.roundTrips += 1;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
  }
}
