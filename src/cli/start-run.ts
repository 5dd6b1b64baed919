/**
 * The running part of `vigie start` (src/cli/start.ts): the daemon with its HTTP side, live or
 * replaying the demo. Loaded once the configuration is read, so that the classify threads started
 * ahead can prepare its languages while this loads.
 */
import { systemClock } from '../clock.js';
import type { VigieConfig } from '../config/load.js';
import { Daemon } from '../daemon.js';
import { serveDaemon, type Served } from '../http/serve.js';
import { HttpListenError } from '../http/server.js';
import type { createLogger } from '../log.js';
import { Metrics } from '../metrics.js';
import { QUEUE_NAMES } from '../queues/jobs.js';
import { watchConfig } from '../reload.js';
import { runReplay } from '../replay.js';
import { BOYCOTT_SCENARIO_PATH } from '../demo-scenario.js';
import { progressPrinter } from './progress.js';
import { exitIfStillRunningAfter, onShutdownSignal } from './signals.js';

export { parseSpeed } from './replay.js';

/** `fileConfig` is the configuration as the file says (`config` may point at a private Redis): reloads compare against it. */
export async function live(config: VigieConfig, log: ReturnType<typeof createLogger>, fileConfig: VigieConfig = config): Promise<number> {
  const metrics = new Metrics();
  const daemon = new Daemon({ config, roles: QUEUE_NAMES, clock: systemClock, log, schedule: true, hooks: metrics.hooks });
  metrics.watch(daemon);
  // Listen before the workers start: a port that is taken stops us before anything else runs.
  let http: Served | undefined;
  try {
    http = await serveDaemon({ daemon, clock: systemClock, log, metrics, http: config.http });
  } catch (err) {
    await daemon.close();
    if (!(err instanceof HttpListenError)) throw err;
    process.stderr.write(`vigie: ${err.message}\n`);
    return 1;
  }
  await daemon.start();
  if (http) process.stderr.write(`${http.banner}\n`);
  // SIGHUP or an edit of the file reloads it; a file that does not load is refused and logged.
  const reloader = watchConfig({ file: config.file, current: fileConfig, target: daemon, log });
  log.info({ sources: [...daemon.sources.keys()] }, 'vigie is watching');
  await new Promise<void>((resolve) => onShutdownSignal(() => resolve()));
  // Daemon.close is bounded by shutdown.timeout; this is the backstop if something still hangs.
  exitIfStillRunningAfter(config.shutdown.timeout + 5000);
  // The whole stop fits in shutdown.timeout: what the HTTP side took comes off the daemon's share.
  const deadline = Date.now() + config.shutdown.timeout;
  await reloader.close();
  await http?.close();
  await daemon.close(Math.max(500, deadline - Date.now()));
  // Dropped connections may leave a library's timers behind: do not wait for them.
  if (daemon.stoppedByForce) setTimeout(() => process.exit(0), 100).unref();
  log.info('stopped');
  return 0;
}

export async function demo(config: VigieConfig, speed: number, log: ReturnType<typeof createLogger>, opts: { exit: boolean }): Promise<number> {
  process.stderr.write(
    `Vigie demo: replaying config/demo/boycott.jsonl (a boycott wave on Weibo, Twitter and blogs) at ${Number.isFinite(speed) ? `${speed}×` : 'full'} speed.\n` +
      'Alerts appear below as the incidents open, escalate and resolve.\n\n',
  );
  const metrics = new Metrics();
  let http: Served | undefined;
  const abort = new AbortController();
  let stopped = false;
  const release = onShutdownSignal(() => {
    stopped = true;
    abort.abort();
  });
  let running: Daemon | undefined;
  const result = await runReplay({
    config,
    file: BOYCOTT_SCENARIO_PATH,
    speed: demoPace(speed, () => running),
    fresh: true,
    prefix: `${config.redis.prefix}:demo`,
    // The demo is the daemon at work on a recorded day: its alerts go where the config says.
    liveChannels: true,
    log,
    signal: abort.signal,
    progress: progressPrinter('demo'),
    keepRunning: true,
    hooks: metrics.hooks,
    async onStart(daemon, clock) {
      running = daemon;
      metrics.watch(daemon);
      http = await serveDaemon({ daemon, clock, log, metrics, http: config.http, demo: true });
      if (http) process.stderr.write(`${http.banner}\n\n`);
    },
  });
  process.stderr.write(`\ndemo done: ${result.posts.toLocaleString('en')} posts replayed, ${result.incidents} incident(s).\n`);
  // With or without a terminal (Docker, nohup, a service): the page stays up until a signal.
  if (!stopped && result.daemon && !opts.exit) {
    const page = http ? ` at ${http.server.url}/` : '';
    process.stderr.write(`The triage page stays up${page} until Vigie is stopped (Ctrl-C or SIGTERM; --exit to end with the replay).\n`);
    await new Promise<void>((resolve) => {
      release();
      onShutdownSignal(() => resolve());
    });
  }
  release();
  await http?.close();
  await result.daemon?.close();
  return 0;
}

/** Event-time speed while a critical incident waits: ten minutes to the first page take 30 s. */
const TRIAGE_SPEED = 20;

/**
 * The demo's pace: the asked speed, except while a critical incident is open and unacknowledged,
 * so there is time to open the triage page and acknowledge it before the escalation pages again.
 */
function demoPace(speed: number, daemon: () => Daemon | undefined): () => Promise<number> {
  if (!Number.isFinite(speed) || speed <= TRIAGE_SPEED) return async () => speed;
  let waiting = false;
  return async () => {
    const open = (await daemon()?.incidentStore.list({ status: ['open'], severity: ['critical'] })) ?? [];
    if (open.length > 0 !== waiting) {
      waiting = open.length > 0;
      process.stderr.write(
        waiting
          ? `\n\n>>> ${open.map((i) => i.brand).join(', ')}: a critical incident waits for someone. The demo slows to ${TRIAGE_SPEED}× until it is acknowledged on the triage page.\n\n`
          : `\n\n>>> No critical incident waiting any more: back to ${speed}×.\n\n`,
      );
    }
    return waiting ? TRIAGE_SPEED : speed;
  };
}
