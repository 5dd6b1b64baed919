import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { WindowReader } from '../../src/alerts/windows.js';
import { ManualClock } from '../../src/clock.js';
import { parseConfig } from '../../src/configure.js';
import { Daemon } from '../../src/daemon.js';
import type { ClassifyJob } from '../../src/queues/jobs.js';
import { ConfigReloader, diffConfig } from '../../src/reload.js';
import type { Post } from '../../src/types.js';
import { post } from '../helpers/posts.js';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { memoryLog } from './support/memory-log.js';
import { waitFor } from '../helpers/wait.js';

const T0 = Date.parse('2026-04-14T08:00:00Z');
const JOBS = 30;
const PER_JOB = 200;

/** A config file in the shape ops write; `extra` is appended as is. */
function configText(prefix: string, opts: { northwind?: boolean; extra?: string } = {}): string {
  return `
redis:
  url: ${REDIS_URL}
  prefix: ${prefix}
brands:
  aurore:
    names: [Maison Aurore, Aurore]
${opts.northwind ? '  northwind:\n    names: [Northwind]\n' : ''}workers:
  classify: 1
${opts.extra ?? ''}`;
}

function page(j: number): Post[] {
  return Array.from({ length: PER_JOB }, (_, i) => {
    const brand = i % 2 === 0 ? 'Aurore' : 'Northwind';
    return post(`${brand} delivered my order late again, number ${j}-${i}`, T0 + (j * PER_JOB + i) * 100, { id: `twitter:${j}-${i}` });
  });
}

