import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { WindowReader } from '../../src/alerts/windows.js';
import { silentLogger } from '../../src/log.js';
import { runReplay } from '../../src/replay.js';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { testConfig } from '../helpers/config.js';
import { writeSmallScenario } from '../helpers/scenario.js';

/**
 * Every key Vigie writes is bounded: it expires, or it is trimmed each time it is written, or there
 * is one per configured thing (brand, source, queue). Anything else grows with traffic until Redis
 * runs out of memory (the ingest dedupe set once reached 781k entries and 97 MB).
 */
const BOUNDED_WITHOUT_TTL: [RegExp, string][] = [
  [/:win:(latest|first):[^:]+$/, 'one per brand'],
  [/:source:[^:]+:(cursor|health|seen)$/, 'one per source; the seen-set is trimmed to its cap at each write'],
  [/:incidents$/, 'index of incidents: expired ones are removed from it when listed'],
  [/:incidents:open$/, 'ids of incidents not resolved: removed at resolution'],
  [/:incidents:open:digest$/, 'digests of incidents not resolved: removed at resolution'],
  [/:incident:open:[^:]+$/, 'one per open fingerprint: removed at resolution'],
  [/:silences$/, 'silences: expired ones are removed when read'],
  [/:replay:progress$|:replay:[^:]+$/, 'one per replay'],
  // BullMQ's own keys: jobs are removed by the queues' removeOnComplete/removeOnFail ages, the
  // event streams are capped (maxLenEvents), the rest is one key per queue.
  [/:(collect|classify|evaluate|notify):/, "BullMQ: bounded by each queue's job retention and capped event stream"],
];

describe('bounded Redis structures', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = uniquePrefix('bounded');
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bounded-'));
  afterAll(async () => {
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('after a replay (with odd dates in it), every key expires, is trimmed, or is one per configured thing', async () => {
    const scenario = writeSmallScenario();
    // Odd dates: one post dated year 1 at the head, an impossible date, one in year 9999 at the end.
    const lines = readFileSync(scenario.file, 'utf8').trim().split('\n');
    const odd = (id: string, publishedAt: string) =>
      JSON.stringify({ id: `replay:${id}`, platform: 'replay', text: 'Balenciaga boycott! 抵制巴黎世家', author: { id: 'x', name: 'x' }, publishedAt });
    const file = join(dir, 'odd.jsonl');
    writeFileSync(file, `${[odd('ancient', '0001-01-01T00:00:00Z'), ...lines.slice(0, 40), odd('feb30', '2026-02-30T10:00:00Z'), ...lines.slice(40)].join('\n')}\n`);
    appendFileSync(file, `${odd('far-future', '9999-01-01T00:00:00Z')}\n`);

    const config = testConfig({ prefix, alertsFile: join(dir, 'alerts.jsonl') });
    const result = await runReplay({ config, file, speed: Infinity, prefix, log: silentLogger });
    expect(result.posts).toBe(scenario.posts.length);
    // The brand's history starts with the real posts, not in year 1.
    const first = await new WindowReader(redis, prefix).firstSeen('balenciaga');
    expect(first).toBeGreaterThanOrEqual(Date.parse(scenario.posts[0]?.publishedAt ?? ''));

    const unbounded: string[] = [];
    const seen: Record<string, number> = {};
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of found) {
        const ttl = await redis.pttl(key);
        if (ttl > 0) {
          seen.ttl = (seen.ttl ?? 0) + 1;
          continue;
        }
        const rule = BOUNDED_WITHOUT_TTL.find(([re]) => re.test(key.slice(prefix.length)));
        if (rule) seen[rule[1]] = (seen[rule[1]] ?? 0) + 1;
        else unbounded.push(`${key} (${await redis.type(key)})`);
      }
    } while (cursor !== '0');
    expect(unbounded).toEqual([]);
    expect(seen.ttl).toBeGreaterThan(0);
    // Jobs done are not kept: classify and evaluate remove them, notify and collect keep them a day.
    const classifyDone = await redis.zcard(`${prefix}:classify:completed`);
    expect(classifyDone).toBe(0);
  }, 120_000);
});
