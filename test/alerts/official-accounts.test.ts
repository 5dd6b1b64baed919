import { afterAll, describe, expect, it } from 'vitest';
import { IncidentStore } from '../../src/alerts/incident-store.js';
import { IncidentManager } from '../../src/alerts/incidents.js';
import type { PendingNotification } from '../../src/alerts/incident-record.js';
import { ruleRegistry } from '../../src/alerts/rules/registry.js';
import type { Rule } from '../../src/alerts/rules/rule.js';
import { SilenceStore } from '../../src/alerts/silences.js';
import { applyBatch, WindowReader } from '../../src/alerts/windows.js';
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import { MINUTE } from '../../src/clock.js';
import { parseConfig } from '../../src/configure.js';
import { ConfigError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { evaluateStage } from '../../src/queues/stages/evaluate.js';
import type { Post } from '../../src/types.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const redis = testRedis();
const base = uniquePrefix('official');
afterAll(async () => {
  await cleanPrefix(redis, base);
  await redis.quit();
});

const YAML = (accounts: string) => `
brands:
  balenciaga:
    names: [Balenciaga, 巴黎世家]
${accounts}
rules:
  negative-surge: { type: threshold, metric: neg, window: 15m, above: 4, severity: warning }
  crisis-surge: { type: threshold, metric: crisis, window: 15m, above: 4, severity: critical }
  influencer: { type: influencer, minReach: 1000000, severity: warning }
routes:
  - channels: [file]
channels:
  file: { type: jsonl, path: /tmp/vigie-official-unused.jsonl }
alerting: { groupWait: 0s }
`;

const ACCOUNTS = `    accounts:
      weibo: [Balenciaga巴黎世家]
      twitter: ["@Balenciaga"]`;

const T0 = Date.parse('2026-03-02T10:00:00Z');
let seq = 0;
function post(p: { platform: 'weibo' | 'twitter'; author: string; authorId?: string; followers: number; text: string; at: number }): Post {
  seq += 1;
  const iso = new Date(p.at).toISOString();
  return {
    id: `${p.platform}:o${seq}`,
    platform: p.platform,
    sourceId: `${p.platform}-search`,
    url: `https://${p.platform}.example.com/p/${seq}`,
    author: { id: p.authorId ?? `u${seq}`, name: p.author, followers: p.followers },
    text: p.text,
    publishedAt: iso,
    collectedAt: iso,
  };
}

/**
 * The brand's own apology quotes the accusation (歧视, boycott, "we apologise"): the classifiers
 * score it negative with crisis terms, as they should. Posted from an account the config lists as
 * the brand's, it is its official response: marked so, left out of the negative and crisis counts,
 * never evidence, never the influencer rule's "hurting post".
 */
describe("the brand's own accounts", () => {
  it('mark its posts official and keep them out of every crisis count, evidence and the influencer rule', async () => {
    const config = parseConfig(YAML(ACCOUNTS), 'official.yaml');
    const chain = buildClassifierChain({ brands: config.brands, languages: config.languages });
    const apology = [
      post({ platform: 'weibo', author: 'Balenciaga巴黎世家', authorId: '5713402968', followers: 1_380_000, text: '关于上海门店排队事件的致歉声明：我们对顾客受到歧视的遭遇深表歉意，抵制与愤怒我们都听到了。', at: T0 + MINUTE }),
      post({ platform: 'twitter', author: 'Balenciaga', authorId: '322019547', followers: 2_600_000, text: 'We sincerely apologise for the discrimination customers faced in our Shanghai store. We hear the calls to boycott.', at: T0 + 2 * MINUTE }),
    ];
    const crowd = [0, 1, 2].map((i) =>
      post({ platform: 'weibo', author: `网友${i}`, followers: 300, text: '巴黎世家歧视中国顾客，抵制巴黎世家！太恶心了', at: T0 + 3 * MINUTE + i * 1000 }),
    );
    const scored = [...apology, ...crowd].map((p) => chain.classify(p));
    const [weibo, twitter] = scored;
    // Classified as what they say (negative, crisis terms), and marked as the brand's voice.
    expect(weibo).toMatchObject({ official: 'balenciaga', brands: ['balenciaga'] });
    expect(twitter?.official).toBe('balenciaga');
    expect(weibo?.crisis.terms.length).toBeGreaterThan(0);
    expect(scored.slice(2).every((p) => p.official === undefined && p.sentiment.label === 'neg' && p.crisis.terms.length > 0)).toBe(true);

    const prefix = `${base}:on`;
    await applyBatch(redis, prefix, scored);
    const windows = new WindowReader(redis, prefix);
    const totals = await windows.sum('balenciaga', T0, T0 + 15 * MINUTE);
    // Five posts about the brand, three of them against it.
    expect(totals).toMatchObject({ posts: 5, neg: 3, crisis: 3, official: 2 });
    expect(totals.reachNeg).toBeLessThan(10_000);
    // Nor among the distinct authors of a wave: three people, not five ("3 posts from 5 authors").
    for (const metric of ['neg', 'crisis', 'severe', 'c:boycott', 'c:discrimination']) {
      expect(await windows.authors('balenciaga', metric, T0, T0 + 15 * MINUTE), metric).toBe(3);
    }

    const store = new IncidentStore(redis, prefix);
    const sent: PendingNotification[] = [];
    const manager = new IncidentManager({ store, silences: new SilenceStore(redis, prefix), windows, config, log: silentLogger, notify: async (p) => void sent.push(...p) });
    const rules: Rule[] = config.rules.map((r) => {
      const spec = ruleRegistry.get(r.type);
      if (!spec) throw new Error(r.type);
      return spec.create(r.id, r.options, { severity: r.extra.severity });
    });
    const evaluate = evaluateStage({ rules: () => rules, brands: () => ['balenciaga'], windows, incidents: manager, sourceHealth: async () => [], log: silentLogger });
    await evaluate({ kind: 'brand', brand: 'balenciaga' });

    const incidents = await store.list();
    // Three angry posts stay under both thresholds (4); two million-reach "hurting" posts would
    // fire the influencer rule if the brand's own were counted.
    expect(incidents.map((i) => i.rule)).toEqual([]);

    // A fourth angry post: the crisis incident opens, with the crowd as evidence and the apology as
    // the brand's official response.
    const more = chain.classify(post({ platform: 'weibo', author: '网友3', followers: 250, text: '抵制巴黎世家，种族歧视！', at: T0 + 5 * MINUTE }));
    await applyBatch(redis, prefix, [more]);
    await evaluate({ kind: 'brand', brand: 'balenciaga' });
    const opened = await store.list();
    expect(opened.map((i) => i.rule).sort()).toEqual(['crisis-surge', 'negative-surge']);
    const crisis = opened.find((i) => i.rule === 'crisis-surge');
    const officialIds = apology.map((p) => p.id);
    expect(crisis?.evidence.some((id) => officialIds.includes(id))).toBe(false);
    expect(crisis?.evidence.length).toBe(4);
    expect([...(crisis?.officialPosts ?? [])].sort()).toEqual([...officialIds].sort());
    expect(crisis?.timeline.filter((e) => e.kind === 'official').map((e) => e.by).sort()).toEqual(['Balenciaga', 'Balenciaga巴黎世家']);
    // The warning (opened first, in rule order) is grouped under the critical incident at the next
    // sweep: one crisis, one row.
    await manager.sweep(T0 + 6 * MINUTE);
    expect((await store.list()).find((i) => i.rule === 'negative-surge')?.parentId).toBe(crisis?.id);
  });

  it('without the accounts listed, the same apology counts against the brand (what the config fixes)', async () => {
    const config = parseConfig(YAML(''), 'official.yaml');
    const chain = buildClassifierChain({ brands: config.brands, languages: config.languages });
    const p = chain.classify(
      post({ platform: 'twitter', author: 'Balenciaga', followers: 2_600_000, text: 'We sincerely apologise for the discrimination customers faced. We hear the calls to boycott Balenciaga.', at: T0 }),
    );
    expect(p.official).toBeUndefined();
    const prefix = `${base}:off`;
    await applyBatch(redis, prefix, [p]);
    expect((await new WindowReader(redis, prefix).sum('balenciaga', T0, T0 + MINUTE)).crisis).toBe(1);
  });

  it('refuses unknown platforms and one account under two brands, saying where', () => {
    expect(() => parseConfig(YAML('    accounts: { tiktok: [balenciaga] }'), 'v.yaml')).toThrow(/brands\.balenciaga\.accounts.*tiktok|tiktok.*weibo, wechat, twitter/s);
    const twice = `
brands:
  balenciaga: { names: [Balenciaga], accounts: { twitter: ["@Balenciaga"] } }
  kering: { names: [Kering], accounts: { twitter: [balenciaga] } }
`;
    let err: unknown;
    try {
      parseConfig(twice, 'v.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toMatch(/brands\.kering\.accounts\.twitter\.0.*already listed for brand "balenciaga"/s);
  });
});
