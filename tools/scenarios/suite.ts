/**
 * The scenarios of the backtest suite: each a story about some brands (who gets hit, by what, how
 * fast, who stays calm) and what Vigie's rules must make of it. Volumes span three orders of
 * magnitude, from a cosmetics shop with forty posts a day to a sportswear giant with forty
 * thousand. Every number scales with `scale` and every random draw follows `seed`, so suites of
 * other sizes and other draws come from the same stories.
 */
import type { Weighted } from '../demo/random.js';
import type { DemoPlatform } from '../demo/scenario.js';
import type { ExpectationInput } from '../../src/cli/backtest-expect.js';
import { SUITE_BRANDS as B, type SuiteBrand } from './brands.js';
import { burstRate, chatterRate, rampRate, waveRate, type ChatterRhythm } from './rhythm.js';
import { EVERYWHERE, type EverydayTexts, type Flow, type TextKind } from './writer.js';
import type { WaveTexts } from './wave-texts.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SuiteOptions {
  seed: number;
  /** Multiplies every volume (brands' ordinary traffic and waves). @default 1 */
  scale: number;
  /** Calm history before each story starts. @default 1 day */
  historyMs: number;
  /** Length of the calm-week scenario. @default 7 days */
  calmDays: number;
  /** People's own posts in place of a share of the ordinary ones (`--everyday`). @default none */
  everyday?: EverydayTexts & { dir: string };
  /** Labelled crisis posts in place of the crisis posts (`--wave-texts`). @default none */
  waveTexts?: WaveTexts;
}

export const DEFAULT_SUITE: SuiteOptions = { seed: 1, scale: 1, historyMs: DAY, calmDays: 7 };

/** One scenario, ready to generate: its flows, span and expectations (written as the file says them). */
export interface ScenarioPlan {
  name: string;
  description: string;
  kind: ExpectationInput['kind'];
  start: number;
  end: number;
  brands: SuiteBrand[];
  flows: Flow[];
  /** Per brand, everything but postsPerDay (the generator counts it). */
  expect: Record<string, Omit<ExpectationInput['brands'][string], 'postsPerDay'>>;
  falseAlarmsPerBrandWeek?: number;
}

/** Crisis defaults from issue 17: first alert ≤ 10 min, critical ≤ 15 min after the wave starts. */
const CRISIS = { alertWithin: '10m', criticalWithin: '15m', maxSeverity: 'critical' } as const;
/** A brand that must not page: info at most. */
const QUIET = { maxSeverity: 'info' } as const;

/** A Tuesday: stories start on a weekday evening in China, afternoon in Europe, unless said otherwise. */
const STORY_DAY = Date.parse('2026-03-10T00:00:00Z');

const ORDINARY: readonly Weighted<TextKind>[] = [['chatter', 90], ['complaint', 6], ['grumble', 4]];

function ordinary(o: SuiteOptions, brand: SuiteBrand, rhythm: ChatterRhythm, kinds = ORDINARY): Flow {
  return {
    label: 'chatter',
    brand,
    perDay: Math.round(rhythm.perDay * o.scale),
    rate: chatterRate(o.seed, `chatter:${brand.id}`, { ...rhythm, perDay: rhythm.perDay * o.scale }),
    kinds,
    platforms: EVERYWHERE,
  };
}

const WEIBO_FIRST: readonly Weighted<DemoPlatform>[] = [['weibo', 78], ['twitter', 12], ['wechat', 6], ['feed', 4]];
const WEST_FIRST: readonly Weighted<DemoPlatform>[] = [['twitter', 55], ['feed', 25], ['weibo', 15], ['wechat', 5]];
const MIXED: readonly Weighted<DemoPlatform>[] = [['weibo', 42], ['twitter', 38], ['feed', 10], ['wechat', 10]];

/** A story's span: `historyMs` of calm before `story`, `afterMs` after it. */
function span(o: SuiteOptions, story: number, afterMs: number) {
  const start = Math.floor((story - o.historyMs) / MINUTE) * MINUTE;
  return { start, end: story + afterMs };
}

