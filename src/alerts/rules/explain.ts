import type { Explanation } from '../../types.js';
import { formatNumber, platformName } from '../format.js';
import { categoriesNamed } from '../i18n.js';
import { metricLabel } from './metrics.js';

/**
 * The English one-liner of a statistical firing, from its Explanation: "9 boycott posts from 8
 * authors in 15m on Weibo and X; expected 0.2 at this hour from the last 7d (p < 10⁻⁹)". Channels
 * that speak another language word the Explanation themselves.
 */
export function explainInEnglish(e: Explanation, lead = ''): string {
  // Always said when known, as the channels' wording (i18n `explain`) says it: "7 posts from 7
  // authors" is the evidence that it is not one account, and the page's timeline, which shows this
  // line, read "7 boycott posts in 15 min" under a headline that said "from 7 authors".
  const who = e.authors !== undefined && e.metric !== 'reachNeg' ? ` from ${formatNumber(e.authors)} ${e.authors === 1 ? 'author' : 'authors'}` : '';
  const where = e.platforms && e.platforms.length > 0 ? ` on ${andList(e.platforms.map(platformName))}` : '';
  const named = categoriesNamed(e);
  const kinds = named.length > 0 ? ` (${named.join(', ')})` : '';
  const head = `${lead}${formatNumber(Math.round(e.count))} ${metricLabel(e.metric)}${kinds}${who} in ${span(e.windowMs)}${where}`;
  if (e.expected === undefined) return head;
  const history = e.historyMs ? ` from the last ${span(e.historyMs)}` : '';
  const p = e.pValue !== undefined ? ` (${formatP(e.pValue)})` : '';
  return `${head}; expected ${formatExpected(e.expected)} at this hour${history}${p}`;
}

/** 0.2, 1.4, 75, 1,200: two significant figures below 10, whole numbers above. */
export function formatExpected(x: number): string {
  if (x < 0.05) return x === 0 ? '0' : '< 0.1';
  if (x < 10) return String(Math.round(x * 10) / 10);
  return formatNumber(Math.round(x));
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** p = 0.03, p = 0.004, p < 10⁻⁵, ..., p < 10⁻¹⁵. */
export function formatP(p: number): string {
  if (p >= 0.001) return `p = ${Number(p.toPrecision(1))}`;
  const exponent = Math.min(15, Math.floor(-Math.log10(Math.max(p, 1e-300))));
  const sup = String(exponent)
    .split('')
    .map((d) => SUPERSCRIPT[Number(d)])
    .join('');
  return `p < 10⁻${sup}`;
}

function andList(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
}

/** 15 min, 2 h, 1 h 30 min, 7 days: spans as people say them. */
export function span(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const days = Math.round(minutes / 1440);
  return `${days} days`;
}
