/**
 * `vigie classify [--config FILE]`: JSONL posts on stdin (`{"text": ...}` at least), one JSON
 * line per post on stdout with `lang`, `brands`, `sentiment`, `crisis` and `reach`. A line that is
 * not JSON, or not a post, is reported on stderr with its line number and skipped; the others go
 * on, and the exit code is 1 at the end if any line was bad.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { buildClassifierChain } from '../classifiers/pipeline.js';
import type { ClassifierOptions } from '../classifiers/classifier.js';
import { DEFAULT_LANGUAGES } from '../config/default-languages.js';
import { postFromInput } from '../classifiers/input.js';
import { loadConfig } from '../configure.js';
import { InputError } from '../errors.js';
import { DEFAULT_CONFIG, parseCommand, type Command } from './command.js';

const HELP = `usage: vigie classify [--config FILE] < posts.jsonl > scored.jsonl

Reads one JSON post per line on stdin ({"text": ...} at least; id, platform, author,
metrics, langHint are used when present) and writes one JSON line per post with lang,
brands, sentiment {score, label}, crisis {terms, categories, score, matches; inferred: the
categories the crisis model added, with their probability; vetoed: the categories of terms it
took back, all but sure the post is about nothing, with its probability of none} and reach.

  --config FILE   brands and languages from this config (default ${DEFAULT_CONFIG} when it
                  exists; otherwise no brands and the languages cmn, eng, fra)
`;

/** Without a config: no brands, and the languages the project is built for. */
export const FALLBACK_LANGUAGES = [...DEFAULT_LANGUAGES];

export interface ClassifyStreams {
  input: Readable;
  output: Writable;
  errors: Writable;
  /** ISO time for posts without `publishedAt` / `collectedAt`. */
  now?: () => string;
}

/** Classifies a JSONL stream; returns how many lines were bad. */
export async function classifyStream(options: ClassifierOptions, streams: ClassifyStreams): Promise<{ posts: number; bad: number }> {
  const chain = buildClassifierChain(options);
  const now = streams.now ?? (() => new Date().toISOString());
  const lines = createInterface({ input: streams.input, crlfDelay: Infinity });
  let lineNo = 0;
  let posts = 0;
  let bad = 0;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const chunk = batch.join('');
    batch = [];
    if (!streams.output.write(chunk)) await new Promise<void>((resolve) => streams.output.once('drain', resolve));
  };
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const where = `stdin line ${lineNo}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      bad++;
      streams.errors.write(`vigie classify: ${where}: not valid JSON (${(err as Error).message}); line skipped\n`);
      continue;
    }
    try {
      const post = postFromInput(value, where, now());
      batch.push(`${JSON.stringify(chain.classify(post))}\n`);
      posts++;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      bad++;
      streams.errors.write(`vigie classify: ${err.message}; line skipped\n`);
    }
    if (batch.length >= 256) await flush();
  }
  await flush();
  return { posts, bad };
}

/** The brands and languages to classify with: the config's, or none and the fallback languages. */
export async function classifierOptions(configFile: string | undefined): Promise<ClassifierOptions> {
  const file = configFile ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  if (file === undefined) return { brands: [], languages: FALLBACK_LANGUAGES };
  const config = await loadConfig(file);
  return { brands: config.brands, languages: config.languages };
}

export const command: Command = async (argv) => {
  const parsed = parseCommand(argv, {
    config: { type: 'string' },
  }, HELP);
  if (!parsed) return 0;
  const { values } = parsed;
  const options = await classifierOptions(values.config);
  // A closed pipe downstream (`| head`) ends the run quietly.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const { bad } = await classifyStream(options, { input: process.stdin, output: process.stdout, errors: process.stderr });
  return bad > 0 ? 1 : 0;
};
