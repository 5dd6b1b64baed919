import type { IncomingMessage, ServerResponse } from 'node:http';

/** One problem with a request, named by where it is (`posts[2].author.name`, `by`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * An answer other than success. The body is always JSON: `{error, field?, problems?}`, so a client
 * (the page, the CLI, a service desk) can show the message and point at the field.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { field?: string; problems?: FieldProblem[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

/** Headers every answer carries. */
const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, body: string | Buffer, contentType: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  const body: Record<string, unknown> = { error: err.message };
  if (err.extra.field) body.field = err.extra.field;
  if (err.extra.problems) body.problems = err.extra.problems;
  sendJson(res, err.status, body, err.extra.headers);
}

/**
 * The request body as parsed JSON. Refuses anything that is not `application/json` (which also keeps
 * plain cross-site form posts out) and stops reading past `limit` bytes, answering 413.
 */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, `send the body as JSON with "Content-Type: application/json" (got ${type ? `"${type}"` : 'none'})`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw tooLarge(limit);
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new HttpError(400, 'the request body is empty: send a JSON object');
  const depth = nestingDepth(text, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH) {
    throw new HttpError(400, `the request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep: no Vigie request needs more than a few`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(400, `the request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** Deepest nesting any route accepts; a post is four levels deep inside `{"posts": [...]}`. */
export const MAX_JSON_DEPTH = 16;

/**
 * How deep arrays and objects nest in JSON text, stopping as soon as it passes `stopAbove`: one
 * linear pass over the bytes, so a megabyte of `[[[[…` is refused in milliseconds instead of
 * blocking the event loop in JSON.parse and the validators. Brackets inside strings do not count.
 */
export function nestingDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return max;
}

function tooLarge(limit: number): HttpError {
  // Connection: close, so a client still sending a huge body is cut off instead of drained.
  return new HttpError(413, `the request body is larger than ${formatBytes(limit)}: send fewer posts per request`, {
    headers: { Connection: 'close' },
  });
}

export function formatBytes(n: number): string {
  if (n >= 1 << 20) return `${+(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${+(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** A JSON object body, or a 400 naming what came instead. */
export function expectObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, `expected a JSON object, got ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}`);
  }
  return body as Record<string, unknown>;
}
