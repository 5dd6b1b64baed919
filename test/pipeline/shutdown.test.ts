import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { WindowReader } from '../../src/alerts/windows.js';
import type { ClassifyJob } from '../../src/queues/jobs.js';
import type { Post } from '../../src/types.js';
import { post } from '../helpers/posts.js';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { writeTestConfig } from '../helpers/config.js';

const JOBS = 40;
const PER_JOB = 400;
const T0 = Date.parse('2026-04-14T08:00:00Z');

function page(j: number): Post[] {
  return Array.from({ length: PER_JOB }, (_, i) =>
    post(`Balenciaga queue story number ${i}, staff were rude and it was a disgrace`, T0 + (j * PER_JOB + i) * 50, { id: `twitter:${j}-${i}` }),
  );
}

function startWorker(configFile: string): ChildProcess {
  return spawn(process.execPath, ['dist/cli.js', 'worker', '--role', 'classify', '--config', configFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('graceful shutdown', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = uniquePrefix('shutdown');
  const dir = mkdtempSync(join(tmpdir(), 'vigie-shutdown-'));
  const configFile = writeTestConfig({ prefix, alertsFile: join(dir, 'alerts.jsonl'), workers: { classify: 2 } }, dir);
  const queue = new Queue<ClassifyJob>('classify', { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix });

  afterAll(async () => {
    await queue.close();
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('finishes the jobs in flight on SIGTERM and loses none', async () => {
    await queue.addBulk(Array.from({ length: JOBS }, (_, j) => ({ name: 'page', data: { sourceId: 'test', posts: page(j), enqueuedAt: Date.now() } })));
    const first = startWorker(configFile);
    let stderr = '';
    first.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitFor(async () => ((await queue.getJobCounts('completed')).completed ?? 0) >= 2, 'the first jobs to complete', 60_000);
    first.kill('SIGTERM');
    expect(await exited(first), stderr).toBe(0);

    const { completed = 0, waiting = 0, active, failed } = await queue.getJobCounts('completed', 'waiting', 'active', 'failed');
    expect(active).toBe(0);
    expect(failed).toBe(0);
    expect(completed).toBeLessThan(JOBS);
    expect(completed + waiting).toBe(JOBS);

    const second = startWorker(configFile);
    await waitFor(async () => (await queue.getJobCounts('completed')).completed === JOBS, 'every job to complete', 60_000);
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);

    const totals = await new WindowReader(redis, prefix).sum('balenciaga', T0 - 60_000, T0 + 24 * 3_600_000);
    expect(totals.posts).toBe(JOBS * PER_JOB);
  });
});
