import { describe, expect, it } from 'vitest';
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import type { ScoredPost } from '../../src/types.js';
import { SUITE_BRANDS, suiteConfig } from '../../tools/scenarios/brands.js';
import { EVERYWHERE, generatePosts, type Flow, type TextKind } from '../../tools/scenarios/writer.js';
import { namesSuiteBrand, readWaveTexts, waveTextsFrom } from '../../tools/scenarios/wave-texts.js';
import { parseCrisisSet } from '../../tools/eval/crisis-sets.js';

/**
 * The suite's posts are what they claim to be, as the real classifiers read them: the backtest
 * judges rules on these labels, so a "crisis" post without a crisis term, or an "ordinary complaint"
 * with one, would make the suite judge the wrong thing.
 */
const config = suiteConfig();
const chain = buildClassifierChain({ brands: config.brands, languages: config.languages });
const START = Date.parse('2026-03-10T08:00:00Z');

function posts(kind: TextKind, brand = SUITE_BRANDS.arcadia, notTheBrand = false): { scored: ScoredPost[]; brand: string } {
  const flow: Flow = { label: kind, brand, rate: () => 4, kinds: [[kind, 1]], platforms: EVERYWHERE, notTheBrand };
  return { scored: [...generatePosts(11, START, START + 150 * 60_000, [flow])].map((p) => chain.classify(p.post)), brand: brand.id };
}

const share = (xs: ScoredPost[], f: (p: ScoredPost) => boolean) => xs.filter(f).length / xs.length;
const SEVERE = ['boycott', 'discrimination', 'violence', 'safety'];
const severe = (p: ScoredPost) => p.crisis.categories.some((c) => SEVERE.includes(c));

describe('scenario texts, read by the classifiers', () => {
  it.each([
    ['boycott', SUITE_BRANDS.lune, ['boycott', 'discrimination']],
    ['safety', SUITE_BRANDS.arcadia, ['safety']],
    ['allergy', SUITE_BRANDS.camelia, ['safety']],
  ] as const)('%s posts name the brand, are not positive, and carry their crisis category', (kind, brand, categories) => {
    const { scored } = posts(kind, brand);
    expect(scored.length).toBeGreaterThan(400);
    expect(share(scored, (p) => p.brands.includes(brand.id))).toBeGreaterThan(0.97);
    expect(share(scored, (p) => p.crisis.categories.some((c) => (categories as readonly string[]).includes(c)))).toBeGreaterThan(0.9);
    // The sentiment models have a neutral class: a factual report of a recall or an allergy is often
    // neutral rather than negative. Detection of these crises rests on the category; what matters
    // for the negative metrics is that more of them read negative than positive, and few positive.
    // (Before the Chinese model's neutral band was learned, it read about a quarter of the safety
    // posts as positive: weibo2018 has almost no product-safety vocabulary, so its scores for them
    // sit near the middle, where the calibrated band now says neutral; docs/sentiment.md.)
    const neg = share(scored, (p) => p.sentiment.label === 'neg');
    const pos = share(scored, (p) => p.sentiment.label === 'pos');
    expect(neg).toBeGreaterThan(0.4);
    expect(neg).toBeGreaterThan(pos);
    expect(pos).toBeLessThan(0.15);
  });

  it('customer-service anger is negative and service-only: no boycott, discrimination, violence or safety terms', () => {
    const { scored } = posts('service', SUITE_BRANDS.pixel);
    expect(share(scored, (p) => p.brands.includes('pixel'))).toBeGreaterThan(0.97);
    expect(share(scored, severe)).toBe(0);
    expect(share(scored, (p) => p.sentiment.label === 'neg')).toBeGreaterThan(0.7);
  });

  it('ordinary complaints are negative, never with a category that can page', () => {
    const { scored } = posts('grumble', SUITE_BRANDS.kestrel);
    expect(share(scored, severe)).toBe(0);
    // No crisis term either; the crisis model (trained on 4 December) reads one template ("Waited
    // ages in the queue and they had nothing in my size") as a service complaint at 0.525: 3%.
    expect(share(scored, (p) => p.crisis.terms.length > 0)).toBe(0);
    expect(share(scored, (p) => p.crisis.categories.length > 0)).toBeLessThan(0.05);
    expect(share(scored, (p) => p.sentiment.label === 'neg')).toBeGreaterThan(0.6);
  });

  it('launch excitement is positive without any crisis term', () => {
    const { scored } = posts('launch', SUITE_BRANDS.aurore);
    expect(share(scored, (p) => p.crisis.categories.length > 0)).toBe(0);
    expect(share(scored, (p) => p.sentiment.label === 'pos')).toBeGreaterThan(0.7);
  });

  it("namesake posts are full of crisis words and ruled out by the brand's exclude", () => {
    const { scored } = posts('namesake', SUITE_BRANDS.northwind, true);
    expect(share(scored, (p) => p.crisis.categories.length > 0)).toBeGreaterThan(0.9);
    expect(share(scored, (p) => p.brands.includes('northwind'))).toBe(0);
  });
});