describe('hot reload in a running daemon', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = uniquePrefix('reload');
  const dir = mkdtempSync(join(tmpdir(), 'vigie-reload-'));
  const file = join(dir, 'vigie.yaml');
  const mem = memoryLog();
  writeFileSync(file, configText(prefix));
  const daemon = new Daemon({ config: parseConfig(configText(prefix), file), roles: ['classify'], clock: new ManualClock(T0), log: mem.log });
  const queue = new Queue<ClassifyJob>('classify', { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix });
  const reloader = new ConfigReloader({ file, current: daemon.currentConfig, target: daemon, log: mem.log, env: {}, sighup: false, debounceMs: 100 });

  afterAll(async () => {
    await reloader.close();
    await daemon.close();
    await queue.close();
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('swaps brands while jobs run, and every queued job is counted once', async () => {
    await queue.addBulk(Array.from({ length: JOBS }, (_, j) => ({ name: 'page', data: { sourceId: 'test', posts: page(j), enqueuedAt: Date.now() } })));
    await daemon.start();
    await waitFor(async () => ((await queue.getJobCounts('completed')).completed ?? 0) >= 3, 'the first jobs');

    writeFileSync(file, configText(prefix, { northwind: true }));
    const outcome = await reloader.reload();
    expect(outcome).toMatchObject({ status: 'applied', changes: { added: ['brands.northwind'] }, restartNeeded: [] });
    expect(daemon.currentConfig.brands.map((b) => b.id)).toEqual(['aurore', 'northwind']);

    await waitFor(async () => ((await queue.getJobCounts('completed')).completed ?? 0) === JOBS, 'every job', 60_000);
    expect(await queue.getJobCounts('failed', 'waiting', 'active')).toMatchObject({ failed: 0, waiting: 0, active: 0 });
    const windows = new WindowReader(redis, prefix);
    const to = T0 + JOBS * PER_JOB * 100 + 60_000;
    // Aurore was watched all along: every one of its posts, once.
    expect((await windows.sum('aurore', T0, to)).posts).toBe((JOBS * PER_JOB) / 2);
    // Northwind was added mid-run: the jobs scored after the reload count it, the earlier ones could not.
    const northwind = (await windows.sum('northwind', T0, to)).posts ?? 0;
    expect(northwind).toBeGreaterThan(0);
    expect(northwind).toBeLessThan((JOBS * PER_JOB) / 2);
    expect(northwind % (PER_JOB / 2)).toBe(0); // whole jobs: a job in flight kept the chain it started with
  });

  it('refuses a file that does not load, all or nothing, and keeps the running configuration', async () => {
    const before = daemon.currentConfig;
    // Parses, but a plug-in cannot be built (no token in the environment): nothing of it is applied.
    writeFileSync(
      file,
      configText(prefix, { northwind: true, extra: 'sources:\n  tw:\n    type: twitter\n' }).replace('brands:\n', 'brands:\n  kestrel:\n    names: [Kestrel]\n'),
    );
    const unbuildable = await reloader.reload();
    expect(unbuildable.status).toBe('refused');
    expect(unbuildable.status === 'refused' && unbuildable.problems.join('\n')).toMatch(/sources\.tw.*TWITTER_BEARER_TOKEN/);
    expect(daemon.currentConfig).toBe(before);

    writeFileSync(file, configText(prefix, { northwind: true }).replace('names: [Northwind]', 'names: Northwind: [x]'));
    const broken = await reloader.reload();
    expect(broken.status).toBe('refused');
    expect(broken.status === 'refused' && broken.problems[0]).toMatch(/^line \d+: .*YAML syntax/);

    writeFileSync(file, configText(prefix, { northwind: true }).replace('classify: 1', 'classify: 0'));
    const invalid = await reloader.reload();
    expect(invalid.status === 'refused' && invalid.problems).toEqual([expect.stringMatching(/^line \d+: workers\.classify: /)]);
    expect(daemon.currentConfig).toBe(before);

    const refusals = mem.lines().filter((l) => l.msg.startsWith('configuration refused'));
    expect(refusals).toHaveLength(3);
    expect(refusals.every((l) => l.level === 50 && Array.isArray(l.problems))).toBe(true);
  });

  it('applies the rest of a file whose read-at-start settings changed, and says those wait for a restart', async () => {
    writeFileSync(file, configText(prefix, { northwind: true }).replace('classify: 1', 'classify: 1\n  hourCacheBrands: 5'));
    const outcome = await reloader.reload();
    expect(outcome).toMatchObject({ status: 'applied', restartNeeded: ['workers.hourCacheBrands'] });
    const warning = mem.lines().find((l) => l.msg.startsWith('workers.hourCacheBrands changed'));
    expect(warning?.msg).toBe('workers.hourCacheBrands changed: kept as they were until the next restart');
    expect(warning?.level).toBe(40);
  });

  it('reloads when an editor replaces the file, once per change, and ignores a rewrite of the same bytes', async () => {
    reloader.start();
    const replace = (text: string) => {
      const tmp = join(dir, '.vigie.yaml.swp');
      writeFileSync(tmp, text);
      renameSync(tmp, file);
    };
    const reloaded = () => mem.lines().filter((l) => l.msg.startsWith('configuration reloaded') && l.trigger === 'file change');
    replace(configText(prefix, { northwind: true }).replace('brands:\n', 'brands:\n  kestrel:\n    names: [Kestrel]\n'));
    await waitFor(() => daemon.currentConfig.brands.some((b) => b.id === 'kestrel'), 'the watched file to be reloaded', 10_000);
    expect(reloaded()).toHaveLength(1);

    // The same bytes again (a `touch`, a save without edits): nothing to do, nothing logged.
    replace(configText(prefix, { northwind: true }).replace('brands:\n', 'brands:\n  kestrel:\n    names: [Kestrel]\n'));
    writeFileSync(join(dir, 'unrelated.txt'), 'another file in the folder');
    await new Promise((r) => setTimeout(r, 400));
    expect(reloaded()).toHaveLength(1);
  });

  it('describes what changed, ignoring line numbers', () => {
    const a = parseConfig(configText(prefix), 'a.yaml');
    const b = parseConfig(`\n\n${configText(prefix)}`, 'a.yaml');
    expect(diffConfig(a, b)).toBeUndefined();
    const c = parseConfig(configText(prefix, { northwind: true, extra: 'http:\n  port: 9999\n' }), 'a.yaml');
    expect(diffConfig(a, c)).toEqual({ added: ['brands.northwind'], removed: [], changed: ['http'] });
  });
});
