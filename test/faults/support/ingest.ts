import type { VigieProcess } from '../../ops/support/vigie.js';

/** The token the fault suite's daemons run with (VIGIE_TOKEN): 40 characters, over the minimum. */
export const FAULT_TOKEN = 'fault-suite-api-token-0123456789abcdefgh';

/** The `http` section of a fault test's config: HTTP on, a free port, the token from the environment. */
export const HTTP_ON = { enabled: true, host: '127.0.0.1', port: 0, token: '${VIGIE_TOKEN}' };

/** The daemon's base URL, from its "http server listening" log line. */
export async function httpUrl(vigie: VigieProcess): Promise<string> {
  // Generous: a loaded CI machine takes a while to load the classifiers.
  const line = await vigie.waitForLog((l) => l.msg === 'http server listening', 'the HTTP server', 120_000);
  return String(line.url);
}

/** A post for brand `aurore` (Maison Aurore) published `agoMs` before now. */
export function aurorePost(id: string, agoMs = 60_000, publishedAt?: string): Record<string, unknown> {
  return {
    id: `ingest:${id}`,
    author: { id: `author-${id}`, name: `Author ${id}` },
    text: `Maison Aurore: customers talk about the new shop (${id})`,
    publishedAt: publishedAt ?? new Date(Date.now() - agoMs).toISOString(),
  };
}

/** POST /api/posts; the status and the JSON answer (status 0 when the connection failed). */
export async function ingest(url: string, posts: unknown[]): Promise<{ status: number; body: Record<string, unknown>; retryAfter: string | null }> {
  try {
    const res = await fetch(`${url}/api/posts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${FAULT_TOKEN}` },
      body: JSON.stringify({ posts }),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown>, retryAfter: res.headers.get('retry-after') };
  } catch {
    return { status: 0, body: {}, retryAfter: null };
  }
}
