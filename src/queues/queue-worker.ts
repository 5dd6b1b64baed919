import { Scripts, Worker, raw2NextJobData, type Processor, type WorkerOptions } from 'bullmq';

/**
 * BullMQ's `Scripts.moveToFinished` checks the script's reply with `result < 0`. When the worker
 * fetched its next job in the same call (it does whenever it has room), the reply is an array that
 * holds that job's whole data, and the comparison turns the array into one string and the string
 * into a number, only to compare it with 0: 2.8 ms for a classify page of 500 posts (200 KB),
 * six times the cost of parsing the page's JSON, and 5.6% of the classify thread's time under the
 * bench's load (its CPU profile). Error replies are numbers; this checks only those, and does
 * everything else as BullMQ does.
 */
class FinishScripts extends Scripts {
  /** Gives an existing Scripts object (its queue context and keys kept) this class's behaviour. */
  static adopt(scripts: Scripts): void {
    Object.setPrototypeOf(scripts, FinishScripts.prototype);
  }

  override async moveToFinished(jobId: string, args: (string | number | boolean | Buffer)[]): Promise<unknown[]> {
    const client = await this.queue.client;
    const result = (await this.execCommand(client, 'moveToFinished', args)) as number | unknown[] | undefined;
    if (typeof result === 'number' && result < 0) {
      throw this.finishedErrors({ code: result, jobId, command: 'moveToFinished', state: 'active' });
    }
    // Any other reply as BullMQ takes it: the next job's data, [] for 0, nothing for nothing.
    return (result === undefined ? result : raw2NextJobData(result as unknown[])) as unknown[];
  }
}

/** A BullMQ Worker whose finished jobs do not stringify the next job's data (see FinishScripts). */
export class QueueWorker<Data, Result = unknown> extends Worker<Data, Result> {
  constructor(name: string, processor: Processor<Data, Result>, opts: WorkerOptions) {
    super(name, processor, opts);
    FinishScripts.adopt(this.scripts);
  }
}
