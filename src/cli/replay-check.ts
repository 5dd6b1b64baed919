import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from '../errors.js';
import { validatePost } from '../sources/replay.js';

export interface BadLine {
  line: number;
  message: string;
}

/**
 * Reads a scenario file once and names every line the replay would skip (not JSON, a required field
 * missing or of the wrong type), so that a wrong file is refused before anything runs.
 */
export async function checkScenario(file: string): Promise<{ lines: number; bad: BadLine[] }> {
  const input = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const bad: BadLine[] = [];
  let line = 0;
  for await (const text of input) {
    line++;
    if (text.trim() === '') continue;
    try {
      validatePost(JSON.parse(text) as unknown, `${file}:${line}`);
    } catch (err) {
      const message = err instanceof InputError ? err.message.slice(err.where.length + 2) : `not JSON (${(err as Error).message})`;
      bad.push({ line, message });
    }
  }
  return { lines: line, bad };
}
