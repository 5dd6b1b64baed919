/**
 * Escaping untrusted text (post texts, author names, error messages) for the channels' markup.
 * Slack has no escape for its formatting characters, so they become look-alikes: a post that says
 * `*FREE*` stays readable and is not set in bold, and `<!channel>` cannot ping anybody.
 */

const SLACK_LOOKALIKES: Record<string, string> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02cd', // ˍ modifier letter low macron
  '~': '\u223c', // ∼ tilde operator
  '`': '\u02cb', // ˋ modifier letter grave accent
  '|': '\u2223', // ∣ divides: no link label can be forged
};

/** Text for a Slack mrkdwn field: `& < >` as entities, formatting characters as look-alikes, broadcast words defused. */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`|]/g, (c) => SLACK_LOOKALIKES[c] ?? c)
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/** A Slack link whose label is untrusted: `<url|label>` with the label escaped, or the label alone. */
export function mrkdwnLink(url: string, label: string): string {
  const text = escapeMrkdwn(label);
  if (!url) return text;
  return `<${url.replace(/[<>|\s]/g, encodeURIComponent)}|${text}>`;
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}
