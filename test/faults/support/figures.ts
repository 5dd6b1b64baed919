import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';

/** What one fault test did and found; summed over the suite and printed at the end of the run. */
export interface FaultFigures {
  /** Vigie processes started. */
  runs?: number;
  /** Vigie processes killed with SIGKILL. */
  kills?: number;
  /** Redis servers stopped and started again under a running daemon. */
  redisRestarts?: number;
  /** Posts fed through the pipeline. */
  posts?: number;
  /** Posts counted more than once in the windows. */
  duplicates?: number;
  /** Posts never counted. */
  lost?: number;
  /** Notifications delivered (lines in the alert files, requests the stand-ins accepted). */
  notifications?: number;
  /** Notification keys delivered more than once. */
  sentTwice?: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    faultFiguresFile: string;
  }
}

/** Adds a test's figures to the suite's tally (a file the global teardown reads). */
export function recordFigures(f: FaultFigures): void {
  appendFileSync(inject('faultFiguresFile'), `${JSON.stringify(f)}\n`);
}
