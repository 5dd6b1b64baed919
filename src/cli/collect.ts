import { randomBytes } from 'node:crypto';
import { systemClock } from '../clock.js';
import { loadConfig } from '../configure.js';
import { ConfigError } from '../errors.js';
import { createLogger } from '../log.js';
import { cleanPrefixKeys } from '../clean-prefix.js';
import { connect, pingRedis } from '../redis.js';
import { collectOnce } from '../sources/collect.js';
import { formatHealth } from '../sources/health.js';
import { sourceRegistry } from '../sources/registry.js';
import type { Post } from '../types.js';
import { CliUsageError, DEFAULT_CONFIG, parseCommand, type Command } from './command.js';

const USAGE = `usage: vigie collect --source ID --once [--config FILE] [--dry-run]

Polls one configured source once, as the daemon would, and prints its new posts as JSON lines on
stdout and its health on stderr. Exit code 0 when the poll succeeded, 1 when it failed.

  -c, --config FILE   configuration file (default ${DEFAULT_CONFIG})
  -s, --source ID     the source to poll
      --once          poll once and exit (required: the daemon runs schedules)
      --dry-run       keep nothing in Redis: no cursor, seen posts or health are read or written,
                      so trying a source does not hide its posts from the daemon later
`;

/** `vigie collect --config FILE --source ID --once`: try a source before deploying it. */
export const command: Command = async (argv) => {
  const parsed = parseCommand(argv, {
    config: { type: 'string', short: 'c' },
    source: { type: 'string', short: 's' },
    once: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  }, USAGE);
  if (!parsed) return 0;
  const { values } = parsed;
  if (!values.source) throw new CliUsageError('--source ID is required');
  if (!values.once) throw new CliUsageError('only --once is supported: the daemon (vigie start) runs the schedules');
  const file = values.config ?? DEFAULT_CONFIG;

  let config;
  try {
    config = await loadConfig(file);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  const entry = config.sources.find((s) => s.id === values.source);
  if (!entry) {
    throw new CliUsageError(`no source "${values.source}" in ${file} (sources: ${config.sources.map((s) => s.id).join(', ') || 'none'})`);
  }
  const spec = sourceRegistry.get(entry.type);
  if (!spec) throw new CliUsageError(`source "${entry.id}" has an unknown type "${entry.type}"`);
  if (!entry.extra.enabled) process.stderr.write(`note: source ${entry.id} is disabled in ${file}; polling it anyway\n`);

  const brands = config.brands.filter((b) => !entry.extra.brands || entry.extra.brands.includes(b.id));
  let source;
  try {
    // The loader already validated the options with the spec's schema.
    source = spec.create(entry.id, entry.options, { brands, env: process.env });
  } catch (err) {
    process.stderr.write(`${file}: sources.${entry.id}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }

  try {
    await pingRedis(config.redis.url);
  } catch (err) {
    process.stderr.write(`cannot reach Redis at ${config.redis.url}: ${(err as Error).message} (is it running? see redis.url in ${file})\n`);
    return 1;
  }
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'info' }).child({ source: entry.id });
  const redis = connect(config.redis.url);
  const prefix = values['dry-run'] ? `${config.redis.prefix}:dry-run:${randomBytes(6).toString('hex')}` : config.redis.prefix;
  const abort = new AbortController();
  const onSignal = () => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  try {
    const outcome = await collectOnce(source, {
      redis,
      prefix,
      clock: systemClock,
      log,
      signal: abort.signal,
      // Ops trying a new cookie or token want the poll now, not after the recorded wait.
      ignoreWait: true,
      retentionMs: config.alerting.retention,
      enqueue: async (posts: Post[]) => {
        for (const post of posts) process.stdout.write(`${JSON.stringify(post)}\n`);
      },
    });
    if (outcome.skipped) {
      process.stderr.write(`${entry.id}: another process is polling this source right now; try again in a moment\n`);
      return 1;
    }
    process.stderr.write(
      `${entry.id}: ${outcome.polled} post(s) read, ${outcome.queued} new, ${outcome.duplicates} already seen` +
        (outcome.dropped > 0 ? `, ${outcome.dropped} dropped for their publishedAt (too old for alerting.retention, or no real date)` : '') +
        (outcome.error ? `; poll failed: ${outcome.error}` : '') +
        `\n${formatHealth(outcome.health)}\n`,
    );
    return outcome.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    if (values['dry-run']) await cleanPrefixKeys(redis, prefix);
    redis.disconnect();
  }
};
