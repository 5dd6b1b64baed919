import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toJsonLine } from '../../tools/demo/jsonl.js';
import {
  BOYCOTT_MOMENTS,
  BOYCOTT_OPTIONS,
  boycottPhaseOf,
  boycottScenario,
  boycottScenarioItems,
  DEMO_BRANDS,
  generateScenario,
  type ScenarioItem,
} from '../../tools/demo/scenario.js';
import { mentionsBrand } from '../../tools/demo/text.js';
import { postProblems } from './post-shape.js';

const items: ScenarioItem[] = [...boycottScenarioItems()];
const MINUTE = 60_000;
const ms = (iso: string) => Date.parse(iso);
const minutesAfter = (iso: string, from: string) => (ms(iso) - ms(from)) / MINUTE;

function digest(posts: Iterable<{ id: string }>): string {
  const hash = createHash('sha256');
  for (const p of posts) hash.update(JSON.stringify(p));
  return hash.digest('hex');
}

/** Posts per minute of the wave (balenciaga crisis or news), keyed by minutes since the wave start. */
function wavePerMinute(filter: (i: ScenarioItem) => boolean = () => true): Map<number, number> {
  const perMinute = new Map<number, number>();
  for (const i of items) {
    if (i.brand !== 'balenciaga' || !['crisis', 'news'].includes(i.kind) || !filter(i)) continue;
    const m = Math.floor(minutesAfter(i.post.publishedAt, BOYCOTT_MOMENTS.waveStart));
    perMinute.set(m, (perMinute.get(m) ?? 0) + 1);
  }
  return perMinute;
}

