import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../src/classifiers/eval/cv.js';
import { formatCv, formatCvSummary } from '../../src/classifiers/eval/cv-report.js';
import { ConfusionCounter } from '../../src/classifiers/eval/metrics.js';
import { evaluate } from '../../src/classifiers/eval/run.js';
import { decodeEscapes, parseEvalTsv } from '../../src/classifiers/eval/tsv.js';
import { InputError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'eval');
const run = (args: string[]) => runCli(args);

describe('eval files', () => {
  it('decodes \\uXXXX escapes, surrogate pairs included', () => {
    expect(decodeEscapes('I\\u2019m here\\u002c ok \\ud83d\\ude0a')).toBe('I’m here, ok 😊');
    expect(decodeEscapes('C:\\path')).toBe('C:\\path');
  });

  it('tells the task from the header and names a bad header', () => {
    expect(parseEvalTsv('lang\ttext\neng\thello there\n', 'a.tsv').task).toBe('language');
    expect(parseEvalTsv('label\ttext\npos\tgreat\n', 'b.tsv').task).toBe('sentiment');
    expect(() => parseEvalTsv('id\tbody\n', 'c.tsv')).toThrow(InputError);
    expect(() => parseEvalTsv('id\tbody\n', 'c.tsv')).toThrow(/c\.tsv:1/);
  });

  it('skips unreadable lines and says which', () => {
    const file = parseEvalTsv('label\ttext\npos\tgood\nno tab here\n\nneg\t\n', 'd.tsv');
    expect(file.rows).toHaveLength(1);
    expect(file.skipped).toEqual([3, 5]);
  });
});

describe('metrics', () => {
  it('computes accuracy, per-class precision, recall, F1 and the confusion matrix', () => {
    const c = new ConfusionCounter();
    for (const [label, p] of [
      ['pos', 'pos'],
      ['pos', 'pos'],
      ['pos', 'neg'],
      ['neg', 'neg'],
      ['neg', 'neu'],
    ] as const)
      c.add(label, p);
    const s = c.scores(['pos', 'neg']);
    expect(s.accuracy).toBeCloseTo(3 / 5);
    const pos = s.classes[0];
    expect(pos).toMatchObject({ label: 'pos', support: 3, precision: 1, recall: 2 / 3 });
    expect(s.classes[1]).toMatchObject({ label: 'neg', precision: 0.5, recall: 0.5 });
    expect(s.predicted).toEqual(['pos', 'neg', 'neu']);
    expect(s.matrix.neg).toEqual({ pos: 0, neg: 1, neu: 1 });
  });
});

describe('evaluate', () => {
  it('scores language files against the labels, counting arb for ara', () => {
    const file = parseEvalTsv('lang\ttext\nara\tمرحبا بكم في المتجر الجديد اليوم\neng\tThe new store opens today in the city centre\n', 'l.tsv');
    const result = evaluate(file);
    expect(result.languages.sort()).toEqual(['arb', 'eng']);
    expect(result.vigie.scores.accuracy).toBe(1);
    expect(result.vigie.scores.matrix.ara?.ara).toBe(1);
  });

  it('counts a sentiment score of 0 as wrong', () => {
    const file = parseEvalTsv('label\ttext\npos\t@user 12:30 http\n', 'sentiment_en.tsv');
    const result = evaluate(file);
    expect(result.vigie.scores.accuracy).toBe(0);
    expect(result.vigie.coverage).toBe(0);
  });
});

