/**
 * Labelled evaluation files: UTF-8 TSV with one header line, `lang<TAB>text` (language) or
 * `label<TAB>text` (sentiment, pos/neg). Texts may carry `\uXXXX` escapes (`\u2019`, `\u002c`),
 * decoded here.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../../errors.js';

export type EvalTask = 'language' | 'sentiment';

export interface EvalRow {
  label: string;
  text: string;
  /** 1-based line in the file. */
  line: number;
}

export interface EvalFile {
  file: string;
  name: string;
  task: EvalTask;
  rows: EvalRow[];
  /** Rows that could not be read (no tab, empty label or text), by line. */
  skipped: number[];
}

const ESCAPE = /\\u([0-9a-fA-F]{4})/g;

/** `\u2019` → `’`; other backslashes stay as they are. */
export function decodeEscapes(text: string): string {
  return text.includes('\\u') ? text.replace(ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

export function taskOf(header: string, where: string): EvalTask {
  const columns = header.replace(/^\ufeff/, '').trim().split('\t');
  if (columns.length === 2 && columns[1] === 'text') {
    if (columns[0] === 'lang') return 'language';
    if (columns[0] === 'label') return 'sentiment';
  }
  throw new InputError(`header "${header.trim()}" is neither "lang<TAB>text" nor "label<TAB>text"`, where);
}

export function parseEvalTsv(content: string, file: string): EvalFile {
  const lines = content.split(/\r?\n/);
  const task = taskOf(lines[0] ?? '', `${file}:1`);
  const rows: EvalRow[] = [];
  const skipped: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const tab = line.indexOf('\t');
    const label = tab > 0 ? line.slice(0, tab).trim() : '';
    const text = tab > 0 ? decodeEscapes(line.slice(tab + 1)) : '';
    if (label === '' || text.trim() === '') skipped.push(i + 1);
    else rows.push({ label, text, line: i + 1 });
  }
  return { file, name: basename(file), task, rows, skipped };
}

export async function readEvalTsv(file: string): Promise<EvalFile> {
  return parseEvalTsv(await readFile(file, 'utf8'), file);
}

/** The language a file's name says (`sentiment_fr.tsv` → `fr`), passed on as the platform's hint. */
export function languageFromName(name: string): string | undefined {
  return /[_-]([a-z]{2,3})\.tsv$/i.exec(name)?.[1]?.toLowerCase();
}
