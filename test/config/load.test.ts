import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig } from '../../src/configure.js';
import { ConfigError, type ConfigProblem } from '../../src/errors.js';

const GOOD = `
redis:
  url: \${REDIS_URL:-redis://127.0.0.1:6379}
  prefix: test
brands:
  balenciaga:
    names: [Balenciaga, 巴黎世家]
    exclude: [Musée Balenciaga]
rules:
  negative-surge:
    type: threshold
    metric: neg
    window: 15m
    above: 25
    severity: critical
channels:
  terminal:
    type: console
  slack:
    type: jsonl
    path: ./alerts.jsonl
routes:
  - severity: [critical]
    channels: [terminal]
    escalation: pr-lead
escalation:
  pr-lead:
    steps:
      - after: 10m
        channels: [slack]
`;

function problems(yaml: string, env: NodeJS.ProcessEnv = {}): ConfigProblem[] {
  try {
    parseConfig(yaml, 'vigie.yaml', env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the config to be refused');
}

describe('config loading', () => {
  it('accepts a valid file, resolves ${VAR:-default} and applies defaults', () => {
    const c = parseConfig(GOOD, 'vigie.yaml', {});
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
    expect(c.brands[0]).toMatchObject({ id: 'balenciaga', names: ['Balenciaga', '巴黎世家'], aliases: [], exclude: ['Musée Balenciaga'] });
    expect(c.rules[0]).toMatchObject({ id: 'negative-surge', type: 'threshold', extra: { severity: 'critical' } });
    expect(c.rules[0]?.options).toMatchObject({ metric: 'neg', window: 900_000, above: 25 });
    expect(c.escalation['pr-lead']?.steps[0]?.after).toBe(600_000);
    expect(c.alerting.groupWait).toBe(5_000);
    expect(c.http.host).toBe('127.0.0.1');
  });

  it('takes classify threads as auto by default, a number, or names the fix', () => {
    expect(parseConfig(GOOD, 'vigie.yaml', {}).workers.classifyThreads).toBe('auto');
    expect(parseConfig(`${GOOD}\nworkers:\n  classifyThreads: 0\n`, 'vigie.yaml', {}).workers.classifyThreads).toBe(0);
    const p = problems(`${GOOD}\nworkers:\n  classifyThreads: many\n`);
    expect(p.map((x) => `${x.path}: ${x.message}`)).toEqual(['workers.classifyThreads: expected auto or a whole number of threads (0 classifies in the main thread)']);
  });

  it('takes the environment over the default', () => {
    const c = parseConfig(GOOD, 'vigie.yaml', { REDIS_URL: 'redis://10.0.0.5:6380' });
    expect(c.redis.url).toBe('redis://10.0.0.5:6380');
  });

  it('names the path and line of a value of the wrong type', () => {
    const p = problems(GOOD.replace('names: [Balenciaga, 巴黎世家]', 'names: Balenciaga'));
    expect(p).toContainEqual({ path: 'brands.balenciaga.names', message: 'expected a list', line: 7 });
  });

  it('refuses a crisis term with a * inside it, which would never match', () => {
    const p = problems(GOOD.replace('exclude: [Musée Balenciaga]', 'exclude: [Musée Balenciaga]\n    terms:\n      boycott: [boycott*, "sold my * shares"]'));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ path: 'brands.balenciaga.terms.boycott', message: expect.stringMatching(/may end with \*/) });
  });

  it('reports YAML syntax errors with their line', () => {
    const p = problems('brands:\n  x:\n    names: [a, b\n');
    expect(p[0]?.message).toMatch(/^YAML syntax/);
    expect(p[0]?.line).toBeGreaterThan(0);
  });

  it('refuses a key written as a list, naming it, without a warning from the YAML parser on stderr', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const p = problems(`${GOOD}[a]: 1\n`);
      expect(p).toContainEqual(expect.objectContaining({ message: expect.stringContaining('unknown section "[ a ]"') }));
      // Warnings are emitted on the next tick.
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('refuses unknown keys, naming them', () => {
    const p = problems(GOOD.replace('    exclude:', '    exlude:'));
    expect(p).toContainEqual(expect.objectContaining({ path: 'brands.balenciaga', message: 'unknown key "exlude"', line: 7 }));
  });

  it('refuses a reference to a channel, policy or brand that does not exist', () => {
    const p = problems(GOOD.replace('channels: [terminal]', 'channels: [pager]').replace('escalation: pr-lead', 'escalation: nobody'));
    expect(p).toContainEqual(expect.objectContaining({ path: 'routes.0.channels.0', message: expect.stringContaining('unknown channel "pager"') }));
    expect(p).toContainEqual(expect.objectContaining({ path: 'routes.0.escalation', message: 'unknown escalation policy "nobody"' }));
  });

  it('refuses a secret written literally and an unset variable', () => {
    const yaml = GOOD.replace('prefix: test', 'prefix: test\nhttp:\n  token: hunter2') + '\n';
    const p = problems(yaml);
    expect(p).toContainEqual(expect.objectContaining({ path: 'http.token', message: expect.stringContaining('must come from the environment') }));
    const q = problems(GOOD.replace('prefix: test', 'prefix: test\nhttp:\n  token: ${VIGIE_TOKEN}'));
    expect(q).toContainEqual(expect.objectContaining({ path: 'http.token', message: expect.stringContaining('VIGIE_TOKEN is not set') }));
  });

  it('accepts a secret only as one whole ${VAR}: no default and nothing around it', () => {
    const token = (v: string, env: NodeJS.ProcessEnv = {}) => problemsWith(GOOD.replace('prefix: test', `prefix: test\nhttp:\n  token: "${v}"`), env);
    const rule = expect.objectContaining({ path: 'http.token', message: expect.stringContaining('exactly one ${ENV_VAR}') });
    expect(token('${UNSET:-the-secret-written-in-the-file-0123456789}')).toContainEqual(rule);
    expect(token('${X:-}the-secret-written-in-the-file-0123456789')).toContainEqual(rule);
    expect(token('prefix-${VIGIE_TOKEN}', { VIGIE_TOKEN: 'a'.repeat(40) })).toContainEqual(rule);
    // An empty default only means "unset": a daemon without a token.
    expect(token('${VIGIE_TOKEN:-}')).toEqual([]);
    expect(token('${VIGIE_TOKEN}', { VIGIE_TOKEN: 'a'.repeat(40) })).toEqual([]);
  });

  it('refuses a token shorter than 32 characters, and says how to make one', () => {
    const p = problemsWith(GOOD.replace('prefix: test', 'prefix: test\nhttp:\n  token: ${VIGIE_TOKEN}'), { VIGIE_TOKEN: 'x' });
    expect(p).toContainEqual(expect.objectContaining({ path: 'http.token', message: expect.stringMatching(/1 character long: use at least 32 .*vigie token/) }));
  });

  it('says where a missing file was looked for when its path is relative', async () => {
    await expect(loadConfig('no-such-dir/vigie.yaml')).rejects.toThrow(`no-such-dir/vigie.yaml: 1 problem(s)\n  (top level): file not found (looked for ${join(process.cwd(), 'no-such-dir', 'vigie.yaml')})`);
    const absolute = join(tmpdir(), 'vigie-no-such-config.yaml');
    await expect(loadConfig(absolute)).rejects.toThrow(`${absolute}: 1 problem(s)\n  (top level): file not found`);
    await expect(loadConfig(absolute)).rejects.not.toThrow(/looked for/);
    // Any other reason is the system's own message.
    await expect(loadConfig(tmpdir())).rejects.toThrow(/EISDIR/);
  });

  it('refuses a configuration file over 1 MiB before reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-big-config-'));
    const file = join(dir, 'big.yaml');
    writeFileSync(file, `${GOOD}
# ${'x'.repeat(1.5 * 1024 * 1024)}
`);
    await expect(loadConfig(file)).rejects.toThrow(/1\.5 MiB: at most 1 MiB is read/);
  });

  it('validates plug-in options with the plug-in schema', () => {
    const p = problems(GOOD.replace('window: 15m', 'window: fifteen minutes').replace('metric: neg', 'metric: anger'));
    expect(p).toContainEqual(expect.objectContaining({ path: 'rules.negative-surge.window', line: 13 }));
    expect(p).toContainEqual(expect.objectContaining({ path: 'rules.negative-surge.metric', line: 12 }));
  });

  it('refuses an unknown plug-in type and lists the known ones', () => {
    const p = problems(GOOD.replace('type: console', 'type: pager'));
    expect(p).toContainEqual(expect.objectContaining({ path: 'channels.terminal.type', message: expect.stringMatching(/unknown channel type "pager" \(known: .*console/) }));
  });

  it('refuses a bad cron schedule and a missing brand list', () => {
    const p = problems(
      GOOD.replace('rules:', 'sources:\n  feed-a:\n    type: replay\n    path: x.jsonl\n    schedule: every minute\nrules:'),
    );
    expect(p).toContainEqual(expect.objectContaining({ path: 'sources.feed-a.schedule', message: expect.stringContaining('not a cron expression') }));
    expect(problems('rules: {}\n')).toContainEqual(expect.objectContaining({ path: 'brands' }));
  });
});

function problemsWith(yaml: string, env: NodeJS.ProcessEnv): ConfigProblem[] {
  try {
    parseConfig(yaml, 'vigie.yaml', env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}
