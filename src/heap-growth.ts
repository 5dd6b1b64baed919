/**
 * How far V8 lets the old generation grow past what survived the last full collection before it
 * collects again. V8 picks that factor itself, up to 4× for a process with a large heap limit:
 * with 30 to 45 MB alive in each of the daemon's isolates (the main thread, each classify
 * thread), each old generation reached 80 MB before a collection, which put the daemon's peak RSS
 * at 445 MB in `npm run bench`. A fixed factor of 1.5 brought it to about 290 MB at the same CPU
 * per post; 1.2 gave about 278 MB but a fifth more CPU per post (more full collections), 1.1 no
 * less memory. docs/performance.md, "Memory", has the runs.
 *
 * A V8 flag, but one V8 reads at every full collection, so the daemon can set it for itself at
 * startup, and it holds for every isolate of the process (threads started later included).
 */
import { setFlagsFromString } from 'node:v8';

/** The old generation may grow this many percent past its live size before the next full collection. */
export const HEAP_GROWING_PERCENT = 50;

const FLAG = '--heap-growing-percent';

/**
 * Sets the factor, unless the process was started with the flag (`node --heap-growing-percent=N`
 * or NODE_OPTIONS): an operator's own choice wins.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  const named = (arg: string) => arg.replace(/_/g, '-').split('=')[0] === FLAG;
  if (execArgv.some(named) || nodeOptions.split(/\s+/).some(named)) return false;
  setFlagsFromString(`${FLAG}=${HEAP_GROWING_PERCENT}`);
  return true;
}
