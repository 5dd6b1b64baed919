import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseCrisisSet, readCrisisSet, scoreSet } from '../../tools/eval/crisis-sets.js';
import { keywordQuery } from '../../tools/eval/keyword-query.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'crisis');

describe('labelled crisis sets (npm run eval:crisis)', () => {
  it('reads every set in test/fixtures/crisis, all three languages and ordinary posts in each', async () => {
    const files = (await readdir(FIXTURES)).filter((f) => f.endsWith('.jsonl'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const posts = await readCrisisSet(join(FIXTURES, file));
      expect(new Set(posts.map((p) => p.lang))).toEqual(new Set(['zh', 'en', 'fr']));
      expect(posts.some((p) => p.want.length === 0)).toBe(true);
    }
  });

  it('names the line and the field of a bad row', () => {
    const bad = '{"lang":"en","want":["boycott"],"text":"ok"}\n{"lang":"en","want":["outrage"],"text":"no such category"}\n';
    expect(() => parseCrisisSet(bad, 'set.jsonl')).toThrow(InputError);
    expect(() => parseCrisisSet(bad, 'set.jsonl')).toThrow(/^set\.jsonl:2: "want" must be a list of categories/);
    expect(() => parseCrisisSet('{"lang":"de","want":[],"text":"x"}', 'a.jsonl')).toThrow(/"lang"/);
  });

  it('counts a crisis post found when one wanted category is found, and ordinary posts given a paging one', () => {
    const posts = parseCrisisSet(
      [
        '{"lang":"en","want":["boycott","discrimination"],"text":"Boycott Acme, their ad is racist"}',
        '{"lang":"en","want":["safety"],"text":"Glass shards in my Acme cereal"}',
        '{"lang":"fr","want":["fraud"],"text":"Acme est une arnaque"}',
        '{"lang":"en","want":[],"text":"A documentary about the Montgomery bus boycott"}',
        '{"lang":"zh","want":[],"text":"今天天气不错"}',
      ].join('\n'),
      'inline',
    );
    const score = scoreSet(posts, keywordQuery());
    expect(score.crisisByLanguage.en).toEqual({ found: 1, of: 2 });
    expect(score.crisisByLanguage.fr).toEqual({ found: 1, of: 1 });
    expect(score.byCategory.boycott).toEqual({ found: 1, of: 1 });
    expect(score.byCategory.discrimination).toEqual({ found: 1, of: 1 });
    expect(score.byCategory.safety).toEqual({ found: 0, of: 1 });
    expect(score.ordinaryPagedByLanguage.en).toEqual({ found: 1, of: 1 });
    expect(score.ordinaryPagedByLanguage.zh).toEqual({ found: 0, of: 1 });
  });
});