describe('vigie eval (the command)', () => {
  it('prints tables per file and a summary for the labelled fixtures, progress on stderr', async () => {
    const { code, stdout, stderr } = await run(['eval', '--data', FIXTURES]);
    expect(code).toBe(0);
    for (const name of ['langid.tsv', 'sentiment_en.tsv', 'sentiment_fr.tsv', 'sentiment_zh.tsv']) {
      expect(stdout).toContain(`${name}: `);
    }
    expect(stdout).toMatch(/confusion, vigie/);
    expect(stdout).toMatch(/franc, all languages/);
    expect(stdout).toMatch(/natural alone/);
    expect(stdout).toMatch(/^summary$/m);
    expect(stderr).toMatch(/sentiment_zh\.tsv: sentiment accuracy/);
  });

  it('gives figures for machines with --json, and beats the baselines on the fixtures', async () => {
    const { code, stdout } = await run(['eval', '--data', FIXTURES, '--json', '--quiet']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { files: { name: string; vigie: { scores: { accuracy: number } }; baseline: { scores: { accuracy: number } } }[] };
    expect(report.files.map((f) => f.name)).toEqual(['langid.tsv', 'sentiment_en.tsv', 'sentiment_fr.tsv', 'sentiment_zh.tsv']);
    for (const f of report.files) {
      expect(f.vigie.scores.accuracy).toBeGreaterThanOrEqual(0.8);
      expect(f.vigie.scores.accuracy).toBeGreaterThanOrEqual(f.baseline.scores.accuracy);
    }
  });

  it('refuses a missing directory and names it', async () => {
    const { code, stderr } = await run(['eval', '--data', '/nonexistent/eval']);
    expect(code).toBe(2);
    expect(stderr).toContain('/nonexistent/eval');
  });

  it('skips a file with a bad header, names it, and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigie-eval-'));
    await writeFile(join(dir, 'bad.tsv'), 'id\tbody\n1\thello\n');
    await writeFile(join(dir, 'good.tsv'), 'label\ttext\npos\tI love it\n');
    const { code, stdout, stderr } = await run(['eval', '--data', dir, '--quiet']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.tsv:1/);
    expect(stdout).toContain('good.tsv');
  });

  it('cross-validates the trained model beside the baselines with --train', async () => {
    const train = await mkdtemp(join(tmpdir(), 'vigie-train-'));
    const dev = await mkdtemp(join(tmpdir(), 'vigie-dev-'));
    const good = ['I love this shop', 'great service, thank you', 'so happy with my order', 'wonderful staff', 'best bag ever', 'really nice people'];
    const bad = ['terrible, never again', 'rude staff and a broken bag', 'I hate waiting this long', 'worst order ever', 'awful service', 'so disappointed'];
    const plain = ['the shop opens at ten', 'my order ships on monday', 'the store is on main street'];
    const rows = (n: number) =>
      `label\ttext\n${Array.from({ length: n }, (_, i) => [`pos\t${good[i % good.length]} ${i}`, `neg\t${bad[i % bad.length]} ${i}`, `neu\t${plain[i % plain.length]} ${i}`].join('\n')).join('\n')}\n`;
    await writeFile(join(train, 'sentiment_en.tsv'), rows(12));
    await writeFile(join(dev, 'sentiment_en.tsv'), rows(6).replace(/^neu\t.*\n/gm, ''));
    const cv = await crossValidate('eng', { train, dev }, { folds: 2 });
    const text = formatCv(cv) + formatCvSummary([cv]);
    expect(text).toMatch(/eng: 2-fold cross-validation over train \+ dev, 48 rows/);
    for (const system of ['vigie model', 'lexicon scorer (before)', 'natural alone']) expect(text).toContain(system);
    expect(text).toMatch(/held out: trained on the training file \(36 rows\), measured on dev \(12 rows\)/);
    expect(text).toMatch(/cross-validated binary accuracy/);
    const { code, stdout } = await run(['eval', '--data', dev, '--train', train, '--folds', '2', '--quiet', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { crossValidation: { lang: string; systems: { name: string; folds: { binaryAccuracy: number }[] }[] }[] };
    expect(report.crossValidation.map((r) => r.lang)).toEqual(['eng']);
    expect(report.crossValidation[0]?.systems[0]?.folds).toHaveLength(2);
  }, 120_000);

  it('refuses a bad --folds', async () => {
    const { code, stderr } = await run(['eval', '--data', FIXTURES, '--train', FIXTURES, '--folds', '1']);
    expect(code).toBe(2);
    expect(stderr).toContain('--folds 1');
  });
});
