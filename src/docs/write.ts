import { readFileSync, writeFileSync } from 'node:fs';
import { withReference } from './options-reference.js';

/** `npm run docs`: rewrites the generated option tables of docs/sources.md from the schemas. */
const file = new URL('../../docs/sources.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = withReference(before);
writeFileSync(file, after);
process.stdout.write(before === after ? 'docs/sources.md is up to date\n' : 'docs/sources.md: option tables rewritten\n');
