/**
 * Deterministic scenarios of social-media posts for the bundled demo and the benchmark.
 *
 * A scenario is ordinary chatter about some brands, with crisis waves layered on top and a few
 * posts scheduled at fixed moments. Phases follow from that: calm, a wave rising on Weibo and
 * spreading to Twitter then blogs, the brand's apology, the decline, calm again. Every random
 * choice comes from one seeded generator, so the same options always give the same posts, and
 * posts are yielded lazily in publishedAt order.
 */
import type { Post } from '../../src/types.js';
import { BENCH_BRANDS, DEMO_BRANDS, NORTHWIND, type DemoBrand } from './brands.js';
import { generateItems, type ScenarioItem } from './generate.js';
import { chatterStream, waveStreams, type ScheduledPost, type Stream, type WaveOptions } from './streams.js';

export { BALENCIAGA, AURORE, NORTHWIND, BENCH_BRANDS, DEMO_BRANDS, spellingsOf } from './brands.js';
export type { DemoBrand, DemoLang } from './brands.js';
export { DEMO_SOURCE_IDS, type ScenarioItem } from './generate.js';
export type { DemoPlatform, ScheduledPost } from './streams.js';
export type { PostKind } from './templates/index.js';

const MINUTE = 60_000;

/** A wave against one brand, in wall-clock terms. */
export interface WaveSpec {
  /** Id of one of the scenario's brands. */
  brand: string;
  /** The first post of the wave (the witness's WeChat article); Weibo follows within the minute. */
  start: Date;
  /** Expected crisis posts per minute on Weibo at the height of the wave (Twitter adds 35% later). */
  peakPerMinute: number;
  /** Minutes from the start to the brand's apology. */
  apologyAfterMinutes: number;
  /** Minutes until Twitter takes the story up. @defaultValue 20 */
  twitterLagMinutes?: number;
  /** Minutes until blogs and WeChat articles follow. @defaultValue 40 */
  articlesLagMinutes?: number;
}

/** A post at a fixed time, e.g. the angry blog post of the demo. */
export type ScheduledSpec = Omit<ScheduledPost, 'at' | 'brand'> & { at: Date; brand: string };

export interface ScenarioOptions {
  /** Seeds every random choice: the same options always give the same posts. */
  seed: number;
  /** Time of the first minute of the scenario. */
  start: Date;
  /** End of the scenario (exclusive). Required unless `limit` is set. */
  end?: Date;
  /** Stop after this many posts. */
  limit?: number;
  brands: readonly DemoBrand[];
  /** Ordinary posts per minute, across all brands, split evenly. */
  chatterPerMinute: number;
  waves?: readonly WaveSpec[];
  scheduled?: readonly ScheduledSpec[];
}