describe('--everyday: people’s own posts in place of a share of the ordinary ones', () => {
  const rows = {
    zh: ['今天加班到十点，累炸了', '这部电影真的绝了'],
    en: ['this playlist is the bomb', 'killing it at the gym today'],
    fr: ['ce concert était une tuerie', 'journée de dingue au boulot'],
  };
  const flows = (kind: TextKind): Flow[] => [{ label: kind, brand: SUITE_BRANDS.lune, rate: () => 4, kinds: [[kind, 1]], platforms: EVERYWHERE }];
  const END = START + 120 * 60_000;
  const everydayText = (text: string) => Object.values(rows).some((list) => list.some((r) => text.endsWith(r)));

  it('replaces about the share asked for, names the brand, and keeps times, authors and platforms', () => {
    const plain = [...generatePosts(5, START, END, flows('chatter'))].map((p) => p.post);
    const mixed = [...generatePosts(5, START, END, flows('chatter'), { everyday: { share: 0.5, rows } })].map((p) => p.post);
    expect(mixed.map((p) => [p.publishedAt, p.author?.id, p.platform])).toEqual(plain.map((p) => [p.publishedAt, p.author?.id, p.platform]));
    const replaced = mixed.filter((p) => everydayText(p.text));
    expect(replaced.length / mixed.length).toBeGreaterThan(0.4);
    expect(replaced.length / mixed.length).toBeLessThan(0.6);
    expect(share(replaced.map((p) => chain.classify(p)), (p) => p.brands.includes('lune'))).toBe(1);
  });

  it('leaves crisis waves alone', () => {
    const wave = [...generatePosts(5, START, END, flows('boycott'), { everyday: { share: 1, rows } })].map((p) => p.post);
    expect(wave.filter((p) => everydayText(p.text))).toEqual([]);
  });
});

