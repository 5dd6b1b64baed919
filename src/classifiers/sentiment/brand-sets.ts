/**
 * Labelled posts about brands (test/fixtures/sentiment/*.jsonl): the development sets train the
 * sentiment models beside people's posts (dataset.ts), the others judge them (npm run
 * eval:brand-sentiment). One JSON object a line, `{"lang": "zh", "label": "neg", "text": "..."}`:
 * `lang` a data-file suffix of MODEL_FILES, `label` pos, neu or neg, the post's attitude to the
 * brand as a communications team would read it.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import type { SentimentLabel } from '../../types.js';
import { jsonlRows } from '../eval/jsonl-rows.js';
import { MODEL_FILES } from './model-files.js';
import { SENTIMENT_CLASSES } from './model.js';

export interface BrandSentimentRow {
  /** The set's language code (`zh`, `en`, `fr`...): a suffix of MODEL_FILES. */
  lang: string;
  label: SentimentLabel;
  text: string;
}

/** Parses a set; a bad row is an error that names the file and line. */
export function parseBrandSentimentSet(content: string, file: string): BrandSentimentRow[] {
  const suffixes = new Set(Object.values(MODEL_FILES));
  return jsonlRows(content, file).map(({ row, where }) => {
    const { lang, label, text } = row;
    if (typeof lang !== 'string' || !suffixes.has(lang)) throw new InputError(`"lang" must be one of ${[...suffixes].join(', ')}`, where);
    if (!SENTIMENT_CLASSES.includes(label as SentimentLabel)) throw new InputError('"label" must be pos, neu or neg', where);
    if (typeof text !== 'string' || text.trim() === '') throw new InputError('"text" must be a non-empty string', where);
    return { lang, label: label as SentimentLabel, text };
  });
}

export async function readBrandSentimentSet(file: string): Promise<BrandSentimentRow[]> {
  return parseBrandSentimentSet(await readFile(file, 'utf8'), file);
}
