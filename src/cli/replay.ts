import { loadConfig } from '../configure.js';
import { createLogger } from '../log.js';
import { describeDelivery, runReplay } from '../replay.js';
import { CliUsageError, DEFAULT_CONFIG, parseCommand, type Command } from './command.js';
import { progressPrinter } from './progress.js';
import { onShutdownSignal } from './signals.js';
import { checkScenario } from './replay-check.js';
import { REQUIRED_POST_FIELDS } from '../sources/replay.js';
import { unreadableFile } from '../file-errors.js';

const HELP = `usage: vigie replay FILE [--config FILE] [--speed N|max] [--alerts-out FILE.jsonl] [--live-channels] [--fresh] [--prefix P] [--json]

Feeds a JSONL file of posts (the Post shape, in time order) through the pipeline in event time,
to the end. --speed N plays N minutes of event time per wall minute (default max). Every
notification is appended as one JSON line to --alerts-out. A replay interrupted by Ctrl-C resumes
where it stopped; --fresh forgets an earlier run and starts again. --json prints the summary as one
JSON line on stdout ({"posts", "incidents", "steps", "prefix", "resumed", "interrupted"}).

A replay never reaches the configured channels (Slack, email, the alerts file...): its alerts go
to this terminal (the config's console channels) and to --alerts-out. --live-channels sends them
to the configured channels as well, as the daemon would.

Each line is one post, a JSON object. Required:
  id           "platform:nativeId", unique, e.g. "weibo:4951234567890123"
  text         the post as plain text
  publishedAt  ISO 8601 date, e.g. "2026-04-14T08:30:00Z" (lines in this order)
Optional: platform (weibo, wechat, twitter, feed, ingest, replay; default replay), sourceId, url,
author {id, name, followers}, title, collectedAt, metrics {likes, shares, comments}, langHint.
The file is checked first: any line that is not JSON or lacks a required field is listed with its
line number, and nothing is replayed (exit code 1).
`;

export function parseSpeed(text: string | undefined): number {
  if (text === undefined || text === 'max') return Infinity;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new CliUsageError(`--speed takes a positive number or "max", not "${text}"`);
  return n;
}

export const command: Command = async (argv) => {
  const parsed = parseCommand(
    argv,
    {
      config: { type: 'string', short: 'c' },
      speed: { type: 'string' },
      'alerts-out': { type: 'string' },
      'live-channels': { type: 'boolean' },
      fresh: { type: 'boolean' },
      prefix: { type: 'string' },
      json: { type: 'boolean' },
    },
    HELP,
    true,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new CliUsageError('name one scenario file to replay (vigie replay FILE)');
  const speed = parseSpeed(values.speed);
  const refused = await refuseBadLines(file);
  if (refused !== undefined) return refused;
  const config = await loadConfig(values.config ?? DEFAULT_CONFIG);
  // Progress and the summary say what happened; per-poll logs only when asked for with LOG_LEVEL.
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const abort = new AbortController();
  const stop = onShutdownSignal(() => abort.abort());
  try {
    const result = await runReplay({
      config,
      file,
      speed,
      alertsOut: values['alerts-out'],
      liveChannels: values['live-channels'],
      fresh: values.fresh,
      prefix: values.prefix,
      log,
      signal: abort.signal,
      progress: progressPrinter('replay'),
    });
    process.stderr.write(`${describeDelivery(result.delivery)}\n`);
    if (values.json) {
      const { prefix, posts, steps, incidents, resumed, interrupted } = result;
      process.stdout.write(`${JSON.stringify({ file, posts, incidents, steps, prefix, resumed, interrupted, alreadyReplayed: steps === 0 && !interrupted })}\n`);
    }
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

/** How many bad lines are listed before "and N more". */
const SHOWN_BAD_LINES = 20;

/** Checks every line first; prints the wrong ones and returns the exit code, or undefined when all are good. */
async function refuseBadLines(file: string): Promise<number | undefined> {
  let check;
  try {
    check = await checkScenario(file);
  } catch (err) {
    process.stderr.write(`vigie replay: ${file}: ${unreadableFile(file, err)}\n`);
    return 1;
  }
  if (check.bad.length === 0) return undefined;
  const shown = check.bad.slice(0, SHOWN_BAD_LINES).map((b) => `  line ${b.line}: ${b.message}`);
  if (check.bad.length > SHOWN_BAD_LINES) shown.push(`  ... and ${check.bad.length - SHOWN_BAD_LINES} more`);
  process.stderr.write(
    `vigie replay: ${file}: ${check.bad.length} of ${check.lines} line${check.lines === 1 ? '' : 's'} cannot be replayed (each needs ${REQUIRED_POST_FIELDS.join(', ')}; see vigie replay --help):\n${shown.join('\n')}\nNothing was replayed.\n`,
  );
  return 1;
}
