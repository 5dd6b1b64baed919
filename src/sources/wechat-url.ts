/**
 * One WeChat article, one key, whichever mirror or link form carried it (RSSHub's
 * lib/utils/wechat-mp.ts normalizeUrl does the same):
 * - `mp.weixin.qq.com/s/{short}` (any query or fragment): key `s:{short}`;
 * - `mp.weixin.qq.com/s?__biz=..&mid=..&idx=..&sn=..` (or `/mp/appmsg/show` with appmsgid and
 *   itemidx): key `{biz}:{mid}:{idx}`, the URL rebuilt with those four parameters only;
 * - a bare short id (WeWe-RSS Atom ids): as `/s/{id}`.
 * Temporary links (`/s?src=11&timestamp=..&signature=..`) carry no article identity and give none.
 */

export interface WechatArticle {
  /** Stable across link forms of one kind; short and long forms of one article still differ. */
  key: string;
  /** The canonical https URL. */
  url: string;
  /** The account (`__biz`) when the link names it. */
  biz?: string;
}

const SHORT_ID = /^[A-Za-z0-9_-]{10,64}$/;

export function normaliseWechatLink(link: string | undefined): WechatArticle | undefined {
  if (!link) return undefined;
  const raw = link.trim();
  if (SHORT_ID.test(raw)) return short(raw);
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return undefined;
  }
  if (!/(^|\.)weixin\.qq\.com$/i.test(u.hostname)) return undefined;
  const path = u.pathname.replace(/\/+$/, '');
  const shortMatch = /^\/s\/([A-Za-z0-9_-]+)$/.exec(path);
  if (shortMatch) return short(shortMatch[1]!);
  if (path === '/s' || path === '/mp/appmsg/show') {
    const q = u.searchParams;
    const biz = q.get('__biz');
    const mid = q.get('mid') ?? q.get('appmsgid');
    const idx = q.get('idx') ?? q.get('itemidx') ?? '1';
    const sn = q.get('sn') ?? q.get('sign');
    if (!biz || !mid) return undefined;
    const params = [['__biz', biz], ['mid', mid], ['idx', idx], ...(sn ? [['sn', sn]] : [])];
    // As WeChat writes them: base64 padding (`==`) stays unescaped.
    const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v!).replace(/%3D/g, '=')}`).join('&');
    return { key: `${biz}:${mid}:${idx}`, url: `https://mp.weixin.qq.com/s?${query}`, biz };
  }
  return undefined;
}

function short(id: string): WechatArticle {
  return { key: `s:${id}`, url: `https://mp.weixin.qq.com/s/${id}` };
}
