/**
 * Writes a generated scenario as JSONL, one Post per line in publishedAt order.
 *
 * Regenerate the bundled demo (config/demo/boycott.jsonl) after changing the generator:
 *
 *     npm run tools && node dist-tools/tools/demo/write-scenario.js
 *
 * Write a benchmark replay instead (200,000 posts about six brands by default):
 *
 *     node dist-tools/tools/demo/write-scenario.js --bench 200000 --out /tmp/bench.jsonl
 *
 * `--out -` writes to stdout. A summary goes to stderr.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { BOYCOTT_SCENARIO_PATH } from '../../src/demo-scenario.js';
import { writeJsonl } from './jsonl.js';
import { benchOptions, boycottPhaseOf, BOYCOTT_OPTIONS, generateScenarioItems } from './scenario.js';
import { ScenarioStats } from './stats.js';

const USAGE = 'usage: node dist-tools/tools/demo/write-scenario.js [--bench COUNT] [--out FILE|-]\n';

async function main(argv: string[]): Promise<number> {
  let values: { bench?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { bench: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    process.stderr.write(`write-scenario: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const count = values.bench === undefined ? undefined : Number(values.bench);
  if (count !== undefined && !(Number.isInteger(count) && count > 0)) {
    process.stderr.write(`write-scenario: --bench takes a positive whole number of posts, got "${values.bench}"\n${USAGE}`);
    return 2;
  }
  if (count !== undefined && values.out === undefined) {
    process.stderr.write(`write-scenario: --bench needs --out (the demo file is only for the boycott scenario)\n${USAGE}`);
    return 2;
  }
  const options = count === undefined ? BOYCOTT_OPTIONS : benchOptions(count);
  const stats = new ScenarioStats(count === undefined ? boycottPhaseOf : undefined);
  const target = values.out ?? BOYCOTT_SCENARIO_PATH;
  const progress = (written: number) => {
    if (count !== undefined && written % 50_000 === 0) process.stderr.write(`  ${written.toLocaleString('en')} posts…\n`);
  };

  if (target === '-') {
    await writeJsonl(generateScenarioItems(options), process.stdout, (i) => i.post, (i, n) => (stats.add(i), progress(n)));
  } else {
    // Write beside the target and rename, so an interrupted run never leaves half a scenario.
    await mkdir(dirname(target), { recursive: true });
    const partial = `${target}.partial`;
    const out = createWriteStream(partial);
    try {
      await writeJsonl(generateScenarioItems(options), out, (i) => i.post, (i, n) => (stats.add(i), progress(n)));
      out.end();
      await finished(out);
      await rename(partial, target);
    } catch (err) {
      out.destroy();
      await rm(partial, { force: true });
      throw err;
    }
  }
  process.stderr.write(`wrote ${target === '-' ? 'stdout' : target}\n${stats.format()}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`write-scenario: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
