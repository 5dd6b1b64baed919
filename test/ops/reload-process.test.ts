import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WindowReader } from '../../src/alerts/windows.js';
import { configYaml } from '../helpers/config.js';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { startFeedServer, type FeedItem, type FeedServer } from './support/feed-server.js';
import { killLeftovers, spawnVigie, type LogLine } from './support/vigie.js';
import { waitFor } from '../helpers/wait.js';

/** `vigie start` and `vigie worker` as real processes: SIGHUP, an edited file, a broken file. */

const EVERY_SECOND = '* * * * * *';

function items(brand: string, n: number, tag: string): FeedItem[] {
  return Array.from({ length: n }, (_, i) => ({ guid: `${tag}-${i}`, title: `${brand} note ${i}`, text: `${brand} opened a new shop, story ${tag} ${i}` }));
}

describe('reloading a running vigie', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = uniquePrefix('reload-process');
  const dir = mkdtempSync(join(tmpdir(), 'vigie-reload-process-'));
  const file = join(dir, 'vigie.yaml');
  let feeds: FeedServer;

  const config = (o: { feedB?: boolean; northwind?: boolean; route?: string } = {}) => {
    const feed = (name: string) => ({ type: 'feed', schedule: EVERY_SECOND, urls: [feeds.feedUrl(name)], retries: 0 });
    return configYaml({
      prefix,
      alertsFile: join(dir, 'alerts.jsonl'),
      http: { enabled: false },
      brands: { aurore: { names: ['Maison Aurore', 'Aurore'] }, ...(o.northwind ? { northwind: { names: ['Northwind'] } } : {}) },
      sources: { 'feed-a': feed('a'), ...(o.feedB ? { 'feed-b': feed('b') } : {}) },
      rules: null,
      routes: [{ channels: [o.route ?? 'file'] }],
      alerting: null,
    });
  };

  beforeAll(async () => {
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await killLeftovers();
    await feeds.close();
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  const posts = async (brand: string) => (await new WindowReader(redis, prefix).sum(brand, Date.now() - 3_600_000, Date.now() + 60_000)).posts ?? 0;
  const reloads = (logs: LogLine[], trigger: string) => logs.filter((l) => l.msg.startsWith('configuration reloaded') && l.trigger === trigger);

  it('vigie start takes an edited file, refuses a broken one, and reloads on SIGHUP', async () => {
    writeFileSync(file, config());
    feeds.add('a', [...items('Aurore', 5, 'a1'), ...items('Northwind', 5, 'a1n')]);
    const vigie = spawnVigie(['start', '--config', file]);
    await vigie.waitForLog((l) => l.msg === 'vigie is watching', 'the daemon to start');
    await waitFor(async () => (await posts('aurore')) === 5, 'the first aurore posts');
    expect(await posts('northwind')).toBe(0);

    // An edit of the file: a new brand and a new source, picked up by the folder watch.
    writeFileSync(file, config({ feedB: true, northwind: true }));
    const applied = await vigie.waitForLog((l) => reloads([l], 'file change').length > 0, 'the file change to be reloaded');
    expect(applied).toMatchObject({ added: ['brands.northwind', 'sources.feed-b'] });
    feeds.add('b', items('Northwind', 7, 'b1'));
    await waitFor(async () => (await posts('northwind')) === 7, 'feed-b posts about the new brand');
    const polledA = feeds.hits('/feed/a');

    // A broken file: refused with the path and line of the problem; the running config goes on.
    writeFileSync(file, config({ feedB: true, northwind: true, route: 'pager' }));
    const refused = await vigie.waitForLog((l) => l.msg.startsWith('configuration refused'), 'the broken file to be refused');
    expect(refused.level).toBe(50);
    expect(refused.problems).toEqual([expect.stringMatching(/^line \d+: routes\.0\.channels\.0: unknown channel "pager"/)]);
    const polledB = feeds.hits('/feed/b');
    feeds.add('b', items('Northwind', 3, 'b2'));
    await waitFor(async () => (await posts('northwind')) === 10 && feeds.hits('/feed/a') > polledA && feeds.hits('/feed/b') > polledB, 'both sources still collected');

    // SIGHUP right after an edit: the signal applies it, the watch then finds nothing new.
    writeFileSync(file, config({ northwind: true }));
    process.kill(vigie.pid, 'SIGHUP');
    const hup = await vigie.waitForLog((l) => reloads([l], 'SIGHUP').length > 0, 'the SIGHUP reload');
    expect(hup).toMatchObject({ removed: ['sources.feed-b'] });
    await new Promise((r) => setTimeout(r, 1500));
    const stopped = feeds.hits('/feed/b');
    await new Promise((r) => setTimeout(r, 1500));
    expect(feeds.hits('/feed/b')).toBe(stopped); // its cron task is gone
    expect(reloads(vigie.logs(), 'file change')).toHaveLength(1);

    // Every post collected once through all of it.
    expect(await posts('aurore')).toBe(5);
    expect(await posts('northwind')).toBe(10);
    expect(await vigie.stop()).toEqual({ code: 0, signal: null });
    expect(vigie.logs().filter((l) => l.level >= 50 && !l.msg.startsWith('configuration refused'))).toEqual([]);
  });

  it('vigie worker reloads on SIGHUP too', async () => {
    writeFileSync(file, config());
    const worker = spawnVigie(['worker', '--role', 'classify', '--config', file]);
    await worker.waitForLog((l) => l.msg === 'vigie workers running', 'the worker to start');
    writeFileSync(file, config({ northwind: true }));
    process.kill(worker.pid, 'SIGHUP');
    const hup = await worker.waitForLog((l) => l.msg.startsWith('configuration reloaded') && l.trigger === 'SIGHUP', 'the SIGHUP reload');
    expect(hup).toMatchObject({ added: ['brands.northwind'] });
    expect(await worker.stop()).toEqual({ code: 0, signal: null });
  });
});