/** Posts with the generator's own labels (brand, kind, language, stream): ground truth for tests. */
export function generateScenarioItems(opts: ScenarioOptions): Generator<ScenarioItem, void, undefined> {
  const startMs = opts.start.getTime();
  if (!Number.isFinite(startMs)) throw new RangeError('scenario: start is not a valid date');
  if (opts.end === undefined && opts.limit === undefined) throw new RangeError('scenario: give an end, a limit or both');
  if (opts.end === undefined && !(opts.chatterPerMinute > 0)) {
    throw new RangeError('scenario: without an end, chatterPerMinute must be above 0 or the limit may never be reached');
  }
  const byId = new Map<string, DemoBrand>();
  for (const b of opts.brands) {
    if (byId.has(b.id)) throw new RangeError(`scenario: brand "${b.id}" is listed twice`);
    byId.set(b.id, b);
  }
  const brandOf = (id: string, where: string): DemoBrand => {
    const b = byId.get(id);
    if (!b) throw new RangeError(`scenario: ${where} names brand "${id}", which is not among the scenario's brands`);
    return b;
  };
  const minutesOf = (d: Date) => (d.getTime() - startMs) / MINUTE;
  const inside = (d: Date, where: string) => {
    if (!(d.getTime() >= startMs) || (opts.end !== undefined && !(d < opts.end))) {
      throw new RangeError(`scenario: ${where} (${String(d)}) is outside the scenario`);
    }
    return minutesOf(d);
  };

  const startHour = opts.start.getUTCHours() + opts.start.getUTCMinutes() / 60;
  const streams: Stream[] = opts.brands.map((b) => chatterStream(b, opts.chatterPerMinute / opts.brands.length, startHour));
  const scheduled: ScheduledPost[] = [];
  for (const [i, w] of (opts.waves ?? []).entries()) {
    const wave: WaveOptions = {
      brand: brandOf(w.brand, `waves[${i}]`),
      at: inside(w.start, `waves[${i}].start`),
      peakPerMinute: w.peakPerMinute,
      apologyAfter: w.apologyAfterMinutes,
      twitterLag: w.twitterLagMinutes,
      articlesLag: w.articlesLagMinutes,
    };
    const parts = waveStreams(wave);
    streams.push(...parts.streams);
    scheduled.push(...parts.scheduled);
  }
  for (const [i, s] of (opts.scheduled ?? []).entries()) {
    scheduled.push({ ...s, at: inside(s.at, `scheduled[${i}].at`), brand: brandOf(s.brand, `scheduled[${i}]`) });
  }
  return generateItems({
    seed: opts.seed,
    start: opts.start,
    endMinute: opts.end === undefined ? Infinity : Math.ceil(minutesOf(opts.end)),
    limit: opts.limit ?? Infinity,
    streams,
    scheduled,
  });
}

/** The posts of a scenario, lazily, in publishedAt order. */
export function generateScenario(opts: ScenarioOptions): Generator<Post, void, undefined> {
  // Not a generator function itself, so bad options throw here rather than at the first post.
  const items = generateScenarioItems(opts);
  return (function* () {
    for (const item of items) yield item.post;
  })();
}

const at = (iso: string, plusMinutes = 0) => new Date(Date.parse(iso) + plusMinutes * MINUTE);
const DEMO_START = '2026-04-14T06:00:00.000Z';
const WAVE_START = '2026-04-14T10:00:00.000Z';
const ANGRY_BLOG_ID = 'feed:https://flat4b.example/?p=212';

/** The one ordinary angry blog post of the calm period: negative, but a single post with modest reach. */
const ANGRY_BLOG: ScheduledSpec = {
  at: new Date('2026-04-14T08:17:40.000Z'),
  brand: NORTHWIND.id,
  platform: 'feed',
  lang: 'en',
  kind: 'complaint',
  author: { id: 'flat4b.example', name: 'Tom Hadley (Notes from Flat 4B)' },
  nativeId: ANGRY_BLOG_ID.slice('feed:'.length),
  url: 'https://flat4b.example/2026/04/14/northwind-sent-me-a-beige-fridge/',
  title: 'Northwind sent me a beige fridge. I ordered green.',
  text:
    'Three weeks ago I ordered the Northwind FreshLine fridge in sage green, to match the kitchen we spent all winter ' +
    'painting. This morning two very nice delivery men carried a beige one up four flights of stairs. The order ' +
    'confirmation says green. The box says green. The fridge is beige. Customer service told me a replacement will ' +
    'take six weeks and that I will have to be home on a weekday to swap it. I am honestly furious, and more ' +
    "disappointed than I expected to be: I chose Northwind because my parents' fridge has run for twenty years. If " +
    'you are ordering one, check the colour before the delivery team leaves.',
};

/** The options behind the bundled demo, config/demo/boycott.jsonl. */
export const BOYCOTT_OPTIONS: ScenarioOptions = {
  seed: 20180414,
  start: at(DEMO_START),
  end: at(WAVE_START, 300),
  brands: DEMO_BRANDS,
  chatterPerMinute: 4,
  waves: [{ brand: 'balenciaga', start: at(WAVE_START), peakPerMinute: 320, apologyAfterMinutes: 120 }],
  scheduled: [ANGRY_BLOG],
};

