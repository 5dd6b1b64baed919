/**
 * `npm run bench:classify`: throughput of the whole classifier chain (normalise, language,
 * brands, sentiment, crisis, reach) on one core, in-process. It writes its own posts, a mix
 * like the one Vigie watches: Weibo-style Chinese (some traditional, with topics, Weibo
 * emoticons and Latin brand names), English tweets (hashtags, emoji, negation), French posts,
 * a few short ones. Warms up first (JIT, jieba's dictionary, lazy lexicons), then times
 * several rounds and reports the median. Beside it, in the same run and alternating round by
 * round, the same chain with the lexicon scorer only (no trained model): the difference is what
 * the models (sentiment and crisis) cost on this machine, whatever its speed. Prints a table for
 * people and one JSON line. `--models DIR` times other model files (e.g. a candidate from
 * `npm run train -- --out`).
 */
import { parseArgs } from 'node:util';
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import { crisisModels } from '../../src/classifiers/crisis-model.js';
import { ModelRegistry, MODELS_DIR } from '../../src/classifiers/sentiment/registry.js';
import type { BrandConfig } from '../../src/config/schema.js';
import { createRandom, type Random } from '../demo/random.js';
import type { Post } from '../../src/types.js';

const BRANDS: BrandConfig[] = [
  {
    id: 'balenciaga',
    names: ['Balenciaga', '巴黎世家'],
    aliases: ['巴黎世傢', 'B家'],
    keywords: [],
    exclude: ['Musée Balenciaga', '巴黎世家博物馆'],
    terms: { boycott: ['抵制巴黎世家', 'BoycottBalenciaga'] },
  },
  { id: 'aurore', names: ['Maison Aurore', '奥萝尔'], aliases: ['MaisonAurore'], keywords: [], exclude: [], terms: {} },
  { id: 'northwind', names: ['Northwind', '北风电器'], aliases: [], keywords: [], exclude: ['Northwind Traders'], terms: {} },
];

const ZH_BRANDS = ['巴黎世家', '巴黎世傢', 'Balenciaga', '奥萝尔', '北风电器', 'B家'];
const EN_BRANDS = ['Balenciaga', 'Maison Aurore', 'Northwind', '@Northwind'];
const FR_BRANDS = ['Balenciaga', 'Maison Aurore', 'Northwind'];

const ZH = [
  '#抵制{b}# 中国顾客在店里被推搡，保安还动手，太过分了！[怒][怒]',
  '今天去{b}买了新包，颜值超高，店员服务也很贴心[爱你]',
  '{b}的冰箱送来颜色不对，客服一直不理，投诉无门，真是气死了',
  '不是说{b}不好，只是这次真的很失望，希望能改进吧',
  '據說{b}這次抵製的人很多，門店都沒什麼人了，真的假的？',
  '{b}新品发布会现场太美了，期待下一季！😍😍',
  '没想到{b}也会出这种质量问题，召回吧，有安全隐患',
  '看了{b}的道歉声明，态度还算诚恳，不抵制了',
  '我觉得{b}还行，不算特别好也不算差，就那样吧～',
  '有人说{b}歧视中国人，有图有真相吗？别造谣',
];
const EN = [
  'Never buying from {b} again. Staff were rude and racist to my mom. #Boycott{t}',
  'Just got my order from {b} and I love it!! 😍 best purchase this year',
  '{b} delivered my fridge in the wrong colour and nobody answers the phone. Terrible service.',
  'Not a scam, {b} refunded me within a day. Pretty impressed tbh',
  "I don't hate {b}, but this recall is worrying. Is the kettle safe?",
  'lol {b} really said "limited edition" for the 5th time this month 🙄',
  'Anyone else waiting 3 weeks for a {b} delivery? #fail',
  'Congrats to the {b} team on the new store opening in Lyon! 🎉',
  '{b} stock down 4% after the boycott calls on Weibo',
  'ok',
];
const FR = [
  "Ce n'est pas une arnaque : {b} m'a remboursé en deux jours, bravo 👏",
  'Honte à {b}, des clients bousculés et insultés en boutique. #boycott{t}',
  "Franchement {b} c'est trop bien, j'adore la nouvelle collection !",
  "Commande {b} jamais reçue, service client injoignable depuis une semaine... lamentable",
  "Je ne suis pas déçu par {b}, au contraire, c'est parfait",
  'Rappel conso : {b} retire un lot de bouilloires pour risque de surchauffe',
  '{b} ouvre une boutique à Bordeaux samedi, on y va ?',
  'Pas mal du tout le défilé {b} 😊',
];

function fill(r: Random, template: string, brands: readonly string[]): string {
  const brand = r.pick(brands);
  return template.replaceAll('{b}', brand).replaceAll('{t}', brand.replace(/[^\p{L}]/gu, ''));
}

/** `n` posts: 45% Chinese, 35% English, 20% French, with metrics and platform hints like real ones. */
export function generatePosts(n: number, seed = 42): Post[] {
  const r = createRandom(seed);
  const posts: Post[] = [];
  for (let i = 0; i < n; i++) {
    const kind = r.weighted([
      ['zh', 45],
      ['en', 35],
      ['fr', 20],
    ] as const);
    const text =
      kind === 'zh' ? fill(r, r.pick(ZH), ZH_BRANDS) : kind === 'en' ? fill(r, r.pick(EN), EN_BRANDS) : fill(r, r.pick(FR), FR_BRANDS);
    const platform = kind === 'zh' ? 'weibo' : r.chance(0.7) ? 'twitter' : 'feed';
    const post: Post = {
      id: `${platform}:${i}`,
      platform,
      sourceId: `bench-${platform}`,
      url: `https://example.com/${platform}/${i}`,
      author: { id: `u${r.int(1, 5000)}`, name: 'bench', followers: Math.round(r.logNormal(300, 2)) },
      text,
      publishedAt: '2026-01-01T00:00:00.000Z',
      collectedAt: '2026-01-01T00:00:00.000Z',
      metrics: { likes: r.poisson(12), shares: r.poisson(3), comments: r.poisson(4) },
    };
    if (platform === 'twitter') post.langHint = kind === 'en' ? 'en' : 'fr';
    posts.push(post);
  }
  return posts;
}

