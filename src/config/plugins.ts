import { notifierRegistry } from '../alerts/notifiers/registry.js';
import { ruleRegistry } from '../alerts/rules/registry.js';
import { sourceRegistry } from '../sources/registry.js';

/** The registries the config loader validates plug-in options against. */
export const pluginRegistries = {
  sources: sourceRegistry,
  rules: ruleRegistry,
  channels: notifierRegistry,
} as const;
