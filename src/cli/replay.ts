import { loadConfig } from '../configure.js';
import { createLogger } from '../log.js';
import { runReplay } from '../replay.js';
import { CliUsageError, DEFAULT_CONFIG, parseOptions, type Command } from './command.js';
import { progressPrinter } from './progress.js';
import { onShutdownSignal } from './signals.js';

const HELP = `usage: vigie replay FILE [--config FILE] [--speed N|max] [--alerts-out FILE.jsonl] [--fresh] [--prefix P]

Feeds a JSONL file of posts (the Post shape, in time order) through the pipeline in event time,
to the end. --speed N plays N minutes of event time per wall minute (default max). Every
notification is appended as one JSON line to --alerts-out. A replay interrupted by Ctrl-C resumes
where it stopped; --fresh forgets an earlier run and starts again.
`;

export function parseSpeed(text: string | undefined): number {
  if (text === undefined || text === 'max') return Infinity;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new CliUsageError(`--speed takes a positive number or "max", not "${text}"`);
  return n;
}

export const command: Command = async (argv) => {
  const { values, positionals } = parseOptions(
    argv,
    {
      config: { type: 'string', short: 'c' },
      speed: { type: 'string' },
      'alerts-out': { type: 'string' },
      fresh: { type: 'boolean' },
      prefix: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new CliUsageError('name one scenario file to replay (vigie replay FILE)');
  const config = await loadConfig(values.config ?? DEFAULT_CONFIG);
  // Progress and the summary say what happened; per-poll logs only when asked for with LOG_LEVEL.
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const abort = new AbortController();
  const stop = onShutdownSignal(() => abort.abort());
  try {
    const result = await runReplay({
      config,
      file,
      speed: parseSpeed(values.speed),
      alertsOut: values['alerts-out'],
      fresh: values.fresh,
      prefix: values.prefix,
      log,
      signal: abort.signal,
      progress: progressPrinter('replay'),
    });
    if (result.interrupted) {
      process.stderr.write(`replay interrupted after ${result.posts} posts; run the same command again to resume\n`);
      return 130;
    }
    if (result.steps === 0) {
      process.stderr.write(`${file} was already replayed under ${result.prefix}; add --fresh to replay it again\n`);
      return 0;
    }
    process.stderr.write(
      `replay done: ${result.posts.toLocaleString('en')} posts, ${result.incidents} incident${result.incidents === 1 ? '' : 's'}${result.resumed ? ' (resumed)' : ''} · state under ${result.prefix}\n`,
    );
    return 0;
  } finally {
    stop();
  }
};
