import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from '../errors.js';
import { parseConfig } from './load.js';
import type { ParseAnswer } from './parse-off-thread.js';

/** Runs in a worker thread (see parse-off-thread.ts): parse, validate, post the result back. */
const { text, file, env } = workerData as { text: string; file: string; env: NodeJS.ProcessEnv };
let answer: ParseAnswer;
try {
  answer = { ok: true, config: parseConfig(text, file, env) };
} catch (err) {
  answer = err instanceof ConfigError ? { ok: false, problems: err.problems, message: err.message } : { ok: false, message: (err as Error).message };
}
parentPort?.postMessage(answer);
