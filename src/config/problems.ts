import type { z } from 'zod';
import type { ConfigProblem } from '../errors.js';

/** Where a path sits in the file, when it can be found. */
export type LineOf = (path: readonly (string | number)[]) => number | undefined;

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of settings',
  record: 'a map of settings',
};

function received(input: unknown): string {
  if (input === null) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a map';
  if (typeof input === 'string') return `"${input.length > 40 ? `${input.slice(0, 40)}…` : input}"`;
  return String(input);
}

/**
 * Plain wording for zod's own messages ("Too big: expected number to be <=65535" becomes "must be at
 * most 65535"). Passed to safeParse, it only fills in where a schema gave no message of its own.
 */
export function plainError(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[String(issue.expected)] ?? String(issue.expected);
      if (issue.input === undefined) return `required (${expected})`;
      return `expected ${expected}, not ${received(issue.input)}`;
    }
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'array') return `at most ${max} item${max === '1' ? '' : 's'}`;
      if (issue.origin === 'string') return `at most ${max} characters`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'array') return min === '1' ? 'must not be empty' : `at least ${min} items`;
      if (issue.origin === 'string') return min === '1' ? 'must not be empty' : `at least ${min} characters`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, not ${received(issue.input)}`;
    case 'invalid_format':
      if (issue.format === 'url') return 'expected a URL such as https://example.com/';
      if (issue.format === 'email') return 'expected an email address';
      if (issue.format === 'regex') return `${received(issue.input)} is not in the expected form`;
      return `expected ${issue.format}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_union':
      return `${received(issue.input)} is not one of the accepted forms`;
    default:
      return undefined;
  }
}

/** A zod error as problems, each with its dotted path and line. */
export function zodProblems(error: z.ZodError, prefix: (string | number)[], lineOf: LineOf): ConfigProblem[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    // Our own key check words this better than a custom message on a strict object could.
    const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
    return { path: path.join('.'), message, line: lineOf(path) };
  });
}

const MISSING_VARIABLE = /^environment variable (\w+) is not set/;

/**
 * The problems as a person reads them: in file order, each once. A value whose environment variable
 * is unset is reported for that alone (not again as empty or invalid), and a variable used in several
 * places is reported once, with the other lines.
 */
export function tidyProblems(problems: ConfigProblem[]): ConfigProblem[] {
  const unsetPaths: string[] = [];
  const byVariable = new Map<string, ConfigProblem & { others: number[] }>();
  const out: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const p of problems) {
    const variable = MISSING_VARIABLE.exec(p.message)?.[1];
    if (!variable) continue;
    unsetPaths.push(p.path);
    const first = byVariable.get(variable);
    if (first) {
      if (p.line !== undefined) first.others.push(p.line);
      continue;
    }
    byVariable.set(variable, { ...p, others: [] });
  }
  for (const p of byVariable.values()) {
    const { others, ...problem } = p;
    const lines = [...new Set(others)].filter((l) => l !== p.line);
    out.push(lines.length ? { ...problem, message: `${problem.message}; also used on line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}` } : problem);
  }
  const under = (path: string, parent: string) => path === parent || path.startsWith(`${parent}.`);
  for (const p of problems) {
    if (MISSING_VARIABLE.test(p.message)) continue;
    // A plug-in that could not be built because of an unset variable says so in its own words.
    const variableNamed = [...byVariable.keys()].some((v) => p.message.includes(`variable ${v} `));
    if (variableNamed || unsetPaths.some((u) => under(p.path, u))) continue;
    const key = `${p.line}|${p.path}|${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
