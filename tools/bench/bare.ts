/**
 * The baseline: bare BullMQ on the same Redis, one job per post (the post as its data), workers
 * that do nothing. Run at several settings, as a user tuning BullMQ would: a worker's concurrency
 * (2, 50, 200) and several worker processes, one per core, so the baseline may use every core as
 * the daemon does. The producer process adds the jobs in pages (as collected pages are) and runs
 * one of the workers; helper processes (`runBareWorker`) run the others. Measured from the first
 * add until the queue is empty and nothing is active.
 */
import { Queue, Worker } from 'bullmq';
import { connect } from '../../src/redis.js';
import type { BareResult, BareTask, BareWorkerTask } from './protocol.js';
import type { RoundTripCounter } from './round-trips.js';
import { readPosts } from './scenario-file.js';
import { commandCalls, perSecond, serverCpuMs } from './stats.js';
import { sleep } from './driver.js';

/** Jobs added per addBulk call, like a collected page. */
const CHUNK = 500;
/** How often the producer checks whether the queue is drained. */
const DRAIN_POLL_MS = 10;

export async function runBare(task: BareTask, counter: RoundTripCounter, progress: (done: number) => void): Promise<BareResult> {
  const posts = await readPosts(task.scenario.path, task.jobs);
  const redis = connect(task.redisUrl);
  const workerConnection = redis.duplicate();
  const probe = redis.duplicate();
  counter.exclude(probe);
  const queue = new Queue('bare', { connection: redis, prefix: task.prefix, defaultJobOptions: { removeOnComplete: true, removeOnFail: true } });
  const probeQueue = new Queue('bare', { connection: probe, prefix: task.prefix });
  let done = 0;
  const worker = new Worker('bare', async () => undefined, { connection: workerConnection, prefix: task.prefix, concurrency: task.concurrency, autorun: false });
  worker.on('completed', () => {
    done += 1;
    if (done % 5000 === 0) progress(done);
  });
  worker.on('error', () => {});
  await Promise.all([queue.waitUntilReady(), worker.waitUntilReady(), probeQueue.waitUntilReady()]);

  const serverBefore = commandCalls(await redis.info('commandstats'));
  const serverCpuBefore = serverCpuMs(await redis.info('cpu'));
  counter.reset();
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  void worker.run();
  for (let i = 0; i < posts.length; i += CHUNK) {
    await queue.addBulk(posts.slice(i, i + CHUNK).map((data) => ({ name: 'post', data })));
  }
  // Drained: every job added, none waiting or active, in this process or the helpers.
  for (;;) {
    const c = await probeQueue.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
    if (Object.values(c).every((n) => n === 0)) break;
    await sleep(DRAIN_POLL_MS);
  }
  const wallMs = Date.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const counts = counter.snapshot();
  const serverCommands = commandCalls(await redis.info('commandstats')) - serverBefore;
  const serverCpu = serverCpuMs(await redis.info('cpu')) - serverCpuBefore;

  await worker.close();
  await queue.obliterate({ force: true });
  await Promise.all([queue.close(), probeQueue.close()]);
  await Promise.all([redis.quit(), workerConnection.quit(), probe.quit()]);
  return {
    jobs: posts.length,
    wallMs,
    postsPerSecond: perSecond(posts.length, wallMs),
    cpuMs: (cpu.user + cpu.system) / 1000,
    redis: counts,
    serverCommands,
    serverCpuMs: serverCpu,
    concurrency: task.concurrency,
    processes: 1 + task.helpers,
    processedHere: done,
  };
}

/** A helper process's worker: runs until `stop()` resolves, then closes (finishing what it holds). */
export async function runBareWorker(task: BareWorkerTask, ready: () => void, stop: Promise<void>): Promise<number> {
  const connection = connect(task.redisUrl);
  let done = 0;
  const worker = new Worker('bare', async () => undefined, { connection, prefix: task.prefix, concurrency: task.concurrency });
  worker.on('completed', () => (done += 1));
  worker.on('error', () => {});
  await worker.waitUntilReady();
  ready();
  await stop;
  await worker.close();
  await connection.quit();
  return done;
}
