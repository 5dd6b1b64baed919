import fc from 'fast-check';

/** Pieces that break parsers and markup: entities, CDATA ends, mentions, control and bidi characters. */
const NASTY = [
  '<', '>', '&', '"', "'", ';', '*', '_', '~', '`', '|', '@', '!', '#', ':', '/', '\\', '\n', '\r', '\t', ' ',
  '\u0000', '\u0007', '\u001b', '\u007f', '\u2028', '\u202e', '\u2066', '\ufeff', '\ud800',
  '<!channel>', '<!here>', '<!everyone>', '<@U123ABC>', '<!subteam^S999|@team>', '@channel', '@here', '@everyone',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', 'javascript:alert(1)',
  ']]>', '<![CDATA[', '&amp;', '&lt;', '&#x3C;', '&#0;', '&nbsp;', '&bogus;', '<!--', '-->', '<?xml', '<!DOCTYPE x [<!ENTITY e "e">]>',
  '巴黎世家', '抵制', 'Balenciaga', '😀', 'é', 'a', 'b', 'z', '0', '9', '{', '}', '[', ']', '${SECRET}', '%s', '%n',
];

/** Text as hostile people (and broken platforms) write it. */
export const hostileText = (maxLength = 80): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...NASTY), maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    { weight: 1, arbitrary: fc.string({ maxLength }) },
  );

/** Any JSON value, deep and wide enough to reach the fields a parser reads. */
export const anyJson = (): fc.Arbitrary<unknown> => fc.jsonValue({ maxDepth: 5 });

/** Replaces, at a random path, a value inside `base` with `leaf` (or deletes it): near-miss documents. */
export function mutate(base: unknown, choice: number, leaf: unknown, remove: boolean): unknown {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(base, []);
  const path = paths[choice % paths.length] as (string | number)[];
  if (path.length === 0) return leaf;
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove && !Array.isArray(at)) delete at[last];
  else at[last] = leaf;
  return copy;
}
