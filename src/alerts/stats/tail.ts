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

function logPmf(k: number, m: CountModel): number {
  if (m.mean <= 0) return k === 0 ? 0 : -Infinity;
  if (!Number.isFinite(m.size)) return k * Math.log(m.mean) - m.mean - logGamma(k + 1);
  const r = m.size;
  // ln Γ(k + r) − ln Γ(r) as a sum for moderate k: the difference of two large ln Γ loses digits when r is large.
  let rising = 0;
  if (k < 2000) for (let i = 0; i < k; i++) rising += Math.log(r + i);
  else rising = logGamma(k + r) - logGamma(r);
  return rising - logGamma(k + 1) - r * Math.log1p(m.mean / r) + k * Math.log(m.mean / (r + m.mean));
}

/** pmf(j + 1) / pmf(j). */
function ratio(j: number, m: CountModel): number {
  return Number.isFinite(m.size) ? ((j + m.size) / (j + 1)) * (m.mean / (m.size + m.mean)) : m.mean / (j + 1);
}

/** P(X = k). */
export function pmf(k: number, m: CountModel): number {
  return Math.exp(logPmf(k, m));
}

/** Terms beyond which a sum is cut: the tail left is below 10⁻¹⁶ of what is summed. */
const MAX_TERMS = 1_000_000;

/** P(X ≥ k). Counts below 1 give 1; a zero mean gives 0 for any k ≥ 1. */
export function upperTail(k: number, m: CountModel): number {
  const kk = Math.ceil(k);
  if (kk <= 0) return 1;
  if (m.mean <= 0) return 0;
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
