import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildPlugins } from '../../src/build.js';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { anyJson, hostileText, mutate } from './arbitraries.js';

/**
 * A configuration file, however broken, either loads or is refused with a ConfigError that lists
 * problems naming a path (and a line inside the file when there is one). Never another exception.
 */

const GOOD = {
  redis: { url: 'redis://127.0.0.1:6379', prefix: '{vigie}' },
  languages: ['cmn', 'eng'],
  brands: { acme: { names: ['Acme', '艾克米'], aliases: ['ACME'], keywords: ['Acme'], exclude: ['Acme Museum'], terms: { boycott: ['BoycottAcme'] } } },
  sources: {
    blog: { type: 'feed', schedule: '*/5 * * * *', urls: ['https://blog.example.com/feed.xml'] },
    x: { type: 'twitter', schedule: '*/2 * * * *', enabled: false },
  },
  rules: {
    surge: { type: 'threshold', metric: 'neg', window: '15m', above: 25, criticalAbove: 60 },
    collectors: { type: 'source-health', for: '10m' },
  },
  channels: { ops: { type: 'slack', webhookUrl: '${SLACK_WEBHOOK_URL}' }, file: { type: 'jsonl', path: '/tmp/alerts.jsonl' } },
  routes: [{ severity: ['critical'], channels: ['ops', 'file'], escalation: 'lead' }, { channels: ['file'] }],
  escalation: { lead: { steps: [{ after: '10m', channels: ['ops'] }] } },
  alerting: { groupWait: '30s', resolveAfter: '45m' },
  http: { port: 8080, token: '${VIGIE_TOKEN}' },
  workers: { classify: 2 },
};
const ENV = { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x', VIGIE_TOKEN: 'property-test-token-0123456789abcdef' };

function expectLoadsOrClearError(text: string): void {
  let config;
  try {
    config = parseConfig(text, 'vigie.yaml', ENV);
    buildPlugins(config, ENV, silentLogger);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const lines = text.split('\n').length;
    expect(err.problems.length).toBeGreaterThan(0);
    for (const p of err.problems) {
      expect(typeof p.path).toBe('string');
      expect(p.message.trim().length).toBeGreaterThan(0);
      if (p.line !== undefined) expect(p.line >= 1 && p.line <= lines + 1).toBe(true);
    }
    expect(err.message).toContain('vigie.yaml');
  }
}

describe('config files', () => {
  it('the good file loads', () => {
    expect(parseConfig(stringify(GOOD), 'vigie.yaml', ENV).brands[0]?.id).toBe('acme');
  });

  it('a near miss (one value replaced or removed) loads or names its problems', () => {
    fc.assert(
      fc.property(fc.nat(), fc.oneof(anyJson(), hostileText(30)), fc.boolean(), (choice, leaf, remove) => {
        expectLoadsOrClearError(stringify(mutate(GOOD, choice, leaf, remove)));
      }),
      { numRuns: 80 },
    );
  });

  it('garbage, truncated files and YAML oddities never throw anything but a ConfigError', () => {
    const good = stringify(GOOD);
    fc.assert(
      fc.property(
        fc.oneof(
          hostileText(200),
          fc.nat({ max: good.length }).map((n) => good.slice(0, n)),
          fc.tuple(fc.nat({ max: good.length }), hostileText(20)).map(([n, s]) => good.slice(0, n) + s + good.slice(n)),
          fc.constantFrom('&a [*a, *a]', 'a: &x [*x]', '!!binary x', '? [a]\n: b', '---\n---\n', 'brands: !!js/function "f"', '<<: *nope', 'x: ${'),
        ),
        (text) => expectLoadsOrClearError(text),
      ),
      { numRuns: 250 },
    );
  });
});
