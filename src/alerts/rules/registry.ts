import { registryOf } from '../../plugin.js';
import type { RuleSpec } from './rule.js';
import { thresholdRule } from './threshold.js';

/** Every rule type: adding one is a new file and one line here. */
export const ruleSpecs: readonly RuleSpec[] = [thresholdRule as RuleSpec];

export const ruleRegistry = registryOf(ruleSpecs);
