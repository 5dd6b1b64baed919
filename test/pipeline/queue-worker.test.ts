import { Queue, Worker, type Job, type WorkerOptions } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { QueueWorker } from '../../src/queues/queue-worker.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const redis = testRedis();
const prefix = uniquePrefix('queue-worker');
const closers: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

const MARK = 'page-of-posts-7f3a';

type MakeWorker = (name: string, processor: (job: Job) => Promise<unknown>, opts: WorkerOptions) => Worker;

/**
 * Runs `jobs` jobs through a worker made by `make` at concurrency 1, so that finishing each job
 * fetches the next one in the same call, and counts the arrays holding a job's data that were
 * turned into strings meanwhile (what `reply < 0` does to a reply array). Queues and workers share
 * the suite's connection (BullMQ leaves a connection it is given open; the worker's blocking one
 * is its own and closed with it).
 */
async function run(make: MakeWorker, name: string, jobs: number, processor: (job: Job) => Promise<unknown>) {
  const queue = new Queue(name, { connection: redis, prefix });
  closers.push(() => queue.close());
  await queue.addBulk(Array.from({ length: jobs }, (_, i) => ({ name: 'page', data: { mark: MARK, i, text: '抵制'.repeat(500) } })));
  const stringified = { count: 0 };
  const original = Array.prototype.toString;
  Array.prototype.toString = function (this: unknown[]) {
    const s = original.call(this);
    if (s.includes(MARK)) stringified.count += 1;
    return s;
  };
  const finished: { value?: unknown; error?: string }[] = [];
  const worker = make(name, processor, { connection: redis, prefix, concurrency: 1, autorun: false });
  closers.push(() => worker.close());
  try {
    await new Promise<void>((resolve) => {
      const done = () => finished.length === jobs && resolve();
      worker.on('completed', (_job, value) => void (finished.push({ value }), done()));
      worker.on('failed', (_job, err) => void (finished.push({ error: err.message }), done()));
      void worker.run();
    });
  } finally {
    Array.prototype.toString = original;
  }
  return { stringified: stringified.count, finished };
}

describe('QueueWorker', () => {
  it("finishes jobs as BullMQ's Worker does, without turning the next job's data into a string", async () => {
    const processor = async (job: Job) => {
      if ((job.data as { i: number }).i === 2) throw new Error('page 2 is broken');
      return { posts: (job.data as { i: number }).i };
    };
    const ours = await run((...a) => new QueueWorker(...a), 'ours', 5, processor);
    const theirs = await run((...a) => new Worker(...a), 'theirs', 5, processor);
    // Same outcomes: results in order, the failure reported with its message.
    const outcomes = (r: typeof ours) => r.finished.map(({ value, error }) => (error ? `error: ${error}` : value));
    expect(outcomes(ours)).toEqual([{ posts: 0 }, { posts: 1 }, 'error: page 2 is broken', { posts: 3 }, { posts: 4 }]);
    expect(outcomes(theirs)).toEqual(outcomes(ours));
    // BullMQ's own check stringifies the reply that carries the next job; ours never does.
    expect(theirs.stringified).toBeGreaterThan(0);
    expect(ours.stringified).toBe(0);
  });

  it('still reports a job whose lock was lost, from the script\'s error code', async () => {
    const name = 'lost-lock';
    const queue = new Queue(name, { connection: redis, prefix });
    closers.push(() => queue.close());
    await queue.add('page', { mark: MARK });
    const worker = new QueueWorker(name, async () => ({}), { connection: redis, prefix, autorun: false });
    closers.push(() => worker.close());
    const job = (await worker.getNextJob('token-1')) as Job;
    expect(job).toBeDefined();
    // Finishing with another worker's token: the script answers -6 (lock mismatch) and BullMQ throws.
    await expect(job.moveToCompleted({}, 'token-2', false)).rejects.toThrow(/lock/i);
    await job.moveToCompleted({}, 'token-1', false);
    expect(await job.getState()).toBe('completed');
  });
});
