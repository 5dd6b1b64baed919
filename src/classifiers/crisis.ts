/**
 * Boycott and crisis terms: the built-in lexicon (Chinese, English, French, by category) plus
 * each brand's `terms` from the config, which count only in posts about that brand. A term
 * right after a negation ("not a scam", "pas une arnaque", "不是骗子", "别抵制") does not count.
 * Every match keeps its category and term, so an alert can say why it fired.
 */
import type { BrandConfig } from '../config/schema.js';
import { CRISIS_CATEGORIES, type CrisisCategory, type CrisisMatch, type CrisisSignal } from '../types.js';
import type { Classification, Classifier } from './classifier.js';
import { withinSpans, type TextSpan } from './brand-names.js';
import { CRISIS_FIGURATIVE, CRISIS_NEGATIONS, CRISIS_TERMS } from './lexicons/crisis.js';
import { normalizeTerm } from './normalize.js';
import { TermMatcher, type TermHit } from './term-matcher.js';

interface CrisisTerm {
  /** As written in the lexicon or the config. */
  term: string;
  category: CrisisCategory;
  brand?: string;
  /** `boycott*`: report the word found (boycotting), not the stem. */
  prefix: boolean;
}

/** An everyday phrase that holds a term in another sense (美到爆炸, "if I recall correctly"). */
interface FigurativeUse {
  figurative: true;
}

type Entry = CrisisTerm | FigurativeUse;

const isTerm = (hit: TermHit<Entry>): hit is TermHit<CrisisTerm> => !('figurative' in hit.payload);

/** Whether hit `a` lies within the span of hit `b` (a negated or figurative phrase, a longer term). */
const within = (a: TermHit<unknown>, b: TermHit<unknown>): boolean => a.start >= b.start && a.end <= b.end;

/** Whether hit `a` lies within a longer hit `b`. */
const inside = (a: TermHit<unknown>, b: TermHit<unknown>): boolean => within(a, b) && b.end - b.start > a.end - a.start;

