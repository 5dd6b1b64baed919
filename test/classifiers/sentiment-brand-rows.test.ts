import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseBrandSentimentSet, readBrandSentimentSet } from '../../src/classifiers/sentiment/brand-sets.js';
import { classesOf, loadRows } from '../../src/classifiers/sentiment/dataset.js';
import { decodeModel } from '../../src/classifiers/sentiment/model.js';
import { MIN_BRAND_POSTS_PER_LABEL } from '../../tools/train/brand-band.js';
import { BRAND_WEIGHTS, judgeWeights, pickBrandWeight } from '../../tools/train/brand-weight.js';
import { trainLanguage } from '../../tools/train/language.js';

const line = (lang: string, label: string, text: string) => JSON.stringify({ lang, label, text });
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'sentiment');

describe('labelled brand posts for sentiment (test/fixtures/sentiment)', () => {
  it('reads a set and names the file and line of a bad row', () => {
    expect(parseBrandSentimentSet(`${line('fr', 'neu', 'Ouvert dimanche ?')}\n\n`, 'a.jsonl')).toEqual([{ lang: 'fr', label: 'neu', text: 'Ouvert dimanche ?' }]);
    expect(() => parseBrandSentimentSet(`${line('fr', 'neu', 'ok')}\n{oops`, 'a.jsonl')).toThrow(InputError);
    expect(() => parseBrandSentimentSet(`${line('fr', 'neu', 'ok')}\n{oops`, 'a.jsonl')).toThrow(/^a\.jsonl:2: not JSON/);
    expect(() => parseBrandSentimentSet(line('ja', 'pos', 'いいね'), 'b.jsonl')).toThrow(/b\.jsonl:1: "lang" must be one of en, fr, zh, de/);
    expect(() => parseBrandSentimentSet(line('en', 'positive', 'good'), 'c.jsonl')).toThrow(/c\.jsonl:1: "label" must be pos, neu or neg/);
    expect(() => parseBrandSentimentSet(line('en', 'pos', '  '), 'd.jsonl')).toThrow(/d\.jsonl:1: "text" must be a non-empty string/);
  });

  it('holds sets that parse, each language with every label and as many praise posts as complaints', async () => {
    const files = (await readdir(FIXTURES)).filter((f) => f.endsWith('.jsonl'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const rows = await readBrandSentimentSet(join(FIXTURES, f));
      const counts: Record<string, number> = {};
      for (const r of rows) counts[`${r.lang}:${r.label}`] = (counts[`${r.lang}:${r.label}`] ?? 0) + 1;
      // A set may hold one language (the Chinese ones of 3 December, evening) or three.
      const langs = [...new Set(rows.map((r) => r.lang))].sort();
      expect(Object.keys(counts).sort(), f).toEqual(langs.flatMap((l) => [`${l}:neg`, `${l}:neu`, `${l}:pos`]));
      for (const l of langs) expect(counts[`${l}:pos`], `${f}: ${JSON.stringify(counts)}`).toBe(counts[`${l}:neg`]);
      expect(new Set(rows.map((r) => r.text)).size, f).toBe(rows.length);
    }
  });
});

describe('posts about brands in the sentiment training (npm run train)', () => {
  /** A folder as test/fixtures/sentiment holds them: a development set, a hard and a held-out one, a README. */
  async function brandDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'vigie-brand-rows-'));
    await writeFile(
      join(dir, 'development-x.jsonl'),
      [line('zh', 'pos', '用了三个月，没毛病，推荐'), line('zh', 'neu', '请问星禾的电水壶有保温功能吗？'), line('zh', 'neg', '第三次了，还是没人回复'), line('fr', 'pos', 'Vendeuse adorable, je recommande.')].join('\n'),
    );
    await writeFile(join(dir, 'hard-x.jsonl'), line('zh', 'pos', '这条只用来评判'));
    await writeFile(join(dir, 'heldout-x.jsonl'), line('zh', 'pos', '这条也只用来评判'));
    await writeFile(join(dir, 'README.md'), '# not a set\n');
    return dir;
  }

  it('gives each language the development sets’ posts, never a hard or held-out set’s', async () => {
    const dir = await brandDir();
    expect((await loadRows('cmn', { brand: dir })).map((r) => [r.source, r.label, r.lang])).toEqual([
      ['brand', 'pos', 'cmn'],
      ['brand', 'neu', 'cmn'],
      ['brand', 'neg', 'cmn'],
    ]);
    expect((await loadRows('fra', { brand: dir })).map((r) => r.normalized)).toEqual(['vendeuse adorable, je recommande.']);
    expect(await loadRows('deu', { brand: dir })).toEqual([]);
    await expect(loadRows('cmn', { brand: join(dir, 'missing') })).rejects.toThrow(/missing: cannot read the folder of posts about brands/);
  });

  it('keeps a language two-class when only brand posts are neutral (Chinese), three-class when people’s are', () => {
    const row = (source: 'train' | 'brand', label: 'pos' | 'neu' | 'neg') => ({ source, label, text: 'x', normalized: 'x', lang: 'cmn' });
    expect(classesOf([row('train', 'pos'), row('train', 'neg'), row('brand', 'neu')])).toEqual(['neg', 'pos']);
    expect(classesOf([row('train', 'pos'), row('train', 'neu'), row('brand', 'neg')])).toEqual(['neg', 'neu', 'pos']);
  });

  it('chooses the hyper-parameters on people’s rows, then learns from both', async () => {
    const train = await mkdtemp(join(tmpdir(), 'vigie-brand-train-'));
    const people = ['pos\t今天天气真好，心情很棒', 'neg\t又堵车了，烦死了', 'pos\t这家面馆好吃到哭', 'neg\t手机又摔坏了，倒霉', 'pos\t周末去爬山，开心', 'neg\t加班到半夜，累'];
    await writeFile(join(train, 'sentiment_zh.tsv'), `label\ttext\n${people.join('\n')}\n`);
    const alone = await trainLanguage('cmn', { train }, { seed: 13, folds: 2 });
    const both = await trainLanguage('cmn', { train, brand: await brandDir() }, { seed: 13, folds: 2 });
    expect(both.classes).toEqual(['neg', 'pos']);
    expect(both.params).toEqual(alone.params);
    const header = decodeModel(both.bytes, 'sentiment-cmn.bin').header;
    // Six people's rows and three brand posts read; the neutral one is not among the classes.
    expect(header.training.rows).toEqual({ 'train:pos': 3, 'train:neg': 3, 'brand:pos': 1, 'brand:neu': 1, 'brand:neg': 1 });
    expect(header.neutral).toEqual(decodeModel(alone.bytes, 'sentiment-cmn.bin').header.neutral);
    expect(both.bytes.equals(alone.bytes)).toBe(false);
    // Three brand posts are too few to weigh: they count as people's rows do.
    expect(both.brandWeight).toBe(1);
    expect(both.brandWeighing).toBeUndefined();
    expect(header.training.brandWeight).toBe(1);
    expect(header.training.brandWeights).toBeUndefined();
  });

  it('reads the neutral band off the brand posts once each label has enough of them', async () => {
    const train = await mkdtemp(join(tmpdir(), 'vigie-brand-band-'));
    const people = ['pos\t今天天气真好，心情很棒', 'neg\t又堵车了，烦死了', 'pos\t这家面馆好吃到哭', 'neg\t手机又摔坏了，倒霉', 'pos\t周末去爬山，开心', 'neg\t加班到半夜，累'];
    await writeFile(join(train, 'sentiment_zh.tsv'), `label\ttext\n${people.join('\n')}\n`);
    const dir = await mkdtemp(join(tmpdir(), 'vigie-brand-band-rows-'));
    const posts = Array.from({ length: MIN_BRAND_POSTS_PER_LABEL }, (_, i) => [
      line('zh', 'pos', `第${i + 1}次在星禾买了，好用，推荐，开心`),
      line('zh', 'neg', `第${i + 1}次投诉星禾了，还是没人回复，太差了`),
      line('zh', 'neu', `请问星禾${i + 1}号门店周末几点开门？`),
    ]).flat();
    await writeFile(join(dir, 'development-x.jsonl'), posts.join('\n'));
    const trained = await trainLanguage('cmn', { train, brand: dir }, { seed: 13, folds: 2 });
    const header = decodeModel(trained.bytes, 'sentiment-cmn.bin').header;
    expect(header.neutral?.rule).toBe(`middle of the bands within one standard error of the best balanced accuracy (neg, neu, pos) over ${3 * MIN_BRAND_POSTS_PER_LABEL} posts about brands, each scored out of fold (5 folds)`);
    expect(header.neutral?.low).toBe(trained.brandBand?.band.low);
    expect(header.neutral?.high).toBe(trained.brandBand?.band.high);
    // What the band was chosen over is reported beside what people's band made of the same scores.
    expect(trained.brandBand?.posts).toBe(3 * MIN_BRAND_POSTS_PER_LABEL);
    expect(trained.brandBand?.before.balancedAccuracy).toBeGreaterThan(0);
    // Enough posts of each label to weigh them: every weight measured, the choice follows the rule,
    // and the band is the one read at the weight chosen.
    const weighing = trained.brandWeighing;
    expect(weighing?.scores.map((w) => w.weight)).toEqual([...BRAND_WEIGHTS]);
    expect(trained.brandWeight).toBe(pickBrandWeight(weighing?.scores ?? []));
    expect(trained.brandBand).toBe(weighing?.band);
    expect(header.training.brandWeight).toBe(trained.brandWeight);
    expect(header.training.brandWeights).toEqual(weighing?.scores);

    // One neutral post fewer than needed: the band calibrated on people's rows, as before.
    await writeFile(join(dir, 'development-x.jsonl'), posts.filter((p) => !p.includes('"neu"') || !p.includes('星禾1号')).join('\n'));
    const fewer = await trainLanguage('cmn', { train, brand: dir }, { seed: 13, folds: 2 });
    expect(fewer.brandBand).toBeUndefined();
    expect(decodeModel(fewer.bytes, 'sentiment-cmn.bin').header.neutral?.rule).toMatch(/^Platt-calibrated P\(pos\)/);
  });
});

