import type { AxiosProxyConfig, AxiosResponse, AxiosStatic } from 'axios';

/**
 * The HTTP transport every outgoing request uses (sources and channels): axios on Node's http
 * adapter, with redirects followed by follow-redirects, bodies capped while they stream, and
 * proxies:
 *
 * - `proxy: URL` (a source's or channel's option): that proxy, for every request of it;
 * - `proxy: none`: no proxy at all, whatever the environment says;
 * - unset: the environment, as curl reads it: HTTPS_PROXY for https:// URLs, HTTP_PROXY for http://
 *   (lowercase forms too), NO_PROXY for hosts to reach directly.
 *
 * HTTPS goes through a proxy as a CONNECT tunnel (the proxy sees the host, never the URL, headers or
 * body); plain HTTP as an absolute-form request.
 */

/**
 * axios, imported on the first request: a process whose sources and channels make no HTTP request
 * (a replay, a classify or evaluate worker, a daemon with only console or JSONL channels) never
 * loads it and its dependencies (about 11 MB of RSS and 100 ms of start-up).
 */
let axiosModule: Promise<AxiosStatic> | undefined;
function loadAxios(): Promise<AxiosStatic> {
  axiosModule ??= import('axios').then((m) => m.default);
  return axiosModule;
}

/** A proxy as written in the config: a URL, or `none` for a direct connection. */
export type ProxySetting = string | undefined;

/** The axios `proxy` setting for a configured proxy: a URL, false for `none`, undefined for the environment. */
export function axiosProxy(setting: ProxySetting): AxiosProxyConfig | false | undefined {
  if (setting === undefined || setting === '') return undefined;
  if (setting === 'none') return false;
  const u = new URL(setting);
  const proxy: AxiosProxyConfig = {
    protocol: u.protocol.replace(/:$/, ''),
    host: u.hostname,
    port: u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80,
  };
  if (u.username) proxy.auth = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  return proxy;
}

/** Whether a configured proxy is usable: an http(s) URL or `none`. For option schemas. */
export function isProxySetting(value: string): boolean {
  if (value === 'none') return true;
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) && new URL(value).hostname !== '';
}

export interface RawRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Bodies larger than this are refused while they download. */
  maxBytes: number;
  /** How many redirects to follow (0: a redirect is an answer like any other). */
  maxRedirects: number;
  proxy?: ProxySetting;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
  /** The URL that answered, after redirects. */
  url: string;
  redirected: boolean;
}

/** Thrown when a body passes `maxBytes`. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/**
 * One request, any status handed back (the caller applies the policy). Network errors, timeouts
 * and aborts reject with axios's error (its `cause` and `code` say which); an oversized body rejects
 * with BodyTooLargeError.
 */
export async function request(r: RawRequest): Promise<RawResponse> {
  let res: AxiosResponse<ArrayBuffer>;
  // Redirects taken, as follow-redirects reports them before following each.
  const followed: string[] = [];
  const axios = await loadAxios();
  try {
    res = await axios.request<ArrayBuffer>({
      method: r.method,
      url: r.url,
      headers: r.headers,
      data: r.body,
      signal: r.signal,
      adapter: 'http',
      responseType: 'arraybuffer',
      maxContentLength: r.maxBytes,
      maxBodyLength: 10 * 1024 * 1024,
      maxRedirects: r.maxRedirects,
      beforeRedirect: (options: Record<string, unknown>) => {
        if (typeof options.href === 'string') followed.push(options.href);
      },
      proxy: axiosProxy(r.proxy),
      validateStatus: () => true,
      // The body is ours to decode (feeds declare their charset): no JSON parsing by axios.
      transformResponse: [(data: unknown) => data],
    });
  } catch (err) {
    if (axios.isAxiosError(err) && /maxContentLength size of \d+ exceeded/.test(err.message)) {
      throw new BodyTooLargeError(`response is over the ${r.maxBytes}-byte limit`);
    }
    throw err;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, String(v));
    else headers.set(name, String(value));
  }
  return {
    status: res.status,
    headers,
    body: new Uint8Array(res.data),
    url: followed.at(-1) ?? r.url,
    redirected: followed.length > 0,
  };
}
