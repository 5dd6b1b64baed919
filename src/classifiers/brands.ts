/**
 * Which configured brands a post is about: any of a brand's names or aliases, in any script,
 * in the text or in a hashtag (`#BoycottBalenciaga`, `#巴黎世家#`, `#balenciagaboycott`), and
 * none of its exclusions (a museum, a namesake). An exclusion that contains the name
 * (`Balenciaga museum`) cancels that mention only, so the same post can still be about the brand
 * elsewhere; one that stands apart from any mention (`museum`) rules the whole post out, as the
 * config documents.
 */
import type { BrandConfig } from '../config/schema.js';
import type { Classification, Classifier } from './classifier.js';
import { TermMatcher, type TermHit } from './term-matcher.js';

interface BrandTerm {
  brand: string;
  exclude: boolean;
}

export class BrandMatcher implements Classifier {
  readonly name = 'brands';
  private readonly matcher: TermMatcher<BrandTerm>;
  private readonly order: Map<string, number>;

  constructor(brands: readonly BrandConfig[]) {
    this.matcher = new TermMatcher<BrandTerm>();
    this.order = new Map(brands.map((b, i) => [b.id, i]));
    for (const brand of brands) {
      for (const name of [...brand.names, ...brand.aliases]) this.matcher.add(name, { brand: brand.id, exclude: false });
      for (const term of brand.exclude) this.matcher.add(term, { brand: brand.id, exclude: true });
    }
  }

  apply(work: Classification): void {
    work.brands = this.match(work.normalized, work.features?.compoundHashtags ?? []);
  }

  /** Brand ids found in a normalised text and its hashtag bodies, in config order. */
  match(normalized: string, hashtags: readonly string[]): string[] {
    if (this.matcher.count === 0) return [];
    const hits = this.matcher.findAll(normalized);
    const mentions = hits.filter((h) => !h.payload.exclude);
    const exclusions = hits.filter((h) => h.payload.exclude);
    const ruledOut = new Set<string>();
    const covered = new Set<TermHit<BrandTerm>>();
    for (const ex of exclusions) {
      const inside = mentions.filter((m) => m.payload.brand === ex.payload.brand && m.start >= ex.start && m.end <= ex.end);
      if (inside.length === 0) ruledOut.add(ex.payload.brand);
      for (const m of inside) covered.add(m);
    }
    const found = new Set<string>();
    for (const m of mentions) if (!covered.has(m)) found.add(m.payload.brand);
    for (const body of hashtags) {
      for (const hit of this.matcher.findInCompound(body)) (hit.payload.exclude ? ruledOut : found).add(hit.payload.brand);
    }
    const out = [...found].filter((id) => !ruledOut.has(id));
    return out.sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
  }
}