describe('how much a post about a brand weighs in training (tools/train/brand-weight.ts)', () => {
  const score = (weight: number, brand: number, people: number, peopleHeldOut?: number) => ({ weight, brand, people, ...(peopleHeldOut !== undefined ? { peopleHeldOut } : {}) });

  it('takes the weight that reads the brand posts best while people’s posts keep their accuracy', () => {
    // 1,000 people's rows at 80%: one standard error is 1.26 points.
    const judged = judgeWeights([score(1, 0.7, 0.8), score(2, 0.73, 0.795), score(4, 0.76, 0.79), score(8, 0.78, 0.78)], 1000, 0);
    expect(judged.map((j) => j.keepsPeople)).toEqual([true, true, true, false]);
    expect(pickBrandWeight(judged)).toBe(4);
  });

  it('judges people’s held-out accuracy too, each against its own value at weight 1', () => {
    // Cross-validation keeps every weight; trained on the training file, the development file loses 2.8 points at 8 and 2.0 at 4.
    const judged = judgeWeights([score(1, 0.7, 0.821, 0.802), score(2, 0.731, 0.823, 0.791), score(4, 0.76, 0.824, 0.782), score(8, 0.764, 0.819, 0.774)], 1400, 1000);
    expect(judged.map((j) => j.keepsPeople)).toEqual([true, true, false, false]);
    expect(pickBrandWeight(judged)).toBe(2);
  });

  it('stays at 1 when no heavier weight reads the brand posts better, and takes the smaller of two equal ones', () => {
    expect(pickBrandWeight(judgeWeights([score(1, 0.7, 0.8), score(2, 0.7, 0.8), score(4, 0.69, 0.8)], 1000, 0))).toBe(1);
    expect(pickBrandWeight(judgeWeights([score(4, 0.75, 0.8), score(1, 0.7, 0.8), score(2, 0.75, 0.8)], 1000, 0))).toBe(2);
    // A weight that costs people's posts is not taken however well it reads brand posts.
    expect(pickBrandWeight(judgeWeights([score(1, 0.7, 0.8), score(8, 0.95, 0.7)], 1000, 0))).toBe(1);
  });

  it('names what is missing', () => {
    expect(() => judgeWeights([score(2, 0.7, 0.8)], 1000, 0)).toThrow(/no measure at weight 1/);
  });
});
