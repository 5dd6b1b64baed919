import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../log.js';
import { unreadableFile } from '../file-errors.js';
import { ExpectationError } from './backtest-expect.js';
import { backtestPassed, formatSummary, formatTable } from './backtest-report.js';
import { loadSuite, runBacktest, type BacktestProgress, type RulesUnderTest } from './backtest-run.js';
import { CliUsageError, DEFAULT_CONFIG, parseCommand, type Command } from './command.js';
import { onShutdownSignal } from './signals.js';

const HELP = `usage: vigie backtest DIR [--config FILE] [--baseline FILE | --no-baseline] [--only NAME,...] [--json]
                      [--alerts-dir DIR] [--false-alarms N] [--live-channels]

Replays every scenario of a suite folder (NAME.jsonl, NAME.config.yaml, NAME.expect.yaml) through
the pipeline in event time and checks what was notified against the expectations: time to the
first alert and to critical after the wave starts, the most severe alert, false alarms during calm.

  --config FILE     the rules under test (with their routes and alerting); default ${DEFAULT_CONFIG}.
                    Each scenario brings its brands; everything else comes from this file.
  --baseline FILE   rules run beside them, for comparison; default DIR/baseline.yaml if present
  --no-baseline     run the rules under test only
  --only A,B        only these scenarios
  --json            the results as JSON on stdout (the table goes nowhere)
  --alerts-dir DIR  keep each scenario's notifications there (NAME.LABEL.alerts.jsonl)
  --false-alarms N  most false alarms per brand-week of calm, all scenarios pooled (default 1)
  --live-channels   also send to the configured channels (never by default)

Exit code 0 when the rules under test meet every expectation, 1 when one fails, 2 on bad usage.
See docs/backtest.md.
`;

export const command: Command = async (argv) => {
  const parsed = parseCommand(
    argv,
    {
      config: { type: 'string', short: 'c' },
      baseline: { type: 'string' },
      'no-baseline': { type: 'boolean' },
      only: { type: 'string' },
      json: { type: 'boolean' },
      'alerts-dir': { type: 'string' },
      'false-alarms': { type: 'string' },
      'live-channels': { type: 'boolean' },
    },
    HELP,
    true,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [dir] = positionals;
  if (!dir || positionals.length > 1) throw new CliUsageError('name one suite folder (vigie backtest DIR)');
  if (values.baseline && values['no-baseline']) throw new CliUsageError('--baseline and --no-baseline contradict each other');
  const limit = values['false-alarms'] === undefined ? 1 : Number(values['false-alarms']);
  if (!(limit >= 0)) throw new CliUsageError(`--false-alarms takes a number of alarms per brand-week, not "${values['false-alarms']}"`);

  let scenarios;
  const rules: RulesUnderTest[] = [];
  try {
    scenarios = await loadSuite(dir, values.only?.split(',').map((s) => s.trim()).filter(Boolean));
    const current = values.config ?? DEFAULT_CONFIG;
    rules.push({ label: 'current', file: current, text: await readRules(current) });
    const baseline = values['no-baseline'] ? undefined : (values.baseline ?? (existsSync(join(dir, 'baseline.yaml')) ? join(dir, 'baseline.yaml') : undefined));
    if (baseline) rules.push({ label: 'baseline', file: baseline, text: await readRules(baseline) });
  } catch (err) {
    if (err instanceof ExpectationError) {
      process.stderr.write(`vigie backtest: ${err.message}\n`);
      return 2;
    }
    throw err;
  }

  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const abort = new AbortController();
  const stop = onShutdownSignal(() => abort.abort());
  process.stderr.write(
    `backtest: ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'} × ${rules.map((r) => `${r.label} (${r.file})`).join(' and ')}\n` +
      (values['live-channels']
        ? 'alerts also go to the configured channels (--live-channels)\n'
        : `alerts go only to each replay's own file${values['alerts-dir'] ? ` in ${values['alerts-dir']}` : ' (temporary)'}; the configured channels are not used\n`),
  );
  try {
    const runs = await runBacktest({
      scenarios,
      rules,
      log,
      alertsDir: values['alerts-dir'],
      liveChannels: values['live-channels'],
      progress: progressLine(process.stderr),
      signal: abort.signal,
    });
    if (abort.signal.aborted) {
      process.stderr.write('backtest interrupted\n');
      return 130;
    }
    const ok = backtestPassed(runs, limit);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ suite: dir, ok, falseAlarmLimit: limit, runs }, null, 2)}\n`);
    } else {
      process.stdout.write(`\n${formatTable(runs)}\n\n${formatSummary(runs, limit)}\n`);
    }
    return ok ? 0 : 1;
  } finally {
    stop();
  }
};

async function readRules(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new ExpectationError(`${file}: ${unreadableFile(file, err)}`);
  }
}

/**
 * A line per finished replay; on a terminal, the running one's progress rewritten in place.
 * Elsewhere (a log, CI) a line at each tenth of a replay's event time, so that a calm week's
 * twenty minutes are not silent.
 */
function progressLine(stream: NodeJS.WriteStream) {
  let lastTenth = '';
  return (p: BacktestProgress): void => {
    const head = `[${p.index}/${p.total}] ${p.scenario} · ${p.label}`;
    if (p.done) {
      const verdict = p.done.pass ? 'pass' : 'FAIL';
      const line = `${head} · ${p.done.posts.toLocaleString('en')} posts · ${p.done.notifications} notifications · ${(p.done.wallMs / 1000).toFixed(1)} s · ${verdict}`;
      stream.write(stream.isTTY ? `\r\x1b[K${line}\n` : `${line}\n`);
    } else if (stream.isTTY) {
      stream.write(`\r\x1b[K${head} · ${Math.floor(p.eventPct)}%`);
    } else {
      const tenths = Math.floor(p.eventPct / 10);
      const line = `${head} · ${tenths * 10}% of its event time`;
      if (tenths > 0 && tenths < 10 && line !== lastTenth) {
        lastTenth = line;
        stream.write(`${line}\n`);
      }
    }
  };
}
