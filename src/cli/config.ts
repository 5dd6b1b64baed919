import { loadConfig } from '../configure.js';
import { ConfigError, formatProblem } from '../errors.js';
import { CliUsageError, DEFAULT_CONFIG, parseOptions, type Command } from './command.js';

/** `vigie config check [FILE]`: the errors with their paths and lines, or a short summary. */
export const command: Command = async (argv) => {
  const { positionals, values } = parseOptions(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
  const [sub, file = DEFAULT_CONFIG] = positionals;
  if (values.help || sub !== 'check') {
    if (values.help) {
      process.stdout.write('usage: vigie config check [FILE] [--json]\n\nValidates a configuration file: prints each problem with its path and line, or a summary.\n');
      return 0;
    }
    throw new CliUsageError('usage: vigie config check [FILE]');
  }
  try {
    const c = await loadConfig(file);
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
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    if (values.json) process.stdout.write(`${JSON.stringify({ ok: false, file, problems: err.problems })}\n`);
    else process.stderr.write(`${file}: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}\n${err.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
    return 1;
  }
};
