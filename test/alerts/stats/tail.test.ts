import { describe, expect, it } from 'vitest';
import { logGamma, pmf, upperTail } from '../../../src/alerts/stats/tail.js';

const poisson = (mean: number) => ({ mean, size: Infinity });

describe('count tails', () => {
  it('ln Γ matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 8);
  });

  it('Poisson upper tails match closed forms', () => {
    expect(upperTail(0, poisson(3))).toBe(1);
    expect(upperTail(1, poisson(1))).toBeCloseTo(1 - Math.exp(-1), 14);
    // P(X ≥ 5 | 2) = 1 − 7e⁻²
    expect(upperTail(5, poisson(2))).toBeCloseTo(1 - 7 * Math.exp(-2), 14);
    // Far in the tail: P(X ≥ 20 | 0.5) is dominated by its first term, 0.5^20 e^-0.5 / 20!
    const first = (0.5 ** 20 * Math.exp(-0.5)) / 2432902008176640000;
    expect(upperTail(20, poisson(0.5)) / first).toBeGreaterThan(1);
    expect(upperTail(20, poisson(0.5)) / first).toBeLessThan(1.03);
    // A large mean: the tail at the mean is about one half, a bit above (the mean itself counts).
    const mid = upperTail(10_000, poisson(10_000));
    expect(mid).toBeGreaterThan(0.5);
    expect(mid).toBeLessThan(0.51);
  });

  it('negative binomial tails match the geometric closed form (size 1)', () => {
    for (const mean of [0.1, 2, 40]) {
      const q = mean / (1 + mean);
      for (const k of [1, 3, 10, 60]) {
        expect(upperTail(k, { mean, size: 1 }) / q ** k).toBeCloseTo(1, 10);
      }
    }
  });

  it('negative binomial with a huge size is Poisson, and a small size has a heavier tail', () => {
    expect(upperTail(9, { mean: 3, size: 1e9 })).toBeCloseTo(upperTail(9, poisson(3)), 8);
    expect(upperTail(9, { mean: 3, size: 2 })).toBeGreaterThan(upperTail(9, poisson(3)) * 10);
  });

  it('large means (incomplete gamma and beta) agree with the sums just below the switch', () => {
    // The same distributions summed directly: pmf by recurrence from 0.
    const summed = (k: number, m: { mean: number; size: number }) => {
      let s = 0;
      for (let j = 0; j < k; j++) s += pmf(j, m);
      return 1 - s;
    };
    for (const m of [poisson(45), { mean: 45, size: 3 }, { mean: 300, size: 20 }]) {
      for (const k of [30, 45, 60, 90]) expect(upperTail(k, m)).toBeCloseTo(summed(k, m), 9);
    }
    // Deep tails keep their relative precision: the geometric closed form at a large mean.
    expect(upperTail(2000, { mean: 100, size: 1 }) / (100 / 101) ** 2000).toBeCloseTo(1, 8);
    // Poisson(1000): P(X ≥ 1100) ≈ 0.00088 (normal approximation with continuity, 3.146σ, is 0.00083).
    const p = upperTail(1100, poisson(1000));
    expect(p).toBeGreaterThan(0.0008);
    expect(p).toBeLessThan(0.001);
  });

  it('probabilities add up to one', () => {
    for (const m of [poisson(4.2), { mean: 4.2, size: 0.7 }]) {
      let s = 0;
      for (let k = 0; k < 400; k++) s += pmf(k, m);
      expect(s).toBeCloseTo(1, 10);
      expect(upperTail(3, m)).toBeCloseTo(1 - pmf(0, m) - pmf(1, m) - pmf(2, m), 12);
    }
  });
});