export function suite(o: SuiteOptions): ScenarioPlan[] {
  const s = o.scale;
  const at = (hour: number) => STORY_DAY + hour * HOUR;
  const plans: ScenarioPlan[] = [];

  {
    const story = at(11);
    plans.push({
      name: 'small-boycott',
      description:
        'A small fashion house (about 0.3 posts a minute) is hit by a Weibo boycott over an ad read as mocking Chinese customers: ' +
        'one post every few minutes at first, a few a minute half an hour later. A larger beauty brand carries on as usual.',
      kind: 'crisis',
      ...span(o, story, 3 * HOUR),
      brands: [B.lune, B.aurore],
      flows: [
        ordinary(o, B.lune, { perDay: 430 }),
        ordinary(o, B.aurore, { perDay: 2900 }),
        { label: 'wave', brand: B.lune, rate: waveRate({ start: story, startPerMin: 0.3 * s, peakPerMin: 3 * s, rampMin: 30, holdMin: 60, halfLifeMin: 40 }), kinds: [['boycott', 1]], platforms: WEIBO_FIRST, engagement: 3 },
      ],
      expect: { lune: { role: 'boycott target', waveStart: iso(story), ...CRISIS }, aurore: { role: 'bystander', ...QUIET } },
    });
  }
  {
    const story = at(13.5);
    plans.push({
      name: 'big-safety',
      description:
        'A big appliance brand (12 to 20 posts a minute, a busier hour every four hours, a steady trickle of ordinary complaints) ' +
        'faces reports of air fryers catching fire, in every language and on every platform, and calls for a recall.',
      kind: 'crisis',
      ...span(o, story, 3 * HOUR),
      brands: [B.arcadia, B.kestrel],
      flows: [
        ordinary(o, B.arcadia, { perDay: 23_000, amplitude: 0.4, busyHours: { every: 4, factor: 1.6, offset: 1 } }, [['chatter', 86], ['complaint', 8], ['grumble', 6]]),
        ordinary(o, B.kestrel, { perDay: 1500 }),
        { label: 'wave', brand: B.arcadia, rate: waveRate({ start: story, startPerMin: 0.5 * s, peakPerMin: 12 * s, rampMin: 25, holdMin: 90, halfLifeMin: 45 }), kinds: [['safety', 1]], platforms: MIXED, engagement: 2 },
      ],
      expect: { arcadia: { role: 'product-safety crisis', waveStart: iso(story), ...CRISIS }, kestrel: { role: 'bystander', ...QUIET } },
    });
  }
  {
    const story = at(10);
    plans.push({
      name: 'viral-launch',
      description: 'A beauty brand launches a new line and it goes viral: ten times its usual volume for hours, overwhelmingly positive, a few grumbles about stock.',
      kind: 'noise',
      ...span(o, story, 5 * HOUR),
      brands: [B.aurore, B.lumen],
      flows: [
        ordinary(o, B.aurore, { perDay: 2900 }),
        ordinary(o, B.lumen, { perDay: 800 }),
        { label: 'launch', brand: B.aurore, rate: waveRate({ start: story, startPerMin: 2 * s, peakPerMin: 25 * s, rampMin: 40, holdMin: 120, halfLifeMin: 60 }), kinds: [['launch', 92], ['grumble', 8]], platforms: EVERYWHERE },
      ],
      expect: { aurore: { role: 'viral launch (positive)', waveStart: iso(story), maxSeverity: 'warning' }, lumen: { role: 'bystander', ...QUIET } },
    });
  }
  {
    const story = at(15);
    plans.push({
      name: 'namesake',
      description:
        'Another company called Northwind Traders has a data breach, a recall and a warehouse fire: hundreds of posts full of crisis words ' +
        'that name "Northwind" but not the appliance brand. The brand\'s config excludes "Northwind Traders"; its own posts stay ordinary.',
      kind: 'noise',
      ...span(o, story, 3 * HOUR),
      brands: [B.northwind],
      flows: [
        ordinary(o, B.northwind, { perDay: 1200 }),
        { label: 'namesake', brand: B.northwind, rate: waveRate({ start: story, startPerMin: 1 * s, peakPerMin: 20 * s, rampMin: 30, holdMin: 90, halfLifeMin: 40 }), kinds: [['namesake', 1]], platforms: [['twitter', 50], ['weibo', 30], ['feed', 20]], notTheBrand: true },
      ],
      expect: { northwind: { role: 'namesake in the news', waveStart: iso(story), ...QUIET } },
    });
  }
  {
    const story = at(8);
    plans.push({
      name: 'slow-burn',
      description:
        'A small electronics shop (about 150 posts a day): refunds that never come and nobody calling back. Anger builds slowly over ' +
        'four hours, no boycott words: worth a warning within two hours, never a page.',
      kind: 'slow-burn',
      ...span(o, story, 6 * HOUR),
      brands: [B.pixel, B.lumen],
      flows: [
        ordinary(o, B.pixel, { perDay: 150 }),
        ordinary(o, B.lumen, { perDay: 800 }),
        { label: 'anger', brand: B.pixel, rate: rampRate(story, 0.02 * s, 0.6 * s, 240), kinds: [['service', 85], ['grumble', 15]], platforms: [['twitter', 45], ['weibo', 25], ['feed', 20], ['wechat', 10]] },
      ],
      expect: { pixel: { role: 'customer-service anger', waveStart: iso(story), alertWithin: '2h', maxSeverity: 'warning' }, lumen: { role: 'bystander', ...QUIET } },
    });
  }
  {
    const story = at(12.25);
    plans.push({
      name: 'big-account',
      description: 'One scathing post about an eyewear brand from a fashion critic with 32 million followers on Weibo, and nothing else: worth a warning, not a page.',
      kind: 'noise',
      ...span(o, story, 3 * HOUR),
      brands: [B.lumen],
      flows: [
        ordinary(o, B.lumen, { perDay: 800 }),
        {
          label: 'critic',
          brand: B.lumen,
          rate: burstRate(story, story + MINUTE, 1),
          exact: true,
          kinds: [['grumble', 1]],
          platforms: [['weibo', 1]],
          author: { id: '1642591402', name: '时尚评论家Vivian', followers: 32_000_000 },
          text: '说实话，流明眼镜这季新款让我非常失望：做工粗糙，镜框歪的，价格还贵得离谱。不推荐，大家别浪费钱了。',
          engagement: 1,
        },
      ],
      expect: { lumen: { role: 'one very large account', waveStart: iso(story), alertWithin: '10m', maxSeverity: 'warning' } },
    });
  }
  {
    const story = at(16);
    plans.push({
      name: 'flood',
      description: 'One Weibo account posts the same boycott text three times a minute for twenty minutes about a beauty brand. Sixty posts, one author: not a wave.',
      kind: 'noise',
      ...span(o, story, 3 * HOUR),
      brands: [B.solene],
      flows: [
        ordinary(o, B.solene, { perDay: 600 }),
        {
          label: 'flood',
          brand: B.solene,
          rate: burstRate(story, story + 20 * MINUTE, 3),
          exact: true,
          kinds: [['boycott', 1]],
          platforms: [['weibo', 1]],
          author: { id: '7712093345', name: '柠檬星人_1999', followers: 180 },
          text: '#抵制索兰# 索兰卖假货，大家千万不要买！转发扩散！',
        },
      ],
      expect: { solene: { role: 'one account flooding', waveStart: iso(story), ...QUIET } },
    });
  }
  {
    const story = at(10.5);
    const lag = (min: number) => story + min * MINUTE;
    plans.push({
      name: 'cross-platform',
      description:
        'The 2018 Balenciaga story: a witness\'s WeChat article, then Weibo in Chinese, then X in English and French twenty minutes later, ' +
        'then blogs. A medium brand (two posts a minute); another brand carries on as usual.',
      kind: 'crisis',
      ...span(o, story, 3 * HOUR),
      brands: [B.balenciaga, B.aurore],
      flows: [
        ordinary(o, B.balenciaga, { perDay: 3000 }),
        ordinary(o, B.aurore, { perDay: 2900 }),
        { label: 'wechat', brand: B.balenciaga, rate: (t) => (t >= story && t < lag(60) ? 0.25 * s : 0), kinds: [['crisis', 1]], platforms: [['wechat', 1]], engagement: 2 },
        { label: 'weibo', brand: B.balenciaga, rate: waveRate({ start: lag(2), startPerMin: 0.4 * s, peakPerMin: 14 * s, rampMin: 30, holdMin: 60, halfLifeMin: 40 }), kinds: [['crisis', 85], ['news', 15]], platforms: [['weibo', 1]], engagement: 3 },
        { label: 'x', brand: B.balenciaga, rate: waveRate({ start: lag(20), startPerMin: 0.5 * s, peakPerMin: 8 * s, rampMin: 25, holdMin: 60, halfLifeMin: 40 }), kinds: [['crisis', 85], ['news', 15]], platforms: [['twitter', 1]], langs: { twitter: [['en', 50], ['fr', 35], ['zh', 15]] }, engagement: 3 },
        { label: 'blogs', brand: B.balenciaga, rate: waveRate({ start: lag(40), startPerMin: 0.2 * s, peakPerMin: 1.5 * s, rampMin: 30, holdMin: 60, halfLifeMin: 60 }), kinds: [['crisis', 70], ['news', 30]], platforms: [['feed', 1]], langs: { feed: [['en', 55], ['fr', 45]] } },
      ],
      expect: { balenciaga: { role: 'cross-platform boycott', waveStart: iso(story), ...CRISIS }, aurore: { role: 'bystander', ...QUIET } },
    });
  }
  {
    const story = at(9);
    plans.push({
      name: 'tiny-allergy',
      description:
        'A cosmetics shop with about forty posts a day: customers report allergic reactions to a cream, in French and English on X and blogs, ' +
        'a handful of posts in the first ten minutes, then a recall is demanded.',
      kind: 'crisis',
      ...span(o, story, 3 * HOUR),
      brands: [B.camelia, B.solene],
      flows: [
        ordinary(o, B.camelia, { perDay: 40 }),
        ordinary(o, B.solene, { perDay: 600 }),
        { label: 'wave', brand: B.camelia, rate: waveRate({ start: story, startPerMin: 0.3 * s, peakPerMin: 2 * s, rampMin: 30, holdMin: 60, halfLifeMin: 40 }), kinds: [['allergy', 1]], platforms: WEST_FIRST, langs: { twitter: [['fr', 55], ['en', 45]], feed: [['fr', 60], ['en', 40]] }, engagement: 2 },
      ],
      expect: { camelia: { role: 'product-safety crisis, tiny brand', waveStart: iso(story), ...CRISIS }, solene: { role: 'bystander', ...QUIET } },
    });
  }
  {
    const story = at(12.5);
    plans.push({
      name: 'huge-boycott',
      description: 'A sportswear giant (about 40,000 posts a day) is accused of a racist ad; a boycott grows on Weibo and X over twenty minutes on top of its usual traffic.',
      kind: 'crisis',
      ...span(o, story, 3 * HOUR),
      brands: [B.orbis],
      flows: [
        ordinary(o, B.orbis, { perDay: 40_000 }, [['chatter', 88], ['complaint', 7], ['grumble', 5]]),
        { label: 'wave', brand: B.orbis, rate: waveRate({ start: story, startPerMin: 1 * s, peakPerMin: 25 * s, rampMin: 20, holdMin: 60, halfLifeMin: 30 }), kinds: [['boycott', 1]], platforms: MIXED, engagement: 3 },
      ],
      expect: { orbis: { role: 'boycott of a very large brand', waveStart: iso(story), ...CRISIS } },
    });
  }
  {
    const story = at(7);
    plans.push({
      name: 'complaint-day',
      description: 'A kitchenware brand (about 6,000 posts a day) has a bad day: price rises and a slow website, many more ordinary complaints for four hours, no crisis words. A warning is fine; a page is not.',
      kind: 'noise',
      ...span(o, story, 6 * HOUR),
      brands: [B.kestrel],
      flows: [
        ordinary(o, B.kestrel, { perDay: 6000 }),
        { label: 'grumbles', brand: B.kestrel, rate: (t) => (t < story + 4 * HOUR ? rampRate(story, 0.5 * s, 4 * s, 60)(t) : 0), kinds: [['grumble', 70], ['complaint', 30]], platforms: EVERYWHERE },
      ],
      expect: { kestrel: { role: 'ordinary complaints, many', waveStart: iso(story), maxSeverity: 'warning' } },
    });
  }
  {
    const start = Date.parse('2026-03-02T00:00:00Z'); // a Monday
    const end = start + o.calmDays * DAY;
    const calmBrands: [SuiteBrand, ChatterRhythm][] = [
      [B.camelia, { perDay: 40 }],
      [B.pixel, { perDay: 150 }],
      [B.lune, { perDay: 430 }],
      [B.aurore, { perDay: 2900 }],
      [B.kestrel, { perDay: 6000 }],
      [B.arcadia, { perDay: 23_000, amplitude: 0.4, busyHours: { every: 4, factor: 1.6, offset: 1 } }],
    ];
    const events: Flow[] = [];
    // Harmless bumps a real week has: a newsletter, a sale, one angry blog post.
    for (let d = 0; d < o.calmDays; d++) {
      const day = start + d * DAY;
      if (d % 3 === 1) events.push({ label: `newsletter:${d}`, brand: B.aurore, rate: burstRate(day + 9 * HOUR, day + 10 * HOUR, 4 * s), kinds: [['chatter', 95], ['grumble', 5]], platforms: EVERYWHERE });
      if (d % 7 === 5) events.push({ label: `sale:${d}`, brand: B.lune, rate: burstRate(day + 10 * HOUR, day + 13 * HOUR, 1 * s), kinds: [['chatter', 85], ['grumble', 15]], platforms: EVERYWHERE });
      if (d % 4 === 2) events.push({ label: `angry:${d}`, brand: B.pixel, rate: burstRate(day + 19 * HOUR, day + 19 * HOUR + MINUTE, 1), exact: true, kinds: [['service', 1]], platforms: [['feed', 1]] });
    }
    plans.push({
      name: 'calm-week',
      description:
        `${o.calmDays} ordinary days for six brands from about 40 to 23,000 posts a day, with daily and weekly rhythms, hour-to-hour noise, ` +
        'routine complaints, a newsletter, a sale and the odd angry blog post. Every warning is a false alarm.',
      kind: 'calm',
      start,
      end,
      brands: calmBrands.map(([b]) => b),
      flows: [...calmBrands.map(([b, r]) => ordinary(o, b, r)), ...events],
      expect: Object.fromEntries(calmBrands.map(([b]) => [b.id, { role: 'calm', maxSeverity: 'warning' }])),
      falseAlarmsPerBrandWeek: 1,
    });
  }
  return plans;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
