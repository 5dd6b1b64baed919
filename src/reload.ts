import { createHash } from 'node:crypto';
import { realpathSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { readConfigFile, type VigieConfig } from './config/load.js';
import { parseConfigOffThread } from './parse-off-thread.js';
import { ConfigError, formatProblem } from './errors.js';

/** What can take a new configuration: the Daemon. */
export interface Reloadable {
  reload(config: VigieConfig): Promise<void>;
}

export interface ReloaderOptions {
  /** The configuration file the process was started with. */
  file: string;
  /** The configuration the process runs, as read from that file. */
  current: VigieConfig;
  target: Reloadable;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** Reload on SIGHUP. @defaultValue true */
  sighup?: boolean;
  /** Reload when the file changes (its folder is watched: editors and Kubernetes replace files). @defaultValue true */
  watch?: boolean;
  /** Quiet time after the last change in the folder before the file is read. @defaultValue 300 ms */
  debounceMs?: number;
}

/** Plug-ins and brands added, removed or changed by a reload, by id. */
export interface ConfigChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export type ReloadOutcome =
  | { status: 'applied'; changes: ConfigChanges; restartNeeded: string[] }
  | { status: 'unchanged' }
  | { status: 'refused'; problems: string[] };

export type ReloadTrigger = 'SIGHUP' | 'file change' | 'request';

/** Settings a running process cannot take: they are kept until the next restart. */
const RESTART_ONLY: [string, (c: VigieConfig) => unknown][] = [
  ['redis', (c) => c.redis],
  ['http', (c) => c.http],
  ['alerting.retention', (c) => c.alerting.retention],
  ['alerting.publicUrl', (c) => c.alerting.publicUrl],
  // The evaluate role's hour cache is sized when the daemon is built.
  ['workers.hourCacheBrands', (c) => c.workers.hourCacheBrands],
];

/**
 * Reloads the configuration file into a running daemon on SIGHUP or when the file changes,
 * without a restart. A file that does not load (YAML, validation, a plug-in that cannot be built)
 * is refused with every problem logged, and the running configuration stays. Reloads run one at a
 * time, in the order asked; a file event that leaves the file's bytes as they were does nothing.
 */
export class ConfigReloader {
  private current: VigieConfig;
  /** Hash of the file text last read, applied or refused: a rewrite with the same bytes is not news. */
  private lastHash?: string;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly watchers: FSWatcher[] = [];
  private timer?: NodeJS.Timeout;
  private closed = false;
  private readonly onSighup = () => void this.reload('SIGHUP');

  constructor(private readonly o: ReloaderOptions) {
    this.current = o.current;
  }

  /** Starts listening for SIGHUP and watching the file's folder. */
  start(): this {
    if (this.o.sighup ?? true) process.on('SIGHUP', this.onSighup);
    if (this.o.watch ?? true) this.watchFolders();
    return this;
  }

  /** Reads the file and applies it if it means something new. Resolves with what happened; never rejects. */
  reload(trigger: ReloadTrigger = 'request'): Promise<ReloadOutcome> {
    const run = this.queue.then(() => this.apply(trigger));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops listening; a reload in progress finishes. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    process.off('SIGHUP', this.onSighup);
    clearTimeout(this.timer);
    for (const w of this.watchers.splice(0)) w.close();
    await this.queue;
  }

  private watchFolders(): void {
    const file = resolve(this.o.file);
    const places = new Map<string, string>([[dirname(file), basename(file)]]);
    try {
      // A symlinked file (a mounted secret or ConfigMap) changes where its target lives.
      const real = realpathSync(file);
      places.set(dirname(real), basename(real));
    } catch {
      // the file may be mid-replacement; the folder watch still sees it come back
    }
    for (const [dir, name] of places) {
      try {
        const watcher = watch(dir, { persistent: false }, (_event, changed) => {
          // Kubernetes swaps a `..data` symlink; editors rename a temporary file over the target.
          if (changed === null || changed === name || changed.startsWith('..')) this.changed();
        });
        watcher.on('error', (err) => this.o.log.warn({ dir, err: err.message }, 'stopped watching the configuration folder (SIGHUP still reloads)'));
        this.watchers.push(watcher);
      } catch (err) {
        this.o.log.warn({ dir, err: (err as Error).message }, 'cannot watch the configuration folder (SIGHUP still reloads)');
      }
    }
  }

  private changed(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload('file change'), this.o.debounceMs ?? 300);
    this.timer.unref();
  }

  private async apply(trigger: ReloadTrigger): Promise<ReloadOutcome> {
    const { log, file } = this.o;
    let next: VigieConfig;
    try {
      const text = await readConfigFile(file);
      const hash = createHash('sha256').update(text).digest('hex');
      const same = hash === this.lastHash;
      this.lastHash = hash;
      if (same && trigger === 'file change') return { status: 'unchanged' };
      // Off the event loop when it can be: a big file must not stall the running daemon's jobs.
      next = await parseConfigOffThread(text, file, this.o.env ?? process.env);
    } catch (err) {
      return this.refused(trigger, err);
    }
    const changes = diffConfig(this.current, next);
    if (!changes) {
      log.info({ file, trigger }, 'configuration reloaded: nothing changed');
      return { status: 'unchanged' };
    }
    try {
      await this.o.target.reload(next);
    } catch (err) {
      return this.refused(trigger, err);
    }
    const restartNeeded = RESTART_ONLY.filter(([, get]) => JSON.stringify(get(this.current)) !== JSON.stringify(get(next))).map(([path]) => path);
    this.current = next;
    log.info({ file, trigger, ...changes }, `configuration reloaded: ${describe(changes)}`);
    if (restartNeeded.length > 0) {
      log.warn({ file, settings: restartNeeded }, `${restartNeeded.join(', ')} changed: kept as they were until the next restart`);
    }
    return { status: 'applied', changes, restartNeeded };
  }

  private refused(trigger: ReloadTrigger, err: unknown): ReloadOutcome {
    const problems = err instanceof ConfigError ? err.problems.map(formatProblem) : [err instanceof Error ? err.message : String(err)];
    this.o.log.error(
      { file: this.o.file, trigger, problems },
      `configuration refused (${problems.length} problem${problems.length === 1 ? '' : 's'}): the running configuration is kept\n  ${problems.join('\n  ')}`,
    );
    return { status: 'refused', problems };
  }
}

