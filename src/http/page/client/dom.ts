/**
 * Building the DOM without HTML strings: every piece of data reaches the page as text, never as
 * markup, because post text and names are untrusted.
 */
export type Child = Node | string | number | null | undefined | false | readonly Child[];
type PropValue = string | number | boolean | null | undefined | ((e: Event) => void);
export type Props = Record<string, PropValue> | null;

export function $<T extends Element = HTMLElement>(sel: string, root?: ParentNode): T {
  return (root ?? document).querySelector(sel) as T;
}

const SVGNS = 'http://www.w3.org/2000/svg';

export function append<T extends Element>(el: T, kids: readonly Child[]): T {
  for (const k of kids) {
    if (k === null || k === undefined || k === false) continue;
    if (Array.isArray(k)) append(el, k as readonly Child[]);
    else el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return el;
}

/** Replaces an element's children, skipping null and false (Node.replaceChildren would print "null"). */
export function fill<T extends Element>(el: T, ...kids: Child[]): T {
  while (el.firstChild) el.firstChild.remove();
  return append(el, kids);
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...kids: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  return append(el, kids);
}

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Record<string, string | number | undefined> | null, ...kids: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  return append(el, kids);
}
