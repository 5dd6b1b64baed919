/** The session: the API token and the person's name, kept on this device. */
import { $, fill } from './dom.js';

export const session = {
  token: localStorage.getItem('vigie.token') || '',
  name: localStorage.getItem('vigie.name') || '',
  save(token: string, name: string): void {
    this.token = token;
    this.name = name;
    localStorage.setItem('vigie.token', token);
    localStorage.setItem('vigie.name', name);
    // The queues board cannot send headers: it acts with this cookie (SameSite, its path only).
    document.cookie = 'vigie_token=' + encodeURIComponent(token) + '; Path=/queues; SameSite=Strict' + (location.protocol === 'https:' ? '; Secure' : '');
    renderSession();
  },
  clear(): void {
    this.token = '';
    localStorage.removeItem('vigie.token');
    document.cookie = 'vigie_token=; Path=/queues; Max-Age=0; SameSite=Strict';
    renderSession();
  },
};

/** 'vigie start --demo' prints a link with #token=...: fragments never reach the server or its logs. */
export function tokenFromFragment(): void {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!m?.[1]) return;
  session.token = decodeURIComponent(m[1]);
  localStorage.setItem('vigie.token', session.token);
  document.cookie = 'vigie_token=' + encodeURIComponent(session.token) + '; Path=/queues; SameSite=Strict';
  history.replaceState(null, '', location.pathname + location.search);
}

export function renderSession(): void {
  const b = $('#session');
  if (!b) return;
  fill(b, session.token && session.name ? session.name : 'Sign in');
  b.title = session.token ? 'Signed in: click to change or sign out' : 'Sign in with the API token to act';
}
