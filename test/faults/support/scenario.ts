import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { benchOptions, DEMO_BRANDS, generateScenarioItems, spellingsOf } from '../../../tools/demo/scenario.js';
import type { Post } from '../../../src/types.js';

/**
 * A large scenario from the demo generator (three brands, chatter and crisis waves), written as
 * JSONL for `vigie replay`. The posts are returned too, so a test can work out what it expects.
 */
export async function writeLargeScenario(file: string, count: number, seed = 11): Promise<Post[]> {
  const posts: Post[] = [];
  const out = createWriteStream(file);
  for (const item of generateScenarioItems(benchOptions(count, DEMO_BRANDS, seed))) {
    posts.push(item.post);
    if (!out.write(`${JSON.stringify(item.post)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
  return posts;
}

/** The `brands:` section that watches the scenario's brands under every spelling its posts use. */
export function scenarioBrandsYaml(): string {
  return DEMO_BRANDS.map((b) => {
    const names = [b.displayName, b.zhName];
    const aliases = spellingsOf(b).filter((s) => !names.includes(s));
    return `  ${b.id}:\n    names: ${JSON.stringify(names)}\n    aliases: ${JSON.stringify(aliases)}\n`;
  }).join('');
}
