import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';
import { withReference } from './options-reference.js';

/** `npm run docs`: rewrites the generated option tables of docs/sources.md from the schemas. */
const file = join(packageRoot(import.meta.url), 'docs', 'sources.md');
const before = readFileSync(file, 'utf8');
const after = withReference(before);
writeFileSync(file, after);
process.stdout.write(before === after ? 'docs/sources.md is up to date\n' : 'docs/sources.md: option tables rewritten\n');
