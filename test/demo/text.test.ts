import { describe, expect, it } from 'vitest';
import { BENCH_BRANDS, DEMO_LANGS, spellingsOf } from '../../tools/demo/brands.js';
import { slugify, weiboBid } from '../../tools/demo/ids.js';
import { createRandom } from '../../tools/demo/random.js';
import { TEMPLATES, POST_KINDS, type Template } from '../../tools/demo/templates/index.js';
import { article, fill, mentionsBrand, shortPost, type TextContext } from '../../tools/demo/text.js';

const random = createRandom(11);

function contexts(): TextContext[] {
  return BENCH_BRANDS.flatMap((brand) =>
    DEMO_LANGS.flatMap((lang) =>
      POST_KINDS.map((kind) => ({ brand, lang, kind, product: brand.products[lang][0] as string, random, otherUser: () => '小王' })),
    ),
  );
}

describe('demo templates', () => {
  it('fill every placeholder of every template, for every brand and language', () => {
    for (const ctx of contexts()) {
      const lists: (readonly Template[])[] = [TEMPLATES[ctx.lang].posts[ctx.kind]];
      if (ctx.kind !== 'apology') {
        lists.push(TEMPLATES[ctx.lang].articles.titles[ctx.kind], TEMPLATES[ctx.lang].articles.paragraphs[ctx.kind]);
      }
      for (const t of lists.flat()) {
        const text = fill(typeof t === 'string' ? t : t[1], ctx);
        expect(text).not.toMatch(/[{}]/);
        expect(text).not.toMatch(/ {2}/);
      }
    }
  });

  it('makes short posts and articles that name the brand', () => {
    for (const ctx of contexts()) {
      for (let i = 0; i < 20; i++) {
        const post = shortPost(ctx, ctx.lang === 'zh' && i % 2 === 0 ? 'weibo' : 'twitter');
        expect(mentionsBrand(post, ctx.brand), post).toBe(true);
        const { title, text } = article(ctx);
        expect(title.length).toBeGreaterThan(5);
        expect(mentionsBrand(text, ctx.brand), text).toBe(true);
      }
    }
  });

  it('elides French "de" and capitalises a sentence that opens on a product', () => {
    const aurore = BENCH_BRANDS.find((b) => b.id === 'aurore');
    if (!aurore) throw new Error('aurore is a bench brand');
    const ctx: TextContext = { brand: aurore, lang: 'fr', kind: 'chatter', product: 'la crème de nuit', random, otherUser: () => '' };
    expect(fill('{product} de Aurore', ctx)).toBe('La crème de nuit d’Aurore');
  });

  it('rejects an unknown placeholder', () => {
    const ctx = contexts()[0] as TextContext;
    expect(() => fill('hello {nobody}', ctx)).toThrow(/\{nobody\}/);
  });

  it('lists every spelling a config must watch, in three scripts', () => {
    const balenciaga = BENCH_BRANDS[0];
    if (!balenciaga) throw new Error('no brands');
    expect(spellingsOf(balenciaga)).toEqual(expect.arrayContaining(['巴黎世家', 'BALENCIAGA', '#Balenciaga', 'Balenciaga']));
  });
});

describe('platform ids', () => {
  it('turns a Weibo mid into its base62 bid', () => {
    expect(weiboBid('3501756485200075')).toBe('z0JH2lOMb');
    expect(weiboBid('5000000000000001')).toMatch(/^[0-9a-zA-Z]{9}$/);
  });

  it('slugifies Latin titles and falls back for Chinese ones', () => {
    expect(slugify('Northwind sent me a beige fridge. I ordered green.', 'p1')).toBe(
      'northwind-sent-me-a-beige-fridge-i-ordered-green',
    );
    expect(slugify('Les excuses de Balenciaga passées au crible', 'p2')).toBe('les-excuses-de-balenciaga-passees-au-crible');
    expect(slugify('巴黎世家事件始末', 'p3')).toBe('p3');
  });
});
