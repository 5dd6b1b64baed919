import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A CLI command: takes its arguments, returns the exit code. */
export type Command = (argv: string[]) => Promise<number>;

/** Wrong arguments: printed with the command's name, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** node:util parseArgs, with its errors turned into usage errors. */
export function parseOptions<T extends ParseArgsConfig['options']>(
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * A command's options plus `--help`/`-h`: prints `help` and gives undefined when asked for it, so
 * every command answers `--help` the same way.
 */
export function parseCommand<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, help: string, allowPositionals = false) {
  const parsed = parseOptions(argv, { ...options, ...HELP_OPTION }, allowPositionals);
  if ((parsed.values as Record<string, unknown>).help === true) {
    process.stdout.write(help);
    return undefined;
  }
  return parsed;
}

/** The config file a command uses when none is given. */
export const DEFAULT_CONFIG = 'config/vigie.yaml';
