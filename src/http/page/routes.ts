import { createHash } from 'node:crypto';
import { sendText } from '../respond.js';
import type { Route, RouteContext } from '../router.js';
import { CLIENT_CHART } from './client-chart.js';
import { CLIENT_CORE } from './client-core.js';
import { CLIENT_DETAIL } from './client-detail.js';
import { CLIENT_LIST } from './client-list.js';
import { STYLES } from './styles.js';

const LOGO = `<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="10.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M12 5v7l4.5 3" fill="none" stroke="#c4271f" stroke-width="2.2" stroke-linecap="round"/><circle cx="12" cy="12" r="1.8" fill="currentColor"/></svg>`;

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10.5" fill="#fff" stroke="#171a1f" stroke-width="2"/><path d="M12 5v7l4.5 3" fill="none" stroke="#c4271f" stroke-width="2.2" stroke-linecap="round"/><circle cx="12" cy="12" r="1.8" fill="#171a1f"/></svg>`;

/** Starts the page once every part is defined: status first (brands, whether actions work), then the view. */
const BOOT = String.raw`
$('#session').addEventListener('click', () => {
  if (session.token && session.name && confirm('Signed in as ' + session.name + '. Sign out on this device?')) { session.clear(); toast('Signed out'); return; }
  if (!session.token || !session.name) signIn();
});
let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (app.view && app.view.kind === 'detail' && app.view.data) renderDetail($('#view'), app.view.data); }, 150);
});
renderSession();
loadStatus().then(route);
`;

const SCRIPT = `(function () {\n${CLIENT_CORE}\n${CLIENT_LIST}\n${CLIENT_CHART}\n${CLIENT_DETAIL}\n${BOOT}\n})();\n`;

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex">
<title>Incidents · Vigie</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css?v=${hash(STYLES)}">
<script src="/assets/app.js?v=${hash(SCRIPT)}" defer></script>
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

const asset = (body: string, type: string) => ({ res }: RouteContext) =>
  sendText(res, 200, body, type, { 'Cache-Control': 'public, max-age=300', ETag: `"${hash(body)}"` });

/** The triage page: one HTML shell for the list and every incident, one script, one stylesheet. */
export function pageRoutes(): Route[] {
  const page = ({ res }: RouteContext) => sendText(res, 200, HTML, 'text/html; charset=utf-8', PAGE_HEADERS);
  return [
    { method: 'GET', pattern: '/', handle: page },
    { method: 'GET', pattern: '/incidents', handle: page },
    { method: 'GET', pattern: '/incidents/:id', handle: page },
    { method: 'GET', pattern: '/assets/app.js', handle: asset(SCRIPT, 'text/javascript; charset=utf-8') },
    { method: 'GET', pattern: '/assets/app.css', handle: asset(STYLES, 'text/css; charset=utf-8') },
    { method: 'GET', pattern: '/favicon.svg', handle: asset(FAVICON, 'image/svg+xml') },
  ];
}

/** The page's script, for a syntax check in tests. */
export const PAGE_SCRIPT = SCRIPT;
