/**
 * Upper-tail probabilities of count models: how likely `k` or more events are when nothing unusual
 * is happening. Poisson for a steady rate; negative binomial (a Poisson whose rate itself varies, as
 * a Gamma) when counts are noisier than Poisson or the rate is only estimated.
 *
 * Sums of probabilities computed by recurrence, starting from the term at `k` in log space, so tiny
 * tails (10⁻¹²) keep their relative precision instead of vanishing in 1 − CDF.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * A count distribution as a mean and a size (the negative binomial's shape r: variance = mean +
 * mean²/r). `size: Infinity` is the Poisson.
 */
export interface CountModel {
  mean: number;
  size: number;
}

/** Beyond this size the negative binomial is the Poisson to 7 digits, and is computed as one. */
export const POISSON_SIZE = 1e8;

function logPmf(k: number, m: CountModel): number {
  if (m.mean <= 0) return k === 0 ? 0 : -Infinity;
  if (m.size > POISSON_SIZE) return k * Math.log(m.mean) - m.mean - logGamma(k + 1);
  const r = m.size;
  // ln Γ(k + r) − ln Γ(r) as a sum for small k: the difference of two large ln Γ loses digits.
  let rising = 0;
  if (k < 64) for (let i = 0; i < k; i++) rising += Math.log(r + i);
  else rising = logGamma(k + r) - logGamma(r);
  return rising - logGamma(k + 1) - r * Math.log1p(m.mean / r) + k * Math.log(m.mean / (r + m.mean));
}

/** pmf(j + 1) / pmf(j). */
function ratio(j: number, m: CountModel): number {
  return m.size <= POISSON_SIZE ? ((j + m.size) / (j + 1)) * (m.mean / (m.size + m.mean)) : m.mean / (j + 1);
}

/** P(X = k). */
export function pmf(k: number, m: CountModel): number {
  return Math.exp(logPmf(k, m));
}

/** Terms beyond which a sum is cut: the tail left is below 10⁻¹⁶ of what is summed. */
const MAX_TERMS = 1_000_000;

/** Above this mean, tails come from the incomplete gamma and beta functions instead of sums. */
const SUM_UP_TO_MEAN = 40;

/** P(X ≥ k). Counts below 1 give 1; a zero mean gives 0 for any k ≥ 1. */
export function upperTail(k: number, m: CountModel): number {
  const kk = Math.ceil(k);
  if (kk <= 0) return 1;
  if (m.mean <= 0) return 0;
  if (m.mean > SUM_UP_TO_MEAN) {
    // P(X ≥ k) is P(k, mean) (regularized lower incomplete gamma) for the Poisson, and
    // I_q(k, size) with q = mean / (size + mean) for the negative binomial.
    return m.size > POISSON_SIZE ? gammaP(kk, m.mean) : betaI(m.mean / (m.size + m.mean), kk, m.size);
  }
  if (kk > m.mean) {
    // Above the mean the terms fall at least geometrically once past the mode: sum upwards.
    let term = pmf(kk, m);
    if (term === 0) return 0;
    let sum = 0;
    for (let j = kk; j < kk + MAX_TERMS; j++) {
      sum += term;
      term *= ratio(j, m);
      if (term < sum * 1e-17 && ratio(j + 1, m) < 1) break;
    }
    return Math.min(1, sum);
  }
  // At or below the mean the tail is large: 1 − P(X ≤ k − 1), summed downwards from k − 1.
  let term = pmf(kk - 1, m);
  let lower = 0;
  for (let j = kk - 1; j >= 0; j--) {
    lower += term;
    if (term < lower * 1e-17) break;
    term /= ratio(j - 1, m);
  }
  return Math.max(0, 1 - lower);
}

const EPS = 1e-16;
const TINY = 1e-300;

/** Regularized lower incomplete gamma P(a, x) (series below a + 1, continued fraction above). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return Math.min(1, sum * Math.exp(front));
  }
  return Math.max(0, 1 - gammaQContinued(a, x, front));
}

function gammaQContinued(a: number, x: number, front: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(front) * h;
}

/** Regularized incomplete beta I_x(a, b) (Lentz's continued fraction, with the symmetry for x past the mean). */
export function betaI(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return Math.min(1, (Math.exp(front) * betaContinued(x, a, b)) / a);
  return Math.max(0, 1 - (Math.exp(front) * betaContinued(1 - x, b, a)) / b);
}

function betaContinued(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}