/** A named stretch of the demo, [from, to). */
export interface Phase {
  name: 'calm' | 'wave' | 'apology' | 'calm-again';
  from: string;
  to: string;
}

/** The demo's key moments (ISO UTC), for tests that check what the pipeline makes of it. */
export const BOYCOTT_MOMENTS = {
  start: DEMO_START,
  end: at(WAVE_START, 300).toISOString(),
  /** The brand the wave is against; the others stay calm. */
  waveBrand: 'balenciaga',
  calmBrands: ['aurore', 'northwind'],
  /** The first post of the wave (a witness's WeChat article); Weibo picks it up within a minute. */
  waveStart: WAVE_START,
  twitterStart: at(WAVE_START, 20).toISOString(),
  articlesStart: at(WAVE_START, 40).toISOString(),
  /** The brand's apology on its Weibo account. */
  apologyAt: at(WAVE_START, 120).toISOString(),
  /** By now the wave has died down to ordinary chatter. */
  calmAt: at(WAVE_START, 180).toISOString(),
  /** The ordinary angry blog post about a northwind fridge, which must not open an incident. */
  angryBlogPostId: ANGRY_BLOG_ID,
  phases: [
    { name: 'calm', from: DEMO_START, to: WAVE_START },
    { name: 'wave', from: WAVE_START, to: at(WAVE_START, 120).toISOString() },
    { name: 'apology', from: at(WAVE_START, 120).toISOString(), to: at(WAVE_START, 180).toISOString() },
    { name: 'calm-again', from: at(WAVE_START, 180).toISOString(), to: at(WAVE_START, 300).toISOString() },
  ] as readonly Phase[],
} as const;

/** The phase of the demo a post's publishedAt falls in. */
export function boycottPhaseOf(publishedAt: string): Phase['name'] {
  const phase = BOYCOTT_MOMENTS.phases.find((p) => publishedAt >= p.from && publishedAt < p.to);
  if (!phase) throw new RangeError(`boycott scenario: ${publishedAt} is outside the scenario`);
  return phase.name;
}

/** The bundled demo: calm, a boycott wave against balenciaga, its apology, calm again. */
export function boycottScenario(): Generator<Post, void, undefined> {
  return generateScenario(BOYCOTT_OPTIONS);
}

export function boycottScenarioItems(): Generator<ScenarioItem, void, undefined> {
  return generateScenarioItems(BOYCOTT_OPTIONS);
}

/** The benchmark's options: `count` posts about `brands`, a wave every six hours in turn. */
export function benchOptions(count = 200_000, brands: readonly DemoBrand[] = BENCH_BRANDS, seed = 7): ScenarioOptions {
  if (!(count >= 0) || !Number.isInteger(count)) throw new RangeError(`bench scenario: count must be a whole number, got ${count}`);
  if (brands.length === 0) throw new RangeError('bench scenario: give at least one brand');
  const chatterPerMinute = 25 * brands.length;
  const start = at('2026-05-04T00:00:00.000Z');
  // Enough waves to cover the scenario however long `count` makes it (chatter alone sets the pace),
  // up to a year of them for counts too large to ever finish.
  const minutes = Math.min(count / chatterPerMinute, 365 * 24 * 60);
  const waves: WaveSpec[] = [];
  for (let m = 120, i = 0; m < minutes; m += 360, i++) {
    const brand = brands[i % brands.length] as DemoBrand;
    waves.push({ brand: brand.id, start: at(start.toISOString(), m), peakPerMinute: 300, apologyAfterMinutes: 120 });
  }
  return { seed, start, limit: count, brands, chatterPerMinute, waves };
}

/** A large scenario for the benchmark, streamed: nothing is kept once it has been yielded. */
export function benchScenario(
  count = 200_000,
  brands: readonly DemoBrand[] = BENCH_BRANDS,
  seed = 7,
): Generator<Post, void, undefined> {
  return generateScenario(benchOptions(count, brands, seed));
}
