import { sampleNotification } from '../alerts/sample.js';
import { pluginRegistries } from '../configure.js';
import { loadConfig } from '../configure.js';
import { PermanentError, RetryableError } from '../errors.js';
import { createLogger } from '../log.js';
import { SEVERITIES, type Severity } from '../types.js';
import { CliUsageError, DEFAULT_CONFIG, parseOptions, type Command } from './command.js';

const HELP = `usage: vigie notify test --channel NAME [--config FILE] [--severity critical|warning|info]

Sends a sample alert (a made-up boycott wave) through one configured channel, straight away and
once, and says whether the channel took it: check a Slack webhook or an SMTP setup before relying
on it. Nothing is queued and no incident is created.
`;

/** How long the test waits for the channel. */
const TIMEOUT_MS = 30_000;

export const command: Command = async (argv) => {
  const { values, positionals } = parseOptions(
    argv,
    {
      channel: { type: 'string' },
      config: { type: 'string', short: 'c' },
      severity: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals[0] !== 'test' || positionals.length > 1) throw new CliUsageError('usage: vigie notify test --channel NAME [--config FILE]');
  const severity = (values.severity ?? 'critical') as Severity;
  if (!SEVERITIES.includes(severity)) throw new CliUsageError(`--severity takes ${SEVERITIES.join(', ')}, not "${values.severity}"`);
  const file = values.config ?? DEFAULT_CONFIG;
  const config = await loadConfig(file);
  const known = config.channels.map((c) => c.id);
  if (!values.channel) throw new CliUsageError(`name the channel to test with --channel (configured: ${known.join(', ') || 'none'})`);
  const entry = config.channels.find((c) => c.id === values.channel);
  if (!entry) throw new CliUsageError(`no channel "${values.channel}" in ${file} (configured: ${known.join(', ') || 'none'})`);
  const spec = pluginRegistries.channels.get(entry.type);
  if (!spec) throw new CliUsageError(`channel "${entry.id}" has an unknown type "${entry.type}"`);

  const log = createLogger();
  const notifier = spec.create(entry.id, entry.options, { env: process.env, log: log.child({ channel: entry.id }) });
  const n = sampleNotification({
    channel: entry.id,
    brand: config.brands[0]?.id,
    severity,
    link: config.alerting.publicUrl ? `${config.alerting.publicUrl.replace(/\/$/, '')}/incidents/sample` : undefined,
  });
  const started = Date.now();
  try {
    await notifier.send(n, { log: log.child({ channel: entry.id }), signal: AbortSignal.timeout(TIMEOUT_MS) });
    process.stderr.write(`sent a sample ${severity} alert through "${entry.id}" (${entry.type}) in ${Date.now() - started} ms\n`);
    return 0;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const hint =
      err instanceof PermanentError
        ? 'the channel refused it: check its settings (retrying will not help)'
        : err instanceof RetryableError
          ? 'a temporary failure: the daemon would retry it with backoff'
          : 'unexpected failure';
    process.stderr.write(`vigie notify: "${entry.id}" (${entry.type}) did not take the sample alert: ${reason}\n  ${hint}\n`);
    return 1;
  } finally {
    await notifier.close?.();
  }
};
