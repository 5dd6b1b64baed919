/**
 * `npm run scenarios -- --out DIR [--seed N] [--scale X] [--history 1d] [--calm-days 7] [--only a,b]`:
 * writes the backtest suite (see docs/backtest.md). Not part of the package: it is compiled by
 * tools/tsconfig.json into dist-tools/.
 */
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseDuration } from '../../src/duration.js';
import { DEFAULT_SUITE, suite, type SuiteOptions } from './suite.js';
import { readEverydayTexts } from './everyday.js';
import { readWaveTexts } from './wave-texts.js';
import { EVERYDAY_DIR, readDefaultConfig, writeScenario, writeSuiteFiles, type WrittenScenario } from './write.js';

const HELP = `usage: npm run scenarios -- --out DIR [--seed N] [--scale X] [--history DURATION] [--calm-days N] [--only NAME,...]
                             [--everyday SHARE [--everyday-from DIR]] [--wave-texts FILE,...]

Writes the backtest suite to DIR: per scenario NAME.jsonl (posts), NAME.config.yaml (its brands)
and NAME.expect.yaml (what the rules must do), plus baseline.yaml (the 0.1.0 rules) and suite.yaml.
  --seed N        every random draw (default ${DEFAULT_SUITE.seed})
  --scale X       multiplies every volume (default ${DEFAULT_SUITE.scale})
  --history D     calm history before each story (default 1d)
  --calm-days N   length of the calm week (default ${DEFAULT_SUITE.calmDays})
  --only A,B      only these scenarios
  --everyday S    puts people's own posts in place of a share S (0 to 1) of the ordinary posts,
                  the brand's name in front: calm days with the false categories real text brings
  --everyday-from DIR  where they are: sentiment_{zh,en,fr}.tsv (default ${EVERYDAY_DIR})
  --wave-texts F  puts labelled posts (test/fixtures/crisis/*.jsonl) in place of every crisis post,
                  the brand's name in front: waves told in other writers' words
Then: vigie backtest DIR
`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      history: { type: 'string' },
      'calm-days': { type: 'string' },
      only: { type: 'string' },
      everyday: { type: 'string' },
      'everyday-from': { type: 'string', default: EVERYDAY_DIR },
      'wave-texts': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.out) {
    process.stderr.write(`scenarios: name the folder to write with --out\n\n${HELP}`);
    return 2;
  }
  const options: SuiteOptions = {
    seed: values.seed === undefined ? DEFAULT_SUITE.seed : Number(values.seed),
    scale: values.scale === undefined ? DEFAULT_SUITE.scale : Number(values.scale),
    historyMs: values.history === undefined ? DEFAULT_SUITE.historyMs : (parseDuration(values.history) ?? NaN),
    calmDays: values['calm-days'] === undefined ? DEFAULT_SUITE.calmDays : Number(values['calm-days']),
  };
  const bad = [
    !Number.isInteger(options.seed) && '--seed takes a whole number',
    !(options.scale > 0) && '--scale takes a positive number',
    !(options.historyMs >= 0) && '--history takes a duration such as 6h or 1d',
    !(Number.isInteger(options.calmDays) && options.calmDays >= 1) && '--calm-days takes a whole number of days, at least 1',
    values.everyday !== undefined && !(Number(values.everyday) > 0 && Number(values.everyday) <= 1) && '--everyday takes a share above 0 and at most 1',
  ].filter(Boolean);
  if (bad.length > 0) {
    process.stderr.write(`scenarios: ${bad.join('; ')}\n`);
    return 2;
  }
  if (values.everyday !== undefined) options.everyday = await readEverydayTexts(values['everyday-from'], Number(values.everyday));
  if (values['wave-texts'] !== undefined) {
    options.waveTexts = await readWaveTexts(values['wave-texts'].split(',').map((f) => f.trim()).filter(Boolean));
    const n = options.waveTexts.leftOut;
    if (n > 0) {
      process.stderr.write(`--wave-texts: ${n} crisis post${n === 1 ? '' : 's'} left out: ${n === 1 ? 'it names' : 'they name'} a brand of the suite\n`);
    }
  }
  const written = await generateSuite(values.out, options, values.only?.split(',').map((s) => s.trim()), (line) => process.stderr.write(`${line}\n`));
  process.stderr.write(`wrote ${written.length} scenarios to ${values.out}; run: vigie backtest ${values.out}\n`);
  return 0;
}

/** Writes the suite (or the named scenarios of it) to `dir`. */
export async function generateSuite(dir: string, options: SuiteOptions, only?: string[], progress?: (line: string) => void): Promise<WrittenScenario[]> {
  const plans = suite(options);
  if (only) {
    const unknown = only.filter((n) => !plans.some((p) => p.name === n));
    if (unknown.length > 0) throw new Error(`no scenario named ${unknown.join(', ')} (there are ${plans.map((p) => p.name).join(', ')})`);
  }
  await mkdir(dir, { recursive: true });
  const configText = await readDefaultConfig();
  const written: WrittenScenario[] = [];
  for (const plan of plans) {
    if (only && !only.includes(plan.name)) continue;
    const w = await writeScenario(dir, plan, options, configText);
    written.push(w);
    progress?.(`  ${plan.name.padEnd(16)} ${w.posts.toLocaleString('en').padStart(9)} posts  ${Object.entries(w.postsPerDay).map(([b, n]) => `${b} ${n.toLocaleString('en')}/day`).join(', ')}`);
  }
  await writeSuiteFiles(dir, options, written);
  return written;
}
