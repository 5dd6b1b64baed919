/**
 * Time as Vigie sees it. Windows, rules and incidents read the clock instead of Date.now(), so a
 * replayed scenario runs in event time and tests move time by hand instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: replay drives it from the posts' publishedAt, tests by hand. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: number | string | Date = 0) {
    this.current = typeof start === 'number' ? start : new Date(start).getTime();
  }

  now(): number {
    return this.current;
  }

  /** Moves to `t` unless that is in the past: event time never runs backwards. */
  advanceTo(t: number | string): void {
    const ms = typeof t === 'number' ? t : Date.parse(t);
    if (ms > this.current) this.current = ms;
  }

  advanceBy(ms: number): void {
    this.current += ms;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The start of the minute that holds `ms`. */
export function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}
