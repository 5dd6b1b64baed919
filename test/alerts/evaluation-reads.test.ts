import { afterAll, describe, expect, it } from 'vitest';
import { IncidentStore } from '../../src/alerts/incident-store.js';
import { IncidentManager } from '../../src/alerts/incidents.js';
import { ruleRegistry } from '../../src/alerts/rules/registry.js';
import type { Rule } from '../../src/alerts/rules/rule.js';
import { SilenceStore } from '../../src/alerts/silences.js';
import { applyBatch, WindowReader } from '../../src/alerts/windows.js';
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import { MINUTE } from '../../src/clock.js';
import { parseConfig } from '../../src/configure.js';
import { silentLogger } from '../../src/log.js';
import { evaluateStage } from '../../src/queues/stages/evaluate.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const redis = testRedis();
const prefix = uniquePrefix('evaluation-reads');
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

const CONFIG = `
brands:
  lune:
    names: [Lune, 月亮时装]
rules:
  negative-surge: { type: threshold, metric: neg, window: 15m, above: 2, severity: warning }
routes:
  - channels: [file]
channels:
  file: { type: jsonl, path: /tmp/vigie-evaluation-reads-unused.jsonl }
alerting: { groupWait: 0s }
`;

const T0 = Date.parse('2026-03-02T10:00:00Z');

/**
 * An incident's languages, platforms and terms are the window's totals: the rule that fired has
 * just read them, in the evaluation's reader. The incident takes them from there, so they are the
 * totals the rule counted, and Redis adds the window's buckets up once per evaluation, not once
 * more per firing (SUM_BUCKETS is the costliest read of an evaluation).
 */
describe('an evaluation whose rule fires', () => {
  it('sums the window once, for the rule and the incident it opens', async () => {
    const config = parseConfig(CONFIG, 'evaluation-reads.yaml');
    const chain = buildClassifierChain({ brands: config.brands, languages: config.languages });
    const texts = ['Lune a perdu ma commande, service client nul', 'Lune never refunded me, awful', '月亮时装退款一直不到账，客服也不回，太失望了', 'Lune: worst customer service ever'];
    const scored = texts.map((text, i) => {
      const at = new Date(T0 + i * MINUTE).toISOString();
      return chain.classify({ id: `x:${i}`, platform: i === 2 ? 'weibo' : 'twitter', sourceId: 's', url: '', author: { id: `u${i}`, name: `u${i}` }, text, publishedAt: at, collectedAt: at });
    });
    expect(scored.every((p) => p.brands[0] === 'lune' && p.sentiment.label === 'neg')).toBe(true);
    await applyBatch(redis, prefix, scored);

    // The real client, with its EVAL calls that add a window's buckets up (SUM_BUCKETS) counted on the way.
    const sums: unknown[][] = [];
    const counted = new Proxy(redis, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        if (prop !== 'eval') return value.bind(target);
        return (...args: unknown[]) => {
          if (typeof args[0] === 'string' && args[0].includes('total[f]')) sums.push(args);
          return value.apply(target, args);
        };
      },
    });
    const windows = new WindowReader(counted, prefix);
    const store = new IncidentStore(redis, prefix);
    const manager = new IncidentManager({ store, silences: new SilenceStore(redis, prefix), windows, config, log: silentLogger, notify: async () => {} });
    const rules: Rule[] = config.rules.map((r) => (ruleRegistry.get(r.type) as NonNullable<ReturnType<typeof ruleRegistry.get>>).create(r.id, r.options, { severity: r.extra.severity }));
    const evaluate = evaluateStage({ rules: () => rules, brands: () => ['lune'], windows, incidents: manager, sourceHealth: async () => [], log: silentLogger });
    await evaluate({ kind: 'brand', brand: 'lune' });

    const [incident] = await store.list();
    expect(incident?.rule).toBe('negative-surge');
    expect(Object.keys(incident?.languages ?? {}).sort()).toEqual(['cmn', 'eng', 'fra']);
    expect(Object.keys(incident?.platforms ?? {}).sort()).toEqual(['twitter', 'weibo']);
    expect(sums).toHaveLength(1);
  });
});
