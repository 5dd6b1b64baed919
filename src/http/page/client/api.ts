import { ApiError } from './api-error.js';
import { $ } from './dom.js';
import { session } from './session.js';

let signInNeeded: () => void = () => {};
/** What to do when a read is refused for want of the token (the entry wires the sign-in dialog). */
export function whenSignInNeeded(handler: () => void): void {
  signInNeeded = handler;
}

/** The daemon's API, as JSON. The caller names the shape it expects: the page trusts its own daemon. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  // With http.token set, reads need the token too.
  if (session.token) headers.Authorization = 'Bearer ' + session.token;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'the daemon does not answer');
  }
  const data = (await res.json().catch(() => ({}))) as { error?: string; field?: string };
  if (!res.ok) {
    // A read refused for want of the token: ask for it, then show the page again.
    if (res.status === 401 && method === 'GET' && !$<HTMLDialogElement>('#dialog').open) {
      session.clear();
      signInNeeded();
    }
    throw new ApiError(res.status, data.error || 'HTTP ' + res.status, data.field);
  }
  return data as T;
}
