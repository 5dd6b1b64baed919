/**
 * `vigie eval --data DIR [--json] [--languages cmn,eng,fra] [--quiet]`: measures the classifiers
 * on every labelled `*.tsv` in DIR (see src/classifiers/eval/tsv.ts for the format) against the
 * naive baselines. Tables on stdout, progress on stderr; `--json` prints one JSON document
 * instead of tables.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { Progress } from '../classifiers/eval/progress.js';
import { formatFileResult, formatSummary } from '../classifiers/eval/report.js';
import { evaluate, type FileResult } from '../classifiers/eval/run.js';
import { readEvalTsv } from '../classifiers/eval/tsv.js';
import { CliUsageError, parseOptions, type Command } from './command.js';

const HELP = `usage: vigie eval --data DIR [--json] [--languages LIST] [--quiet]

Measures language detection and sentiment on labelled TSV files (lang<TAB>text or
label<TAB>text, one header line) and compares them with the naive baselines (franc over
all languages; natural alone).

  --data DIR        directory of *.tsv files
  --json            print the results as one JSON document
  --languages LIST  candidate languages for the sentiment chain (default cmn,eng,fra)
  --quiet           no progress on stderr
`;

export const command: Command = async (argv) => {
  const { values } = parseOptions(argv, {
    data: { type: 'string' },
    json: { type: 'boolean', default: false },
    languages: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.data) throw new CliUsageError('--data DIR is required (a directory of labelled .tsv files)');
  const dir = values.data;
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliUsageError(`--data ${dir}: not a directory`);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.tsv')).sort();
  if (files.length === 0) throw new CliUsageError(`--data ${dir}: no .tsv files there`);
  const languages = values.languages?.split(',').map((l) => l.trim()).filter(Boolean);

  const results: FileResult[] = [];
  let failed = 0;
  for (const name of files) {
    let data;
    try {
      data = await readEvalTsv(join(dir, name));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      process.stderr.write(`vigie eval: skipping ${err.message}\n`);
      failed++;
      continue;
    }
    const result = evaluate(data, {
      ...(languages ? { languages } : {}),
      progress: (label, total) => new Progress(label, total, { quiet: values.quiet }),
    });
    results.push(result);
    if (!values.json) process.stdout.write(`${formatFileResult(result)}\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ data: dir, files: results })}\n`);
  else if (results.length > 0) process.stdout.write(formatSummary(results));
  return failed > 0 ? 1 : 0;
};
