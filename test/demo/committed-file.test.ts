import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { BOYCOTT_SCENARIO_PATH } from '../../src/demo-scenario.js';
import { toJsonLine } from '../../tools/demo/jsonl.js';
import { boycottScenario } from '../../tools/demo/scenario.js';

const REGENERATE = 'regenerate it with: npm run tools && node dist-tools/tools/demo/write-scenario.js';

describe('config/demo/boycott.jsonl', () => {
  it('is exactly what the generator writes, so it cannot drift from the code', async () => {
    await stat(BOYCOTT_SCENARIO_PATH).catch(() => {
      throw new Error(`${BOYCOTT_SCENARIO_PATH} is missing; ${REGENERATE}`);
    });
    const expected = boycottScenario();
    const lines = createInterface({ input: createReadStream(BOYCOTT_SCENARIO_PATH, 'utf8'), crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) {
      n++;
      const next = expected.next();
      if (next.done) throw new Error(`line ${n}: the file has more posts than the generator; ${REGENERATE}`);
      const want = toJsonLine(next.value).slice(0, -1);
      if (line !== want) throw new Error(`line ${n} differs from the generator:\n  file: ${line}\n  code: ${want}\n${REGENERATE}`);
    }
    const rest = expected.next();
    if (!rest.done) throw new Error(`the file stops at line ${n} but the generator goes on; ${REGENERATE}`);
    expect(n).toBeGreaterThan(5_000);
  });
});
