import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { applyBatch } from '../../src/alerts/windows.js';
import { benchConfig } from '../../tools/bench/config.js';
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import { ManualClock } from '../../src/clock.js';
import { Daemon } from '../../src/daemon.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { resolveClassifyThreads } from '../../src/queues/classify-pool.js';
import { prepareClassifyThreads, prestartClassifyThreads, waitingPrestartedThreads } from '../../src/queues/classify-prestart.js';
import type { FinishedJob } from '../../src/queues/jobs.js';
import { benchScenario } from '../../tools/demo/scenario.js';
import type { Post } from '../../src/types.js';
import { cleanPrefix, REDIS_URL, testRedis, uniquePrefix } from '../helpers/redis.js';
import { startPrivateRedis } from '../ops/support/redis-server.js';

/**
 * Classification in worker threads (workers.classifyThreads): the same windows, evidence and post
 * records as classification in the main thread, each post counted once however many threads and
 * jobs carry it, and a close that lets the threads finish their jobs and end.
 */
describe('classify threads', () => {
  const redis = testRedis();
  const prefixes: string[] = [];
  const posts: Post[] = [...benchScenario(1_200)];
  const pages = <T>(list: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

  afterAll(async () => {
    for (const p of prefixes) await cleanPrefix(redis, p);
    await redis.quit();
  });

  /** A daemon running only the classify role, with `threads` classify threads. */
  function classifyDaemon(prefix: string, threads: number, onFinished: (job: FinishedJob, error?: Error) => void, log = silentLogger, redisUrl = REDIS_URL): Daemon {
    prefixes.push(prefix);
    const config = benchConfig({ redisUrl, prefix, alertsFile: '/dev/null', scenarioFile: '/dev/null' });
    return new Daemon({
      config,
      roles: ['classify'],
      clock: new ManualClock(Date.parse('2026-05-04T00:00:00Z')),
      log,
      classifyThreads: threads,
      hooks: { onJobFinished: (queue, job, error) => queue === 'classify' && onFinished(job, error) },
    });
  }

  /** Queues the pages as classify jobs and waits until each job completed. */
  async function classifyAll(daemon: Daemon, jobs: Post[][], finished: () => number): Promise<void> {
    await daemon.queues.classify.addBulk(jobs.map((page, i) => ({ name: 'page', data: { sourceId: 'replay', posts: page, enqueuedAt: Date.now() }, opts: { jobId: `page-${i}` } })));
    const until = Date.now() + 120_000;
    while (finished() < jobs.length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(finished()).toBe(jobs.length);
  }

  /**
   * Windows and evidence must be equal; post keys too, but which of them hold a whole record
   * depends on the order pages were counted in (a record is written for a post that is evidence
   * when its page is counted): records present on both sides must be equal.
   */
  function expectSameWindows(a: Record<string, unknown>, b: Record<string, unknown>): void {
    const isPost = (k: string) => k.startsWith(':post:');
    const windows = (x: Record<string, unknown>) => Object.fromEntries(Object.entries(x).filter(([k]) => !isPost(k)));
    expect(windows(a)).toEqual(windows(b));
    expect(Object.keys(a).filter(isPost).sort()).toEqual(Object.keys(b).filter(isPost).sort());
    let compared = 0;
    for (const [k, v] of Object.entries(a)) {
      if (!isPost(k) || v === '1' || b[k] === '1') continue;
      expect(JSON.parse(v as string)).toEqual(JSON.parse(b[k] as string));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(10);
  }

  /** Every window key under a prefix with its content, the prefix cut off. */
  async function contents(prefix: string): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of found) {
        const name = key.slice(prefix.length);
        if (name.startsWith(':win:m:') || name.startsWith(':win:h:')) out[name] = await redis.hgetall(key);
        else if (name.startsWith(':win:top:')) out[name] = await redis.zrange(key, 0, -1, 'WITHSCORES');
        else if (name.startsWith(':post:') || name.startsWith(':win:latest:') || name.startsWith(':win:first:')) out[name] = await redis.get(key);
      }
    } while (cursor !== '0');
    return out;
  }

  it('resolves auto to one thread per core beyond the first', () => {
    expect(resolveClassifyThreads('auto', 1)).toBe(0);
    expect(resolveClassifyThreads('auto', 2)).toBe(1);
    expect(resolveClassifyThreads('auto', 8)).toBe(7);
    expect(resolveClassifyThreads(3, 8)).toBe(3);
  });

  it('counts each post once across threads and jobs, with the windows in-process classification leaves', async () => {
    // Every post in two jobs (pages of 100, then pages of 150 over the same posts), so both
    // threads race to count the same posts.
    const jobs = [...pages(posts, 100), ...pages(posts, 150)];
    let finished = 0;
    let failed = 0;
    let counted = 0;
    const threaded = uniquePrefix('classify-threads');
    const daemon = classifyDaemon(threaded, 2, (job, error) => {
      if (error) failed += 1;
      else {
        finished += 1;
        counted += (job.returnvalue as { fresh: number }).fresh;
      }
    });
    await daemon.start();
    expect(daemon.workerStates()).toEqual([
      { role: 'classify', running: true },
      { role: 'classify', running: true },
    ]);
    try {
      await classifyAll(daemon, jobs, () => finished);
    } finally {
      await daemon.close();
    }
    expect(failed).toBe(0);

    // The same posts classified in this thread and counted once each.
    const chain = buildClassifierChain({ brands: daemon.currentConfig.brands, languages: daemon.currentConfig.languages });
    const scored = posts.map((p) => chain.classify(p));
    const inProcess = uniquePrefix('classify-in-process');
    prefixes.push(inProcess);
    let expected = 0;
    for (const page of pages(scored, 100)) expected += (await applyBatch(redis, inProcess, page)).fresh;

    expect(counted).toBe(expected);
    expect(expected).toBe(scored.filter((p) => p.brands.length > 0).length);
    const a = await contents(threaded);
    expect(Object.keys(a).length).toBeGreaterThan(100);
    expectSameWindows(a, await contents(inProcess));
  }, 180_000);

  it('scores exactly as classification in the main thread does', async () => {
    const jobs = pages(posts.slice(0, 600), 100);
    const run = async (threads: number) => {
      let finished = 0;
      const prefix = uniquePrefix(`classify-${threads}-threads`);
      const daemon = classifyDaemon(prefix, threads, (_job, error) => void (error || (finished += 1)));
      await daemon.start();
      try {
        await classifyAll(daemon, jobs, () => finished);
      } finally {
        await daemon.close();
      }
      return contents(prefix);
    };
    const [main, threaded] = [await run(0), await run(1)];
    expect(Object.keys(main).length).toBeGreaterThan(50);
    expectSameWindows(threaded, main);
  }, 180_000);

  it('adopts threads started ahead of the configuration (languages prepared), ends the spare ones, and scores as the main thread does', async () => {
    const jobs = pages(posts.slice(0, 300), 100);
    prestartClassifyThreads(2);
    expect(waitingPrestartedThreads()).toBe(2);
    // Told fewer languages than the configuration's: the chain builds the one missing (cmn).
    prepareClassifyThreads(['eng', 'fra']);
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', pretty: false, destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
    let finished = 0;
    const prefix = uniquePrefix('classify-prestarted');
    const daemon = classifyDaemon(prefix, 1, (_job, error) => void (error || (finished += 1)), log);
    await daemon.start();
    // One adopted (its settings came by message), the other ended: none left waiting.
    expect(waitingPrestartedThreads()).toBe(0);
    const ready = lines.map((l) => JSON.parse(l) as { msg: string; prestarted?: boolean }).filter((l) => l.msg === 'classify thread ready');
    expect(ready.map((l) => l.prestarted)).toEqual([true]);
    try {
      await classifyAll(daemon, jobs, () => finished);
    } finally {
      await daemon.close();
    }
    const inProcess = uniquePrefix('classify-prestarted-main');
    const main = classifyDaemon(inProcess, 0, (_job, error) => void (error || (finished += 1)));
    finished = 0;
    // A configuration without classify threads ends the ones started ahead.
    prestartClassifyThreads(1);
    await main.start();
    expect(waitingPrestartedThreads()).toBe(0);
    try {
      await classifyAll(main, jobs, () => finished);
    } finally {
      await main.close();
    }
    expectSameWindows(await contents(prefix), await contents(inProcess));
  }, 180_000);

  it('on close, lets the threads finish their jobs and end, and loses no job', async () => {
    const jobs = pages(posts, 50);
    let finished = 0;
    const prefix = uniquePrefix('classify-threads-close');
    const daemon = classifyDaemon(prefix, 2, (_job, error) => void (error || (finished += 1)));
    await daemon.start();
    await daemon.queues.classify.addBulk(jobs.map((page, i) => ({ name: 'page', data: { sourceId: 'replay', posts: page, enqueuedAt: Date.now() }, opts: { jobId: `page-${i}` } })));
    while (finished === 0) await new Promise((r) => setTimeout(r, 10));
    await daemon.close();
    expect(daemon.workerStates().every((s) => !s.running)).toBe(true);

    // Nothing left active or failed: what was not done waits for the next process.
    const queue = new Queue('classify', { connection: redis, prefix });
    const counts = await queue.getJobCounts('active', 'failed', 'waiting');
    await queue.close();
    expect(counts.active).toBe(0);
    expect(counts.failed).toBe(0);
    expect(finished + (counts.waiting ?? 0)).toBe(jobs.length);

    let rest = 0;
    const next = classifyDaemon(prefix, 1, (_job, error) => void (error || (rest += 1)));
    await next.start();
    try {
      const until = Date.now() + 120_000;
      while (finished + rest < jobs.length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await next.close();
    }
    expect(finished + rest).toBe(jobs.length);
  }, 180_000);

  it('on a forced stop (Redis gone past the timeout), ends its threads before close resolves', async () => {
    const gone = await startPrivateRedis();
    try {
      const daemon = classifyDaemon(uniquePrefix('classify-threads-forced'), 2, () => undefined, silentLogger, gone.url);
      await daemon.start();
      expect(daemon.liveClassifyThreads()).toBe(2);
      await gone.stop('SIGKILL');
      // Each thread's own close now waits on Redis; a forced stop must not leave them running.
      await daemon.close(300);
      expect(daemon.stoppedByForce).toBe(true);
      expect(daemon.liveClassifyThreads()).toBe(0);
    } finally {
      await gone.close();
    }
  });
});
