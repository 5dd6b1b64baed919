import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The relative imports of src/, read with TypeScript's own pre-processor: `import type`,
 * `export ... from` and `import()` count like any import, comments and strings do not.
 */

/** Module path (`src/alerts/lifecycle.ts`) to the modules it imports, same notation. */
export type ImportGraph = Map<string, string[]>;

/** The wings: plug-in families that must not know each other. */
export const WINGS = ['sources', 'classifiers', 'alerts'] as const;

/** Builds the graph from source texts keyed by path (`src/x.ts`); imports outside the map are dropped. */
export function graphOf(files: ReadonlyMap<string, string>): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const [file, text] of files) {
    const { importedFiles } = ts.preProcessFile(text, true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => resolveRelative(file, name))
      .filter((target) => files.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The source file a relative import names (`./b.js` from `src/a.ts` is `src/b.ts`). */
function resolveRelative(from: string, specifier: string): string {
  return posix.join(posix.dirname(from), specifier).replace(/\.js$/, '.ts');
}

/** Reads every .ts file under `dir` (relative to `root`). */
export function readSources(root: string, dir = 'src'): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(join(root, d), { withFileTypes: true })) {
      const path = posix.join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) files.set(path, readFileSync(join(root, path), 'utf8'));
    }
  };
  walk(dir);
  return files;
}

export function wingOf(file: string): string | undefined {
  const top = file.split('/')[1];
  return (WINGS as readonly string[]).includes(top ?? '') ? top : undefined;
}

/**
 * Modules outside the wings that reach no wing, even through other modules: the kernel (types,
 * clock, errors, config, keys...). Computed, so a new shared module needs no list to be kept.
 */
export function kernelOf(graph: ImportGraph): Set<string> {
  const reachesWing = new Map<string, boolean>();
  const visit = (file: string, open: Set<string>): boolean => {
    const known = reachesWing.get(file);
    if (known !== undefined) return known;
    if (wingOf(file)) return true;
    if (open.has(file)) return false;
    open.add(file);
    const result = (graph.get(file) ?? []).some((t) => visit(t, open));
    open.delete(file);
    reachesWing.set(file, result);
    return result;
  };
  return new Set([...graph.keys()].filter((f) => !wingOf(f) && !visit(f, new Set())));
}

/** Every import by a wing module of something that is neither its own wing nor the kernel. */
export function wingViolations(graph: ImportGraph): string[] {
  const kernel = kernelOf(graph);
  const out: string[] = [];
  for (const [file, targets] of graph) {
    const wing = wingOf(file);
    if (!wing) continue;
    for (const t of targets) {
      if (wingOf(t) === wing || kernel.has(t)) continue;
      const why = wingOf(t) ? `the ${wingOf(t)} wing` : 'a module that reaches another wing (the pipeline or an entry point)';
      out.push(`${file} imports ${t}, ${why}`);
    }
  }
  return out;
}

/** Import cycles (strongly connected groups of two or more modules), each as a sorted list. */
export function cyclesOf(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return found;
}

/** The repository root, from this file. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The modules a file loads when it is loaded: static value imports and re-exports, not `import type` nor `import()`. */
function loadedAtImport(text: string): string[] {
  const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const s of source.statements) {
    if (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly && ts.isStringLiteral(s.moduleSpecifier)) out.push(s.moduleSpecifier.text);
    if (ts.isExportDeclaration(s) && !s.isTypeOnly && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) out.push(s.moduleSpecifier.text);
  }
  return out;
}

/**
 * The packages (`axios`, `node:fs`...) that loading `entry` loads, through every module it loads in
 * turn: what a process pays in memory and start-up for importing it, before any `import()` runs.
 */
export function packagesLoadedBy(files: ReadonlyMap<string, string>, entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const name of loadedAtImport(files.get(file) ?? '')) {
      if (!name.startsWith('.')) packages.add(name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/'));
      else visit(resolveRelative(file, name));
    }
  };
  visit(entry);
  return packages;
}
