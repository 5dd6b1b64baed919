import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeTerm } from '../../src/classifiers/normalize.js';
import { isEnding, isWordChar, TermMatcher } from '../../src/classifiers/term-matcher.js';

/** Terms of every kind the matcher treats apart: Latin, Chinese, mixed, `term*`, with inner spaces. */
const TERMS = ['dior', 'boycott*', 'scam*', 'arnaque', 'not safe', '抵制', '巴黎世家', '歧视', 'b家', 'x', '家', 'fake news', 'ab'];
/** Pieces texts are made of: the terms' own letters, boundaries of every kind, near misses. */
const PIECES = ['dior', 'condiorama', 'boycotting', 'boycottx', 'scampi', 'scammed', 'arnaques', 'not', 'safe', 'not safe', '抵制', '巴黎世家', '歧视', '家', 'b', 'x', 'ab', 'abx', 'fake', 'news', ' ', ' ', '.', ',', '#', '_', '1', 'é', '😀', '，', 'a'];

/** What `findAll` must find, the slow way: every term at every place, the boundary rules as documented. */
function reference(text: string): string[] {
  const out: string[] = [];
  for (const term of TERMS) {
    const prefix = term.endsWith('*');
    const key = normalizeTerm(prefix ? term.slice(0, -1) : term);
    for (let start = text.indexOf(key); start >= 0; start = text.indexOf(key, start + 1)) {
      let end = start + key.length;
      if (isWordChar(key.charCodeAt(0)) && start > 0 && isWordChar(text.charCodeAt(start - 1))) continue;
      if (prefix) {
        let stop = end;
        while (stop < text.length && isWordChar(text.charCodeAt(stop))) stop++;
        if (!isEnding(text.slice(end, stop), key)) continue;
        end = stop;
      } else if (isWordChar(key.charCodeAt(key.length - 1)) && end < text.length && isWordChar(text.charCodeAt(end))) continue;
      out.push(`${start}-${end} ${term}`);
    }
  }
  return out.sort();
}

describe('TermMatcher', () => {
  const matcher = new TermMatcher(TERMS.map((term) => ({ term, payload: term })));
  const found = (text: string) =>
    matcher
      .findAll(text)
      .map((h) => `${h.start}-${h.end} ${h.term}`)
      .sort();

  it('finds what a term-by-term search finds, on texts made of near misses and boundaries', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        expect(found(text)).toEqual(reference(text));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('refuses a term with a * inside it, naming the term', () => {
    expect(() => new TermMatcher([{ term: 'sold my * shares', payload: 1 }])).toThrow('term "sold my * shares": * may only end a term');
    expect(new TermMatcher([{ term: 'boycott*', payload: 1 }]).count).toBeGreaterThan(0);
  });

  it('starts no Latin term inside a word, and needs none in Chinese', () => {
    expect(found('condiorama dior')).toEqual(['11-15 dior']);
    expect(found('xdior')).toEqual([]);
    expect(found('好想要巴黎世家')).toEqual(['3-7 巴黎世家', '6-7 家']);
    expect(found('boycotting scampi')).toEqual(['0-10 boycott*']);
  });
});
