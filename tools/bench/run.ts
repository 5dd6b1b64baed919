/**
 * `npm run bench`: Vigie against bare BullMQ on the local Redis, in one run.
 *
 *   1. writes the bench scenario (200,000 posts about six brands, plus the paced phase's posts);
 *   2. the classifier chain alone, in this process;
 *   3. bare BullMQ in a child process: one job per post, a worker that does nothing;
 *   4. the daemon in a child process: start time, a warm-up at full speed, a paced phase at the
 *      bare BullMQ rate (latency at the goal load), then 200,000 posts at full speed (throughput,
 *      latency at saturation, round trips), its peak RSS;
 *   5. Redis memory left under the run's prefix, per stored post; then everything is removed.
 *
 * Progress goes to stderr, the table then one JSON line to stdout. Options: --posts N,
 * --bare-jobs N, --warmup-posts N (posts each side runs before anything is timed, 20,000; 0: none),
 * --paced-seconds N, --chain-posts N, --paced-rate N (posts/s released in the paced phase instead
 * of the best bare rate: latency at a load below the pipeline's capacity), --profile (a CPU profile
 * of the daemon child: its top self-time functions are printed, the .cpuprofile file is kept;
 * --profile-dir DIR says where), --daemon-flags="FLAGS" (Node flags for the daemon's process, e.g.
 * --daemon-flags="--max-old-space-size=160"), --malloc-arena-max N|default (the daemon child's
 * MALLOC_ARENA_MAX; the environment's, else the Docker image's 2: allocator.ts. Bare BullMQ runs
 * in this process's environment, as its users run it).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connect, ensureRedis } from '../../src/redis.js';
import { cleanPrefixKeys } from '../../src/clean-prefix.js';
import { childEnv, mallocArenaMax } from './allocator.js';
import { measureChain } from './chain.js';
import { benchConfig } from './config.js';
import { hotFunctions, newestProfiles } from './profile.js';
import { bareSettings, runChild, startBareHelpers, stopChildren } from './children.js';
import type { BareResult, PipelineResult } from './protocol.js';
import { prefixMemory } from './redis-memory.js';
import { bareLabel, checkGoals, formatTable, jsonLine, phase, type BenchReport } from './report.js';
import { writeScenarioFile } from './scenario-file.js';
import { Progress } from './progress.js';

interface Options {
  posts: number;
  bareJobs: number;
  warmupPosts: number;
  pacedSeconds: number;
  chainPosts: number;
  /** The paced phase's rate (posts/s) when told; else the best bare BullMQ rate (the goal load). */
  pacedRate?: number;
  /** Where the daemon child's CPU profile goes, when asked for one. */
  profileDir?: string;
  /** Node flags for the daemon child (e.g. a heap limit), as a deployment would give them. */
  daemonFlags: string[];
  /** Posts per collect tick at full speed, and the classify backlog that holds the next tick back. */
  page: number;
  maxInFlight: number;
  /** Posts per classify job (the daemon's `batchSize`, 500 unless told). */
  batch: number;
  /** Classify threads of the daemon; the configuration's `auto` unless told. */
  classifyThreads?: number;
  /** MALLOC_ARENA_MAX of the daemon child; undefined: glibc's default. */
  mallocArenaMax?: string;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      posts: { type: 'string', default: '200000' },
      'bare-jobs': { type: 'string', default: '40000' },
      'warmup-posts': { type: 'string', default: String(WARMUP_POSTS) },
      'paced-seconds': { type: 'string', default: '15' },
      'chain-posts': { type: 'string', default: '20000' },
      'paced-rate': { type: 'string' },
      profile: { type: 'boolean', default: false },
      'profile-dir': { type: 'string' },
      'daemon-flags': { type: 'string', default: '' },
      page: { type: 'string', default: String(PAGE) },
      batch: { type: 'string', default: String(BATCH) },
      'max-in-flight': { type: 'string', default: String(MAX_IN_FLIGHT) },
      'classify-threads': { type: 'string' },
      'malloc-arena-max': { type: 'string' },
    },
  });
  const whole = (name: string, text: string, min: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} takes a whole number ≥ ${min}, got "${text}"`);
    return n;
  };
  return {
    posts: whole('posts', values.posts, 1000),
    bareJobs: whole('bare-jobs', values['bare-jobs'], 100),
    warmupPosts: whole('warmup-posts', values['warmup-posts'], 0),
    pacedSeconds: whole('paced-seconds', values['paced-seconds'], 0),
    chainPosts: whole('chain-posts', values['chain-posts'], 100),
    pacedRate: values['paced-rate'] === undefined ? undefined : whole('paced-rate', values['paced-rate'], 1),
    page: whole('page', values.page, 1),
    batch: whole('batch', values.batch, 1),
    maxInFlight: whole('max-in-flight', values['max-in-flight'], 1),
    daemonFlags: values['daemon-flags'].split(/\s+/).filter(Boolean),
    classifyThreads: values['classify-threads'] === undefined ? undefined : whole('classify-threads', values['classify-threads'], 0),
    mallocArenaMax: mallocArenaMax(values['malloc-arena-max']),
    profileDir: values.profile || values['profile-dir'] ? resolve(values['profile-dir'] ?? join(tmpdir(), `vigie-bench-profile-${Date.now()}`)) : undefined,
  };
}

/**
 * Posts each side runs before anything is timed: bare BullMQ through its workers at each setting,
 * the daemon at full speed. The classify thread's code is compiled while it runs (its first 20,000
 * posts go about a fifth slower than the next): judged cold, the paced phase that follows measured
 * the daemon's first seconds, not the steady state a daemon that runs for days is in.
 */
const WARMUP_POSTS = 20_000;
/**
 * The scenario holds posts for this rate over the paced phase's seconds, and never more than
 * PACED_MAX_POSTS for it: 15 s up to 25,000 posts/s. (Until 4 December the phase took at most 10,000
 * posts a second and 60,000 in all, which cut it to under 4 s once bare BullMQ, timed warm, ran at
 * 16,000 posts/s: too short for a growing queue to show in the latency.)
 */
const PACED_MAX_RATE = 25_000;
const PACED_MAX_POSTS = 400_000;
/** The pipeline's shape: posts per classify job, per collect tick, and the classify backlog bound. */
const BATCH = 500;
const PAGE = 1000;
const MAX_IN_FLIGHT = 3000;
const SWEEP_EVERY_MS = 5000;

async function main(): Promise<number> {
  const o = options(process.argv.slice(2));
  const started = Date.now();
  const loadAverage = loadavg()[0] ?? 0;
  const progress = new Progress(process.stderr);
  const redisHandle = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { info: (_o, m) => progress.note(m) });
  const redis = connect(redisHandle.url);
  // Short, as a deployment's `vigie` is: every key of every post carries it, and a long prefix
  // would add its length to the Redis memory measured per post.
  const prefix = `vb-${randomBytes(3).toString('hex')}`;
  const dir = await mkdtemp(join(tmpdir(), 'vigie-bench-'));
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      progress.note(`removing the run's keys (${prefix}:*)`);
      await cleanPrefixKeys(redis, prefix).catch((err: Error) => progress.note(`could not clean ${prefix}: ${err.message}`));
      await redis.quit();
      await redisHandle.stop();
      await rm(dir, { recursive: true, force: true, maxRetries: 2 }).catch(() => {});
    })());
  // Interrupted (Ctrl-C, or SIGINT/SIGTERM to this process alone): the child is stopped first, so
  // that nothing writes under the prefix once it is being removed.
  const interrupt = () => {
    interrupted = true;
    progress.note('interrupted: stopping, removing what the run wrote');
    void stopChildren()
      .then(cleanup)
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const serverInfo = await redis.info('server');
    const redisVersion = /redis_version:(\S+)/.exec(serverInfo)?.[1] ?? '?';
    const pacedMax = Math.min(PACED_MAX_POSTS, o.pacedSeconds * PACED_MAX_RATE);

    const total = o.warmupPosts + pacedMax + o.posts;
    progress.step(`writing the scenario: ${total.toLocaleString('en')} posts about six brands`);
    const scenario = await writeScenarioFile(join(dir, 'bench.jsonl'), total, (n) => progress.count(n, total, 'posts'));
    const config = benchConfig({ redisUrl: redisHandle.url, prefix, alertsFile: join(dir, 'alerts.jsonl'), scenarioFile: scenario.path });

    progress.step(`classifier chain alone, in this process: ${o.chainPosts.toLocaleString('en')} posts`);
    const classify = await measureChain(config, scenario.path, o.chainPosts);
    progress.done(`${Math.round(classify.postsPerSecond).toLocaleString('en')} posts/s`);

    const settings = bareSettings(cpus().length);
    progress.step(
      `bare BullMQ: ${o.bareJobs.toLocaleString('en')} jobs, one per post, no-op workers, at ${settings.length} settings` +
        (o.warmupPosts > 0 ? ` (each after ${o.warmupPosts.toLocaleString('en')} untimed)` : ''),
    );
    const bareRuns: BareResult[] = [];
    for (const [i, setting] of settings.entries()) {
      const bareTask = { redisUrl: redisHandle.url, prefix: `${prefix}:bare${i}`, concurrency: setting.concurrency };
      const helpers = setting.helpers > 0 ? await startBareHelpers(bareTask, setting.helpers, process.env) : undefined;
      try {
        const run = await runChild<BareResult>(
          { mode: 'bare', ...bareTask, scenario, jobs: o.bareJobs, warmupJobs: o.warmupPosts, helpers: setting.helpers },
          progress,
          process.env,
        );
        bareRuns.push(run.result);
        progress.note(`${bareLabel(run.result)}: ${Math.round(run.result.postsPerSecond).toLocaleString('en')} posts/s`);
      } finally {
        await helpers?.stop();
      }
    }
    const bare = { result: bestOf(bareRuns) };
    progress.done(`best: ${bareLabel(bare.result)}, ${Math.round(bare.result.postsPerSecond).toLocaleString('en')} posts/s`);

    const rate = o.pacedRate ?? Math.max(1, Math.round(bare.result.postsPerSecond));
    progress.step(
      `the daemon: ${o.warmupPosts > 0 ? `${o.warmupPosts.toLocaleString('en')} posts to warm up, ` : ''}${o.pacedSeconds > 0 ? `${o.pacedSeconds} s paced at ${rate.toLocaleString('en')} posts/s, then ` : ''}` +
        `${o.posts.toLocaleString('en')} posts at full speed`,
    );
    const pipeline = await runChild<PipelineResult>(
      {
        mode: 'pipeline',
        redisUrl: redisHandle.url,
        prefix,
        scenario,
        alertsFile: join(dir, 'alerts.jsonl'),
        batchSize: o.batch,
        sweepEveryMs: SWEEP_EVERY_MS,
        warmup: o.warmupPosts > 0 ? { posts: o.warmupPosts, page: o.page, maxInFlight: Math.max(o.maxInFlight, o.page) } : undefined,
        paced: o.pacedSeconds > 0 ? { postsPerSecond: rate, seconds: o.pacedSeconds, maxPosts: pacedMax } : undefined,
        full: { posts: o.posts, page: o.page, maxInFlight: Math.max(o.maxInFlight, o.page) },
        classifyThreads: o.classifyThreads,
      },
      progress,
      // The daemon as deployed: the Docker image's malloc setting (allocator.ts). Bare BullMQ keeps
      // this process's environment: with two arenas it ran no faster (docs/performance.md).
      childEnv(o.mallocArenaMax),
      [...o.daemonFlags, ...(o.profileDir ? ['--cpu-prof', '--cpu-prof-dir', o.profileDir] : [])],
    );
    const full = phase(pipeline.result, 'full');
    progress.done(`${Math.round(full?.postsPerSecond ?? 0).toLocaleString('en')} posts/s at full speed`);

    progress.step('Redis memory under the run prefix');
    const memory = await prefixMemory(redis, prefix, (n) => progress.count(n, undefined, 'keys'));
    progress.done(`${memory.keys.toLocaleString('en')} keys`);

    const profileFiles = o.profileDir ? await newestProfiles(o.profileDir).catch(() => []) : [];
    const partial: Omit<BenchReport, 'goals'> = {
      prefix,
      machine: { cpus: cpus().length, node: process.versions.node, redis: redisVersion, date: new Date().toISOString().slice(0, 10), daemonFlags: o.daemonFlags.join(' '), mallocArenaMax: o.mallocArenaMax ?? null, loadAverage, loadAverageAtEnd: loadavg()[0] ?? 0 },
      bare: bare.result,
      bareRuns,
      pipeline: { ...pipeline.result, ratioToBare: (full?.postsPerSecond ?? 0) / bare.result.postsPerSecond, startMs: pipeline.startMs ?? Number.NaN },
      classify,
      memory: { ...memory, perPostBytes: memory.posts > 0 ? memory.bytes / memory.posts : Number.NaN },
      profile:
        profileFiles.length > 0 ? await Promise.all(profileFiles.map(async (p) => ({ thread: p.thread, file: p.file, top: await hotFunctions(p.file) }))) : undefined,
      totalMs: Date.now() - started,
    };
    const report: BenchReport = { ...partial, goals: checkGoals(partial) };
    progress.finish(`done in ${Math.round(report.totalMs / 1000)} s${profileFiles.length > 0 ? `; CPU profiles kept in ${o.profileDir}` : ''}`);
    process.stdout.write(`${formatTable(report)}\n\n${jsonLine(report)}\n`);
    return 0;
  } finally {
    await cleanup();
  }
}

/** The fastest bare run: the baseline the pipeline is compared with. */
function bestOf(runs: readonly BareResult[]): BareResult {
  return runs.reduce((best, r) => (r.postsPerSecond > best.postsPerSecond ? r : best));
}

let interrupted = false;

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (interrupted) return;
    process.stderr.write(`\nbench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
