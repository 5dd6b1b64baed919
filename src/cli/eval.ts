/**
 * `vigie eval --data DIR [--train DIR] [--folds K] [--json] [--languages cmn,eng,fra] [--quiet]`:
 * measures the classifiers on every labelled `*.tsv` in DIR (see src/classifiers/eval/tsv.ts
 * for the format) against the naive baselines; with --train, also k-fold cross-validates the
 * trained sentiment models over the training and development rows (src/classifiers/eval/cv.ts).
 * Tables on stdout, progress on stderr; `--json` prints one JSON document instead of tables.
 */
import { access, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { Progress } from '../classifiers/eval/progress.js';
import { crossValidate, type LanguageCv } from '../classifiers/eval/cv.js';
import { formatCv, formatCvSummary } from '../classifiers/eval/cv-report.js';
import { formatFileResult, formatSummary } from '../classifiers/eval/report.js';
import { MODEL_FILES } from '../classifiers/sentiment/dataset.js';
import { evaluate, type FileResult } from '../classifiers/eval/run.js';
import { readEvalTsv } from '../classifiers/eval/tsv.js';
import { CliUsageError, parseCommand, type Command } from './command.js';

const HELP = `usage: vigie eval --data DIR [--train DIR] [--folds K] [--json] [--languages LIST] [--quiet]

Measures language detection and sentiment on labelled TSV files (lang<TAB>text or
label<TAB>text, one header line) and compares them with the baselines (franc over all
languages; natural alone; for sentiment also the lexicon scorer). The shipped sentiment
models were trained on the development rows too: their honest figures are the
cross-validated ones that --train adds.

  --data DIR        directory of *.tsv files (development sets)
  --train DIR       also cross-validate the sentiment models over DIR's sentiment_<xx>.tsv
                    and --data's together (hyper-parameters chosen inside each fold)
  --folds K         folds of the cross-validation (default 5)
  --json            print the results as one JSON document
  --languages LIST  candidate languages for the sentiment chain (default cmn,eng,fra)
  --quiet           no progress on stderr
`;

export const command: Command = async (argv) => {
  const parsed = parseCommand(argv, {
    data: { type: 'string' },
    json: { type: 'boolean', default: false },
    languages: { type: 'string' },
    train: { type: 'string' },
    folds: { type: 'string', default: '5' },
    quiet: { type: 'boolean', default: false },
  }, HELP);
  if (!parsed) return 0;
  const { values } = parsed;
  if (!values.data) throw new CliUsageError('--data DIR is required (a directory of labelled .tsv files)');
  const dir = values.data;
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliUsageError(`--data ${dir}: not a directory`);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.tsv')).sort();
  if (files.length === 0) throw new CliUsageError(`--data ${dir}: no .tsv files there`);
  const languages = values.languages?.split(',').map((l) => l.trim()).filter(Boolean);

  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new CliUsageError(`--folds ${values.folds}: a whole number from 2 to 20`);
  if (values.train !== undefined && !(await stat(values.train).catch(() => undefined))?.isDirectory()) {
    throw new CliUsageError(`--train ${values.train}: not a directory`);
  }

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
  const cv: LanguageCv[] = [];
  if (values.train !== undefined) {
    for (const [lang, suffix] of Object.entries(MODEL_FILES)) {
      const name = `sentiment_${suffix}.tsv`;
      const found = await Promise.all([join(values.train, name), join(dir, name)].map((f) => access(f).then(() => true, () => false)));
      if (!found.some(Boolean)) continue;
      const result = await crossValidate(lang, { train: values.train, dev: dir }, {
        folds,
        progress: values.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
      });
      cv.push(result);
      if (!values.json) process.stdout.write(`${formatCv(result)}\n`);
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ data: dir, files: results, ...(values.train !== undefined ? { train: values.train, crossValidation: cv } : {}) })}\n`);
  else {
    if (results.length > 0) process.stdout.write(formatSummary(results));
    if (cv.length > 0) process.stdout.write(`\n${formatCvSummary(cv)}`);
  }
  return failed > 0 ? 1 : 0;
};
