import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisStateLog } from '../../src/queues/redis-state.js';
import { memoryLog } from '../ops/support/memory-log.js';
import { freePort } from '../helpers/ports.js';
import { testRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The daemon's one account of whether Redis is reachable (src/queues/redis-state.ts): its ticks
 * are skipped and ingest answers 503 while it says Redis is away, so it must not say so for good.
 */
describe('RedisStateLog', () => {
  const open: Redis[] = [];
  const states: RedisStateLog[] = [];
  afterEach(() => {
    for (const s of states.splice(0)) s.close();
    for (const c of open.splice(0)) c.disconnect();
  });

  it('ends an outage that a connection nobody watches reported after every watched one was back', async () => {
    const { log, lines } = memoryLog();
    const redis = testRedis();
    open.push(redis);
    const state = new RedisStateLog(log, { probe: () => redis.ping(), probeEveryMs: 20 });
    states.push(state);
    state.watch(redis);
    await redis.ping();
    // As a BullMQ worker reports it: the error of its blocking duplicate, whose `ready` nobody hears.
    expect(state.error(new Error('connect ECONNREFUSED 127.0.0.1:6379'))).toBe(true);
    expect(state.unreachable).toBe(true);
    await waitFor(() => !state.unreachable, 'the probe to find Redis answering', 5_000);
    expect(lines().map((l) => l.msg)).toEqual(['redis unreachable: retrying (jobs wait, nothing Redis accepted is lost)', 'redis reachable again']);
  });

  it('ends only the outage a probe was sent in: a late answer leaves the next outage open', async () => {
    const { log, lines } = memoryLog();
    const redis = testRedis();
    open.push(redis);
    const answers: (() => void)[] = [];
    const state = new RedisStateLog(log, { probeEveryMs: 10, probe: () => new Promise<void>((resolve) => answers.push(resolve)) });
    states.push(state);
    state.watch(redis);
    await redis.ping();
    const refused = () => new Error('connect ECONNREFUSED 127.0.0.1:6379');
    state.error(refused());
    await waitFor(() => answers.length === 1, "the first outage's probe", 5_000);
    // The first outage ends through a watched connection while its probe is still out...
    redis.emit('ready');
    expect(state.unreachable).toBe(false);
    // ...a second one begins, and only then does the first probe's answer come back.
    state.error(refused());
    answers[0]?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(state.unreachable).toBe(true);
    // The second outage's own probe ends it.
    await waitFor(() => answers.length === 2, "the second outage's probe", 5_000);
    answers[1]?.();
    await waitFor(() => !state.unreachable, 'the second probe to end the second outage', 5_000);
    const down = 'redis unreachable: retrying (jobs wait, nothing Redis accepted is lost)';
    expect(lines().map((l) => l.msg)).toEqual([down, 'redis reachable again', down, 'redis reachable again']);
  });

  it('keeps Redis taken as away while the probe finds nothing answering', async () => {
    const { log, lines } = memoryLog();
    const nowhere = new Redis(`redis://127.0.0.1:${await freePort()}`, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    nowhere.on('error', () => {});
    open.push(nowhere);
    let probes = 0;
    const state = new RedisStateLog(log, {
      probeEveryMs: 10,
      probe: () => {
        probes += 1;
        return nowhere.ping();
      },
    });
    states.push(state);
    state.error(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    await waitFor(() => probes >= 5, 'five probes', 5_000);
    expect(state.unreachable).toBe(true);
    expect(lines().map((l) => l.msg)).toEqual(['redis unreachable: retrying (jobs wait, nothing Redis accepted is lost)']);
  });

  it('takes an error Redis answered with for what it is, not for an outage', () => {
    const { log } = memoryLog();
    const state = new RedisStateLog(log, { probe: () => Promise.resolve(), probeEveryMs: 10 });
    states.push(state);
    expect(state.error(new Error("ERR wrong number of arguments for 'hget' command"))).toBe(false);
    expect(state.unreachable).toBe(false);
  });
});
