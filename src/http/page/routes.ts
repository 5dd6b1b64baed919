import { createHash } from 'node:crypto';
import { HttpError, sendText } from '../respond.js';
import type { Route, RouteContext } from '../router.js';
import { loadPageAssets, type PageAssets } from './assets.js';

const LOGO = `<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="10.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M12 5v7l4.5 3" fill="none" stroke="#c4271f" stroke-width="2.2" stroke-linecap="round"/><circle cx="12" cy="12" r="1.8" fill="currentColor"/></svg>`;

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10.5" fill="#fff" stroke="#171a1f" stroke-width="2"/><path d="M12 5v7l4.5 3" fill="none" stroke="#c4271f" stroke-width="2.2" stroke-linecap="round"/><circle cx="12" cy="12" r="1.8" fill="#171a1f"/></svg>`;

const html = (version: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex">
<title>Incidents · Vigie</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/${version}/app.css">
<script type="module" src="/assets/${version}/app.js"></script>
</head>
<body>
<header class="topbar">
  <a class="logo" href="/" data-nav>${LOGO}<span>Vigie</span></a>
  <nav aria-label="Sections"><a href="/" data-nav class="active">Incidents</a><a href="/queues/">Queues</a></nav>
  <span class="spacer"></span>
  <span id="live" class="live" role="status"></span>
  <button id="session" class="btn small" type="button">Sign in</button>
</header>
<main id="view"><div class="empty">Loading…</div></main>
<div id="toasts" class="toasts" aria-live="polite"></div>
<dialog id="dialog"></dialog>
<noscript><p class="notice">The triage page needs JavaScript; the same data is at /api/incidents.</p></noscript>
</body>
</html>
`;

/** The page allows only its own script and stylesheet: post text can never run as code here. */
const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
};

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

const favicon = ({ res }: RouteContext) =>
  sendText(res, 200, FAVICON, 'image/svg+xml', { 'Cache-Control': 'public, max-age=300', ETag: `"${hash(FAVICON)}"` });

/**
 * The page's modules and stylesheet under /assets/<version>/: the version changes with any file, so
 * a browser may keep them for good. An address with another version (a page loaded before an
 * upgrade) gets today's files, not to be kept.
 */
const asset = (assets: PageAssets) => ({ res, params }: RouteContext) => {
  const file = assets.files.get(params.file ?? '');
  if (!file) throw new HttpError(404, `no page asset ${params.file ?? ''}`);
  const cache = params.version === assets.version ? 'public, max-age=31536000, immutable' : 'no-cache';
  sendText(res, 200, file.body, file.type, { 'Cache-Control': cache, ETag: file.etag });
};

/** The triage page: one HTML shell for the list and every incident, its modules, one stylesheet. */
export function pageRoutes(assets: PageAssets = loadPageAssets()): Route[] {
  const body = html(assets.version);
  const page = ({ res }: RouteContext) => sendText(res, 200, body, 'text/html; charset=utf-8', PAGE_HEADERS);
  return [
    { method: 'GET', pattern: '/', handle: page },
    { method: 'GET', pattern: '/incidents', handle: page },
    { method: 'GET', pattern: '/incidents/:id', handle: page },
    { method: 'GET', pattern: '/assets/:version/:file', handle: asset(assets) },
    { method: 'GET', pattern: '/favicon.svg', handle: favicon },
  ];
}
