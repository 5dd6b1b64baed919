import { notifierRegistry } from './alerts/notifiers/registry.js';
import { ruleRegistry } from './alerts/rules/registry.js';
import { analyseConfigWith, loadConfigWith, parseConfigWith, type ConfigAnalysis, type VigieConfig } from './config/load.js';
import { sourceRegistry } from './sources/registry.js';

/*
 * Where the config meets the plug-ins. config/ knows nothing of sources, rules or channels; the
 * wings know config's types. This module, above both, checks a config against the registries;
 * build.ts builds its plug-ins. Kept apart so that commands that only read the config (config
 * check, collect, notify test) do not load the classifiers.
 */

/** The registries the config's plug-in entries are validated against and built from. */
export const pluginRegistries = {
  sources: sourceRegistry,
  rules: ruleRegistry,
  channels: notifierRegistry,
} as const;

/** Reads a config file and checks it, plug-in options included; a ConfigError lists every problem. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<VigieConfig> {
  return loadConfigWith(pluginRegistries, file, env);
}

/** Parses a config text (YAML), resolves `${VAR}` references and checks it, plug-in options included. */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): VigieConfig {
  return parseConfigWith(pluginRegistries, text, file, env);
}

/** Every problem of a config text in one pass, and the valid parts (for `vigie config check`). */
export function analyseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): ConfigAnalysis {
  return analyseConfigWith(pluginRegistries, text, file, env);
}
