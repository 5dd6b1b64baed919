/**
 * A classify thread (node:worker_threads), started by ClassifyPool: its own classifier chain, its
 * own Redis connections and its own BullMQ worker on the classify queue. It runs the same stage
 * as the main thread does (src/queues/stages/classify.ts): posts are counted by the same Lua
 * script, one SET NX per post, so several threads and processes count each post once.
 *
 * Started by the pool, it has its settings as workerData. Started ahead of the configuration
 * (src/queues/classify-prestart.ts), it loads its modules while the main thread loads its own; a
 * `prepare` message may then name the configured languages, whose lexicon scorers it prepares
 * (the slow part of building a chain: natural's vocabularies and stems, jieba's tables) before
 * its settings come in an `init` message.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { Queue, type Job } from 'bullmq';
import { buildClassifierChain } from '../classifiers/pipeline.js';
import type { ClassifierChain } from '../classifiers/classifier.js';
import { LexiconSentiment } from '../classifiers/sentiment-lexicon.js';
import type { ClassifyThreadInit, FromThread, ToThread } from './classify-protocol.js';
import { JOB_DEFAULTS } from './definitions.js';
import { QueueWorker } from './queue-worker.js';
import type { ClassifyJob, EvaluateJob, FinishedJob } from './jobs.js';
import { connect } from '../redis.js';
import { classifyStage } from './stages/classify.js';
import { JOB_LOCK_MS, STALLED_CHECK_MS } from './worker-settings.js';

const port = parentPort;
if (!port) throw new Error('classify-thread.js runs as a worker thread (started by ClassifyPool)');
const send = (m: FromThread) => port.postMessage(m);
let prepared: LexiconSentiment | undefined;
let init = workerData as ClassifyThreadInit | undefined;
while (!init) {
  const m = await nextMessage(port);
  if (m.type === 'prepare') prepared = new LexiconSentiment({ languages: m.languages });
  else if (m.type === 'init') init = m.init;
  else throw new Error(`a prestarted classify thread expected its settings first, not "${m.type}"`);
}

function nextMessage(from: MessagePort): Promise<ToThread> {
  return new Promise((resolve) => from.once('message', resolve));
}

// The configured languages it was told are taken as prepared, the others built now. Dropped after:
// a language it was told and the configuration no longer names (a reload in between) is garbage.
let chain: ClassifierChain = buildClassifierChain({ ...init.classifiers, preparedLexicon: prepared });
prepared = undefined;
const redis = connect(init.redisUrl);
const workerConnection = redis.duplicate();
for (const c of [redis, workerConnection]) c.on('error', (err: Error) => send({ type: 'log', level: 'warn', message: 'redis connection error', fields: { err: err.message } }));
const evaluate = new Queue<EvaluateJob>('evaluate', { connection: redis, prefix: init.prefix, defaultJobOptions: JOB_DEFAULTS.evaluate });
const stage = classifyStage({
  redis,
  prefix: init.prefix,
  chain: () => chain,
  evaluate: init.evaluateOnClassify ? evaluate : undefined,
  windows: init.windows,
  onScored: init.scoredSummaries ? (summary) => send({ type: 'scored', summary }) : undefined,
});
const worker = new QueueWorker<ClassifyJob>('classify', (job) => stage(job.data), {
  connection: workerConnection,
  prefix: init.prefix,
  concurrency: init.concurrency,
  autorun: false,
  lockDuration: JOB_LOCK_MS,
  stalledInterval: STALLED_CHECK_MS,
  name: init.workerName,
});

/** The job as the hooks see it: its posts stay here (the hooks read enqueuedAt and the returned counts). */
function finished(job: Job<ClassifyJob>): FinishedJob {
  return {
    id: job.id,
    name: job.name,
    data: { sourceId: job.data.sourceId, enqueuedAt: job.data.enqueuedAt },
    processedOn: job.processedOn,
    finishedOn: job.finishedOn,
    attemptsMade: job.attemptsMade,
    returnvalue: job.returnvalue,
    opts: { attempts: job.opts.attempts },
  };
}

worker.on('completed', (job) => send({ type: 'finished', job: finished(job) }));
worker.on('failed', (job, err) => {
  send({ type: 'log', level: 'warn', message: 'classify job failed', fields: { queue: 'classify', job: job?.id, attempts: job?.attemptsMade, err: err.message } });
  if (job) send({ type: 'finished', job: finished(job), error: { name: err.name, message: err.message } });
});
worker.on('error', (err) => send({ type: 'log', level: 'error', message: 'classify worker error', fields: { queue: 'classify', err: err.message } }));

let closing: Promise<void> | undefined;
port.on('message', (m: ToThread) => {
  if (m.type === 'reconfigure') {
    // Built before the swap: a job in flight finishes with the chain it started with.
    chain = buildClassifierChain(m.classifiers);
    worker.concurrency = m.concurrency;
  } else if (m.type === 'close') {
    closing ??= (async () => {
      await worker.close();
      await evaluate.close();
      await Promise.all([redis, workerConnection].map((c) => c.quit().catch(() => c.disconnect())));
      port.close();
    })();
  }
});

await Promise.all([worker.waitUntilReady(), evaluate.waitUntilReady()]);
worker.run().catch((err: Error) => {
  if (!closing) send({ type: 'log', level: 'error', message: 'classify worker stopped', fields: { queue: 'classify', err: err.message } });
});
send({ type: 'ready' });
