/**
 * The baseline of `npm run eval:crisis`: the keyword query a comms team types into a listening
 * suite's alert (Meltwater, Brandwatch and Talkwalker alert on boolean keyword queries), a few
 * obvious words per category in each language, matched as Vigie matches its own terms (same
 * normalisation, `*` endings) but with no negation and no figurative phrases. It shows what the
 * lexicon's breadth and its context rules buy over the words anyone would think of first.
 */
import { normalizeText } from '../../src/classifiers/normalize.js';
import { TermMatcher } from '../../src/classifiers/term-matcher.js';
import { CRISIS_CATEGORIES, type CrisisCategory } from '../../src/types.js';

export const KEYWORD_QUERY: Record<CrisisCategory, string[]> = {
  boycott: ['boycott*', 'never buying', 'stop buying', '抵制', '不买', 'plus jamais', "n'achetez plus"],
  discrimination: ['racis*', 'discrimin*', 'sexis*', 'homophob*', '歧视', '辱华', '种族'],
  violence: ['violen*', 'assault*', 'attack*', 'agress*', 'frapp*', '暴力', '打人', '殴打'],
  safety: ['recall*', 'unsafe', 'dangerous', 'toxic', 'poison*', 'rappel', 'dangereu*', 'toxique', 'intoxication', '召回', '中毒', '安全', '有毒'],
  fraud: ['scam*', 'fraud*', 'fake', 'arnaque*', 'escroc*', '诈骗', '骗子', '假货'],
  service: ['refund*', 'customer service', 'rembours*', 'service client', '退款', '客服', '投诉'],
};

export function keywordQuery(): (text: string) => CrisisCategory[] {
  const matcher = new TermMatcher<CrisisCategory>();
  for (const category of CRISIS_CATEGORIES) for (const term of KEYWORD_QUERY[category]) matcher.add(term, category);
  return (text) => {
    const found = new Set(matcher.findAll(normalizeText(text).normalized).map((hit) => hit.payload));
    return CRISIS_CATEGORIES.filter((c) => found.has(c));
  };
}
