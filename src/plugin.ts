import type { z } from 'zod';

/**
 * What every plug-in (source, rule, notifier) says about itself, so `vigie config check` validates
 * its options and the CLI can print what it does (STYLE.md 6). Options are a zod schema: defaults
 * and validation messages live in one place.
 */
export interface PluginSpec<Options, Instance, BuildContext> {
  /** The `type:` that selects it in the config file. */
  readonly type: string;
  /** One sentence on what it does. */
  readonly description: string;
  readonly options: z.ZodType<Options>;
  create(id: string, options: Options, ctx: BuildContext): Instance;
}

/** Turns a registry list into a lookup by type, refusing two plug-ins with one type. */
export function registryOf<T extends { type: string }>(specs: readonly T[]): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const spec of specs) {
    if (map.has(spec.type)) throw new Error(`two plug-ins claim the type "${spec.type}"`);
    map.set(spec.type, spec);
  }
  return map;
}