describe('--wave-texts: crisis posts told in other writers’ words', () => {
  // A labelled set as the fixtures hold them: every language, crisis posts of several categories,
  // a post with two, an ordinary one (never used).
  const set = parseCrisisSet(
    [
      { lang: 'zh', want: ['boycott'], text: '会员卡已经剪了，以后一分钱都不会再花在这家。' },
      { lang: 'zh', want: ['safety'], text: '孩子用了两天，脸上起了一片红疹，医生说是接触性皮炎。' },
      { lang: 'zh', want: ['discrimination', 'violence'], text: '保安把说方言的阿姨推出门外，还骂她乡下人。' },
      { lang: 'zh', want: ['service'], text: '退款申请第四十天，电话永远占线。' },
      { lang: 'en', want: ['boycott'], text: 'Cancelled my membership today. Not one more dollar.' },
      { lang: 'en', want: ['safety'], text: 'The charger melted on my nightstand at 3am. Smoke everywhere.' },
      { lang: 'en', want: ['discrimination'], text: 'They told my friend in a wheelchair the table was reserved. It was not.' },
      { lang: 'en', want: ['service'], text: 'Six weeks, nine emails, zero refund.' },
      { lang: 'en', want: [], text: 'Does the kettle switch off by itself when it boils?' },
      { lang: 'fr', want: ['boycott'], text: "J'ai vidé mon panier et supprimé l'appli. Terminé pour moi." },
      { lang: 'fr', want: ['safety'], text: 'Mon fils a eu les lèvres gonflées dix minutes après le goûter.' },
      { lang: 'fr', want: ['violence'], text: "Le vigile a plaqué un ado contre la vitrine pour un ticket de caisse." },
      { lang: 'fr', want: ['service'], text: 'Troisième appel, troisième promesse de rappel, toujours rien.' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n'),
    'set.jsonl',
  );
  const wave = waveTextsFrom(set, ['set.jsonl']);
  const END = START + 120 * 60_000;
  const flows = (kind: TextKind): Flow[] => [
    { label: kind, brand: SUITE_BRANDS.camelia, rate: () => 3, kinds: [[kind, 1]], platforms: EVERYWHERE, langs: { twitter: [['en', 1], ['fr', 1], ['zh', 1]] } },
  ];

  it('puts a labelled post of the kind’s categories and language in place of every crisis post, the brand named, and keeps times, authors and platforms', () => {
    for (const [kind, categories] of [['allergy', ['safety']], ['boycott', ['boycott']], ['crisis', ['discrimination', 'violence', 'boycott']], ['service', ['service']]] as const) {
      const plain = [...generatePosts(7, START, END, flows(kind))].map((p) => p.post);
      const told = [...generatePosts(7, START, END, flows(kind), { wave })];
      expect(told.map((p) => [p.post.publishedAt, p.post.collectedAt, p.post.author?.id, p.post.platform])).toEqual(plain.map((p) => [p.publishedAt, p.collectedAt, p.author?.id, p.platform]));
      for (const { post } of told) {
        const row = set.find((r) => post.text.endsWith(r.text));
        expect(row, post.text).toBeDefined();
        expect(row?.want.some((c) => (categories as readonly string[]).includes(c)), post.text).toBe(true);
        expect(chain.classify(post).brands, post.text).toContain('camelia');
        // Weibo and WeChat are Chinese; a post keeps the language it was drawn in.
        if (post.platform === 'weibo' || post.platform === 'wechat') expect(row?.lang).toBe('zh');
      }
      expect(new Set(told.map((p) => p.post.text)).size, kind).toBeGreaterThan(1);
    }
  });

  it('leaves ordinary posts, launches and namesakes alone', () => {
    for (const kind of ['chatter', 'complaint', 'grumble', 'launch'] as const) {
      const plain = [...generatePosts(7, START, END, flows(kind))].map((p) => p.post.text);
      expect([...generatePosts(7, START, END, flows(kind), { wave })].map((p) => p.post.text)).toEqual(plain);
    }
  });

  it('leaves out crisis posts that name a brand of the suite, which would make its bystanders false alarms', () => {
    // Writers who never saw the suite invent brands too; one of them may be called Kestrel.
    const named = parseCrisisSet(
      [
        { lang: 'en', want: ['safety'], text: 'The seatbelt latch of my Kestrel Voyager popped open on the motorway.' },
        { lang: 'fr', want: ['boycott'], text: 'Plus jamais #Kestrel, on rend les cartes de fidélité.' },
        { lang: 'en', want: [], text: 'Kestrel Voyager or a Lumen frame for the road trip?' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
      'named.jsonl',
    );
    const namesBrand = namesSuiteBrand();
    expect(named.map((r) => namesBrand(r.text))).toEqual([true, true, true]);
    expect(set.some((r) => namesBrand(r.text))).toBe(false);
    const told = waveTextsFrom([...set, ...named], ['set.jsonl', 'named.jsonl'], namesBrand);
    // The crisis posts are counted; the ordinary one was never a candidate.
    expect(told.leftOut).toBe(2);
    for (const kind of ['allergy', 'boycott'] as const) {
      for (const { post } of generatePosts(7, START, END, flows(kind), { wave: told })) {
        expect(chain.classify(post).brands, post.text).toEqual(['camelia']);
      }
    }
    // Without the check the same posts are drawn, and some of them name kestrel beside camelia.
    const unchecked = waveTextsFrom([...set, ...named], ['set.jsonl', 'named.jsonl']);
    expect(unchecked.leftOut).toBe(0);
    const brandsTold = [...generatePosts(7, START, END, flows('allergy'), { wave: unchecked })].map(({ post }) => chain.classify(post).brands);
    expect(brandsTold.some((b) => b.includes('kestrel'))).toBe(true);
  });

  it('refuses a set without a post for a kind in some language, and names what is missing', async () => {
    expect(() => waveTextsFrom(set.filter((r) => !(r.lang === 'fr' && r.want.includes('service'))), ['a.jsonl'])).toThrow(/a\.jsonl: no labelled post for service \(service\) in fr/);
    await expect(readWaveTexts(['/nonexistent/set.jsonl'])).rejects.toThrow(/--wave-texts: cannot read \/nonexistent\/set\.jsonl/);
  });
});
