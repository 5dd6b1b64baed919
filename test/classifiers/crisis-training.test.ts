import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { developmentSets, EVERYDAY_WEIGHT, languageRows } from '../../tools/train/crisis-data.js';

const line = (lang: string, want: string[], text: string) => JSON.stringify({ lang, want, text });

describe('what the crisis models learn from (tools/train/crisis-data.ts)', () => {
  it('reads every development set and never a held-out one, and says so when there is none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigie-crisis-rows-'));
    await writeFile(join(dir, 'development-x.jsonl'), [line('en', ['safety'], 'Acme kettle caught fire'), line('zh', [], '艾克美的水壶好用')].join('\n'));
    await writeFile(join(dir, 'heldout-x.jsonl'), line('en', ['boycott'], 'Never buying Acme again, join us'));
    const { files, posts } = await developmentSets(dir);
    expect(files).toEqual(['development-x.jsonl']);
    expect(posts.map((p) => p.text)).toEqual(['Acme kettle caught fire', '艾克美的水壶好用']);
    const empty = await mkdtemp(join(tmpdir(), 'vigie-crisis-rows-'));
    await writeFile(join(empty, 'heldout-only.jsonl'), line('en', [], 'x'));
    await expect(developmentSets(empty)).rejects.toThrow(`${empty}: no development set`);
  });

  it('gives a language its labelled posts at full weight, `none` for ordinary ones, then everyday posts as `none` at a third', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigie-crisis-rows-'));
    await writeFile(join(dir, 'sentiment_en.tsv'), 'label\ttext\npos\tlovely walk in the park today\nneg\tmissed the bus again\n');
    const posts = [
      { lang: 'en' as const, want: ['violence' as const, 'service' as const], text: 'Shoved out of the store while asking for my refund' },
      { lang: 'en' as const, want: [], text: 'This lipstick is killer' },
      { lang: 'fr' as const, want: ['fraud' as const], text: 'Débité deux fois' },
    ];
    const rows = await languageRows('en', posts, dir);
    expect(rows).toEqual([
      { text: 'Shoved out of the store while asking for my refund', classes: ['violence', 'service'], weight: 1, everyday: false },
      { text: 'This lipstick is killer', classes: ['none'], weight: 1, everyday: false },
      { text: 'Acme lovely walk in the park today', classes: ['none'], weight: EVERYDAY_WEIGHT, everyday: true },
      { text: 'Acme missed the bus again', classes: ['none'], weight: EVERYDAY_WEIGHT, everyday: true },
    ]);
    // Without the language's everyday file: the labelled rows alone.
    expect(await languageRows('fr', posts, dir)).toEqual([{ text: 'Débité deux fois', classes: ['fraud'], weight: 1, everyday: false }]);
  });
});
