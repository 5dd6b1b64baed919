import { readFile } from 'node:fs/promises';
import { buildPlugins } from '../build.js';
import type { ConfigAnalysis } from '../config/load.js';
import { analyseConfig } from '../configure.js';
import { tidyProblems } from '../config/problems.js';
import { ConfigError, formatProblem } from '../errors.js';
import { silentLogger } from '../log.js';
import { unreadableFile } from '../file-errors.js';
import { CliUsageError, DEFAULT_CONFIG, parseCommand, type Command } from './command.js';

const HELP = `usage: vigie config check [FILE] [--json]

Checks a configuration file (default ${DEFAULT_CONFIG}) as \`vigie start\` would, without starting
anything: YAML, every section and plug-in option, references between them (routes to channels,
rules, brands, escalation policies), the environment variables it names, and building every
enabled source and channel (a missing token, an X source without TWITTER_BEARER_TOKEN...).
Prints every problem at once, in file order, with its line; or a summary. Exit code 1 on problems.
--json prints {"ok": ..., "problems": [{"line", "path", "message"}]} or the summary as JSON.
`;

/**
 * Every check \`start\` makes before it runs: the file's own checks, then building the plug-ins
 * (which reads the environment variables they name).
 */
export async function checkConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<ConfigAnalysis> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { problems: [{ path: '', message: unreadableFile(file, err) }] };
  }
  const analysis = analyseConfig(text, file, env);
  if (!analysis.config) return analysis;
  try {
    buildPlugins(analysis.config, env, silentLogger);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { config: analysis.config, problems: tidyProblems([...analysis.problems, ...err.problems]) };
  }
  return analysis;
}

/** `vigie config check [FILE]`: the errors with their paths and lines, or a short summary. */
export const command: Command = async (argv) => {
  const parsed = parseCommand(argv, { json: { type: 'boolean' } }, HELP, true);
  if (!parsed) return 0;
  const { positionals, values } = parsed;
  const [sub, file = DEFAULT_CONFIG] = positionals;
  if (sub !== 'check') throw new CliUsageError('usage: vigie config check [FILE] [--json]');
  if (positionals.length > 2) throw new CliUsageError('check one file at a time (vigie config check FILE)');
  const { config: c, problems } = await checkConfigFile(file);
  if (c && problems.length === 0) {
    const summary = {
      file,
      brands: c.brands.map((b) => b.id),
      sources: c.sources.map((s) => `${s.id} (${s.type}${s.extra.schedule ? `, ${s.extra.schedule}` : ''}${s.extra.enabled ? '' : ', disabled'})`),
      rules: c.rules.map((r) => `${r.id} (${r.type}, ${r.extra.severity})`),
      channels: c.channels.map((ch) => `${ch.id} (${ch.type})`),
      routes: c.routes.length,
      escalation: Object.keys(c.escalation),
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ok: true, ...summary })}\n`);
      return 0;
    }
    const lines = [
      `${file}: OK`,
      `  brands    ${summary.brands.join(', ')}`,
      `  sources   ${summary.sources.join(', ') || 'none'}`,
      `  rules     ${summary.rules.join(', ') || 'none'}`,
      `  channels  ${summary.channels.join(', ') || 'none'}`,
      `  routes    ${summary.routes}, escalation policies: ${summary.escalation.join(', ') || 'none'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ ok: false, file, problems })}\n`);
  else process.stderr.write(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
  return 1;
};
