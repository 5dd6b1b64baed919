import type { VigieProcess } from '../../ops/support/vigie.js';

/**
 * Awaits `wait`; when it fails, fails with the end of the daemon's log too. A wait that timed out
 * once in CI with nothing kept (2026-12-04, 2026-12-05) now says what the daemon was doing.
 */
export async function withDaemonLog(vigie: VigieProcess, wait: Promise<void>, chars = 8000): Promise<void> {
  try {
    await wait;
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\nthe daemon's log, last lines:\n${vigie.stderr().slice(-chars)}`);
  }
}
