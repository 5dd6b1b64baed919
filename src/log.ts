import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Paths pino blanks out wherever they appear, so a secret passed along in an options object or an
 * error never reaches the log. Values from the environment are also scrubbed by `redactSecrets`.
 */
export const REDACT_PATHS = [
  '*.token',
  '*.password',
  '*.pass',
  '*.secret',
  '*.cookie',
  '*.webhookUrl',
  '*.bearerToken',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  'config.http.token',
];

export interface LogOptions {
  level?: string;
  /** Pretty output for people; defaults to true on a terminal outside production. */
  pretty?: boolean;
  /** Where JSON lines go (tests capture them). */
  destination?: NodeJS.WritableStream;
}

export function createLogger(opts: LogOptions = {}): Logger {
  const level = opts.level ?? process.env.LOG_LEVEL ?? 'info';
  const base: LoggerOptions = {
    level,
    base: { app: 'vigie' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const pretty =
    opts.pretty ?? (opts.destination === undefined && process.stderr.isTTY === true && process.env.NODE_ENV !== 'production');
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' } },
    });
  }
  return pino(base, (opts.destination as pino.DestinationStream | undefined) ?? pino.destination(2));
}

/** A logger that writes nothing, for library use and tests that do not look at logs. */
export const silentLogger: Logger = pino({ level: 'silent' });