/** Starts a ConfigReloader: SIGHUP and a watch on the file, until `close()`. */
export function watchConfig(o: ReloaderOptions): ConfigReloader {
  return new ConfigReloader(o).start();
}

/**
 * What differs between two configurations, by id for brands and plug-ins (`sources.feed-a`) and by
 * section for the rest (`routes`); undefined when they mean the same. Line numbers do not count.
 */
export function diffConfig(a: VigieConfig, b: VigieConfig): ConfigChanges | undefined {
  const out: ConfigChanges = { added: [], removed: [], changed: [] };
  const byId = (section: string, xs: readonly { id: string }[], ys: readonly { id: string }[]) => {
    const before = new Map(xs.map((x) => [x.id, canonical(x)]));
    const after = new Map(ys.map((y) => [y.id, canonical(y)]));
    for (const [id, v] of after) {
      if (!before.has(id)) out.added.push(`${section}.${id}`);
      else if (before.get(id) !== v) out.changed.push(`${section}.${id}`);
    }
    for (const id of before.keys()) if (!after.has(id)) out.removed.push(`${section}.${id}`);
  };
  byId('brands', a.brands, b.brands);
  byId('sources', a.sources, b.sources);
  byId('rules', a.rules, b.rules);
  byId('channels', a.channels, b.channels);
  for (const key of ['languages', 'routes', 'escalation', 'alerting', 'workers', 'redis', 'http'] as const) {
    if (canonical(a[key]) !== canonical(b[key])) out.changed.push(key);
  }
  return out.added.length + out.removed.length + out.changed.length > 0 ? out : undefined;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (k, v: unknown) => (k === 'line' ? undefined : v));
}

function describe(c: ConfigChanges): string {
  const parts = [
    c.added.length > 0 ? `added ${c.added.join(', ')}` : '',
    c.removed.length > 0 ? `removed ${c.removed.join(', ')}` : '',
    c.changed.length > 0 ? `changed ${c.changed.join(', ')}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}
