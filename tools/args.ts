/**
 * Arguments of the npm-run tools (train, eval): the CLI's own parser, so that `--help` prints the
 * usage and an unknown option is one line naming it, not a stack trace.
 */
import type { ParseArgsConfig } from 'node:util';
import { CliUsageError, parseCommand } from '../src/cli/command.js';

export function toolArgs<T extends NonNullable<ParseArgsConfig['options']>>(tool: string, usage: string, options: T, allowPositionals = false) {
  try {
    const parsed = parseCommand(process.argv.slice(2), options, usage, allowPositionals);
    if (!parsed) process.exit(0);
    return parsed;
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    process.stderr.write(`${tool}: ${err.message}\n${usage}`);
    process.exit(2);
  }
}
