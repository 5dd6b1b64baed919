import { registryOf } from '../../plugin.js';
import { influencerRule } from './influencer.js';
import { ratioRule } from './ratio.js';
import type { RuleSpec } from './rule.js';
import { sourceHealthRule } from './source-health.js';
import { slowBurnRule } from './slow-burn.js';
import { spikeRule } from './spike.js';
import { surgeRule } from './surge.js';
import { thresholdRule } from './threshold.js';

/** Every rule type: adding one is a new file and one line here. */
export const ruleSpecs: readonly RuleSpec[] = [
  thresholdRule as RuleSpec,
  ratioRule as RuleSpec,
  spikeRule as RuleSpec,
  influencerRule as RuleSpec,
  sourceHealthRule as RuleSpec,
  surgeRule as RuleSpec,
  slowBurnRule as RuleSpec,
];

export const ruleRegistry = registryOf(ruleSpecs);
