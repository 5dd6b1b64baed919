/**
 * Made-up brand names for the latency and scale benches: pronounceable, distinct, no real brand,
 * and no name inside another (a matcher must tell "Kalomi" from "Kalomira").
 */
const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'te', 'vo', 'zu', 'pe', 'sa', 'di'];

/** The n-th name: four syllables, so up to 10,000 distinct names of the same length. */
export function brandName(n: number): string {
  let name = '';
  let rest = n;
  for (let i = 0; i < 4; i++) {
    name += SYLLABLES[rest % SYLLABLES.length] as string;
    rest = Math.floor(rest / SYLLABLES.length);
  }
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** Brand ids as config keys: `b0001`. */
export function brandId(n: number): string {
  return `b${String(n).padStart(4, '0')}`;
}
