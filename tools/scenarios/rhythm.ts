/**
 * How many posts a brand gets, minute by minute, when nothing is happening and when something is:
 * a daily rhythm (quiet at night in Europe and China, busiest in the Chinese evening and the
 * European afternoon), busier weekends, hour-to-hour noise that makes the counts overdispersed as
 * real ones are, and the shapes of the waves laid on top.
 */
import { createRandom } from '../demo/random.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Multiplier of the day's mean at UTC hour `h` (fractional): averages 1 over a day. */
export function dailyShape(h: number, amplitude = 1): number {
  return 1 + amplitude * (0.55 * Math.cos((2 * Math.PI * (h - 12)) / 24) + 0.15 * Math.cos((4 * Math.PI * (h - 14)) / 24));
}

/** Saturdays and Sundays are busier for consumer brands. */
export function weeklyShape(t: number): number {
  const day = new Date(t).getUTCDay();
  return day === 0 || day === 6 ? 1.25 : 0.9;
}

/**
 * A lognormal factor per brand and hour (median 1, `sigma` the deviation of its log), the same for
 * the same seed: counts vary more from hour to hour than a Poisson process would.
 */
export function hourlyNoise(seed: number, label: string, sigma: number): (t: number) => number {
  const cache = new Map<number, number>();
  return (t) => {
    const hour = Math.floor(t / HOUR);
    let f = cache.get(hour);
    if (f === undefined) {
      const r = createRandom(seed).fork(`${label}:${hour}`);
      f = Math.exp(sigma * r.normal() - (sigma * sigma) / 2);
      cache.set(hour, f);
    }
    return f;
  };
}

export interface ChatterRhythm {
  perDay: number;
  /** How deep the daily rhythm is: 1 the usual, 0 flat. @default 1 */
  amplitude?: number;
  /** Hour-to-hour noise (sigma of the log). @default 0.25 */
  noise?: number;
  /** A busier hour every `every` hours (a live stream, a TV spot), `factor` times the usual. */
  busyHours?: { every: number; factor: number; offset?: number };
  weekly?: boolean;
}

/** Expected posts per minute at `t` for a brand's ordinary traffic. */
export function chatterRate(seed: number, label: string, r: ChatterRhythm): (t: number) => number {
  const noise = hourlyNoise(seed, label, r.noise ?? 0.25);
  const perMinute = r.perDay / 1440;
  return (t) => {
    const h = (t % DAY) / HOUR;
    let rate = perMinute * dailyShape(h, r.amplitude) * noise(t);
    if (r.weekly !== false) rate *= weeklyShape(t);
    if (r.busyHours) {
      const { every, factor, offset = 0 } = r.busyHours;
      const phase = (((h - offset) % every) + every) % every;
      // One hour in `every`, with ten-minute edges.
      if (phase < 1) rate *= 1 + (factor - 1) * Math.min(1, phase * 6, (1 - phase) * 6);
    }
    return rate;
  };
}

/**
 * A wave: from `startPerMin` at `start`, growing exponentially to `peakPerMin` after `rampMin`
 * minutes (virality), holding for `holdMin`, then decaying with a half-life of `halfLifeMin`.
 */
export interface WaveShape {
  start: number;
  startPerMin: number;
  peakPerMin: number;
  rampMin: number;
  holdMin: number;
  halfLifeMin: number;
}

export function waveRate(w: WaveShape): (t: number) => number {
  return (t) => {
    const m = (t - w.start) / 60_000;
    if (m < 0) return 0;
    if (m < w.rampMin) return w.startPerMin * (w.peakPerMin / w.startPerMin) ** (m / w.rampMin);
    if (m < w.rampMin + w.holdMin) return w.peakPerMin;
    return w.peakPerMin * 0.5 ** ((m - w.rampMin - w.holdMin) / w.halfLifeMin);
  };
}

/** A slow build: linear from `fromPerMin` to `toPerMin` over `overMin` minutes, then steady. */
export function rampRate(start: number, fromPerMin: number, toPerMin: number, overMin: number): (t: number) => number {
  return (t) => {
    const m = (t - start) / 60_000;
    if (m < 0) return 0;
    return fromPerMin + (toPerMin - fromPerMin) * Math.min(1, m / overMin);
  };
}

/** Constant between `from` and `to` (ms), zero elsewhere. */
export function burstRate(from: number, to: number, perMin: number): (t: number) => number {
  return (t) => (t >= from && t < to ? perMin : 0);
}
