import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlugins } from '../../src/build.js';
import { parseConfig } from '../../src/configure.js';
import { withReference } from '../../tools/docs/options-reference.js';
import { silentLogger } from '../../src/log.js';
import { sourceRegistry } from '../../src/sources/registry.js';

const read = (file: string) => readFileSync(file, 'utf8');

/** The ```yaml blocks of a document that are whole files (they name brands). */
function wholeFiles(doc: string): string[] {
  return [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((y) => /^brands:/m.test(y));
}

describe('documentation', () => {
  it('docs/sources.md has the option tables the schemas give (run `npm run docs` after changing an option)', () => {
    const doc = read('docs/sources.md');
    expect(withReference(doc) === doc, 'docs/sources.md is stale: run npm run docs').toBe(true);
  });

  it('has a complete example for every source kind, and each one builds as vigie start would', () => {
    const examples = wholeFiles(read('docs/sources.md'));
    const env = { WEIBO_COOKIE: 'SUB=x; SUBP=y', TWITTER_BEARER_TOKEN: 'token' };
    const kinds = new Set<string>();
    for (const yaml of examples) {
      const config = parseConfig(yaml, 'docs/sources.md', env);
      buildPlugins(config, env, silentLogger);
      for (const s of config.sources) kinds.add(s.type);
    }
    expect([...kinds].sort()).toEqual([...sourceRegistry.keys()].filter((k) => k !== 'replay').sort());
  });

  it('has working Slack and email examples', () => {
    const examples = wholeFiles(read('docs/channels.md'));
    const env = { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x', SMTP_PASSWORD: 'p', SMTP_USER: 'u' };
    const types = new Set<string>();
    for (const yaml of examples) {
      const config = parseConfig(yaml, 'docs/channels.md', env);
      buildPlugins(config, env, silentLogger);
      for (const c of config.channels) types.add(c.type);
    }
    expect(types).toEqual(new Set(['slack', 'email', 'console', 'jsonl']));
  });

  it('links only to files that exist', () => {
    for (const file of ['README.md', ...['sources', 'channels', 'http-api', 'operations', 'performance', 'design'].map((d) => `docs/${d}.md`)]) {
      for (const m of read(file).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^https?:/.test(target)) continue;
        expect(existsSync(join(dirname(file), target)), `${file} links to ${target}`).toBe(true);
      }
    }
  });
});
