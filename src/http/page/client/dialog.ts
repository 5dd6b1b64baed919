/** Toasts and the one modal dialog the page uses for every form. */
import { messageOf, statusOf } from './api-error.js';
import { $, fill, h, type Child } from './dom.js';
import { session } from './session.js';

export function toast(text: string, kind?: 'error'): void {
  const t = h('div', { class: 'toast' + (kind ? ' ' + kind : ''), role: kind === 'error' ? 'alert' : 'status' }, text);
  $('#toasts').append(t);
  setTimeout(() => t.remove(), kind === 'error' ? 8000 : 4000);
}

export interface DialogOptions {
  title: string;
  intro?: string;
  /** Nodes to show. */
  fields: Child[];
  submit: string;
  danger?: boolean;
  /** Resolves when done (the dialog closes) or throws (the message shows in the dialog, which stays open). */
  onSubmit(form: HTMLFormElement): Promise<void> | void;
}

export function dialog(opts: DialogOptions): void {
  const dlg = $<HTMLDialogElement>('#dialog');
  const error = h('div', { class: 'error', role: 'alert' });
  const submit = h('button', { class: 'btn ' + (opts.danger ? 'danger' : 'primary'), type: 'submit', value: 'ok' }, opts.submit);
  const form = h('form', { method: 'dialog', novalidate: true },
    h('h3', null, opts.title),
    opts.intro ? h('div', { class: 'hint' }, opts.intro) : null,
    opts.fields,
    error,
    h('div', { class: 'row' }, h('button', { class: 'btn', type: 'button', onclick: () => dlg.close() }, 'Cancel'), submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      await opts.onSubmit(form);
      dlg.close();
    } catch (err) {
      error.textContent = messageOf(err);
      if (statusOf(err) === 401) session.clear();
    } finally {
      submit.disabled = false;
    }
  });
  fill(dlg, form);
  dlg.showModal();
  const first = form.querySelector<HTMLElement>('input, textarea, select');
  if (first) first.focus();
  else submit.focus();
}

export function field(label: string, input: Node, hint?: string): HTMLLabelElement {
  return h('label', null, label, input, hint ? h('span', { class: 'hint' }, hint) : null);
}
