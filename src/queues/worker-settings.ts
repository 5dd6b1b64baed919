/**
 * Lock and stalled-job settings shared by every BullMQ worker Vigie runs, in the main thread or in
 * a classify thread: a process killed mid-job holds its jobs until their lock expires and a
 * stalled-job check runs, ~20 s at most with these instead of BullMQ's 30 + 30 s.
 */

/**
 * How long a worker's hold on a job lasts without renewal (renewed every half of it). A job's
 * event loop must never be blocked this long, or the job is run again elsewhere: classify jobs of
 * 500 posts take well under a second.
 */
export const JOB_LOCK_MS = 15_000;
/** How often each worker looks for jobs whose holder died (BullMQ's stalled-job check). */
export const STALLED_CHECK_MS = 5_000;
