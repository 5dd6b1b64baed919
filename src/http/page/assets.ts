import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../../package-root.js';

/** One file the page loads, as served. */
export interface PageAsset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The page's files: ES modules compiled by tsconfig.client.json and the stylesheet, by file name. */
export interface PageAssets {
  files: ReadonlyMap<string, PageAsset>;
  /** A hash of every file: part of the assets' URL, so a new build is never mixed with a cached one. */
  version: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Where the built page lives: next to this file in dist/; when this file runs from src/ (tests
 * through vitest), in the package's dist/ all the same, which `npm run build` (and the tests'
 * global setup) writes.
 */
export function pageAssetDir(): string {
  const beside = join(dirname(fileURLToPath(import.meta.url)), 'client');
  return existsSync(join(beside, 'app.js')) ? beside : join(packageRoot(import.meta.url), 'dist', 'http', 'page', 'client');
}

/** Reads the page's files once, at start: they never change while the daemon runs. */
export function loadPageAssets(dir = pageAssetDir()): PageAssets {
  if (!existsSync(join(dir, 'app.js')) || !existsSync(join(dir, 'app.css'))) {
    throw new Error(`the triage page is not built: ${dir} has no app.js or app.css (run npm run build)`);
  }
  const files = new Map<string, PageAsset>();
  const all = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    const type = TYPES[name.slice(name.lastIndexOf('.'))];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    const etag = createHash('sha256').update(body).digest('hex').slice(0, 16);
    files.set(name, { body, type, etag: `"${etag}"` });
    all.update(name).update(etag);
  }
  return { files, version: all.digest('hex').slice(0, 12) };
}
