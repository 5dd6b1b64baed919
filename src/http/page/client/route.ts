/** Routing between the list and an incident: the address says which view shows. */
import { showDetail } from './detail.js';
import { showList } from './list.js';
import { app } from './state.js';

export function navigate(href: string): void {
  history.pushState(null, '', href);
  route();
  window.scrollTo(0, 0);
}

export function route(): void {
  clearTimeout(app.timer);
  const m = /^\/incidents\/([^/]+)\/?$/.exec(location.pathname);
  if (m?.[1]) showDetail(decodeURIComponent(m[1]));
  else showList();
}
