import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { parseConfig, type VigieConfig } from './load.js';

/** What the parse worker answers. */
export type ParseAnswer = { ok: true; config: VigieConfig } | { ok: false; problems?: ConfigProblem[]; message: string };

const WORKER = new URL('./parse-worker.js', import.meta.url);

/**
 * Parses and validates a configuration in a worker thread, so a reload never blocks the daemon's
 * event loop (job locks, HTTP, Redis heartbeats) while YAML is parsed. The file size is capped
 * before this (MAX_CONFIG_BYTES). When the compiled worker is not there (tests run the sources
 * directly), it parses in this thread.
 */
export async function parseConfigOffThread(text: string, file: string, env: NodeJS.ProcessEnv): Promise<VigieConfig> {
  if (!existsSync(fileURLToPath(WORKER))) return parseConfig(text, file, env);
  const answer = await new Promise<ParseAnswer>((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { text, file, env } });
    worker.once('message', (m: ParseAnswer) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the configuration parser stopped (exit ${code})`)));
  });
  if (answer.ok) return answer.config;
  if (answer.problems) throw new ConfigError(file, answer.problems);
  throw new Error(answer.message);
}
