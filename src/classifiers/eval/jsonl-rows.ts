/**
 * The rows of a labelled JSON-lines set (test/fixtures/crisis, test/fixtures/sentiment): one object
 * a line, blank lines skipped, each with where it is (`file:line`) for the set's own checks.
 */
import { InputError } from '../../errors.js';

export interface JsonlRow {
  row: Record<string, unknown>;
  /** `file:line`, for errors. */
  where: string;
}

/** Parses every non-blank line; a line that is not JSON is an error naming its file and line. */
export function jsonlRows(content: string, file: string): JsonlRow[] {
  const rows: JsonlRow[] = [];
  content.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (err) {
      throw new InputError(`not JSON (${(err as Error).message})`, where);
    }
    rows.push({ row: (row ?? {}) as Record<string, unknown>, where });
  });
  return rows;
}
