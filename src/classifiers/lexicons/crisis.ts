/**
 * Built-in crisis terms by category, in Chinese, English and French. Written for Vigie (see
 * README.md here); terms are matched after normalisation, so traditional characters, accents,
 * case and hashtags (`#抵制X#`, `#BoycottX`, `#boycottx`) need no entries of their own.
 * A trailing `*` matches any word that starts with the term (Latin scripts).
 */
import type { CrisisCategory } from '../../types.js';
import { BOYCOTT } from './crisis/boycott.js';
import { DISCRIMINATION } from './crisis/discrimination.js';
import { VIOLENCE } from './crisis/violence.js';
import { SAFETY } from './crisis/safety.js';
import { FRAUD } from './crisis/fraud.js';
import { SERVICE } from './crisis/service.js';
import type { CrisisTermsByLanguage } from './crisis/terms.js';

export { CRISIS_FIGURATIVE } from './crisis/figurative.js';
export { CRISIS_NEGATIONS } from './crisis/negations.js';

export const CRISIS_TERMS: Record<CrisisCategory, CrisisTermsByLanguage> = {
  boycott: BOYCOTT,
  discrimination: DISCRIMINATION,
  violence: VIOLENCE,
  safety: SAFETY,
  fraud: FRAUD,
  service: SERVICE,
};
