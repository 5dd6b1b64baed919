/**
 * A brand's own name says nothing about how a post feels about the brand: "Happy Socks lost my
 * order" is a complaint, not praise; a perfume called Poison is no safety report; 饭来了 ("food's
 * here") leans no way. The brand matcher records where the names it found stand in the
 * normalised text; sentiment and the crisis model read the text with each name replaced by a
 * space, and a crisis term inside a name does not count. A brand's own crisis terms that
 * hold its name (抵制巴黎世家, #BoycottBalenciaga) reach beyond it and still count.
 */

/** Where a brand name stands in a post's normalised text: `[start, end)` in UTF-16 code units. */
export interface TextSpan {
  start: number;
  end: number;
}

/** Sorted, with overlapping or touching spans merged (a name and an alias over the same words). */
export function mergeSpans(spans: readonly TextSpan[]): TextSpan[] {
  // One name, as most posts have: no sort (its work array) to make.
  if (spans.length === 1) return [{ start: (spans[0] as TextSpan).start, end: (spans[0] as TextSpan).end }];
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TextSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/**
 * `normalized` with each span replaced by a space: the name gives the models no feature at all. A
 * placeholder word would carry whatever weights its features' hash buckets hold, the same for
 * every post about every brand. A name written as a mention (`@balenciaga`) stays: the models read
 * every mention as `@user`, as their training posts write them. `spans` as `mergeSpans` gives them.
 */
export function withoutBrandNames(normalized: string, spans: readonly TextSpan[]): string {
  let out = '';
  let from = 0;
  for (const s of spans) {
    if (normalized.charCodeAt(s.start - 1) === AT) continue;
    out += `${normalized.slice(from, s.start)} `;
    from = s.end;
  }
  return from === 0 ? normalized : out + normalized.slice(from);
}

const AT = 0x40;

/** Whether `[start, end)` lies wholly inside one of `spans`. */
export function withinSpans(start: number, end: number, spans: readonly TextSpan[]): boolean {
  for (const s of spans) if (start >= s.start && end <= s.end) return true;
  return false;
}
