import { describe, expect, it } from 'vitest';
import { figureLine } from '../../src/alerts/format.js';
import { explain } from '../../src/alerts/i18n.js';
import { MINUTE } from '../../src/clock.js';

/**
 * How alert texts write a rule's figures. What a brand's history predicts is never exactly nothing
 * (a rate never seen still has a prior), and a reader takes "expected 0" for a certainty: small
 * levels read "< 0.1", in both languages. A category's posts are named as the headline names them.
 */
describe('figures in alert texts', () => {
  const boycott = { metric: 'c:boycott', count: 9, authors: 8, windowMs: 15 * MINUTE, platforms: ['weibo'], historyMs: 7 * 86_400_000, pValue: 1e-25 };

  it('writes a small expectation as "< 0.1", a larger one as it is', () => {
    expect(explain({ ...boycott, expected: 0.001 }, 'en')).toBe('9 boycott posts from 8 authors in 15 min on Weibo; expected < 0.1 at this hour from the last 7 days (p < 10⁻²⁵)');
    expect(explain({ ...boycott, expected: 0.001 }, 'fr')).toContain('< 0,1 attendus à cette heure');
    expect(explain({ ...boycott, expected: 0.26 }, 'en')).toContain('expected 0.3 at this hour');
    expect(explain({ ...boycott, expected: 0 }, 'en')).toContain('expected 0 at this hour');
  });

  it('does the same for a figure against its usual level', () => {
    expect(figureLine({ name: 'crisis posts / 15m', value: 12, baseline: 0.004 })).toBe('crisis posts / 15 min: 12 (usual < 0.1)');
    expect(figureLine({ name: 'crisis posts / 15m', value: 12, baseline: 3.2 })).toBe('crisis posts / 15 min: 12 (usual 3.2)');
  });

  it("names a category's posts in the team's language, as the headline does", () => {
    expect(figureLine({ name: 'fraud or legal posts / 4h', value: 39, baseline: 0.33 }, { language: 'fr' })).toBe('messages sur une fraude ou la justice / 4 h : 39 (habituel 0,3)');
    expect(figureLine({ name: 'boycott posts / 15m', value: 12, baseline: 0.004 }, { language: 'fr' })).toBe('messages de boycott / 15 min : 12 (habituel < 0,1)');
    expect(figureLine({ name: 'boycott posts / 15m', value: 12 })).toBe('boycott posts / 15 min: 12');
  });
});
