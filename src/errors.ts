/** Typed errors, checked with instanceof, never by message (STYLE.md 8). */

export class VigieError extends Error {
  override name = 'VigieError';
}

/** A config file that cannot be used; `problems` name each path and line. */
export class ConfigError extends VigieError {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(`${file}: ${problems.length} problem(s)\n` + problems.map((p) => `  ${formatProblem(p)}`).join('\n'));
  }
}

export interface ConfigProblem {
  /** Dotted path into the file, e.g. `brands.balenciaga.names`. */
  path: string;
  message: string;
  line?: number;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.line ? `line ${p.line}: ` : '';
  return `${where}${p.path || '(top level)'}: ${p.message}`;
}

/** Input that cannot be read: a malformed feed, JSON line or payload. Names what and where. */
export class InputError extends VigieError {
  override name = 'InputError';
  constructor(
    message: string,
    readonly where: string,
    options?: { cause?: unknown },
  ) {
    super(`${where}: ${message}`, options);
  }
}

/** A failure worth trying again later (a 5xx, a 429, a timeout). */
export class RetryableError extends VigieError {
  override name = 'RetryableError';
  constructor(
    message: string,
    /** How long the other side asked us to wait, when it said. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A failure that will not change by retrying (a 4xx other than 429, a bad configuration). */
export class PermanentError extends VigieError {
  override name = 'PermanentError';
}
