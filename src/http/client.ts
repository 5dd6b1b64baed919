/** A small client for the daemon's HTTP API, for the CLI (and anything else that scripts Vigie). */

export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
  constructor(
    message: string,
    /** HTTP status, or 0 when nothing answered. */
    readonly status: number,
    /** The request field the daemon complained about, when it said. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  /** `http://127.0.0.1:8080` */
  baseUrl: string;
  /** Bearer token (http.token): sent with every request. */
  token?: string;
  /** Gives up after this long. @defaultValue 15 s */
  timeoutMs?: number;
}

export class ApiClient {
  private readonly base: string;

  constructor(private readonly o: ApiClientOptions) {
    this.base = o.baseUrl.replace(/\/+$/, '');
  }

  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') q.set(k, v);
    const qs = q.toString();
    return this.request<T>('GET', qs ? `${path}?${qs}` : path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    // With http.token set, reads need the token too.
    if (this.o.token) headers.Authorization = `Bearer ${this.o.token}`;
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 15_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      const why = cause === 'ECONNREFUSED' ? 'nothing answers there' : cause === 'TimeoutError' ? 'no answer in time' : String(cause);
      throw new ApiRequestError(`cannot reach the daemon at ${this.base} (${why}): is \`vigie start\` running? Point --url or VIGIE_URL at it`, 0);
    }
    const text = await res.text();
    let data: unknown;
    try {
      data = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new ApiRequestError(`${this.base}${path} answered HTTP ${res.status} with something that is not JSON: is this a Vigie daemon?`, res.status);
    }
    if (!res.ok) {
      const d = data as { error?: string; field?: string };
      throw new ApiRequestError(d.error ?? `HTTP ${res.status}`, res.status, d.field);
    }
    return data as T;
  }
}
