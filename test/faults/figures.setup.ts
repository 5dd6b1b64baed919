import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { FaultFigures } from './support/figures.js';

/**
 * Gives the fault tests a file to record their figures in, and prints the suite's totals as one
 * plain line at the end of the run (CI shows it), e.g.
 * `faults: runs 12, kills 2, redis restarts 1, posts 30000, duplicates 0, lost 0, notifications 9, sent twice 0`.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-fault-figures-'));
  const file = join(dir, 'figures.jsonl');
  project.provide('faultFiguresFile', file);
  return () => {
    const total: Required<FaultFigures> = { runs: 0, kills: 0, redisRestarts: 0, posts: 0, duplicates: 0, lost: 0, notifications: 0, sentTwice: 0 };
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    for (const line of lines) {
      const f = JSON.parse(line) as FaultFigures;
      for (const k of Object.keys(total) as (keyof FaultFigures)[]) total[k] += f[k] ?? 0;
    }
    process.stdout.write(
      `\nfaults: runs ${total.runs}, kills ${total.kills}, redis restarts ${total.redisRestarts}, posts ${total.posts}, ` +
        `duplicates ${total.duplicates}, lost ${total.lost}, notifications ${total.notifications}, sent twice ${total.sentTwice}` +
        ` (from ${lines.length} recorded test${lines.length === 1 ? '' : 's'})\n`,
    );
    rmSync(dir, { recursive: true, force: true });
  };
}
