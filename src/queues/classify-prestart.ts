/**
 * Classify threads started before the process has loaded the rest of Vigie. A thread's own
 * imports (BullMQ, the classifiers) take a few hundred milliseconds, as do the main thread's
 * (the daemon, the HTTP side, the plug-ins), and so does preparing the lexicon scorers of the
 * configured languages (natural's vocabularies and their stems, jieba's tables): started first,
 * the thread does all that on the second core while the main thread loads its own modules. It is
 * told the languages as soon as the configuration is read (`prepareClassifyThreads`) and gets the
 * rest of its settings when ClassifyPool adopts it, before the pool starts any thread of its own.
 * This module imports nothing heavy, so that `vigie start` can call it first.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ToThread } from './classify-protocol.js';

/** `auto`: one thread per core beyond the first, none on a one-core machine. */
export function resolveClassifyThreads(setting: 'auto' | number, cores = availableParallelism()): number {
  return setting === 'auto' ? Math.max(0, cores - 1) : setting;
}

/**
 * The classify thread's young generation, MB. Classifying a page makes short-lived garbage only
 * (strings, token arrays, the scored posts once written); V8's default young generation for a
 * 64-bit heap (~48 MB) lets it pile up before each scavenge, memory the process holds for nothing.
 * A small one is scavenged more often, each time cheaply (little survives).
 */
export const THREAD_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** Threads started ahead and not adopted yet. */
const waiting: Worker[] = [];

/**
 * Starts `count` classify threads (by default as many as `workers.classifyThreads: auto` would
 * run) that load their modules and wait for `prepare` or `init`. They do not keep the process
 * alive. Does nothing when the thread's script is not built (the pool reports that when it needs
 * one).
 */
export function prestartClassifyThreads(count = resolveClassifyThreads('auto')): void {
  const script = threadScriptIfBuilt();
  if (!script) return;
  for (let i = 0; i < count; i++) {
    const thread = new Worker(script, { resourceLimits: THREAD_RESOURCE_LIMITS });
    thread.unref();
    // A thread that fails before it is adopted is dropped; the pool starts a new one and
    // reports that one's error. Without a listener the error would end the process.
    const drop = () => {
      const at = waiting.indexOf(thread);
      if (at >= 0) waiting.splice(at, 1);
    };
    thread.on('error', drop);
    thread.on('exit', drop);
    waiting.push(thread);
  }
}

/** Tells the waiting threads which languages to prepare the lexicon scorers of (the configuration's). */
export function prepareClassifyThreads(languages: readonly string[]): void {
  for (const thread of waiting) thread.postMessage({ type: 'prepare', languages: [...languages] } satisfies ToThread);
}

/** A prestarted thread, now the caller's: it waits for `{ type: 'init' }` (after a `prepare` or not). */
export function takePrestartedThread(): Worker | undefined {
  const thread = waiting.shift();
  if (!thread) return undefined;
  thread.removeAllListeners('error');
  thread.removeAllListeners('exit');
  thread.ref();
  return thread;
}

/** Prestarted threads not adopted yet. */
export function waitingPrestartedThreads(): number {
  return waiting.length;
}

/** Ends the prestarted threads nobody adopted (the configuration asked for fewer). */
export function discardPrestartedThreads(): void {
  for (const thread of waiting.splice(0)) void thread.terminate();
}

/**
 * The thread's compiled script. Run from dist/, it sits next to this file; run from the
 * TypeScript sources (the test runner), the compiled copy in dist/ is used, which the test setup
 * builds before the suites.
 */
export function threadScript(): string {
  const script = threadScriptIfBuilt();
  if (!script) throw new Error(`the classify thread's script is missing (${scriptBesideThis()}): build Vigie first (npm run build)`);
  return script;
}

function scriptBesideThis(): string {
  return fileURLToPath(new URL('./classify-thread.js', import.meta.url));
}

function threadScriptIfBuilt(): string | undefined {
  const here = scriptBesideThis();
  if (existsSync(here)) return here;
  const built = here.replace(/([\\/])src([\\/]queues[\\/]classify-thread\.js)$/, '$1dist$2');
  return existsSync(built) ? built : undefined;
}
