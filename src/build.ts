import type { Logger } from 'pino';
import type { Notifier } from './alerts/notifiers/notifier.js';
import type { Rule } from './alerts/rules/rule.js';
import type { ClassifierChain, ClassifierOptions } from './classifiers/classifier.js';
import type { VigieConfig } from './config/load.js';
import { pluginRegistries } from './configure.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import type { Source } from './sources/source.js';

/** Everything the config describes, built: the one place config turns into running plug-ins. */
export interface Plugins {
  sources: Map<string, Source>;
  rules: Rule[];
  notifiers: Map<string, Notifier>;
}

/** Builds every plug-in, collecting every error, and refuses while there are any (STYLE.md 4). */
export function buildPlugins(config: VigieConfig, env: NodeJS.ProcessEnv, log: Logger): Plugins {
  const problems: ConfigProblem[] = [];
  const attempt = <T>(path: string, line: number | undefined, make: () => T): T | undefined => {
    try {
      return make();
    } catch (err) {
      problems.push({ path, line, message: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  };

  const sources = new Map<string, Source>();
  for (const s of config.sources) {
    if (!s.extra.enabled) continue;
    const spec = pluginRegistries.sources.get(s.type);
    const brands = config.brands.filter((b) => !s.extra.brands || s.extra.brands.includes(b.id));
    const built = spec && attempt(`sources.${s.id}`, s.line, () => spec.create(s.id, s.options, { brands, env }));
    if (built) sources.set(s.id, built);
  }
  const rules: Rule[] = [];
  for (const r of config.rules) {
    const spec = pluginRegistries.rules.get(r.type);
    const built = spec && attempt(`rules.${r.id}`, r.line, () => spec.create(r.id, r.options, { severity: r.extra.severity, brands: r.extra.brands }));
    if (built) rules.push(built);
  }
  const notifiers = new Map<string, Notifier>();
  for (const c of config.channels) {
    const spec = pluginRegistries.channels.get(c.type);
    const built = spec && attempt(`channels.${c.id}`, c.line, () => spec.create(c.id, c.options, { env, log: log.child({ channel: c.id }) }));
    if (built) notifiers.set(c.id, built);
  }
  if (problems.length > 0) throw new ConfigError(config.file, problems);
  return { sources, rules, notifiers };
}

/** What the classifier chain is built from. */
export function classifierOptions(config: VigieConfig): ClassifierOptions {
  return { brands: config.brands, languages: config.languages };
}

/**
 * Builds the classifier chain, loading the classifiers' modules on first use: a process whose
 * classification runs in threads (or that runs no classify role) never loads them, nor jieba's
 * dictionary and natural's vocabularies, in its main thread.
 */
export async function loadClassifierChain(opts: ClassifierOptions): Promise<ClassifierChain> {
  const { buildClassifierChain } = await import('./classifiers/pipeline.js');
  return buildClassifierChain(opts);
}
