/** Signing in with the API token, and the name every action puts on the timeline. */
import { api } from './api.js';
import { dialog, field, toast } from './dialog.js';
import { h } from './dom.js';
import { session } from './session.js';
import { actionsDisabled } from './state.js';

export function signIn(then?: () => void): void {
  const token = h('input', { type: 'password', name: 'token', autocomplete: 'current-password', value: session.token, required: true });
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'name', value: session.name, required: true, maxlength: 80 });
  dialog({
    title: 'Sign in to act on incidents',
    intro: "Acknowledging, noting, silencing and resolving need the daemon's API token (http.token). Your name goes on the timeline.",
    fields: [field('API token', token), field('Your name', name, 'As the team knows you, e.g. Ana (PR)')],
    submit: 'Sign in',
    onSubmit: async () => {
      if (!token.value.trim()) throw new Error('enter the token');
      if (!name.value.trim()) throw new Error('enter your name');
      const previous = session.token;
      session.token = token.value.trim();
      try {
        await api('POST', '/api/session', {});
      } catch (e) {
        session.token = previous;
        throw e;
      }
      session.save(token.value.trim(), name.value.trim());
      toast('Signed in as ' + session.name);
      if (then) setTimeout(then, 0);
    },
  });
}

export function withSession(action: () => void): void {
  if (actionsDisabled()) {
    toast('Actions are disabled: the daemon has no API token (http.token)', 'error');
    return;
  }
  // With a token (the demo's sign-in link gives one) the action's own dialog asks the name: one step.
  if (!session.token) signIn(action);
  else action();
}

/** The "Your name" field an action's dialog shows while this device does not know the name yet. */
export function nameField(): HTMLLabelElement | null {
  if (session.name) return null;
  return field('Your name', h('input', { type: 'text', name: 'name', autocomplete: 'name', required: true, maxlength: 80 }), 'Goes on the timeline, e.g. Ana (PR)');
}

export function takeName(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[name=name]');
  if (!input) return;
  if (!input.value.trim()) throw new Error('enter your name (it goes on the timeline)');
  session.save(session.token, input.value.trim());
}
