/**
 * What the benchmark and its child processes say to each other over the IPC channel of
 * `child_process.fork`. The child gets its task as JSON in argv and reports back with messages.
 */
import type { RoundTripCounts } from './round-trips.js';
import type { ScenarioFile } from './scenario-file.js';

export interface BareTask {
  mode: 'bare';
  redisUrl: string;
  prefix: string;
  /** The posts are read from here, one job per post, so the payload is the pipeline's. */
  scenario: ScenarioFile;
  jobs: number;
  /**
   * Jobs run through the same workers before the timed ones, and left out of every figure: the
   * daemon gets as many posts to warm up on (JIT, connections, BullMQ's scripts), so both sides
   * are measured in their steady state.
   */
  warmupJobs: number;
  concurrency: number;
  /** Worker processes running beside this one on the same queue (started by the bench). */
  helpers: number;
}

/** A helper worker process of a bare run: works on the queue until told to stop. */
export interface BareWorkerTask {
  mode: 'bare-worker';
  redisUrl: string;
  prefix: string;
  concurrency: number;
}

export interface PacedPhase {
  /** Posts released per second of wall time, whatever the pipeline does (open loop). */
  postsPerSecond: number;
  seconds: number;
  /** Never more posts than this (the file holds them). */
  maxPosts: number;
}

export interface FullSpeedPhase {
  posts: number;
  /** Posts released per collect tick (a page of the source). */
  page: number;
  /** The next page is released only while fewer posts than this wait to be classified. */
  maxInFlight: number;
}

export interface PipelineTask {
  mode: 'pipeline';
  redisUrl: string;
  prefix: string;
  scenario: ScenarioFile;
  alertsFile: string;
  /** Posts per classify job. */
  batchSize: number;
  /** Wall-clock interval of the sweep (the live default is 15 s). */
  sweepEveryMs: number;
  /** Posts at full speed before the paced phase, reported but judged by no goal (JIT warm-up). */
  warmup?: FullSpeedPhase;
  paced?: PacedPhase;
  full: FullSpeedPhase;
  /** Classify threads, overriding the configuration's `auto`. */
  classifyThreads?: number;
}

export type ChildTask = BareTask | BareWorkerTask | PipelineTask;

export interface LatencySummary {
  /** Notifications timed: handed to the channel by an evaluation that a classified page asked for. */
  samples: number;
  p50: number;
  p99: number;
  max: number;
  /**
   * The same notifications' time in each part, ms: page queued → its brand's evaluation starts
   * (classify queue and job, evaluate queue), evaluation start → notification queued, notification
   * queued → handed to the channel.
   */
  parts: Record<'toEvaluation' | 'evaluation' | 'toChannel', { p50: number; p99: number }>;
}

export interface PhaseResult {
  name: 'warmup' | 'paced' | 'full';
  posts: number;
  /** From the first post released to the last stage idle. */
  wallMs: number;
  /** Posts over wallMs: for the paced phase, the rate its backlog drained at, not the load. */
  postsPerSecond: number;
  /** Paced phase: the rate posts were released at (the load the latency is measured under). */
  offeredPostsPerSecond?: number;
  /** CPU time of the daemon process over the phase (user + system). */
  cpuMs: number;
  latency: LatencySummary;
  /** Firing notifications handed to the channel; timed ones; untimed ones (queued by a sweep while no evaluation of their brand ran). */
  notifications: { sent: number; timed: number; untimed: number };
  /** Redis traffic of the daemon (the driver's own commands left out). */
  redis: RoundTripCounts;
  /** INFO commandstats delta over the phase: every command Redis ran, Lua-internal ones included, all clients. */
  serverCommands: number;
  /** The Redis server's CPU time over the phase (INFO cpu, all clients). */
  serverCpuMs: number;
  classifyJobs: number;
  evaluations: number;
  /** Peak RSS of the daemon process so far, at the end of the phase (bytes). */
  peakRssBytes: number;
}

export interface BareResult {
  /** Jobs timed. */
  jobs: number;
  /** Jobs run before the timed ones (left out of every figure). */
  warmupJobs: number;
  wallMs: number;
  postsPerSecond: number;
  cpuMs: number;
  redis: RoundTripCounts;
  serverCommands: number;
  serverCpuMs: number;
  /** Each worker's concurrency, and the worker processes (the producer's own worker included). */
  concurrency: number;
  processes: number;
  /** Jobs the producer's own worker ran (the helpers ran the rest). */
  processedHere: number;
}

export interface PipelineResult {
  phases: PhaseResult[];
  /** Peak resident set size of the daemon process, bytes (getrusage maxrss). */
  peakRssBytes: number;
  /** Resident set size once ready, before any post. */
  readyRssBytes: number;
  /** ms since the child process started: modules loaded, daemon built (plug-ins, classifiers), workers running. */
  marks: { loaded: number; built: number; ready: number };
  incidents: number;
  /** Classify threads the daemon ran (0: classification in its main thread). */
  classifyThreads: number;
  /** MALLOC_ARENA_MAX in the daemon's own environment (null: glibc's default). */
  mallocArenaMax: string | null;
}

export type ChildMessage =
  | { type: 'ready'; marks: { loaded: number; built: number; ready: number } }
  | { type: 'progress'; phase: string; posts: number; total: number }
  | { type: 'bare'; result: BareResult }
  | { type: 'bare-worker-ready' }
  | { type: 'bare-worker'; processed: number }
  | { type: 'pipeline'; result: PipelineResult }
  | { type: 'error'; message: string };
