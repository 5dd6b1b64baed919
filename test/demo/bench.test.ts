import { describe, expect, it } from 'vitest';
import { benchOptions, benchScenario, BENCH_BRANDS, generateScenarioItems } from '../../tools/demo/scenario.js';
import { postProblems } from './post-shape.js';

describe('bench scenario', () => {
  it('streams exactly 200,000 valid posts about several brands, in time order', () => {
    const posts = benchScenario(200_000);
    expect(Array.isArray(posts)).toBe(false);
    let count = 0;
    let previous = '';
    let problems: string[] = [];
    const ids = new Set<string>();
    const byBrand = new Map<string, number>();
    // Labels come from a second, identical run: it checks determinism at scale too.
    const labels = generateScenarioItems(benchOptions(200_000));
    // Plain checks in the loop: 200,000 expect() calls would dominate the test's time.
    for (const post of posts) {
      const label = labels.next();
      if (label.done || label.value.post.id !== post.id) throw new Error(`post ${count} differs between two runs`);
      count++;
      if (post.publishedAt < previous) throw new Error(`post ${count} goes back in time`);
      previous = post.publishedAt;
      ids.add(post.id);
      if (count % 97 === 0) problems = problems.concat(postProblems(post));
      const brand = label.value.brand;
      byBrand.set(brand, (byBrand.get(brand) ?? 0) + 1);
    }
    expect(count).toBe(200_000);
    expect(labels.next().done).toBe(true);
    expect(ids.size).toBe(200_000);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(byBrand.size).toBe(BENCH_BRANDS.length);
    for (const n of byBrand.values()) expect(n).toBeGreaterThan(10_000);
  });

  it('is lazy: the first posts of an endless scenario arrive without generating the rest', () => {
    const posts = benchScenario(Number.MAX_SAFE_INTEGER);
    const first: string[] = [];
    for (const post of posts) {
      first.push(post.id);
      if (first.length === 1_000) break;
    }
    expect(first).toHaveLength(1_000);
  });

  it('takes its count and brands, and refuses a bad count', () => {
    const two = BENCH_BRANDS.slice(0, 2);
    const posts = [...benchScenario(500, two)];
    expect(posts).toHaveLength(500);
    expect([...benchScenario(0)]).toEqual([]);
    expect(() => benchScenario(-1)).toThrow(/count/);
    expect(() => benchScenario(1.5)).toThrow(/count/);
    expect(() => benchScenario(10, [])).toThrow(/brand/);
  });
});
