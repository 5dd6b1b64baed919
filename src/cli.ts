#!/usr/bin/env node
/**
 * `vigie <command> ...`: each command lives in src/cli/<name>.ts and is loaded only when asked for,
 * so `vigie classify` does not pay for BullMQ nor `vigie start` for the eval code.
 */
import { readFileSync } from 'node:fs';
import { CliUsageError, type Command } from './cli/command.js';
import { prestartClassifyThreads } from './queues/classify-prestart.js';

interface CommandEntry {
  summary: string;
  load: () => Promise<{ command: Command }>;
  /** Start the classify threads before loading the command: they load their modules meanwhile. */
  prestartsClassifyThreads?: true;
}

const COMMANDS: Record<string, CommandEntry> = {
  start: { summary: 'run every role in one process (the daemon)', load: () => import('./cli/start.js'), prestartsClassifyThreads: true },
  worker: { summary: 'run one role: --role collect|classify|evaluate|notify', load: () => import('./cli/worker.js') },
  config: { summary: 'config check FILE: validate a configuration file', load: () => import('./cli/config.js') },
  classify: { summary: 'classify JSONL posts from stdin to stdout', load: () => import('./cli/classify.js') },
  replay: { summary: 'replay FILE: feed a recorded scenario through the pipeline', load: () => import('./cli/replay.js') },
  backtest: { summary: 'backtest DIR: replay a scenario suite and check its expectations', load: () => import('./cli/backtest.js') },
  collect: { summary: 'collect --source ID --once: poll one source and print its posts', load: () => import('./cli/collect.js') },
  incidents: { summary: 'incidents list|show|ack|note|resolve|silence', load: () => import('./cli/incidents.js') },
  notify: { summary: 'notify test --channel NAME: send a sample alert', load: () => import('./cli/notify.js') },
  token: { summary: 'print a new random API token for http.token', load: () => import('./cli/token.js') },
  eval: { summary: 'eval --data DIR: measure the classifiers on labelled data', load: () => import('./cli/eval.js') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return (
    `usage: vigie <command> [options]\n\ncommands:\n${lines.join('\n')}\n\n` +
    'vigie help <command> (or vigie <command> --help) shows its options; vigie --version the version.\n' +
    'Documentation: README.md and docs/ in the source tree.\n'
  );
}

/** The version in package.json, next to dist/. */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

async function main(argv: string[]): Promise<number> {
  const [first, ...after] = argv;
  if (first === '--version' || first === '-V' || first === 'version') {
    process.stdout.write(`vigie ${version()} (Node ${process.versions.node})\n`);
    return 0;
  }
  // `vigie help CMD` is `vigie CMD --help`.
  const asHelp = (first === 'help' || first === '--help' || first === '-h') && after[0] !== undefined;
  const [name, ...rest] = asHelp ? [after[0] ?? '', '--help'] : argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`vigie: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (entry.prestartsClassifyThreads) prestartClassifyThreads();
  const { command } = await entry.load();
  try {
    return await command(rest);
  } catch (err) {
    if (err instanceof CliUsageError) {
      process.stderr.write(`vigie ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // The command is over: a handle some library forgot to close must not keep the process up.
    setTimeout(() => process.exit(code), 3000).unref();
  },
  (err: unknown) => {
    process.stderr.write(`vigie: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.VIGIE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  },
);
