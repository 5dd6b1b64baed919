/**
 * The baseline: bare BullMQ on the same Redis, one job per post (the post as its data), a worker
 * that does nothing, the pipeline's classify concurrency. Producer and worker share one process,
 * as the collect and classify stages do in the daemon. Measured from the first add to the last
 * completion.
 */
import { Queue, Worker } from 'bullmq';
import { connect } from '../redis.js';
import type { BareResult, BareTask } from './protocol.js';
import type { RoundTripCounter } from './round-trips.js';
import { readPosts } from './scenario-file.js';
import { commandCalls, perSecond, serverCpuMs } from './stats.js';

/** Jobs added per addBulk call, like a collected page. */
const CHUNK = 500;

export async function runBare(task: BareTask, counter: RoundTripCounter, progress: (done: number) => void): Promise<BareResult> {
  const posts = await readPosts(task.scenario.path, task.jobs);
  const redis = connect(task.redisUrl);
  const workerConnection = redis.duplicate();
  const queue = new Queue('bare', { connection: redis, prefix: task.prefix, defaultJobOptions: { removeOnComplete: true, removeOnFail: true } });
  let done = 0;
  let finish!: () => void;
  const all = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker('bare', async () => undefined, { connection: workerConnection, prefix: task.prefix, concurrency: task.concurrency, autorun: false });
  worker.on('completed', () => {
    done += 1;
    if (done % 5000 === 0) progress(done);
    if (done === posts.length) finish();
  });
  worker.on('error', () => {});
  await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);

  const serverBefore = commandCalls(await redis.info('commandstats'));
  const serverCpuBefore = serverCpuMs(await redis.info('cpu'));
  counter.reset();
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  void worker.run();
  for (let i = 0; i < posts.length; i += CHUNK) {
    await queue.addBulk(posts.slice(i, i + CHUNK).map((data) => ({ name: 'post', data })));
  }
  await all;
  const wallMs = Date.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const counts = counter.snapshot();
  const serverCommands = commandCalls(await redis.info('commandstats')) - serverBefore;
  const serverCpu = serverCpuMs(await redis.info('cpu')) - serverCpuBefore;

  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await Promise.all([redis.quit(), workerConnection.quit()]);
  return {
    jobs: posts.length,
    wallMs,
    postsPerSecond: perSecond(posts.length, wallMs),
    cpuMs: (cpu.user + cpu.system) / 1000,
    redis: counts,
    serverCommands,
    serverCpuMs: serverCpu,
  };
}
