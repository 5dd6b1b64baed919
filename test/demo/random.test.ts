import { describe, expect, it } from 'vitest';
import { createRandom } from '../../tools/demo/random.js';

const take = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('createRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = take(100, a.next);
    expect(take(100, b.next)).toEqual(seqA);
    expect(take(100, c.next)).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('forks independent generators that depend only on the seed and the label', () => {
    const a = createRandom(7);
    a.next();
    const forkAfterUse = take(5, a.fork('ids').next);
    expect(take(5, createRandom(7).fork('ids').next)).toEqual(forkAfterUse);
    expect(take(5, createRandom(7).fork('posts').next)).not.toEqual(forkAfterUse);
  });

  it('draws integers in range, honours weights and picks from lists', () => {
    const r = createRandom(1);
    const ints = take(2_000, () => r.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    const picks: string[] = Array.from({ length: 2_000 }, () => r.weighted<string>([['a', 1], ['never', 0], ['b', 3]]));
    expect(picks).not.toContain('never');
    const share = picks.filter((p) => p === 'b').length / picks.length;
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(0.8);
    expect(() => r.pick([])).toThrow(RangeError);
    expect(() => r.weighted([['x', 0]])).toThrow(RangeError);
    expect(() => createRandom(1.5)).toThrow(/integer/);
  });

  it('draws Poisson counts with the right mean, small and large', () => {
    const r = createRandom(3);
    for (const mean of [0.5, 4, 12, 80, 250]) {
      const draws = take(4_000, () => r.poisson(mean));
      const avg = draws.reduce((s, x) => s + x, 0) / draws.length;
      expect(Math.abs(avg - mean) / mean).toBeLessThan(0.06);
      expect(draws.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    }
    expect(r.poisson(0)).toBe(0);
  });
});
