import { decodeHTML } from 'entities';

/**
 * Post text as DESIGN.md wants it: plain, HTML stripped, entities decoded, whitespace tidied.
 * Platform HTML is untrusted and often broken, so this is a tolerant tokenizer, not a DOM.
 */

const ATTRS = String.raw`(?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*\s*\/?`;
const TAG = new RegExp(String.raw`<\/?([a-zA-Z][a-zA-Z0-9:-]*)${ATTRS}>`, 'g');
const IMG = new RegExp(String.raw`<img${ATTRS}>`, 'gi');
const ALT = /\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const BLOCK = new Set(['br', 'p', 'div', 'li', 'ul', 'ol', 'tr', 'table', 'blockquote', 'section', 'article', 'header', 'footer', 'pre', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Tags that show up once text was escaped twice (we-mp-rss's CDATA option). */
const ESCAPED_MARKUP = /<\/?(?:p|br|div|span|img|a|strong|em|b|i|section|h[1-6])\b[^>]*>/i;

/**
 * Strips tags, keeping line breaks for block elements and the alt text of emoticon images
 * (`<img alt="[怒]">`, which carries sentiment on Weibo and WeChat); decodes HTML entities.
 */
export function htmlToText(html: string): string {
  let text = stripOnce(html);
  if (html.includes('&lt;') && ESCAPED_MARKUP.test(text)) text = stripOnce(text);
  return tidy(text);
}

function stripOnce(html: string): string {
  const withoutInvisible = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1');
  const withEmoticons = withoutInvisible.replace(IMG, (tag) => {
    const m = ALT.exec(tag);
    const alt = m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
    return /^\[[^\]]{1,10}\]$/.test(alt) ? alt : ' ';
  });
  const withoutTags = withEmoticons.replace(TAG, (_tag, name: string) => (BLOCK.has(name.toLowerCase()) ? '\n' : ''));
  return decodeHTML(withoutTags.replace(/<![^>]*>|<\?[^>]*\?>/g, ''));
}

function tidy(text: string): string {
  return text
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\ufeff]/g, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A title or name: plain text on one line. */
export function plainLine(text: string | undefined): string {
  if (!text) return '';
  return htmlToText(text).replace(/\s*\n\s*/g, ' ');
}
