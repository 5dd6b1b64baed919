/**
 * The malloc setting the daemon is deployed with, and so the environment of the bench's daemon.
 *
 * glibc's malloc gives a thread that allocates while another holds the lock an arena of its own (up
 * to eight per core), and keeps what is freed in an arena for that arena's next allocations. The
 * daemon has a dozen threads that allocate (its main thread, the classify threads, V8's and
 * libuv's helpers), and classify pages of a few hundred kilobytes pass through them. With two
 * arenas its peak resident memory through `npm run bench` was 17 MB lower on average (eight
 * alternated pairs) and its CPU a post no higher (docs/performance.md, "Two malloc arenas"). The
 * Docker image sets it (Dockerfile) and docs/operations.md says to; the bench runs its daemon the
 * same way, unless told otherwise.
 */

/** What the Dockerfile's `ENV MALLOC_ARENA_MAX` holds (a test keeps the two the same). */
export const DEPLOYED_MALLOC_ARENA_MAX = '2';

/**
 * The value the bench's daemon gets: the `--malloc-arena-max` option when given (`default`:
 * none, glibc's own choice), else the caller's environment's when set, else the deployed one.
 */
export function mallocArenaMax(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (option === 'default') return undefined;
  if (option !== undefined) {
    if (!/^[1-9]\d*$/.test(option)) throw new Error(`--malloc-arena-max: expected a whole number of arenas or "default", got "${option}"`);
    return option;
  }
  return env.MALLOC_ARENA_MAX ?? DEPLOYED_MALLOC_ARENA_MAX;
}

/** The caller's environment with MALLOC_ARENA_MAX set to `arenas`, or removed when undefined. */
export function childEnv(arenas: string | undefined, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  if (arenas === undefined) delete out.MALLOC_ARENA_MAX;
  else out.MALLOC_ARENA_MAX = arenas;
  return out;
}