interface BenchResult {
  bench: 'classify';
  posts: number;
  rounds: number;
  postsPerSecond: number;
  microsecondsPerPost: number;
  minPostsPerSecond: number;
  maxPostsPerSecond: number;
  setupMs: number;
  node: string;
  /** The same chain with the lexicon scorer only (no trained model), timed in the same run. */
  lexiconOnlyPostsPerSecond: number;
  lexiconOnlyMicrosecondsPerPost: number;
  /** What the trained models add per post: the difference of the two medians. */
  modelMicrosecondsPerPost: number;
  /** Bytes of the model weights the chain loaded. */
  modelBytes: number;
  goalPostsPerSecond: number;
}

/** Issue 13: the whole chain, models included, on one core. */
const GOAL_POSTS_PER_SECOND = 20_000;

const { values: args } = parseArgs({ options: { models: { type: 'string' } } });

/** Median, min and max of rates. */
function summary(rates: readonly number[]): { median: number; min: number; max: number } {
  const sorted = [...rates].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

function main(): void {
  const setupStart = performance.now();
  const registry = new ModelRegistry(args.models ?? MODELS_DIR);
  const crisis = crisisModels(args.models ?? MODELS_DIR);
  const chain = buildClassifierChain({ brands: BRANDS, languages: ['cmn', 'eng', 'fra'], sentimentModels: registry, crisisModels: crisis });
  const posts = generatePosts(20_000);
  const setupMs = performance.now() - setupStart;
  // The same chain without models (sentiment and crisis), so that the models' cost reads on any machine.
  const lexiconOnly = buildClassifierChain({ brands: BRANDS, languages: ['cmn', 'eng', 'fra'], sentimentModels: null, crisisModels: null });

  // Warm-up: JIT, jieba's dictionary, lexicons and models loaded on first use.
  for (let i = 0; i < 2; i++) for (const c of [chain, lexiconOnly]) for (const post of posts) c.classify(post);

  // Rounds alternate between the two chains: a machine that slows down mid-run slows both.
  const rounds = 5;
  const rates: number[] = [];
  const lexiconRates: number[] = [];
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [c, into] of [
      [chain, rates],
      [lexiconOnly, lexiconRates],
    ] as const) {
      const started = performance.now();
      for (const post of posts) sink += c.classify(post).reach;
      into.push(posts.length / ((performance.now() - started) / 1000));
    }
    process.stderr.write(`round ${round + 1}/${rounds}: ${fmt(rates[round] ?? 0)} posts/s, lexicon only ${fmt(lexiconRates[round] ?? 0)} posts/s\n`);
  }
  if (sink === 0) throw new Error('the chain produced nothing');
  const withModels = summary(rates);
  const lexicon = summary(lexiconRates);
  const result: BenchResult = {
    bench: 'classify',
    posts: posts.length,
    rounds,
    postsPerSecond: Math.round(withModels.median),
    microsecondsPerPost: Math.round((1e6 / withModels.median) * 10) / 10,
    minPostsPerSecond: Math.round(withModels.min),
    maxPostsPerSecond: Math.round(withModels.max),
    setupMs: Math.round(setupMs),
    node: process.version,
    lexiconOnlyPostsPerSecond: Math.round(lexicon.median),
    lexiconOnlyMicrosecondsPerPost: Math.round((1e6 / lexicon.median) * 10) / 10,
    modelMicrosecondsPerPost: Math.round((1e6 / withModels.median - 1e6 / lexicon.median) * 10) / 10,
    modelBytes: registry.loaded().bytes + crisis.loaded().bytes,
    goalPostsPerSecond: GOAL_POSTS_PER_SECOND,
  };
  const rows: [string, string][] = [
    ['posts per round', result.posts.toLocaleString('en-US')],
    ['rounds (after 2 warm-up)', `${rounds} per chain, alternating`],
    ['throughput, median', `${fmt(result.postsPerSecond)} posts/s`],
    ['throughput, min .. max', `${fmt(result.minPostsPerSecond)} .. ${fmt(result.maxPostsPerSecond)} posts/s`],
    ['time per post', `${result.microsecondsPerPost} µs`],
    ['lexicon scorer only, median', `${fmt(result.lexiconOnlyPostsPerSecond)} posts/s (${result.lexiconOnlyMicrosecondsPerPost} µs/post; min .. max ${fmt(lexicon.min)} .. ${fmt(lexicon.max)})`],
    ['models cost per post', `${result.modelMicrosecondsPerPost} µs (${Math.round((1 - withModels.median / lexicon.median) * 100)}% of the throughput)`],
    ['model weights in memory', `${(result.modelBytes / 2 ** 20).toFixed(2)} MiB (sentiment ${registry.loaded().langs.join(', ')}; crisis ${crisis.loaded().langs.join(', ')})`],
    ['setup (lexicons, matchers)', `${result.setupMs} ms`],
    ['goal', `≥ ${fmt(GOAL_POSTS_PER_SECOND)} posts/s on one core, models included (issue 13)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`vigie classifier chain, one core, in-process (${process.version})\n`);
  for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
