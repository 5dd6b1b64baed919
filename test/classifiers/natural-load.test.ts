import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';

/** natural's index pulls in these storage back-ends; the chain must load none of them. */
const BACKENDS = /[\\/]node_modules[\\/](pg|mongoose|redis|memjs|mongodb)[\\/]/;
/** natural's SentimentAnalyzer module parses every language's vocabulary; the chain reads only its languages' files. */
const OTHER_VOCABULARIES = /[\\/]natural[\\/]lib[\\/]natural[\\/]sentiment[\\/](SentimentAnalyzer\.js|(Basque|Catalan|Galician|Dutch|Italian|Portuguese)[\\/])/;

describe('loading the classifier chain', () => {
  it('loads natural without its database back-ends and prints nothing', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    const { buildClassifierChain } = await import('../../src/classifiers/pipeline.js');
    const chain = buildClassifierChain({ brands: [], languages: ['cmn', 'eng', 'fra', 'spa', 'deu'] });
    for (const text of ['I love it', "J'adore", '我很喜欢', 'Me encanta', 'Ich liebe es']) {
      chain.classify({
        id: 'x:1',
        platform: 'ingest',
        sourceId: 's',
        url: '',
        author: { id: 'a', name: 'a' },
        text,
        publishedAt: '2026-01-01T00:00:00Z',
        collectedAt: '2026-01-01T00:00:00Z',
      });
    }
    const cache = Object.keys(createRequire(import.meta.url).cache);
    expect(cache.some((file) => /[\\/]natural[\\/]lib[\\/]natural[\\/]sentiment[\\/]/.test(file))).toBe(true);
    expect(cache.filter((file) => BACKENDS.test(file))).toEqual([]);
    expect(cache.filter((file) => OTHER_VOCABULARIES.test(file))).toEqual([]);
    expect(cache.some((file) => file.endsWith('senticon_en.json'))).toBe(true);
    expect(write).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it("would see them if natural's index were loaded (the check above can fail)", () => {
    const script = `require('natural'); const re = ${BACKENDS}; console.log(Object.keys(require.cache).some((f) => re.test(f)));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: process.cwd() });
    expect(r.stdout.trim().split('\n').pop()).toBe('true');
  });

  it("would see the other languages' vocabularies if natural's SentimentAnalyzer were loaded", () => {
    const script = `require('natural/lib/natural/sentiment/SentimentAnalyzer.js'); const re = ${OTHER_VOCABULARIES}; console.log(Object.keys(require.cache).filter((f) => re.test(f)).length);`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: process.cwd() });
    expect(Number(r.stdout.trim().split('\n').pop())).toBeGreaterThan(5);
  });
});
