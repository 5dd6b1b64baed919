/**
 * `${VAR}` and `${VAR:-default}` references in config values, resolved from the environment.
 * Resolution happens on parsed YAML scalars, not on the text, so a value can never break the
 * YAML structure and error lines stay true to the file.
 */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface Interpolation {
  value: string;
  /** Variables referenced without a default and unset. */
  missing: string[];
  /** True when the value came (at least partly) from a reference. */
  referenced: boolean;
}

export function interpolate(text: string, env: NodeJS.ProcessEnv): Interpolation {
  const missing: string[] = [];
  let referenced = false;
  const value = text.replace(REFERENCE, (_all, name: string, fallback: string | undefined) => {
    referenced = true;
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return '';
  });
  return { value, missing, referenced };
}

/**
 * The only shape a secret's value may take: one whole `${VAR}`, or `${VAR:-}` whose empty default
 * means "unset" (the token of a read-only daemon). `${VAR:-the-secret}` or `${X:-}the-secret` would
 * put the secret in the file, which is what the rule is there to prevent.
 */
export const WHOLE_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-)?\}$/;

/** Keys whose values are secrets: they must come from the environment, never be written in the file. */
export const SECRET_KEY = /(token|password|secret|cookie|webhookurl|apikey|bearer)$/i;
