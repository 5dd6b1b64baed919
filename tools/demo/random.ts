/**
 * A seeded pseudo-random generator for the demo scenarios. Math.random cannot be seeded, and the
 * committed scenario file must come out byte for byte the same on every machine, so every random
 * choice the generator makes goes through one of these.
 */

/** One entry of a weighted choice: the value and its relative weight. */
export type Weighted<T> = readonly [value: T, weight: number];

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: readonly Weighted<T>[]): T;
  /** A standard normal deviate (mean 0, deviation 1). */
  normal(): number;
  /** Log-normally distributed around `median`, spread by `sigma` (the deviation of the log). */
  logNormal(median: number, sigma: number): number;
  /** How many events happen in a period where `mean` are expected. */
  poisson(mean: number): number;
  /** An independent generator whose sequence depends only on this one's seed and `label`. */
  fork(label: string): Random;
}

/** FNV-1a over the label's UTF-16 code units: enough to tell forks apart. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32: spreads a small integer seed over all 32 bits. */
function splitmix(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** sfc32 (Small Fast Counter): fast, passes PractRand, 128 bits of state. */
export function createRandom(seed: number): Random {
  if (!Number.isInteger(seed)) throw new TypeError(`createRandom: the seed must be an integer, got ${seed}`);
  const mix = splitmix(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  // Warm up: the first outputs of a fresh state are poorly mixed.
  for (let i = 0; i < 12; i++) next();

  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick: nothing to pick from');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<T>(items: readonly Weighted<T>[]): T {
      let total = 0;
      for (const [, w] of items) total += w;
      if (!(total > 0)) throw new RangeError('weighted: the weights must add up to more than 0');
      let r = next() * total;
      for (const [value, w] of items) {
        r -= w;
        if (r < 0) return value;
      }
      return (items[items.length - 1] as Weighted<T>)[0];
    },
    normal() {
      // Box-Muller; 1 - next() keeps the logarithm away from 0.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    logNormal: (median, sigma) => median * Math.exp(sigma * random.normal()),
    poisson(mean) {
      if (!(mean > 0)) return 0;
      if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.normal()));
      // Knuth: multiply uniforms until the product drops below e^-mean.
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    fork: (label) => createRandom((seed ^ hashLabel(label)) | 0),
  };
  return random;
}