describe('boycott scenario', () => {
  it('is the same for the same seed and different for another', () => {
    expect(digest(boycottScenario())).toBe(digest(items.map((i) => i.post)));
    const other = digest(generateScenario({ ...BOYCOTT_OPTIONS, seed: BOYCOTT_OPTIONS.seed + 1 }));
    expect(other).not.toBe(digest(items.map((i) => i.post)));
  });

  it('yields posts in publishedAt order, with unique ids, inside the scenario', () => {
    const ids = new Set(items.map((i) => i.post.id));
    expect(ids.size).toBe(items.length);
    for (let k = 1; k < items.length; k++) {
      expect((items[k] as ScenarioItem).post.publishedAt >= (items[k - 1] as ScenarioItem).post.publishedAt).toBe(true);
    }
    expect((items[0] as ScenarioItem).post.publishedAt >= BOYCOTT_MOMENTS.start).toBe(true);
    expect((items.at(-1) as ScenarioItem).post.publishedAt < BOYCOTT_MOMENTS.end).toBe(true);
  });

  it('has between 5,000 and 15,000 posts, every one a valid Post naming its brand', () => {
    expect(items.length).toBeGreaterThanOrEqual(5_000);
    expect(items.length).toBeLessThanOrEqual(15_000);
    const problems = items.flatMap((i) => postProblems(i.post));
    expect(problems.slice(0, 10)).toEqual([]);
    const unnamed = items.filter((i) => {
      const brand = DEMO_BRANDS.find((b) => b.id === i.brand);
      return !brand || !mentionsBrand(`${i.post.title ?? ''} ${i.post.text}`, brand);
    });
    expect(unnamed.map((i) => i.post.text).slice(0, 5)).toEqual([]);
  });

  it('writes on every platform in Chinese, English and French', () => {
    const langsOn = (platform: string) => new Set(items.filter((i) => i.post.platform === platform).map((i) => i.lang));
    expect([...langsOn('weibo')]).toEqual(['zh']);
    expect([...langsOn('wechat')]).toEqual(['zh']);
    expect([...langsOn('twitter')].sort()).toEqual(['en', 'fr', 'zh']);
    expect([...langsOn('feed')].sort()).toEqual(['en', 'fr', 'zh']);
    for (const i of items.filter((i) => i.post.platform === 'twitter')) expect(i.post.langHint).toBe(i.lang);
    // Chinese posts include traditional characters and Weibo face codes; some Weibo posts repost.
    const zh = items.filter((i) => i.lang === 'zh').map((i) => i.post.text);
    expect(zh.some((t) => /[歧視華們門專櫃]/.test(t))).toBe(true);
    expect(zh.some((t) => /\[[\u4e00-\u9fff]+\]/.test(t))).toBe(true);
    expect(zh.some((t) => t.startsWith('//@'))).toBe(true);
  });

  it('starts calm: about four hours of ordinary chatter about all three brands', () => {
    const calm = items.filter((i) => boycottPhaseOf(i.post.publishedAt) === 'calm');
    const hours = minutesAfter(BOYCOTT_MOMENTS.waveStart, BOYCOTT_MOMENTS.start) / 60;
    expect(hours).toBeGreaterThanOrEqual(3.5);
    const perMinute = calm.length / (hours * 60);
    expect(perMinute).toBeGreaterThan(2);
    expect(perMinute).toBeLessThan(8);
    expect(new Set(calm.map((i) => i.brand))).toEqual(new Set(['balenciaga', 'aurore', 'northwind']));
    expect(new Set(calm.map((i) => i.post.platform))).toEqual(new Set(['weibo', 'wechat', 'twitter', 'feed']));
    expect(calm.every((i) => i.kind === 'chatter' || i.kind === 'complaint')).toBe(true);
  });

  it('opens the wave with a witness on WeChat, then Weibo within the minute, growing to tens a minute in 10 minutes', () => {
    const wave = items.filter((i) => i.brand === 'balenciaga' && i.kind === 'crisis');
    expect(wave[0]?.post.publishedAt).toBe(BOYCOTT_MOMENTS.waveStart);
    expect(wave[0]?.post.platform).toBe('wechat');
    expect(wave.every((i) => i.post.publishedAt >= BOYCOTT_MOMENTS.waveStart)).toBe(true);
    const firstWeibo = wave.find((i) => i.post.platform === 'weibo');
    expect(minutesAfter(firstWeibo?.post.publishedAt ?? '', BOYCOTT_MOMENTS.waveStart)).toBeLessThan(1);

    const onWeibo = wavePerMinute((i) => i.post.platform === 'weibo');
    expect(onWeibo.get(10) ?? 0).toBeGreaterThanOrEqual(20);
    const all = wavePerMinute();
    const peak = Math.max(...all.values());
    expect(peak).toBeGreaterThanOrEqual(150);
    expect(peak).toBeLessThanOrEqual(400);
  });

  it('spreads to Twitter after ~20 minutes and to blogs and WeChat articles after ~40', () => {
    const wave = items.filter((i) => i.brand === 'balenciaga' && i.kind === 'crisis' && i.stream !== 'scheduled');
    const first = (platform: string) => wave.find((i) => i.post.platform === platform)?.post.publishedAt ?? '';
    expect(first('twitter') >= BOYCOTT_MOMENTS.twitterStart).toBe(true);
    expect(minutesAfter(first('twitter'), BOYCOTT_MOMENTS.twitterStart)).toBeLessThan(5);
    expect(first('feed') >= BOYCOTT_MOMENTS.articlesStart).toBe(true);
    expect(first('wechat') >= BOYCOTT_MOMENTS.articlesStart).toBe(true);
    const twitterLangs = new Set(wave.filter((i) => i.post.platform === 'twitter').map((i) => i.lang));
    expect(twitterLangs).toEqual(new Set(['en', 'fr', 'zh']));
    const feedLangs = new Set(wave.filter((i) => i.post.platform === 'feed').map((i) => i.lang));
    expect(feedLangs.has('en') && feedLangs.has('fr')).toBe(true);
    // The boycott words every classifier should catch are there, in all three languages.
    const text = wave.map((i) => i.post.text).join('\n');
    for (const word of ['抵制', '辱华', '道歉', '歧视', 'boycott', 'discrimination', 'honte', 'apologise', 'never buying']) {
      expect(text.toLowerCase()).toContain(word.toLowerCase());
    }
  });

  it('brings in high-reach accounts during the wave only', () => {
    const loud = items.filter((i) => (i.post.author.followers ?? 0) >= 1_000_000);
    expect(loud.length).toBeGreaterThanOrEqual(6);
    for (const i of loud) {
      expect(i.brand).toBe('balenciaga');
      expect(['wave', 'apology']).toContain(boycottPhaseOf(i.post.publishedAt));
    }
    const firstLoud = loud[0] as ScenarioItem;
    expect(minutesAfter(firstLoud.post.publishedAt, BOYCOTT_MOMENTS.waveStart)).toBeLessThan(15);
  });

  it('has the brand apologise on Weibo at the apology time, then declines to calm', () => {
    const apology = items.filter((i) => i.kind === 'apology');
    expect(apology[0]?.post.platform).toBe('weibo');
    expect(minutesAfter(apology[0]?.post.publishedAt ?? '', BOYCOTT_MOMENTS.apologyAt)).toBeLessThan(1);
    expect(apology.map((i) => i.lang).sort()).toEqual(['en', 'fr', 'zh']);

    const crisisIn = (from: string, minutes: number) =>
      items.filter(
        (i) =>
          i.brand === 'balenciaga' &&
          i.kind !== 'chatter' &&
          i.kind !== 'complaint' &&
          i.post.publishedAt >= from &&
          minutesAfter(i.post.publishedAt, from) < minutes,
      ).length;
    // A reaction to the apology, then quiet: fewer than one wave post a minute after calmAt.
    expect(crisisIn(BOYCOTT_MOMENTS.apologyAt, 30)).toBeGreaterThan(100);
    expect(crisisIn(BOYCOTT_MOMENTS.calmAt, 120)).toBeLessThan(120);
    expect(minutesAfter(BOYCOTT_MOMENTS.end, BOYCOTT_MOMENTS.calmAt)).toBeGreaterThanOrEqual(90);
    const after = items.filter((i) => boycottPhaseOf(i.post.publishedAt) === 'calm-again');
    expect(after.filter((i) => i.kind === 'chatter').length).toBeGreaterThan(300);
  });

  it('keeps the calm brands calm, with one ordinary angry blog post about a northwind fridge', () => {
    const calmBrands = items.filter((i) => (BOYCOTT_MOMENTS.calmBrands as readonly string[]).includes(i.brand));
    expect(calmBrands.every((i) => i.kind === 'chatter' || i.kind === 'complaint')).toBe(true);
    const angry = items.find((i) => i.post.id === BOYCOTT_MOMENTS.angryBlogPostId);
    expect(angry).toBeDefined();
    const post = angry?.post;
    expect(post?.platform).toBe('feed');
    expect(angry?.brand).toBe('northwind');
    expect(post?.text).toMatch(/furious/);
    expect(post?.title).toMatch(/fridge/);
    expect(boycottPhaseOf(post?.publishedAt ?? '')).toBe('calm');
    // Modest reach: a personal blog, no audience figures.
    expect(post?.author.followers).toBeUndefined();
    // Complaints about the calm brands never bunch up: about 6 an hour expected, never twice that.
    const perHour = new Map<string, number>();
    for (const i of calmBrands.filter((i) => i.kind === 'complaint')) {
      const key = `${i.brand}:${i.post.publishedAt.slice(0, 13)}`;
      perHour.set(key, (perHour.get(key) ?? 0) + 1);
    }
    expect(Math.max(...perHour.values())).toBeLessThanOrEqual(12);
  });

  it('refuses options that cannot make a scenario, naming what is wrong', () => {
    const late = new Date(BOYCOTT_MOMENTS.end);
    expect(() => generateScenario({ ...BOYCOTT_OPTIONS, end: undefined })).toThrow(/end, a limit/);
    expect(() => generateScenario({ ...BOYCOTT_OPTIONS, brands: [...DEMO_BRANDS, ...DEMO_BRANDS] })).toThrow(/listed twice/);
    expect(() =>
      generateScenario({ ...BOYCOTT_OPTIONS, waves: [{ brand: 'nobody', start: late, peakPerMinute: 1, apologyAfterMinutes: 1 }] }),
    ).toThrow(/waves\[0\] names brand "nobody"/);
    expect(() =>
      generateScenario({ ...BOYCOTT_OPTIONS, waves: [{ brand: 'aurore', start: late, peakPerMinute: 1, apologyAfterMinutes: 1 }] }),
    ).toThrow(/waves\[0\]\.start .* outside/);
  });

  it('serialises every post as one JSON line that reads back the same', () => {
    for (const i of items.slice(0, 500)) {
      const line = toJsonLine(i.post);
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      expect(JSON.parse(line)).toEqual(i.post);
    }
  });
});
