import { localeFor } from '../alerts/i18n.js';
import { sampleNotification } from '../alerts/sample.js';
import { analyseConfig, pluginRegistries } from '../configure.js';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { formatProblem, PermanentError, RetryableError } from '../errors.js';
import { createLogger } from '../log.js';
import { SEVERITIES, type Severity } from '../types.js';
import { unreadableFile } from '../file-errors.js';
import { CliUsageError, DEFAULT_CONFIG, parseCommand, type Command } from './command.js';

const HELP = `usage: vigie notify test --channel NAME [--config FILE] [--severity critical|warning|info] [--json]

Sends a sample alert (a made-up boycott wave) through one configured channel, straight away and
once, and says whether the channel took it: check a Slack webhook or an SMTP setup before relying
on it. Nothing is queued and no incident is created. Only the channel tested is built: the other
channels' secrets need not be set. --json prints one line on stdout:
{"ok", "channel", "type", "severity", "ms"} or {"ok": false, ..., "error", "retryable"}.
`;

/** How long the test waits for the channel. */
const TIMEOUT_MS = 30_000;

export const command: Command = async (argv) => {
  const parsed = parseCommand(
    argv,
    {
      channel: { type: 'string' },
      config: { type: 'string', short: 'c' },
      severity: { type: 'string' },
      json: { type: 'boolean' },
    },
    HELP,
    true,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals[0] !== 'test' || positionals.length > 1) throw new CliUsageError('usage: vigie notify test --channel NAME [--config FILE]');
  const severity = (values.severity ?? 'critical') as Severity;
  if (!SEVERITIES.includes(severity)) throw new CliUsageError(`--severity takes ${SEVERITIES.join(', ')}, not "${values.severity}"`);
  const file = values.config ?? DEFAULT_CONFIG;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliUsageError(`cannot read ${file}: ${unreadableFile(file, err)}`);
  }
  // The file's other problems (another channel's unset secret...) do not stop the test of this one.
  const { config, problems } = analyseConfig(text, file);
  if (!config) {
    process.stderr.write(`${file}: ${problems.map((p) => formatProblem(p)).join('\n  ')}\n`);
    return 1;
  }
  const written = channelIdsIn(text);
  if (!values.channel) throw new CliUsageError(`name the channel to test with --channel (configured: ${written.join(', ') || 'none'})`);
  const own = problems.filter((p) => p.path === `channels.${values.channel}` || p.path.startsWith(`channels.${values.channel}.`));
  if (own.length > 0) {
    process.stderr.write(`vigie notify: channel "${values.channel}" in ${file} cannot be built:\n${own.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
    return 1;
  }
  const entry = config.channels.find((c) => c.id === values.channel);
  if (!entry) throw new CliUsageError(`no channel "${values.channel}" in ${file} (configured: ${written.join(', ') || 'none'})`);
  const spec = pluginRegistries.channels.get(entry.type);
  if (!spec) throw new CliUsageError(`channel "${entry.id}" has an unknown type "${entry.type}"`);

  const log = createLogger();
  let notifier;
  try {
    notifier = spec.create(entry.id, entry.options, { env: process.env, log: log.child({ channel: entry.id }) });
  } catch (err) {
    process.stderr.write(`vigie notify: channel "${entry.id}" cannot be built: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const report = (o: Record<string, unknown>) => {
    if (values.json) process.stdout.write(`${JSON.stringify({ channel: entry.id, type: entry.type, severity, ...o })}\n`);
  };
  const n = sampleNotification({
    channel: entry.id,
    brand: config.brands[0]?.id,
    severity,
    link: config.alerting.publicUrl ? `${config.alerting.publicUrl.replace(/\/$/, '')}/incidents/sample` : undefined,
    locale: localeFor(config, config.brands[0]?.id ?? 'example-brand'),
  });
  const started = Date.now();
  try {
    await notifier.send(n, { log: log.child({ channel: entry.id }), signal: AbortSignal.timeout(TIMEOUT_MS) });
    const ms = Date.now() - started;
    report({ ok: true, ms });
    process.stderr.write(`sent a sample ${severity} alert through "${entry.id}" (${entry.type}) in ${ms} ms\n`);
    return 0;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const hint =
      err instanceof PermanentError
        ? 'the channel refused it: check its settings (retrying will not help)'
        : err instanceof RetryableError
          ? 'a temporary failure: the daemon would retry it with backoff'
          : 'unexpected failure';
    report({ ok: false, ms: Date.now() - started, error: reason, retryable: err instanceof RetryableError });
    process.stderr.write(`vigie notify: "${entry.id}" (${entry.type}) did not take the sample alert: ${reason}\n  ${hint}\n`);
    return 1;
  } finally {
    await notifier.close?.();
  }
};

/** The channel ids written in the file, valid or not, for messages. */
function channelIdsIn(text: string): string[] {
  try {
    const doc = parse(text) as { channels?: unknown } | null;
    const c = doc?.channels;
    return c && typeof c === 'object' && !Array.isArray(c) ? Object.keys(c) : [];
  } catch {
    return [];
  }
}
