import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { Intake, type HandOn, type IntakeOrigin } from '../../src/intake/intake.js';
import { silentLogger } from '../../src/log.js';
import { classifyPages } from '../../src/queues/classify-pages.js';
import type { ClassifyJob } from '../../src/queues/jobs.js';
import type { Post } from '../../src/types.js';
import { post as makePost } from '../helpers/posts.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const T0 = Date.parse('2026-04-14T08:00:00Z');
const DAY = 86_400_000;

/** A post with a chosen id, published a minute before T0 unless told. */
function post(id: string, over: Partial<Post> = {}): Post {
  return makePost(`post ${id}`, T0 - 60_000, { id, ...over });
}

/**
 * The one intake, against real Redis and a real BullMQ classify queue: what the collectors and
 * `POST /api/posts` share (dedupe, date check, paging, seen-marks).
 */
describe('the intake', () => {
  const redis = testRedis();
  let prefix: string;
  let queue: Queue<ClassifyJob>;
  let clock: ManualClock;

  beforeEach(() => {
    prefix = uniquePrefix('intake');
    queue = new Queue<ClassifyJob>('classify', { connection: redis, prefix });
    clock = new ManualClock(T0);
  });
  afterEach(async () => {
    await queue.close();
    await cleanPrefix(redis, prefix);
  });
  afterAll(() => redis.disconnect());

  const intake = (handOn: HandOn = classifyPages(queue, 500)) => new Intake({ redis, prefix, clock, log: silentLogger, retentionMs: DAY, handOn });
  /** A collector: its own seen-set, and posts also known by their URL. */
  const blog = (): IntakeOrigin => ({ id: 'blog', dedupeKeys: (p) => [p.url], seen: { key: `${prefix}:blog-seen`, cap: 100 } });
  const ingest: IntakeOrigin = { id: 'ingest' };
  /** Post ids in the classify queue, page by page, in the order queued. */
  const queued = async () => (await queue.getJobs(['waiting'], 0, -1, true)).map((j) => ({ source: j.data.sourceId, ids: j.data.posts.map((p) => p.id) }));

  it('drops a post once seen, whether the collector or the API brought it first', async () => {
    const collector = blog();
    expect(await intake().take(collector, [post('a'), post('b', { url: 'https://blog.example/b' })])).toEqual({ accepted: 2, duplicates: 0, dropped: 0, jobs: 1 });
    // The API sends a, and c twice in one batch: a is a duplicate, and so is the second c.
    expect(await intake().take(ingest, [post('a'), post('c'), post('c')], { now: clock.now() })).toEqual({ accepted: 1, duplicates: 2, dropped: 0, jobs: 1 });
    // The collector meets c (sent through the API) and b again under another id but the same URL.
    expect(await intake().take(collector, [post('c'), post('b2', { url: 'https://blog.example/b' }), post('d')])).toEqual({ accepted: 1, duplicates: 2, dropped: 0, jobs: 1 });

    expect(await queued()).toEqual([
      { source: 'blog', ids: ['a', 'b'] },
      { source: 'ingest', ids: ['c'] },
      { source: 'blog', ids: ['d'] },
    ]);
    // The collector's own seen-set holds every post it was offered, duplicates too (adapters stop paging at them).
    expect((await redis.zrange(`${prefix}:blog-seen`, 0, -1)).sort()).toEqual(['a', 'b', 'b2', 'c', 'd']);
  });

  it('counts posts dropped for their date apart from duplicates, and remembers them', async () => {
    const tooOld = post('old', { publishedAt: new Date(T0 - 2 * DAY).toISOString() });
    const noDate = post('nodate', { publishedAt: 'yesterday' });
    const ahead = post('ahead', { publishedAt: new Date(T0 + 3_600_000).toISOString() });
    expect(await intake().take(blog(), [tooOld, noDate, ahead, post('fine')])).toEqual({ accepted: 2, duplicates: 0, dropped: 2, jobs: 1 });
    const [page] = await queue.getJobs(['waiting']);
    // A post dated ahead of the clock is kept, counted as published now.
    expect(page?.data.posts.map((p) => [p.id, p.publishedAt])).toEqual([
      ['ahead', new Date(T0).toISOString()],
      ['fine', new Date(T0 - 60_000).toISOString()],
    ]);
    // Dropped posts are marked seen: the next poll counts them as duplicates, not as dropped again.
    clock.advanceBy(60_000);
    expect(await intake().take(blog(), [tooOld, noDate])).toEqual({ accepted: 0, duplicates: 2, dropped: 0, jobs: 0 });
  });

  it('pages a large batch into jobs of at most the page size, named by their posts', async () => {
    const posts = Array.from({ length: 7 }, (_, i) => post(`p${i}`));
    expect(await intake(classifyPages(queue, 3)).take(ingest, posts)).toEqual({ accepted: 7, duplicates: 0, dropped: 0, jobs: 3 });
    expect((await queued()).map((q) => q.ids)).toEqual([
      ['p0', 'p1', 'p2'],
      ['p3', 'p4', 'p5'],
      ['p6'],
    ]);
    // The same pages handed on again (a crash before the seen-marks) are the same jobs, not new ones.
    expect(await classifyPages(queue, 3)('ingest', posts)).toBe(3);
    expect(await queue.getJobCountByTypes('waiting')).toBe(3);
  });

  it('marks nothing seen when the hand-on fails: the retried batch is taken, not counted as duplicates', async () => {
    const failing = intake(async () => Promise.reject(new Error('queue down')));
    await expect(failing.take(ingest, [post('x')])).rejects.toThrow('queue down');
    expect(await intake().take(ingest, [post('x')])).toEqual({ accepted: 1, duplicates: 0, dropped: 0, jobs: 1 });
  });

  it('writes the caller\'s own records in the same MULTI as the seen-marks, with the counts', async () => {
    const recorded: unknown[] = [];
    await intake().take(blog(), [post('a'), post('a')], {
      alongside(tx, counts, at) {
        recorded.push({ counts, at });
        tx.set(`${prefix}:cursor`, 'next');
      },
    });
    expect(recorded).toEqual([{ counts: { accepted: 1, duplicates: 1, dropped: 0, jobs: 1 }, at: T0 }]);
    expect(await redis.get(`${prefix}:cursor`)).toBe('next');
  });
});
