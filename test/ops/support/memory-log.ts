import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { REDACT_PATHS } from '../../../src/log.js';

export interface MemoryLog {
  log: Logger;
  /** Every line written so far, parsed. */
  lines(): (Record<string, unknown> & { msg: string; level: number })[];
  text(): string;
}

/** A pino logger with Vigie's redaction that keeps its output, so a test reads what ops would see. */
export function memoryLog(level = 'debug'): MemoryLog {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream);
  const text = () => chunks.join('');
  return {
    log,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown> & { msg: string; level: number }),
  };
}
