/**
 * Runs Vigie's classifiers and the naive baselines over one labelled file and scores both.
 * Language files: the detector limited to the languages the file's labels name (`ara` counts
 * as franc's `arb`). Sentiment files: the whole chain (language first, as in production), with
 * the language in the file's name (`sentiment_fr.tsv`) given as the platform's hint; the answer
 * is the sign of the score, and a score of exactly 0 (nothing found) counts as wrong: binary
 * accuracy rewards only a decision. The neutral band is for alerting, not for this measure.
 * Where a trained model scores the language, it was trained on these rows too: the honest
 * figure is the cross-validated one (cv.ts); the lexicon scorer is shown beside it.
 */
import type { ClassifierChain } from '../classifier.js';
import { DEFAULT_LANGUAGES } from '../../config/default-languages.js';
import { canonicalLanguage, hintToIso6393 } from '../lang-codes.js';
import { LanguageDetector } from '../language.js';
import { normalizeText } from '../normalize.js';
import { buildClassifierChain } from '../pipeline.js';
import { postFromInput } from '../input.js';
import { LexiconSentiment } from '../sentiment-lexicon.js';
import { baselineLanguage, LANGUAGE_BASELINE, naturalBaseline, SENTIMENT_BASELINE } from './baselines.js';
import { ConfusionCounter, type Scores } from './metrics.js';
import type { Progress } from './progress.js';
import { languageFromName, type EvalFile, type EvalTask } from './tsv.js';

export interface SystemResult {
  name: string;
  scores: Scores;
  /** Sentiment: share of rows with a non-zero score (a decision). */
  coverage?: number;
}

export interface FileResult {
  file: string;
  name: string;
  task: EvalTask;
  rows: number;
  /** Lines that could not be read. */
  skipped: number[];
  /** Language files: the candidates; sentiment files: the hint from the file name. */
  languages: string[];
  vigie: SystemResult;
  baseline: SystemResult;
  /** Sentiment: the lexicon scorer Vigie used before the trained models, on the same rows. */
  lexicon?: SystemResult;
  /** Vigie's throughput on this file, rows per second (classification only). */
  rowsPerSecond: number;
}

export interface EvalOptions {
  /** Candidate languages for the sentiment chain. @default DEFAULT_LANGUAGES */
  languages?: readonly string[];
  progress?: (label: string, total: number) => Progress;
}

const SENTIMENT_LABELS = ['pos', 'neg'];
const signOf = (score: number): string => (score > 0 ? 'pos' : score < 0 ? 'neg' : 'neu');

export function evaluate(file: EvalFile, options: EvalOptions = {}): FileResult {
  return file.task === 'language' ? evaluateLanguage(file, options) : evaluateSentiment(file, options);
}

function evaluateLanguage(file: EvalFile, options: EvalOptions): FileResult {
  const labels = [...new Set(file.rows.map((r) => r.label))].sort();
  // Predictions are shown under the file's own label when they name the same language.
  const asLabel = new Map(labels.map((l) => [canonicalLanguage(l), l]));
  const shown = (lang: string) => asLabel.get(lang) ?? lang;
  const detector = new LanguageDetector([...asLabel.keys()]);
  const ours = new ConfusionCounter();
  const theirs = new ConfusionCounter();
  const progress = options.progress?.(file.name, file.rows.length * 2);
  let elapsed = 0;
  file.rows.forEach((row, i) => {
    const started = performance.now();
    const lang = detector.detect(normalizeText(row.text).lower);
    elapsed += performance.now() - started;
    ours.add(row.label, shown(lang));
    progress?.update(i + 1);
  });
  file.rows.forEach((row, i) => {
    theirs.add(row.label, shown(baselineLanguage(row.text)));
    progress?.update(file.rows.length + i + 1);
  });
  const result: FileResult = {
    file: file.file,
    name: file.name,
    task: 'language',
    rows: file.rows.length,
    skipped: file.skipped,
    languages: [...asLabel.keys()],
    vigie: { name: 'vigie', scores: ours.scores(labels) },
    baseline: { name: LANGUAGE_BASELINE, scores: theirs.scores(labels) },
    rowsPerSecond: elapsed > 0 ? (file.rows.length * 1000) / elapsed : 0,
  };
  progress?.done(summaryOf(result));
  return result;
}

/** One lexicon scorer for every file: building natural's vocabularies takes a while. */
let lexiconBaseline: LexiconSentiment | undefined;

function evaluateSentiment(file: EvalFile, options: EvalOptions): FileResult {
  const hint = languageFromName(file.name);
  const hintLang = hintToIso6393(hint);
  const chain: ClassifierChain = buildClassifierChain({ brands: [], languages: [...(options.languages ?? DEFAULT_LANGUAGES)] });
  const baseline = naturalBaseline(hintLang ?? 'eng');
  const ours = new ConfusionCounter();
  const theirs = new ConfusionCounter();
  lexiconBaseline ??= new LexiconSentiment();
  const lexicon = lexiconBaseline;
  const before = new ConfusionCounter();
  let beforeDecided = 0;
  let oursDecided = 0;
  let theirsDecided = 0;
  const progress = options.progress?.(file.name, file.rows.length);
  const now = new Date().toISOString();
  let elapsed = 0;
  file.rows.forEach((row, i) => {
    const post = postFromInput(hint ? { text: row.text, langHint: hint } : { text: row.text }, `${file.name}:${row.line}`, now);
    const started = performance.now();
    const scored = chain.classify(post);
    elapsed += performance.now() - started;
    const mine = signOf(scored.sentiment.score);
    const base = signOf(baseline(row.text));
    const old = signOf(lexicon.score(normalizeText(row.text).normalized, scored.lang).score);
    if (old !== 'neu') beforeDecided++;
    before.add(row.label, old);
    if (mine !== 'neu') oursDecided++;
    if (base !== 'neu') theirsDecided++;
    ours.add(row.label, mine);
    theirs.add(row.label, base);
    progress?.update(i + 1);
  });
  const n = Math.max(1, file.rows.length);
  const result: FileResult = {
    file: file.file,
    name: file.name,
    task: 'sentiment',
    rows: file.rows.length,
    skipped: file.skipped,
    languages: hintLang ? [hintLang] : [],
    vigie: { name: 'vigie', scores: ours.scores(SENTIMENT_LABELS), coverage: oursDecided / n },
    baseline: { name: SENTIMENT_BASELINE, scores: theirs.scores(SENTIMENT_LABELS), coverage: theirsDecided / n },
    lexicon: { name: 'lexicon scorer (before)', scores: before.scores(SENTIMENT_LABELS), coverage: beforeDecided / n },
    rowsPerSecond: elapsed > 0 ? (file.rows.length * 1000) / elapsed : 0,
  };
  progress?.done(summaryOf(result));
  return result;
}

export const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** One line per file: what people compare first. */
export function summaryOf(r: FileResult): string {
  const gain = (r.vigie.scores.accuracy - r.baseline.scores.accuracy) * 100;
  return (
    `${r.task} accuracy ${percent(r.vigie.scores.accuracy)} (${r.vigie.scores.correct}/${r.rows}), ` +
    `baseline ${r.baseline.name} ${percent(r.baseline.scores.accuracy)}, ${gain >= 0 ? '+' : ''}${gain.toFixed(1)} points`
  );
}
