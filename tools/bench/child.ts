/**
 * The benchmark's child process (started by run.ts with `fork`): the daemon under load, or the
 * bare BullMQ baseline, in a process of its own so its memory and CPU are its own. The task comes
 * as JSON in argv[2]; results go back over IPC.
 */
import { prepareClassifyThreads, prestartClassifyThreads, resolveClassifyThreads } from '../../src/queues/classify-prestart.js';
import type { ChildMessage, ChildTask } from './protocol.js';
import { RoundTripCounter } from './round-trips.js';

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('the bench child must be started by the bench (it talks over IPC)'));
    process.send(message, undefined, {}, (err) => (err ? reject(err) : resolve()));
  });
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
  const counter = new RoundTripCounter();
  counter.install();
  if (task.mode === 'bare-worker') {
    const { runBareWorker } = await import('./bare.js');
    // Stopped by a message from the bench (or by its going away).
    const stop = new Promise<void>((resolve) => {
      process.once('message', () => resolve());
      process.once('disconnect', () => resolve());
    });
    const processed = await runBareWorker(task, () => void send({ type: 'bare-worker-ready' }), stop);
    await send({ type: 'bare-worker', processed }).catch(() => {});
    return;
  }
  if (task.mode === 'bare') {
    const { runBare } = await import('./bare.js');
    const result = await runBare(task, counter, (done) => void send({ type: 'progress', phase: 'bare', posts: done, total: task.jobs }));
    await send({ type: 'bare', result });
    return;
  }
  // As `vigie start` does: the classify threads load their modules, then prepare the configured
  // languages, while this thread loads the daemon's.
  prestartClassifyThreads(task.classifyThreads ?? resolveClassifyThreads('auto'));
  const { pipelineConfig } = await import('./config.js');
  prepareClassifyThreads(pipelineConfig(task).languages);
  const { runPipeline } = await import('./pipeline.js');
  const result = await runPipeline(task, counter, {
    ready: (marks) => void send({ type: 'ready', marks }),
    progress: (phase, posts, total) => void send({ type: 'progress', phase, posts, total }),
  });
  await send({ type: 'pipeline', result });
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    await send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }).catch(() => {});
    process.exit(1);
  },
);
