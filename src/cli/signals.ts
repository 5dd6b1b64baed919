/**
 * Calls `onStop` at the first SIGINT or SIGTERM; a second one exits at once, for when a graceful
 * stop hangs. Returns a function that removes the handlers.
 */
export function onShutdownSignal(onStop: (signal: NodeJS.Signals) => void): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`\n${signal} again: exiting now\n`);
      process.exit(130);
    }
    stopping = true;
    process.stderr.write(`\n${signal}: finishing the jobs in flight, then stopping (again to force)\n`);
    onStop(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/**
 * The last resort behind a bounded stop: if the process is still alive `ms` after the stop began
 * (a library holding on to a dead connection), it exits with code 1 and says why. Unref'd, so a
 * stop that finishes in time is not delayed by it.
 */
export function exitIfStillRunningAfter(ms: number): void {
  setTimeout(() => {
    process.stderr.write(`vigie: still stopping ${Math.round(ms / 1000)} s after the signal: exiting now\n`);
    process.exit(1);
  }, ms).unref();
}
