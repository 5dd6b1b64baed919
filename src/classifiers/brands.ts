/**
 * Which configured brands a post is about: any of a brand's names or aliases, in any script,
 * in the text or in a hashtag (`#BoycottBalenciaga`, `#巴黎世家#`, `#balenciagaboycott`), and
 * none of its exclusions (a museum, a namesake). An exclusion that contains the name
 * (`Balenciaga museum`) cancels that mention only, so the same post can still be about the brand
 * elsewhere; one that stands apart from any mention (`museum`) rules the whole post out, as the
 * config documents.
 */
import { accountKey } from '../config/account-key.js';
import type { BrandConfig } from '../config/schema.js';
import type { Post } from '../types.js';
import { mergeSpans, withoutBrandNames, type TextSpan } from './brand-names.js';
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
  /** Sorts brand ids as the config lists the brands. */
  private readonly byConfigOrder = (a: string, b: string): number => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0);
  /** `platform:handle` of each brand's own accounts, to its id. */
  private readonly owners = new Map<string, string>();

  constructor(brands: readonly BrandConfig[]) {
    this.matcher = new TermMatcher<BrandTerm>();
    this.order = new Map(brands.map((b, i) => [b.id, i]));
    for (const brand of brands) {
      for (const [platform, handles] of Object.entries(brand.accounts ?? {})) {
        for (const h of handles ?? []) this.owners.set(`${platform}:${accountKey(h)}`, brand.id);
      }
    }
    for (const brand of brands) {
      for (const name of [...brand.names, ...brand.aliases]) this.matcher.add(name, { brand: brand.id, exclude: false });
      for (const term of brand.exclude) this.matcher.add(term, { brand: brand.id, exclude: true });
    }
  }

  apply(work: Classification): void {
    const names: TextSpan[] = [];
    work.brands = this.match(work.normalized, work.features?.compoundHashtags ?? [], names);
    if (names.length > 0) {
      const spans = mergeSpans(names);
      work.brandNames = { spans, text: withoutBrandNames(work.normalized, spans) };
    }
    const owner = this.ownerOf(work.post);
    if (owner) {
      // The brand's own account: about the brand even when it does not name itself.
      work.official = owner;
      if (!work.brands.includes(owner)) work.brands = [...work.brands, owner].sort(this.byConfigOrder);
    }
  }

  /** The brand whose own account wrote the post, by the author's id or handle on that platform. */
  ownerOf(post: Pick<Post, 'platform' | 'author'>): string | undefined {
    if (this.owners.size === 0) return undefined;
    return this.owners.get(`${post.platform}:${accountKey(post.author.id)}`) ?? this.owners.get(`${post.platform}:${accountKey(post.author.name)}`);
  }

  /**
   * Brand ids found in a normalised text and its hashtag bodies, in config order. `names` receives
   * where the mentions that count stand in the text: not one an exclusion covers ("rat poison" is
   * no mention of a perfume called Poison, and stays a word the crisis terms read).
   */
  match(normalized: string, hashtags: readonly string[], names?: TextSpan[]): string[] {
    if (this.matcher.count === 0) return [];
    const hits = this.matcher.findAll(normalized);
    // Most posts name a brand or two and no exclusion: the brands in order, without the sets below.
    if (hashtags.length === 0 && !hits.some((h) => h.payload.exclude)) {
      const out: string[] = [];
      for (const m of hits) {
        if (!out.includes(m.payload.brand)) out.push(m.payload.brand);
        if (names) names.push({ start: m.start, end: m.end });
      }
      return out.length > 1 ? out.sort(this.byConfigOrder) : out;
    }
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
    if (names) for (const m of mentions) if (!covered.has(m) && !ruledOut.has(m.payload.brand)) names.push({ start: m.start, end: m.end });
    return out.sort(this.byConfigOrder);
  }
}
