/** The triage page's entry: wires the page's controls, then shows the view the address names. */
import { whenSignInNeeded } from './api.js';
import { toast } from './dialog.js';
import { $ } from './dom.js';
import { loadStatus, refresh, renderLive } from './live.js';
import { navigate, route } from './route.js';
import { renderSession, session, tokenFromFragment } from './session.js';
import { signIn } from './sign-in.js';
import { app } from './state.js';

tokenFromFragment();
// A read refused for want of the token: ask for it, then show the page again.
whenSignInNeeded(() => signIn(() => void loadStatus().then(route)));

document.addEventListener('click', (e) => {
  const a = (e.target as Element | null)?.closest?.('a[data-nav]');
  if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href') ?? '/');
});
window.addEventListener('popstate', () => route());
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) void refresh();
  else clearTimeout(app.timer);
});
setInterval(renderLive, 1000);

$('#session').addEventListener('click', () => {
  if (session.token && session.name && confirm('Signed in as ' + session.name + '. Sign out on this device?')) {
    session.clear();
    toast('Signed out');
    return;
  }
  if (!session.token || !session.name) signIn();
});
let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => app.view?.redraw?.(), 150);
});
renderSession();
void loadStatus().then(route);
