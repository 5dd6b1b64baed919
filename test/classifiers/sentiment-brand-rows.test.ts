import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseBrandSentimentSet, readBrandSentimentSet } from '../../tools/eval/brand-sentiment-sets.js';

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

  it('holds sets that parse, balanced by language and label', async () => {
    const files = (await readdir(FIXTURES)).filter((f) => f.endsWith('.jsonl'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const rows = await readBrandSentimentSet(join(FIXTURES, f));
      const counts: Record<string, number> = {};
      for (const r of rows) counts[`${r.lang}:${r.label}`] = (counts[`${r.lang}:${r.label}`] ?? 0) + 1;
      const sizes = new Set(Object.values(counts));
      expect(Object.keys(counts).sort(), f).toEqual(['en:neg', 'en:neu', 'en:pos', 'fr:neg', 'fr:neu', 'fr:pos', 'zh:neg', 'zh:neu', 'zh:pos']);
      expect(sizes.size, `${f}: ${JSON.stringify(counts)}`).toBe(1);
      expect(new Set(rows.map((r) => r.text)).size, f).toBe(rows.length);
    }
  });
});