/** How far back a Latin-script negation may stand, in words, when only fillers are between. */
const NEGATION_REACH = 4;
/** Words that may stand between a negation and the term: "not a scam", "pas du tout une arnaque". */
const FILLERS = new Set(
  'a an the any really actually just at all even so this that it its is was be been ever un une des de du la le les l d tout vraiment du meme c est ete'.split(' '),
);
const CLAUSE_END = /[.!?;,:\n。！？；，、]/;
const WORD = /[\p{L}\p{N}']+/gu;

/**
 * 这不是虚假宣传是什么 ("if this isn't false advertising, what is?"): a Chinese negation answered by
 * 是什么 or 吗 asserts the term instead of denying it.
 */
const RHETORICAL_ZH = /^(?:又|还|那|不)?(?:是什么|是啥|吗|嘛)/;

function rhetorical(text: string, end: number): boolean {
  return RHETORICAL_ZH.test(text.slice(end, end + 6));
}

export function emptyCrisis(): CrisisSignal {
  return { terms: [], categories: [], score: 0, matches: [] };
}

export class CrisisDetector implements Classifier {
  readonly name = 'crisis';
  private readonly matcher = new TermMatcher<Entry>();
  private readonly negations: Set<string>;
  private readonly zhNegations: string[];
  private readonly zhFillers: string[];

  constructor(brands: readonly BrandConfig[] = []) {
    for (const category of CRISIS_CATEGORIES) {
      const { zh, en, fr } = CRISIS_TERMS[category];
      for (const term of [...zh, ...en, ...fr]) this.matcher.add(term, { term, category, prefix: term.endsWith('*') });
    }
    for (const brand of brands) {
      for (const [category, terms] of Object.entries(brand.terms) as [CrisisCategory, string[] | undefined][]) {
        for (const term of terms ?? []) this.matcher.add(term, { term, category, brand: brand.id, prefix: term.endsWith('*') });
      }
    }
    for (const phrase of CRISIS_FIGURATIVE) this.matcher.add(phrase, { figurative: true });
    this.negations = new Set(CRISIS_NEGATIONS.words.map(normalizeTerm));
    this.zhNegations = [...CRISIS_NEGATIONS.zh].sort((a, b) => b.length - a.length);
    this.zhFillers = CRISIS_NEGATIONS.zhFillers;
  }

  apply(work: Classification): void {
    work.crisis = this.detect(work.normalized, work.features?.compoundHashtags ?? [], work.brands, work.brandNames?.spans);
  }

  /** @param names where brand names stand in `normalized`: a term inside one is part of a name ("Poison" the perfume), not a report. */
  detect(normalized: string, compoundHashtags: readonly string[], brands: readonly string[], names: readonly TextSpan[] = []): CrisisSignal {
    const hits: TermHit<CrisisTerm>[] = [];
    for (const body of compoundHashtags) hits.push(...this.matcher.findInCompound(body).filter(isTerm));
    const all = this.matcher.findAll(normalized);
    // Most posts have no hit at all: nothing more to build (the arrays and the set below would be
    // garbage for the classify thread's collector, and nothing else).
    if (all.length === 0 && hits.length === 0) return emptyCrisis();
    // Most of the rest have one: the checks below cost nothing then.
    // Without a figurative hit, every hit is a term's.
    let inText = all as TermHit<CrisisTerm>[];
    if (all.some((hit) => !isTerm(hit))) {
      const figurative = all.filter((hit) => !isTerm(hit));
      inText = all.filter(isTerm).filter((hit) => !figurative.some((f) => within(hit, f)));
    }
    const negated = inText.filter((hit) => this.negated(normalized, hit.start) && !rhetorical(normalized, hit.end));
    for (const hit of inText) {
      if (withinSpans(hit.start, hit.end, names)) continue;
      // 没有种族歧视: the negation of 种族歧视 covers the 歧视 inside it too.
      if (negated.some((n) => within(hit, n))) continue;
      // "allergic reaction" is one mention, not also one of allerg*; "food poisoning" not also poison*.
      if (inText.length > 1 && inText.some((other) => inside(hit, other) && other.payload.category === hit.payload.category && other.payload.brand === hit.payload.brand)) continue;
      hits.push(hit);
    }
    const about = new Set(brands);
    const kept = hits.filter((h) => h.payload.brand === undefined || about.has(h.payload.brand));
    if (kept.length === 0) return emptyCrisis();

    const matches = new Map<string, CrisisMatch>();
    for (const hit of kept) {
      const { payload } = hit;
      // One match per lexicon entry; a `term*` reports the first word it found (boycotting).
      const term = payload.prefix ? hit.text : payload.term;
      const key = `${payload.category}\u0000${payload.term}\u0000${payload.brand ?? ''}`;
      if (!matches.has(key)) {
        const match: CrisisMatch = { term, category: payload.category };
        if (payload.brand !== undefined) match.brand = payload.brand;
        matches.set(key, match);
      }
    }
    const list = [...matches.values()];
    const terms = [...new Set(list.map((m) => m.term))];
    const found = new Set(list.map((m) => m.category));
    const categories = CRISIS_CATEGORIES.filter((c) => found.has(c));
    return { terms, categories, score: crisisScore(terms.length, kept.length, categories.length), matches: list };
  }

  /** Whether a negation stands just before `start`, with only fillers between. */
  private negated(text: string, start: number): boolean {
    const before = text.slice(Math.max(0, start - 48), start).trimEnd();
    const code = before.charCodeAt(before.length - 1);
    if (code >= 0x3400 && code <= 0x9fff) return this.negatedChinese(before);
    let clause = before;
    for (let i = before.length - 1; i >= 0; i--) {
      if (CLAUSE_END.test(before[i] ?? '')) {
        clause = before.slice(i + 1);
        break;
      }
    }
    const words = clause.match(WORD) ?? [];
    for (let i = words.length - 1, seen = 0; i >= 0 && seen < NEGATION_REACH; i--, seen++) {
      const word = words[i] ?? '';
      if (this.negations.has(word) || word.endsWith("n't")) return true;
      // French elision: "n'est pas" has its "pas"; "n'a aucun" its "aucun". A bare "n'" alone
      // ("ce n'est qu'une arnaque") is not a negation.
      if (!FILLERS.has(word) && !FILLERS.has(word.replace(/^[a-z]'/, ''))) return false;
    }
    return false;
  }

  private negatedChinese(before: string): boolean {
    let text = before;
    for (let stripped = true; stripped; ) {
      stripped = false;
      for (const filler of this.zhFillers) {
        if (text.endsWith(filler)) {
          text = text.slice(0, -filler.length);
          stripped = true;
        }
      }
    }
    return this.zhNegations.some((n) => text.endsWith(n));
  }
}

/**
 * 0 for nothing; one term about 0.5, two 0.75, and towards 1 with more terms, repeats and
 * categories: several signals together are what a crisis looks like.
 */
export function crisisScore(distinctTerms: number, occurrences: number, categories: number): number {
  if (distinctTerms === 0) return 0;
  const repeats = Math.min(occurrences - distinctTerms, 4);
  const raw = distinctTerms + 0.5 * repeats + 0.5 * Math.max(0, categories - 1);
  return Math.round((1 - Math.exp(-raw * 0.7)) * 1000) / 1000;
}
