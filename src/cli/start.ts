/**
 * `vigie start`: reads the configuration, tells the classify threads started ahead (src/cli.ts)
 * its languages, then loads and runs the daemon (src/cli/start-run.ts).
 */
import { loadConfig } from '../configure.js';
import type { VigieConfig } from '../config/load.js';
import { createLogger } from '../log.js';
import { prepareClassifyThreads } from '../queues/classify-prestart.js';
import { ensureRedis, RedisUnavailableError } from '../redis.js';
import { CliUsageError, DEFAULT_CONFIG, parseCommand, type Command } from './command.js';

const HELP = `usage: vigie start [--config FILE] [--port N] [--demo [--speed N|max] [--exit]]

Runs every role (collect, classify, evaluate, notify) and the schedules in one process, with the
HTTP side (triage page, API, /metrics, /healthz, /readyz) on http.host:http.port.
SIGHUP, or a change of the file, reloads the configuration; a file that does not load is refused.
SIGTERM or Ctrl-C stops it after the jobs in flight.

  -c, --config FILE  configuration file (default ${DEFAULT_CONFIG})
  --port N           HTTP port, instead of the file's http.port (0: any free port)
  --demo             replay the bundled boycott scenario (config/demo/boycott.jsonl) instead of
                     polling live sources, alerts on the terminal; then keep serving the triage
                     page until stopped (Ctrl-C, SIGTERM), with or without a terminal
  --speed N|max      the demo's event minutes per wall minute (default 1200)
  --exit             the demo exits when the replay ends instead of serving the page
`;

/** `--port N`: a TCP port, 0 for any free one. */
export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new CliUsageError(`--port takes a port number from 0 to 65535, not "${text}"`);
  return n;
}

export const command: Command = async (argv) => {
  const parsed = parseCommand(argv, {
    config: { type: 'string', short: 'c' },
    demo: { type: 'boolean' },
    speed: { type: 'string' },
    port: { type: 'string' },
    exit: { type: 'boolean' },
  }, HELP);
  if (!parsed) return 0;
  const { values } = parsed;
  // The demo's terminal is for alerts: routine logs only when asked for with LOG_LEVEL.
  const log = createLogger({ level: process.env.LOG_LEVEL ?? (values.demo ? 'warn' : 'info') });
  const port = parsePort(values.port);
  const loaded = await loadConfig(values.config ?? DEFAULT_CONFIG);
  // The classify threads started ahead (src/cli.ts) prepare these while the daemon's modules load.
  prepareClassifyThreads(loaded.languages);
  const config: VigieConfig = port === undefined ? loaded : { ...loaded, http: { ...loaded.http, port } };
  let redis;
  try {
    // Only the demo falls back to a private, memory-only Redis. Live, that would lose every
    // incident and cursor at the next restart: the daemon waits for the configured one instead.
    redis = values.demo ? await ensureRedis(config.redis.url, log) : { url: config.redis.url, stop: async () => {} };
  } catch (err) {
    if (err instanceof RedisUnavailableError) {
      process.stderr.write(`vigie: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const withRedis: VigieConfig = { ...config, redis: { ...config.redis, url: redis.url } };
  try {
    const run = await import('./start-run.js');
    return values.demo
      ? await run.demo(withRedis, run.parseSpeed(values.speed ?? '1200'), log, { exit: values.exit ?? false })
      : await run.live(withRedis, log, config);
  } finally {
    await redis.stop();
  }
};
