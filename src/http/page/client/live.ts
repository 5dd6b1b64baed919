/** The live refresh that keeps the view current, and the "Live" badge that says whether it does. */
import { messageOf, statusOf } from './api-error.js';
import { api } from './api.js';
import type { Status } from './api-types.js';
import { toast } from './dialog.js';
import { $, fill, h } from './dom.js';
import { fmtSpan, fmtTime } from './format.js';
import { app } from './state.js';

export async function refresh(): Promise<void> {
  clearTimeout(app.timer);
  const view = app.view;
  if (!view) return;
  try {
    await view.load();
    app.lastOk = Date.now();
    app.failing = false;
  } catch (e) {
    app.failing = true;
    if (statusOf(e) === 404 && view.kind === 'detail') {
      // The daemon answered: it is connected, the incident is not there. Nothing to retry.
      app.failing = false;
      app.lastOk = Date.now();
      view.onMissing?.();
      renderLive();
      return;
    }
    if (statusOf(e) !== 0) toast(messageOf(e), 'error');
  }
  renderLive();
  if (app.view === view) app.timer = window.setTimeout(refresh, app.refreshMs);
}

export function setNow(iso: string): void {
  app.now = Date.parse(iso);
  renderLive();
}

export function renderLive(): void {
  const el = $('#live');
  if (!el) return;
  const stale = app.lastOk && Date.now() - app.lastOk > app.refreshMs * 3;
  el.className = 'live' + (app.failing ? ' down' : stale ? ' stale' : '');
  const label = app.failing ? 'Reconnecting…' : 'Live';
  fill(el, h('span', { class: 'dot' }), h('span', { class: 'label' }, label), app.now ? h('span', { class: 'mono hide-phone', title: "The daemon's clock (event time during a replay)" }, fmtTime(new Date(app.now).toISOString())) : null);
  el.title = app.lastOk ? 'Updated ' + fmtSpan(Date.now() - app.lastOk) + ' ago' : '';
}

export async function loadStatus(): Promise<void> {
  try {
    app.status = await api<Status>('GET', '/api/status');
    setNow(app.status.now);
  } catch {
    /* the views report it */
  }
}
