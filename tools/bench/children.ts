/**
 * The bench's child processes (tools/bench/child.ts, started with `fork`): one measured child at a
 * time, plus the helper worker processes of a multi-process bare run. Progress messages are
 * relayed; a child that fails takes its own error message with it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BareTask, BareWorkerTask, ChildMessage, ChildTask } from './protocol.js';
import type { Progress } from './progress.js';

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));

export interface ChildOutcome<T> {
  result: T;
  /** Spawn to the `ready` message (pipeline child only). */
  startMs?: number;
}

/** Every child running now. */
const running = new Set<ChildProcess>();

/** Kills every running child and waits until they are gone (an interrupted run). */
export async function stopChildren(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** Runs one child to its result in environment `env`, relaying its progress; fails with the child's own error. */
export function runChild<T>(task: ChildTask, progress: Progress, env: NodeJS.ProcessEnv, execArgv: string[] = []): Promise<ChildOutcome<T>> {
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.now();
    let startMs: number | undefined;
    let result: T | undefined;
    let error: string | undefined;
    const child = fork(CHILD, [JSON.stringify(task)], { execArgv, env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    running.add(child);
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') {
        startMs = performance.now() - spawnedAt;
        progress.note(`daemon ready in ${Math.round(startMs)} ms`);
      } else if (m.type === 'progress') progress.count(m.posts, m.total, `posts (${m.phase})`);
      else if (m.type === 'error') error = m.message;
      else if (m.type === 'bare' || m.type === 'pipeline') result = m.result as T;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      running.delete(child);
      if (result !== undefined && code === 0) resolve({ result, startMs });
      else reject(new Error(`bench child (${task.mode}) ${error ? `failed: ${error}` : `exited with ${signal ?? code}`}`));
    });
  });
}

/** Helper worker processes of a bare run: resolves once each is waiting for jobs; `stop` ends them. */
export async function startBareHelpers(task: Omit<BareWorkerTask, 'mode'>, count: number, env: NodeJS.ProcessEnv): Promise<{ stop(): Promise<void> }> {
  const children = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ChildProcess>((resolve, reject) => {
          const child = fork(CHILD, [JSON.stringify({ mode: 'bare-worker', ...task } satisfies BareWorkerTask)], { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
          running.add(child);
          child.on('message', (m: ChildMessage) => {
            if (m.type === 'bare-worker-ready') resolve(child);
          });
          child.on('exit', (code) => {
            running.delete(child);
            reject(new Error(`a bare BullMQ helper worker exited with ${code} before it was ready`));
          });
        }),
    ),
  );
  return {
    stop: () =>
      Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.send('stop');
            }),
        ),
      ).then(() => undefined),
  };
}

/** The bare settings measured: one worker at several concurrencies, then one worker process per core. */
export function bareSettings(cores: number): Pick<BareTask, 'concurrency' | 'helpers'>[] {
  const settings = [2, 50, 200].map((concurrency) => ({ concurrency, helpers: 0 }));
  if (cores > 1) settings.push({ concurrency: 50, helpers: cores - 1 });
  return settings;
}
